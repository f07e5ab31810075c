"""A form's starting values: from what a typed message said, or from a stored record.

One place turns a ParseResult or a record into the flat dict of schema keys
every platform's form is filled in from (times as school-local
'YYYY-MM-DDTHH:MM', days as ISO dates), so a form opened after "Sam B phonics
20 mins" and the Edit form of the stored record show the same things.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from handlers.forms.schema import BY_KEY, is_empty
from handlers.forms.validate import COLUMN_OF
from handlers.grammar.result import ParseResult
from storage.ids import stored_id
from storage.models import BehaviourIncident, RecordBase
from storage.records import involved_in, record_type_of, records_in_group
from storage.vocabulary import KIND_LABELS, LOGGED_KINDS


def local_minute(moment: datetime, tz: ZoneInfo) -> str:
    """A time as forms carry it: school-local, to the minute."""
    return moment.astimezone(tz).strftime("%Y-%m-%dT%H:%M")


def _plain(value: Any, tz: ZoneInfo) -> Any:
    if isinstance(value, datetime):
        return local_minute(value, tz)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _kept(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if not is_empty(v)}


def values_from_parse(result: ParseResult, tz: ZoneInfo) -> dict[str, Any]:
    """What a message said, as form values (empty ones left out)."""
    values: dict[str, Any] = {
        "kind": result.kind if result.kind in KIND_LABELS else None,
        "pupil_ids": [p.id for p in result.pupils],
        "involved_ids": [p.id for p in result.involved],
        "provision_id": result.provision.id if result.provision else None,
        "status": result.status,
        "missed_reason": result.missed_reason,
        "duration_minutes": result.duration_minutes,
        # Said or not, the message was sent at a time: a form opened from it starts there.
        "occurred_at": result.occurred_at,
        "contact_method": result.contact_method,
        "contact_with": result.contact_with,
        "follow_up_on": result.follow_up_on,
        "physical_intervention": result.physical_intervention,
        "place": result.place,
        "hold_type": result.hold_type,
        "hold_minutes": result.hold_minutes,
        "staff_involved": result.staff_involved,
        "injuries": result.injuries,
        "notes": result.notes,
    }
    return _kept({k: _plain(v, tz) for k, v in values.items()})


def values_from_record(session: Session, record: RecordBase, tz: ZoneInfo) -> dict[str, Any]:
    """A stored record (and the rest of its group) as the Edit form's values."""
    kind = record_type_of(record)
    assert kind in LOGGED_KINDS
    values: dict[str, Any] = {
        "kind": kind,
        "pupil_ids": [r.pupil_id for r in records_in_group(session, record)],
        "occurred_at": record.occurred_at,
        "notes": record.notes,
    }
    if isinstance(record, BehaviourIncident):
        values["involved_ids"] = [row.pupil_id for row in involved_in(session, stored_id(record))]
    for key in BY_KEY:
        column = COLUMN_OF.get(key, key)
        if key not in values and column in type(record).model_fields:
            values[key] = getattr(record, column)
    if getattr(record, "parents_informed_at", None) is not None:
        values["parents_informed"] = True
    return _kept({k: _plain(v, tz) for k, v in values.items()})
