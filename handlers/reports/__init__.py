"""Reports a SENCO takes to an annual review: the pupil's evidence pack, the school
report, and per-kind CSV exports.

evidence.py and school.py gather the numbers (storage/queries/ does the
counting in SQL); charts.py draws them; layout.py arranges a Document that
html.py and pdf.py render; files.py checks permissions, audits and returns an
Attachment; csv_export.py writes the CSVs. Nothing here imports bot/ or a
chat platform.
"""
