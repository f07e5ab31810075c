"""Every record of one kind with its pupil, who logged it and its provision, for the CSV exports."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import literal
from sqlmodel import Session, col, select

from storage.models import RECORD_MODELS, Provision, Pupil, SafeguardingAlert, SessionLog, Staff

EXPORT_MODELS = RECORD_MODELS  # session, behaviour, parent_contact


def record_rows(
    session: Session,
    school_id: int,
    kind: str,
    start: datetime | None = None,
    end: datetime | None = None,
) -> Iterator[Any]:
    """(record, pupil, logged-by staff, provision or None) for one kind, oldest first.

    For "safeguarding" the record is a SafeguardingAlert and the pupil may be None.
    """
    if kind == "safeguarding":
        alerts = (
            select(SafeguardingAlert, Pupil, Staff, literal(None))
            .join(Pupil, col(Pupil.id) == col(SafeguardingAlert.pupil_id), isouter=True)
            .join(Staff, col(Staff.id) == col(SafeguardingAlert.raised_by_id))
            .where(SafeguardingAlert.school_id == school_id)
            .order_by(col(SafeguardingAlert.raised_at), col(SafeguardingAlert.id))
        )
        if start is not None:
            alerts = alerts.where(SafeguardingAlert.raised_at >= start)
        if end is not None:
            alerts = alerts.where(SafeguardingAlert.raised_at < end)
        yield from session.exec(alerts)
        return
    model = EXPORT_MODELS[kind]
    stmt = (
        select(model, Pupil, Staff, Provision if model is SessionLog else literal(None))
        .join(Pupil, col(Pupil.id) == model.pupil_id)
        .join(Staff, col(Staff.id) == model.logged_by_id)
        .where(col(model.school_id) == school_id, col(model.withdrawn_at).is_(None))
        .order_by(col(model.occurred_at), col(model.id))
    )
    if model is SessionLog:
        stmt = stmt.outerjoin(Provision, col(Provision.id) == col(SessionLog.provision_id))
    if start is not None:
        stmt = stmt.where(model.occurred_at >= start)
    if end is not None:
        stmt = stmt.where(model.occurred_at < end)
    yield from session.exec(stmt)
