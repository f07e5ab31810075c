"""Stored records out as rows: one row per pupil record, with the parse field names.

Used by `keyworker export` (JSON lines or CSV). The column list is a contract
for schools importing into their MIS: EXPORT_FIELDS only ever grows at the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from storage.models import Pupil, RecordBase, Staff
from storage.queries.export import EXPORT_MODELS, record_rows

EXPORT_FIELDS = [
    "id",
    "kind",
    "pupil",
    "upn",
    "provision",
    "status",
    "missed_reason",
    "duration_minutes",
    "occurred_at",
    "contact_method",
    "contact_with",
    "follow_up_on",
    "physical_intervention",
    "notes",
    "group_id",
    "logged_by",
    "logged_at",
]
KINDS = tuple(EXPORT_MODELS)  # session, behaviour, parent_contact


def export_rows(
    session: Session,
    *,
    school_id: int,
    tz: ZoneInfo,
    kind: str | None = None,
    since: datetime | None = None,
) -> Iterator[dict[str, Any]]:
    for name in KINDS:
        if kind and kind != name:
            continue
        for record, pupil, staff, provision in record_rows(session, school_id, name, start=since):
            yield _row(name, record, pupil, staff, provision.name if provision else None, tz)


def _row(
    kind: str,
    record: RecordBase,
    pupil: Pupil,
    staff: Staff,
    provision: str | None,
    tz: ZoneInfo,
) -> dict[str, Any]:
    follow_up = getattr(record, "follow_up_on", None)
    return {
        "id": record.id,
        "kind": kind,
        "pupil": pupil.full_name,
        "upn": pupil.upn,
        "provision": provision,
        "status": getattr(record, "status", None),
        "missed_reason": getattr(record, "missed_reason", None),
        "duration_minutes": getattr(record, "duration_minutes", None),
        "occurred_at": record.occurred_at.astimezone(tz).isoformat(),
        "contact_method": getattr(record, "method", None),
        "contact_with": getattr(record, "contact_with", None),
        "follow_up_on": follow_up.isoformat() if follow_up else None,
        "physical_intervention": getattr(record, "physical_intervention", False),
        "notes": record.notes,
        "group_id": getattr(record, "group_id", None),
        "logged_by": staff.email,
        "logged_at": record.logged_at.astimezone(tz).isoformat(),
    }
