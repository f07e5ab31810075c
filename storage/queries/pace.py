"""Provision pace: each current provision's sessions this week against its pro-rata target.

The arithmetic is storage.pace_math (shared with the reports), spelled here in
SQL so that "behind only" filters in the database (HAVING), not in Python.
Sessions are counted over the indexed `(school_id, occurred_at)` span of the week.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, func, literal, or_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, select

from storage.models import Provision, Pupil, SessionLog
from storage.pace_math import weekly_target
from storage.queries.common import pupil_name


@dataclass(frozen=True)
class ProvisionWeek:
    key_worker_id: int | None
    pupil_id: int
    first_name: str
    last_name: str
    preferred_name: str | None
    provision_id: int
    provision: str
    sessions_per_week: int
    minutes_per_session: int
    delivered: int
    expected: int  # by now, pro rata (storage.pace_math)
    target: int  # this week, pro rata to the provision's school days in it

    @property
    def pupil(self) -> str:
        return pupil_name(self.first_name, self.last_name, self.preferred_name)

    @property
    def behind(self) -> bool:
        return self.delivered < self.expected


def _runs_on(day: date) -> ColumnElement[bool]:
    """SQL: the provision runs on `day` (between its start and end, inclusive)."""
    return and_(
        or_(Provision.start_on.is_(None), Provision.start_on <= day),
        or_(Provision.end_on.is_(None), Provision.end_on >= day),
    )


def _count_days(days: Sequence[date]) -> Any:
    """SQL: how many of `days` the provision runs on (0 for none)."""
    return sum((case((_runs_on(d), 1), else_=0) for d in days), literal(0))


def provision_week(
    session: Session,
    school_id: int,
    *,
    week_start: datetime,
    until: datetime,
    day: date,
    week_days: Sequence[date],
    midday: bool = False,
    key_worker_id: int | None = None,
    behind_only: bool = False,
) -> list[ProvisionWeek]:
    """Every current provision with sessions delivered in [week_start, until).

    `week_days` are the school days of the week; each provision is paced over
    those it runs on (storage.pace_math: `window`, then `counted_days` with
    `midday` for the nudges). The same arithmetic is spelled here in SQL so
    that `behind_only` filters in the database (HAVING), not in Python.
    """
    week_days = sorted(week_days)
    n = _count_days(week_days)
    through = _count_days([d for d in week_days if d <= day])
    if midday:
        # pace_math.counted_days: before today, except on the provision's last day this week.
        later = [d for d in week_days if d > day]
        before = _count_days([d for d in week_days if d < day])
        counted = case((_count_days(later) == 0, through), else_=before) if later else through
    else:
        counted = through
    spw = Provision.sessions_per_week
    target = weekly_target(spw, n)
    expected = (target * counted) // case((n > 0, n), else_=1)
    # count(provision_id), not count(id): non-null exactly when a session joined, and it lets
    # an index holding the joined columns answer without visiting the table.
    delivered = func.count(SessionLog.provision_id)
    stmt = (
        select(
            Pupil.key_worker_id,
            Pupil.id,
            Pupil.first_name,
            Pupil.last_name,
            Pupil.preferred_name,
            Provision.id,
            Provision.name,
            spw,
            Provision.minutes_per_session,
            delivered,
            expected,
            target,
        )
        .join(Pupil, Pupil.id == Provision.pupil_id)
        .join(
            SessionLog,
            # school_id repeated on the session side (a session is always its
            # provision's school) so an index led by (school_id, occurred_at)
            # can read just this school's week. Without it every school's call
            # read the whole trust's week; with the covering index suggested in
            # docs/benchmarks.md PostgreSQL answers from the index alone.
            and_(
                SessionLog.provision_id == Provision.id,
                SessionLog.school_id == school_id,
                SessionLog.occurred_at >= week_start,
                SessionLog.occurred_at < until,
                SessionLog.withdrawn_at.is_(None),
                SessionLog.status == "delivered",
            ),
            isouter=True,
        )
        .where(Provision.school_id == school_id, Pupil.active, _runs_on(day))
        .group_by(
            Pupil.key_worker_id,
            Pupil.id,
            Pupil.first_name,
            Pupil.last_name,
            Pupil.preferred_name,
            Provision.id,
            Provision.name,
            spw,
            Provision.minutes_per_session,
            Provision.start_on,
            Provision.end_on,
        )
        .order_by(Pupil.last_name, Pupil.first_name, Pupil.id, Provision.id)
    )
    if key_worker_id is not None:
        stmt = stmt.where(Pupil.key_worker_id == key_worker_id)
    if behind_only:
        stmt = stmt.having(delivered < expected)
    return [
        ProvisionWeek(*(row[:9]), int(row[9]), int(row[10]), int(row[11]))
        for row in session.exec(stmt)
    ]
