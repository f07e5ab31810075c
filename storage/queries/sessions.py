"""Sessions delivered and missed: per provision, per school-local week, and the reasons given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from storage.models import Provision, Pupil, SessionLog, Staff
from storage.queries.common import column_rows, in_school, live, pupil_name, scope, select_columns
from storage.queries.local_time import LocalTime


@dataclass(frozen=True)
class SessionCount:
    provision_id: int | None
    week: int | None  # None when not split by week
    delivered: int
    minutes: int
    missed: int


def _session_sums() -> tuple[Any, Any, Any]:
    delivered = col(SessionLog.status) == "delivered"
    return (
        func.sum(case((delivered, 1), else_=0)),
        func.sum(case((delivered, func.coalesce(col(SessionLog.duration_minutes), 0)), else_=0)),
        func.sum(case((col(SessionLog.status) == "missed", 1), else_=0)),
    )


def sessions_by_week(
    session: Session, clock: LocalTime, *, pupil_id: int | None = None, school_id: int | None = None
) -> list[SessionCount]:
    """Delivered / minutes / missed per provision per school-local week."""
    week = clock.week(SessionLog.occurred_at).label("week")
    stmt = (
        select_columns(SessionLog.provision_id, week, *_session_sums())
        .where(scope(SessionLog, pupil_id, school_id), live(SessionLog, clock.start, clock.end))
        .group_by(col(SessionLog.provision_id), week)
        .order_by(col(SessionLog.provision_id), week)
    )
    return [
        SessionCount(p, int(w), int(d or 0), int(m or 0), int(x or 0))
        for p, w, d, m, x in session.exec(stmt)
    ]


def sessions_by_provision(
    session: Session, school_id: int, start: datetime, end: datetime
) -> list[SessionCount]:
    """Delivered / minutes / missed per provision over the whole range."""
    stmt = (
        select_columns(SessionLog.provision_id, *_session_sums())
        .where(SessionLog.school_id == school_id, live(SessionLog, start, end))
        .group_by(col(SessionLog.provision_id))
    )
    return [
        SessionCount(p, None, int(d or 0), int(m or 0), int(x or 0))
        for p, d, m, x in session.exec(stmt)
    ]


@dataclass(frozen=True)
class MissedReason:
    provision_id: int | None
    week: int
    reason: str
    count: int


def missed_reasons(session: Session, clock: LocalTime, pupil_id: int) -> list[MissedReason]:
    """Missed sessions per provision, week and reason as typed (case and spaces folded)."""
    week = clock.week(SessionLog.occurred_at).label("week")
    reason = func.lower(func.trim(func.coalesce(SessionLog.missed_reason, ""))).label("reason")
    stmt = (
        select(col(SessionLog.provision_id), week, reason, func.count(col(SessionLog.id)))
        .where(
            SessionLog.pupil_id == pupil_id,
            live(SessionLog, clock.start, clock.end),
            SessionLog.status == "missed",
        )
        .group_by(col(SessionLog.provision_id), week, reason)
        .order_by(col(SessionLog.provision_id), week, reason)
    )
    return [MissedReason(p, int(w), r or "", int(n)) for p, w, r, n in session.exec(stmt)]


@dataclass(frozen=True)
class MissedRow:
    occurred_at: datetime
    pupil: str
    provision: str
    reason: str
    staff: str
    pupil_id: int
    school_id: int


def missed_sessions(
    session: Session, school_id: int | None, start: datetime, end: datetime
) -> list[MissedRow]:
    """Sessions recorded as missed between two instants, oldest first (None: the whole trust)."""
    stmt = (
        select_columns(
            SessionLog.occurred_at,
            Pupil.first_name,
            Pupil.last_name,
            Pupil.preferred_name,
            Provision.name,
            SessionLog.missed_reason,
            Staff.name,
            Pupil.id,
            SessionLog.school_id,
        )
        .join(Pupil, col(Pupil.id) == col(SessionLog.pupil_id))
        .join(Staff, col(Staff.id) == col(SessionLog.logged_by_id))
        .join(Provision, col(Provision.id) == col(SessionLog.provision_id), isouter=True)
        .where(
            in_school(SessionLog, school_id),
            SessionLog.occurred_at >= start,
            SessionLog.occurred_at < end,
            col(SessionLog.withdrawn_at).is_(None),
            SessionLog.status == "missed",
        )
        .order_by(col(SessionLog.occurred_at))
    )
    return [
        MissedRow(
            at,
            pupil_name(f, la, p),
            prov or "session",
            reason or "no reason given",
            staff,
            pid,
            school,
        )
        for at, f, la, p, prov, reason, staff, pid, school in column_rows(session, stmt)
    ]
