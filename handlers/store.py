"""Turns an understood message into stored records, inside the request's transaction.

One log is one transaction: every row of a group session, its audit entries and
any outbox message are committed together or not at all (the dispatcher owns
the transaction). A message that is only a possible safeguarding concern is
never stored as a record: handlers.safeguarding raises it with the DSL
instead; a concern inside a record (a parent's call, an incident) is stored
with the record and raised as well. Other pupils named in an incident are
stored on it as involved (IncidentInvolved), never given records of their own.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import insert
from sqlmodel import SQLModel

from handlers.grammar.result import ParseResult
from handlers.grammar.roster import RosterProvision, RosterPupil
from handlers.request import Request
from handlers.rpi import NamedStaff
from handlers.safeguarding import also_routed, carries_concern, is_concern, raise_alert
from handlers.types import Reply
from storage.ids import stored_id
from storage.models import (
    RECORD_MODELS,
    BehaviourIncident,
    IncidentInvolved,
    RecordBase,
    columns_of,
)
from storage.records import replace_involved

_VIOLENT = re.compile(
    r"\b(hit|hits|kick\w*|threw|throw\w*|bit|bite\w*|punch\w*|spat|assault\w*|hurt)\b", re.I
)
_NO_INJURY = re.compile(r"\bno\s+injur", re.I)


@dataclass
class Stored:
    records: list[RecordBase] = field(default_factory=list)
    # Set instead of records when the text was only a possible safeguarding concern.
    alert_reply: Reply | None = None
    # Set beside the records when they also carried a concern that was raised.
    routed_note: str | None = None


def provision_for(pupil: RosterPupil, chosen: RosterProvision | None) -> RosterProvision | None:
    """The pupil's own provision with the chosen one's name (group sessions share a name)."""
    return pupil.own_provision(chosen)


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
        "deescalation_tried",
        "parents_informed",
        "parents_informed_at",
        "parents_informed_how",
        "antecedent",
        "reason_for_force",
        "support_after",
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
        rpi = result.rpi
        return {
            "behaviour": result.notes,
            "place": result.place,
            "severity": _severity(result),
            "physical_intervention": result.physical_intervention,
            "staff_involved": result.staff_involved,
            "hold_type": result.hold_type,
            "hold_minutes": result.hold_minutes,
            "injuries": result.injuries,
            "deescalation_tried": rpi.deescalation if rpi else None,
            "parents_informed": rpi.parents_informed if rpi else None,
            "parents_informed_at": rpi.parents_informed_at if rpi else None,
            "parents_informed_how": rpi.informed_how if rpi else None,
            "antecedent": rpi.antecedent_words if rpi else None,
            "reason_for_force": rpi.reason_words if rpi else None,
            "support_after": rpi.support_words if rpi else None,
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
    for column in columns_of(type(record)):
        limit = getattr(column.type, "length", None)
        value = getattr(record, column.name, None)
        if limit and isinstance(value, str) and len(value) > limit:
            setattr(record, column.name, value[: limit - 1] + "…")


def store_parsed(
    req: Request, result: ParseResult, extra: dict[str, Any] | None = None, *, routed: bool = False
) -> Stored:
    """Store the records; `extra` carries a form's own fields (ABC, RPI details).
    `routed`: a concern in the message was already raised (while a question waited)."""
    # A typed /log was already read whole by the grammar; a form's free-text
    # fields have not been, so they are checked here before anything is stored.
    form_texts = [result.notes, *(v for v in (extra or {}).values() if isinstance(v, str))]
    form_words = " · ".join(t for t in form_texts if t)
    if result.kind == "safeguarding" or (extra is not None and is_concern(req, form_texts)):
        words = result.text if result.kind == "safeguarding" else form_words
        return Stored(alert_reply=raise_alert(req, result.pupils, words))
    concern_words = None
    if result.concern and not routed:
        concern_words = result.text
    elif extra is not None and carries_concern(req, form_texts):
        concern_words = form_words
    kind = result.kind
    if kind is None:
        raise ValueError("cannot store a message of no kind")
    model = RECORD_MODELS[kind]
    group_id = str(uuid.uuid4()) if kind == "session" and len(result.pupils) > 1 else None
    records: list[RecordBase] = []
    # One stamp for every row of this log: it is how undo and edit find them all
    # (storage.records.records_in_group).
    logged_at = req.ctx.now()
    named: NamedStaff | None = None
    for pupil in result.pupils:
        record = model(
            school_id=req.school_id,
            pupil_id=pupil.id,
            occurred_at=result.occurred_at or req.now,
            time_precision=result.time_precision,
            notes=result.notes,
            logged_by_id=req.staff_id,
            logged_at=logged_at,
            platform=req.inbound.platform,
            source_text=result.text,
            **record_fields(kind, result, pupil),
        )
        if group_id:
            record.group_id = group_id
        for name, value in (extra or {}).items():
            if name in model.model_fields:
                setattr(record, name, value)
        if isinstance(record, BehaviourIncident):
            # Every pupil's row carries the same words: the staff are resolved once.
            named = named or NamedStaff.of(req, record)
            if named is not None:
                named.fill(record)
        fit_to_columns(record)
        records.append(record)
    _insert_records(req, model, records)
    for record in records:
        req.audit("write", record_type=result.kind, record_id=record.id, pupil_id=record.pupil_id)
    if result.kind == "behaviour":
        _store_involved(req, result, records)
        for record in records:
            assert isinstance(record, BehaviourIncident)
            if named is not None:
                named.link(req, record)
    stored = Stored(records=records)
    if concern_words:
        stored.routed_note = also_routed(req, result.pupils, concern_words)
    return stored


@lru_cache(maxsize=8)
def _insert_returning_id(model: type[RecordBase]) -> Any:
    table = model.__table__  # type: ignore[attr-defined]
    return insert(table).returning(table.c.id, sort_by_parameter_order=True)


def _insert_records(req: Request, model: type[RecordBase], records: list[RecordBase]) -> None:
    """One core INSERT ... RETURNING id in the request's transaction (the ORM's unit of
    work costs several times the insert); each record gets its id and stays a plain
    object (confirm and the audit read it; nothing adds it to the session).

    As the ORM does, a None is left out where the column has a default, so the
    default is stored (and set on the object, so the reply shows what was stored)."""
    table = model.__table__  # type: ignore[attr-defined]
    rows = []
    for record in records:
        row: dict[str, Any] = {}
        for column in table.columns:
            if column.primary_key:
                continue
            value = getattr(record, column.name)
            if value is None and column.default is not None:
                default = column.default
                if not (default.is_scalar or default.is_callable):
                    continue  # a SQL expression: the database computes it
                value = default.arg(None) if default.is_callable else default.arg
                setattr(record, column.name, value)
            row[column.name] = value
        rows.append(row)
    ids = req.session.connection().execute(_insert_returning_id(model), rows).scalars()
    for record, record_id in zip(records, ids, strict=True):
        record.id = record_id


def _store_involved(req: Request, result: ParseResult, records: list[RecordBase]) -> None:
    """The other pupils named in an incident, on each subject's incident record."""
    for record in records:
        for pupil in result.involved:
            role = result.involved_roles.get(pupil.id, "involved")
            incident_id = stored_id(record)
            req.session.add(
                IncidentInvolved(
                    school_id=req.school_id, incident_id=incident_id, pupil_id=pupil.id, role=role
                )
            )
            req.audit(
                "write",
                record_type="incident_involved",
                record_id=incident_id,
                pupil_id=pupil.id,
                detail=role,
            )
    if result.involved:
        req.session.flush()


def amend_involved(req: Request, incidents: list[RecordBase], result: ParseResult) -> None:
    """An edit's other pupils on every row of the incident: who was added or taken off is
    audited, and who they were before is in the version the edit kept."""
    for incident in incidents:
        assert isinstance(incident, BehaviourIncident)
        added, removed = replace_involved(
            req.session, incident, [p.id for p in result.involved], result.involved_roles
        )
        changes = [(pid, f"added: {role}") for pid, role in added.items()]
        changes += [(pid, f"removed: {role}") for pid, role in removed.items()]
        for pupil_id, detail in changes:
            req.audit(
                "amend",
                record_type="incident_involved",
                record_id=stored_id(incident),
                pupil_id=pupil_id,
                detail=detail,
            )


def _severity(result: ParseResult) -> int:
    """3 for any restrictive intervention or injury, 2 for violence, else 1."""
    injured = bool(result.injuries) and not _NO_INJURY.search(result.injuries or "")
    if result.physical_intervention or injured:
        return 3
    return 2 if _VIOLENT.search(result.text) else 1
