"""Turns an understood message into stored records, inside the request's transaction.

One log is one transaction: every row of a group session, its audit entries and
any outbox message are committed together or not at all (the dispatcher owns
the transaction). A possible safeguarding concern is never stored as a record:
handlers.safeguarding raises it with the DSL instead.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import SQLModel

from handlers.grammar.result import ParseResult
from handlers.grammar.roster import RosterProvision, RosterPupil
from handlers.request import Request
from handlers.safeguarding import is_concern, raise_alert
from handlers.types import Reply
from storage.models import RECORD_MODELS, RecordBase

_VIOLENT = re.compile(
    r"\b(hit|hits|kick\w*|threw|throw\w*|bit|bite\w*|punch\w*|spat|assault\w*|hurt)\b", re.I
)
_NO_INJURY = re.compile(r"\bno\s+injur", re.I)


@dataclass
class Stored:
    records: list[RecordBase] = field(default_factory=list)
    # Set instead of records when the text was a possible safeguarding concern.
    alert_reply: Reply | None = None


def provision_for(pupil: RosterPupil, chosen: RosterProvision | None) -> RosterProvision | None:
    """The pupil's own provision with the chosen one's name (group sessions share a name)."""
    if chosen is None:
        return None
    for provision in pupil.provisions:
        if provision.id == chosen.id:
            return provision
    wanted = chosen.name.casefold()
    return next((p for p in pupil.provisions if p.name.casefold() == wanted), None)


# Details the grammar picks out only when the words are there; an edit that
# doesn't mention them keeps what the record already had.
OPTIONAL_DETAILS = frozenset(
    {
        "place",
        "staff_involved",
        "hold_type",
        "hold_minutes",
        "injuries",
        "contact_with",
        "missed_reason",
    }
)


def record_fields(kind: str, result: ParseResult, pupil: RosterPupil) -> dict[str, Any]:
    """One pupil's kind-specific fields from what was understood (storing and editing alike)."""
    if kind == "session":
        provision = provision_for(pupil, result.provision)
        duration = result.duration_minutes
        if duration is None and result.status != "missed" and provision is not None:
            duration = provision.minutes_per_session  # the plan's session length
        return {
            "provision_id": provision.id if provision else None,
            "status": result.status or "delivered",
            "missed_reason": result.missed_reason,
            "duration_minutes": duration,
        }
    if kind == "behaviour":
        return {
            "behaviour": result.notes,
            "place": result.place,
            "severity": _severity(result),
            "physical_intervention": result.physical_intervention,
            "staff_involved": result.staff_involved,
            "hold_type": result.hold_type,
            "hold_minutes": result.hold_minutes,
            "injuries": result.injuries,
        }
    if kind == "parent_contact":
        return {
            "contact_with": result.contact_with,
            "method": result.contact_method,
            "direction": result.contact_direction or "outbound",
            "summary": result.notes,
            "follow_up_on": result.follow_up_on,
        }
    raise ValueError(f"cannot store a record of kind {kind!r}")


def fit_to_columns(record: SQLModel) -> None:
    """Cut text to its column's length: PostgreSQL refuses longer text, SQLite would keep it."""
    for column in type(record).__table__.columns:
        limit = getattr(column.type, "length", None)
        value = getattr(record, column.name, None)
        if limit and isinstance(value, str) and len(value) > limit:
            setattr(record, column.name, value[: limit - 1] + "…")


def store_parsed(req: Request, result: ParseResult, extra: dict | None = None) -> Stored:
    """Store the records; `extra` carries a form's own fields (ABC, RPI details)."""
    # A typed /log was already read whole by the grammar; a form's free-text
    # fields have not been, so they are checked here before anything is stored.
    form_texts = [result.notes, *(v for v in (extra or {}).values() if isinstance(v, str))]
    if result.kind == "safeguarding" or (extra is not None and is_concern(req, form_texts)):
        words = (
            result.text if result.kind == "safeguarding" else " · ".join(t for t in form_texts if t)
        )
        return Stored(alert_reply=raise_alert(req, result.pupils, words))
    model = RECORD_MODELS[result.kind]
    group_id = str(uuid.uuid4()) if result.kind == "session" and len(result.pupils) > 1 else None
    records: list[RecordBase] = []
    for pupil in result.pupils:
        record = model(
            school_id=req.school_id,
            pupil_id=pupil.id,
            occurred_at=result.occurred_at or req.now,
            notes=result.notes,
            logged_by_id=req.staff.id,
            logged_at=req.ctx.now(),
            platform=req.inbound.platform,
            source_text=result.text,
            **record_fields(result.kind, result, pupil),
        )
        if group_id:
            record.group_id = group_id
        for name, value in (extra or {}).items():
            if name in model.model_fields:
                setattr(record, name, value)
        fit_to_columns(record)
        records.append(record)
    req.session.add_all(records)
    req.session.flush()
    for record in records:
        req.audit("write", record_type=result.kind, record_id=record.id, pupil_id=record.pupil_id)
    return Stored(records=records)


def _severity(result: ParseResult) -> int:
    """3 for any restrictive intervention or injury, 2 for violence, else 1."""
    injured = bool(result.injuries) and not _NO_INJURY.search(result.injuries or "")
    if result.physical_intervention or injured:
        return 3
    return 2 if _VIOLENT.search(result.text) else 1
