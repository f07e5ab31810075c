"""Reading and amending logged records: versions kept, nothing silently deleted.

Undo withdraws a record (it stays, marked withdrawn with the reason); an edit
snapshots the old values into RecordVersion before changing them. Summaries
are SQL aggregates, not loops over rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import case, func
from sqlmodel import Session, SQLModel, col, select

from storage.ids import stored_id
from storage.models import (
    RECORD_MODELS,
    BehaviourIncident,
    IncidentInvolved,
    Provision,
    RecordBase,
    RecordVersion,
    SessionLog,
)
from storage.types import utcnow

_SKIP_IN_SNAPSHOT = {"id"}


def record_type_of(record: SQLModel) -> str:
    for name, model in RECORD_MODELS.items():
        if isinstance(record, model):
            return name
    raise TypeError(f"not a record: {type(record).__name__}")


def snapshot(record: SQLModel) -> dict[str, Any]:
    data = record.model_dump(mode="json")
    return {k: v for k, v in data.items() if k not in _SKIP_IN_SNAPSHOT}


def keep_version(session: Session, record: RecordBase, *, by_staff_id: int, reason: str) -> None:
    data = snapshot(record)
    if isinstance(record, BehaviourIncident):  # who else was involved is part of the record
        data["involved"] = [
            {"pupil_id": row.pupil_id, "role": row.role}
            for row in involved_in(session, stored_id(record))
        ]
    session.add(
        RecordVersion(
            school_id=record.school_id,
            record_type=record_type_of(record),
            record_id=stored_id(record),
            version=record.version,
            data=data,
            changed_by_id=by_staff_id,
            reason=reason,
        )
    )


def involved_in(session: Session, incident_id: int) -> list[IncidentInvolved]:
    """The other pupils named on an incident, in the order they were recorded."""
    return list(
        session.exec(
            select(IncidentInvolved)
            .where(IncidentInvolved.incident_id == incident_id)
            .order_by(col(IncidentInvolved.id))
        )
    )


def replace_involved(
    session: Session,
    incident: BehaviourIncident,
    pupil_ids: Iterable[int],
    roles: Mapping[int, str],
) -> tuple[dict[int, str], dict[int, str]]:
    """Make the incident's other pupils these, as an edit does once keep_version has kept
    who they were. A pupil already on it keeps their role (target, witness); one added
    takes theirs from `roles`. Returns (added, removed), each pupil id -> role."""
    incident_id = stored_id(incident)
    current = {row.pupil_id: row for row in involved_in(session, incident_id)}
    wanted = list(dict.fromkeys(pupil_ids))
    removed = {pid: row.role for pid, row in current.items() if pid not in wanted}
    added = {pid: roles.get(pid, "involved") for pid in wanted if pid not in current}
    for pid in removed:
        session.delete(current[pid])
    for pid, role in added.items():
        session.add(
            IncidentInvolved(
                school_id=incident.school_id, incident_id=incident_id, pupil_id=pid, role=role
            )
        )
    return added, removed


def withdraw(
    session: Session,
    record: RecordBase,
    *,
    by_staff_id: int,
    reason: str,
    at: datetime | None = None,
) -> None:
    keep_version(session, record, by_staff_id=by_staff_id, reason=f"withdrawn: {reason}")
    record.withdrawn_at = at or utcnow()
    record.withdrawn_reason = reason
    record.version += 1
    session.add(record)


def amend(
    session: Session, record: RecordBase, changes: dict[str, Any], *, by_staff_id: int, reason: str
) -> None:
    keep_version(session, record, by_staff_id=by_staff_id, reason=reason)
    for name, value in changes.items():
        setattr(record, name, value)
    record.version += 1
    session.add(record)


def get_record(session: Session, record_type: str, record_id: int) -> RecordBase | None:
    model = RECORD_MODELS.get(record_type)
    return session.get(model, record_id) if model else None


def records_in_group(session: Session, record: RecordBase) -> list[RecordBase]:
    """The rows of the one log `record` came from; undo and edit act on them all.

    A group session shares its group_id. Any other log stored for several pupils (an
    incident two pupils were in) is the rows of that kind one person stored in one
    transaction, which handlers.store stamps with one logged_at and one source text."""
    if isinstance(record, SessionLog) and record.group_id:
        group = session.exec(
            select(SessionLog).where(col(SessionLog.group_id) == record.group_id)
        ).all()
        return list(group)
    if isinstance(record, SessionLog):
        return [record]
    model = type(record)
    rows = session.exec(
        select(model)
        .where(
            model.school_id == record.school_id,
            model.logged_by_id == record.logged_by_id,
            model.logged_at == record.logged_at,
            model.source_text == record.source_text,
        )
        .order_by(col(model.id))
    ).all()
    return list(rows)


def latest_by_staff(session: Session, staff_id: int, since: datetime) -> RecordBase | None:
    """The staff member's most recently logged, not withdrawn, record since a time."""
    newest: RecordBase | None = None
    for model in RECORD_MODELS.values():
        row = session.exec(
            select(model)
            .where(
                model.logged_by_id == staff_id,
                model.logged_at >= since,
                col(model.withdrawn_at).is_(None),
            )
            .order_by(col(model.logged_at).desc(), col(model.id).desc())
            .limit(1)
        ).first()
        if row is not None and (newest is None or row.logged_at > newest.logged_at):
            newest = row
    return newest


def logged_by_staff_between(
    session: Session, staff_id: int, start: datetime, end: datetime
) -> list[RecordBase]:
    """The staff member's live records logged (not necessarily happened) between two instants."""
    rows: list[RecordBase] = []
    for model in RECORD_MODELS.values():
        rows.extend(
            session.exec(
                select(model).where(
                    model.logged_by_id == staff_id,
                    model.logged_at >= start,
                    model.logged_at < end,
                    col(model.withdrawn_at).is_(None),
                )
            )
        )
    rows.sort(key=lambda r: (r.occurred_at, r.id))
    return rows


def delivered_by_provision(
    session: Session, pupil_id: int, start: datetime, end: datetime
) -> list[tuple[Provision, int, int, int]]:
    """Each of a pupil's provisions with sessions delivered, minutes delivered and
    sessions missed between two instants, in one aggregate query."""
    stmt = (
        select(
            Provision,
            func.coalesce(func.sum(_case_status("delivered", 1)), 0),
            func.coalesce(func.sum(_case_status("delivered", SessionLog.duration_minutes)), 0),
            func.coalesce(func.sum(_case_status("missed", 1)), 0),
        )
        .join(
            SessionLog,
            (col(SessionLog.provision_id) == col(Provision.id))
            & (SessionLog.occurred_at >= start)
            & (SessionLog.occurred_at < end)
            & col(SessionLog.withdrawn_at).is_(None),
            isouter=True,
        )
        .where(Provision.pupil_id == pupil_id)
        .group_by(col(Provision.id))
        .order_by(col(Provision.id))
    )
    return [(p, int(n), int(m), int(x)) for p, n, m, x in session.exec(stmt)]


def _case_status(status: str, value: Any) -> Any:
    return case((col(SessionLog.status) == status, value), else_=0)
