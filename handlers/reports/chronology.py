"""A child's safeguarding chronology as a file (text or CSV), for the DSL and deputies only.

The one place the CLI (and any later page) goes through: it checks the person is a
DSL or deputy (storage.concern_steps.may_record), audits the export or the refusal
against the child, and renders storage.cp_chronology's entries. It is never part of
the evidence pack, the school report or the per-kind exports.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from handlers.reports.files import slug
from handlers.reports.permissions import Requester, refuse
from handlers.types import Attachment
from storage.audit import audit
from storage.concern_steps import may_record
from storage.cp_chronology import Entry, chronology
from storage.csv_cells import neutralise
from storage.models import Pupil, Staff

FORMATS = {"txt": "text/plain", "csv": "text/csv"}
CSV_HEADER = ["at", "kind", "what", "by", "ref"]


def render_text(pupil: Pupil, entries: list[Entry], tz: ZoneInfo, by: Staff, now: datetime) -> str:
    lines = [
        f"Safeguarding chronology: {pupil.full_name} (UPN {pupil.upn}, year "
        f"{pupil.year_group or '?'})",
        f"CONFIDENTIAL: child protection file. Exported {now:%d/%m/%Y %H:%M} by {by.name} (DSL).",
        "Transfer it separately from the main pupil record.",
        "",
    ]
    for e in entries:
        local = e.at.astimezone(tz)
        lines.append(f"{local:%d/%m/%Y %H:%M}  {e.what}  [{e.by}; {e.ref}]")
    if not entries:
        lines.append("Nothing recorded in Keyworker.")
    return "\n".join(lines) + "\n"


def render_csv(entries: list[Entry], tz: ZoneInfo) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for e in entries:
        at = e.at.astimezone(tz).isoformat(timespec="seconds")
        writer.writerow([at, e.kind, neutralise(e.what), neutralise(e.by), e.ref])
    return out.getvalue()


def chronology_file(
    session: Session,
    pupil: Pupil,
    *,
    staff: Staff | None,
    platform: str,
    tz: ZoneInfo,
    now: datetime,
    fmt: str = "txt",
) -> Attachment:
    """The chronology as a file for `staff`, who must be the school's DSL or a deputy."""
    if staff is None or staff.school_id != pupil.school_id or not may_record(staff):
        refuse(
            session,
            Requester(staff, platform),
            school_id=pupil.school_id,
            record_type="chronology",
            pupil_id=pupil.id,
            detail="chronology: not the DSL or a deputy",
        )
    entries = chronology(session, pupil)
    text = render_csv(entries, tz) if fmt == "csv" else render_text(pupil, entries, tz, staff, now)
    audit(
        session,
        action="export",
        school_id=pupil.school_id,
        staff_id=staff.id,
        platform=platform,
        record_type="chronology",
        pupil_id=pupil.id,
        detail=f"format={fmt} entries={len(entries)}",
    )
    name = f"chronology-{slug(pupil.first_name)}-{slug(pupil.last_name)}-{now:%Y-%m-%d}.{fmt}"
    return Attachment(name, text.encode("utf-8"), FORMATS[fmt], title="Safeguarding chronology")
