"""Logged records in time order for the web pages: a school's day or week, a pupil's history.

Unlike the digests and reports, withdrawn (undone) records are included, so
the pages can show them struck through as withdrawn rather than hide them:
nothing that was logged disappears from view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import literal
from sqlmodel import Session, col, select

from storage.models import RECORD_MODELS, Provision, Pupil, RecordBase, SessionLog, Staff


@dataclass(frozen=True)
class LoggedRecord:
    kind: str  # session | behaviour | parent_contact
    record: RecordBase
    pupil: Pupil
    logged_by: str
    provision: str | None

    @property
    def withdrawn(self) -> bool:
        return self.record.withdrawn_at is not None


def records_between(
    session: Session,
    school_id: int,
    start: datetime | None,
    end: datetime | None,
    *,
    logged_by_id: int | None = None,
    pupil_id: int | None = None,
) -> list[LoggedRecord]:
    """Every record that happened in [start, end) (either may be open), oldest first."""
    rows: list[LoggedRecord] = []
    for kind, model in RECORD_MODELS.items():
        provision_name = Provision.name if model is SessionLog else literal(None)
        stmt = (
            select(model, Pupil, Staff.name, provision_name)
            .join(Pupil, col(Pupil.id) == col(model.pupil_id))
            .join(Staff, col(Staff.id) == col(model.logged_by_id))
            .where(model.school_id == school_id)
        )
        if model is SessionLog:
            stmt = stmt.outerjoin(Provision, col(Provision.id) == col(SessionLog.provision_id))
        if start is not None:
            stmt = stmt.where(model.occurred_at >= start)
        if end is not None:
            stmt = stmt.where(model.occurred_at < end)
        if logged_by_id is not None:
            stmt = stmt.where(model.logged_by_id == logged_by_id)
        if pupil_id is not None:
            stmt = stmt.where(model.pupil_id == pupil_id)
        rows.extend(
            LoggedRecord(kind, record, pupil, staff, provision)
            for record, pupil, staff, provision in session.exec(stmt)
        )
    rows.sort(key=lambda r: (r.record.occurred_at, r.kind, getattr(r.record, "id", 0) or 0))
    return rows
