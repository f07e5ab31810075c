"""The audit trail of one school, filtered by pupil, staff member and dates, for the web page.

(`storage.audit.audit_trail` serves the command line across every school;
this one is scoped to the reader's school and bounded, newest first.)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from storage.models import AuditEvent, Pupil, Staff


@dataclass(frozen=True)
class AuditFilter:
    pupil_id: int | None = None
    staff_id: int | None = None
    start: datetime | None = None
    end: datetime | None = None


@dataclass(frozen=True)
class AuditLine:
    event: AuditEvent
    staff: Staff | None
    pupil: Pupil | None


def audit_lines(
    session: Session, school_id: int, wanted: AuditFilter, *, limit: int | None = None
) -> Iterator[AuditLine]:
    """Newest first; `limit` None for all (the export)."""
    staff, pupil = aliased(Staff), aliased(Pupil)
    stmt = (
        select(AuditEvent, staff, pupil)
        .outerjoin(staff, col(staff.id) == col(AuditEvent.staff_id))
        .outerjoin(pupil, col(pupil.id) == col(AuditEvent.pupil_id))
        .where(AuditEvent.school_id == school_id)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
    )
    if wanted.pupil_id is not None:
        stmt = stmt.where(AuditEvent.pupil_id == wanted.pupil_id)
    if wanted.staff_id is not None:
        stmt = stmt.where(AuditEvent.staff_id == wanted.staff_id)
    if wanted.start is not None:
        stmt = stmt.where(AuditEvent.at >= wanted.start)
    if wanted.end is not None:
        stmt = stmt.where(AuditEvent.at < wanted.end)
    if limit is not None:
        stmt = stmt.limit(limit)
    for event, who, child in session.exec(stmt):
        yield AuditLine(event, who, child)
