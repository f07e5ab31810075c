"""Per-kind CSV exports with stable headers, for a school's MIS or safeguarding system.

One file per record kind with all of that kind's fields (the RPI statutory
fields for behaviour, follow-ups for parent contacts). The header lists below
are a contract: columns are only ever added at the end. Times are ISO 8601 in
the school's zone with the UTC offset; `*_on` columns are school-local dates
(YYYY-MM-DD); booleans are `true`/`false`; empty means not recorded. Withdrawn
(undone) records are left out. Each export is audited. Text that a spreadsheet
would run as a formula is written inert (storage.csv_cells).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from sqlmodel import Session

from handlers.reports.permissions import Requester, may_take_concerns, refuse
from storage.audit import audit
from storage.csv_cells import SafeDictWriter
from storage.models import Provision, Pupil, Staff
from storage.queries.export import record_rows

PUPIL = ["upn", "pupil_first_name", "pupil_last_name", "pupil_preferred_name", "year_group"]
LOGGED = ["notes", "logged_by", "logged_at", "platform", "version"]
FIELDS: dict[str, list[str]] = {
    "session": [
        "id",
        *PUPIL,
        "occurred_at",
        "occurred_on",
        "provision",
        "area_of_need",
        "status",
        "duration_minutes",
        "missed_reason",
        "group_id",
        *LOGGED,
    ],
    "behaviour": [
        "id",
        *PUPIL,
        "occurred_at",
        "occurred_on",
        "place",
        "antecedent",
        "behaviour",
        "consequence",
        "strategies",
        "severity",
        "physical_intervention",
        "staff_involved",
        "hold_type",
        "hold_minutes",
        "deescalation_tried",
        "reason_for_force",
        "injuries",
        "support_after",
        "parents_informed_at",
        *LOGGED,
        # Added with the full statutory record (issue 15): at the end, as the contract says.
        "degree_of_force",
        "parents_informed_how",
        "parents_informed_by",
    ],
    "parent_contact": [
        "id",
        *PUPIL,
        "occurred_at",
        "occurred_on",
        "contact_with",
        "method",
        "direction",
        "summary",
        "follow_up_on",
        "follow_up_done_at",
        *LOGGED,
    ],
    "safeguarding": [
        "id",
        *PUPIL,
        "raised_at",
        "raised_on",
        "raised_by",
        "platform",
        "words",
        "routed_to",
        "acknowledged_at",
    ],
}
KINDS = tuple(FIELDS)


def _value(value: Any, tz: ZoneInfo) -> Any:
    """Our own formats for booleans and times; text and numbers go to the writer as they are."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.astimezone(tz).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _row(
    kind: str,
    record: Any,  # a SafeguardingAlert for "safeguarding", else a logged record
    pupil: Pupil | None,
    staff: Staff,
    provision: Provision | None,
    tz: ZoneInfo,
) -> dict[str, Any]:
    row = {
        "upn": pupil.upn if pupil else None,
        "pupil_first_name": pupil.first_name if pupil else None,
        "pupil_last_name": pupil.last_name if pupil else None,
        "pupil_preferred_name": pupil.preferred_name if pupil else None,
        "year_group": pupil.year_group if pupil else None,
    }
    if kind == "safeguarding":
        row.update(raised_on=record.raised_at.astimezone(tz).date(), raised_by=staff.email)
    else:
        row.update(occurred_on=record.occurred_at.astimezone(tz).date(), logged_by=staff.email)
        if provision is not None:
            row.update(provision=provision.name, area_of_need=provision.area_of_need)
    for name in FIELDS[kind]:
        if name not in row:
            row[name] = getattr(record, name, None)
    return {name: _value(row[name], tz) for name in FIELDS[kind]}


def check_concerns_export(session: Session, requester: Requester, school_id: int) -> None:
    """Raise NotAllowed (audited) unless the requester may export the concerns' words."""
    if not may_take_concerns(requester, school_id):
        refuse(
            session,
            requester,
            school_id=school_id,
            record_type="safeguarding",
            detail="csv kind=safeguarding: not the DSL or a deputy",
        )


def write_csv(
    session: Session,
    out: TextIO,
    *,
    school_id: int,
    kind: str,
    tz: ZoneInfo,
    requester: Requester,
    start: datetime | None = None,
    end: datetime | None = None,
) -> int:
    """Write one kind's CSV (header first) and return the number of records."""
    if kind not in FIELDS:
        raise ValueError(f"kind must be one of: {', '.join(KINDS)}")
    if kind == "safeguarding":
        check_concerns_export(session, requester, school_id)
    writer = SafeDictWriter(out, fieldnames=FIELDS[kind], lineterminator="\r\n")
    writer.writeheader()
    count = 0
    for record, pupil, staff, provision in record_rows(session, school_id, kind, start, end):
        writer.writerow(_row(kind, record, pupil, staff, provision, tz))
        count += 1
    audit(
        session,
        action="export",
        school_id=school_id,
        staff_id=requester.staff_id,
        platform=requester.platform,
        record_type=kind,
        detail=f"csv kind={kind} from={start.date() if start else '-'} "
        f"to={end.date() if end else '-'} rows={count}",
    )
    return count
