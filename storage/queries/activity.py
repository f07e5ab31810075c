"""What was logged: records of each kind per member of staff, a key worker's recent notes, and
when each pupil's records in Keyworker began."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import case, func, literal
from sqlmodel import Session, select

from storage.models import BehaviourIncident, ParentContact, SessionLog, Staff
from storage.queries.common import in_school, live


@dataclass(frozen=True)
class StaffCount:
    school_id: int
    kind: str
    staff_id: int
    staff_name: str
    count: int
    missed: int = 0


def counts_by_staff(
    session: Session, school_id: int | None, start: datetime, end: datetime
) -> list[StaffCount]:
    """Records of each kind per staff member between two instants (three GROUP BYs).

    `school_id` None: every school's, in the same three statements.
    """
    out: list[StaffCount] = []
    for kind, model in (
        ("session", SessionLog),
        ("behaviour", BehaviourIncident),
        ("parent_contact", ParentContact),
    ):
        missed = (
            func.sum(case((SessionLog.status == "missed", 1), else_=0))
            if model is SessionLog
            else literal(0)
        )
        stmt = (
            select(model.school_id, Staff.id, Staff.name, func.count(model.id), missed)
            .join(Staff, Staff.id == model.logged_by_id)
            .where(
                in_school(model, school_id),
                model.occurred_at >= start,
                model.occurred_at < end,
                model.withdrawn_at.is_(None),
            )
            .group_by(model.school_id, Staff.id, Staff.name)
            .order_by(model.school_id, Staff.name)
        )
        out.extend(
            StaffCount(school, kind, sid, name, int(n), int(m or 0))
            for school, sid, name, n, m in session.exec(stmt)
        )
    return out


@dataclass(frozen=True)
class NoteRow:
    occurred_at: datetime
    kind: str
    notes: str


def recent_notes(
    session: Session,
    pupil_id: int,
    staff_id: int | None,
    start: datetime,
    end: datetime,
    limit: int = 10,
) -> list[NoteRow]:
    """The newest non-empty notes the key worker wrote on this pupil's records (one UNION)."""
    if staff_id is None:
        return []
    parts = []
    for kind, model in (
        ("session", SessionLog),
        ("behaviour", BehaviourIncident),
        ("parent contact", ParentContact),
    ):
        parts.append(
            select(
                model.occurred_at.label("at"),
                literal(kind).label("kind"),
                model.notes.label("notes"),
            ).where(
                model.pupil_id == pupil_id,
                model.logged_by_id == staff_id,
                live(model, start, end),
                func.trim(model.notes) != "",
            )
        )
    union = parts[0].union_all(*parts[1:]).subquery()
    stmt = select(union.c.at, union.c.kind, union.c.notes).order_by(union.c.at.desc()).limit(limit)
    rows = session.execute(stmt).all()
    return [NoteRow(_aware(at), kind, notes) for at, kind, notes in rows]


def first_records(
    session: Session, school_id: int, pupil_id: int | None = None
) -> dict[int, datetime]:
    """pupil_id -> when that pupil's first live record happened (sessions, incidents as
    their subject, parent contacts): one UNION, grouped. A pupil only *involved* in an
    incident has no record from it."""
    parts = []
    for model in (SessionLog, BehaviourIncident, ParentContact):
        where = [model.school_id == school_id, model.withdrawn_at.is_(None)]
        if pupil_id is not None:
            where.append(model.pupil_id == pupil_id)
        parts.append(
            select(model.pupil_id.label("pupil_id"), func.min(model.occurred_at).label("at"))
            .where(*where)
            .group_by(model.pupil_id)
        )
    union = parts[0].union_all(*parts[1:]).subquery()
    stmt = select(union.c.pupil_id, func.min(union.c.at)).group_by(union.c.pupil_id)
    return {int(p): _aware(at) for p, at in session.execute(stmt).all() if at is not None}


def _aware(value: Any) -> datetime:
    # A UNION's column loses the UTCDateTime decorator, so SQLite hands back text or naive values.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)
