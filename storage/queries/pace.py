"""Provision pace: each current provision's sessions this week against its pro-rata target.

The arithmetic is storage.pace_math (shared with the reports), spelled here in
SQL so that "behind only" filters in the database (HAVING), not in Python.
Sessions are counted over the indexed `(school_id, occurred_at)` span of the week.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import and_, case, func, literal, or_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from storage.models import Provision, Pupil, SessionLog, delivered_session
from storage.pace_math import weekly_target
from storage.queries.common import column_rows, in_school, pupil_name, select_columns


class ProvisionWeek(NamedTuple):
    """One provision's week. A named tuple, not a dataclass: a trust's day builds tens of
    thousands, and a frozen dataclass costs several times as much to make."""

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
    school_id: int | None = None

    @property
    def pupil(self) -> str:
        return pupil_name(self.first_name, self.last_name, self.preferred_name)

    @property
    def behind(self) -> bool:
        return self.delivered < self.expected


def _runs_on(day: date) -> ColumnElement[bool]:
    """SQL: the provision runs on `day` (between its start and end, inclusive)."""
    return and_(
        or_(col(Provision.start_on).is_(None), col(Provision.start_on) <= day),
        or_(col(Provision.end_on).is_(None), col(Provision.end_on) >= day),
    )


def _count_days(days: Sequence[date]) -> Any:
    """SQL: how many of `days` the provision runs on (0 for none).

    Most provisions have no start or end date: they run on every day, and the
    first branch answers for them without the per-day tests (the pace arithmetic
    repeats this expression, and a trust has tens of thousands of provisions).
    """
    if not days:
        return literal(0)
    open_ended = and_(col(Provision.start_on).is_(None), col(Provision.end_on).is_(None))
    return case(
        (open_ended, len(days)),
        else_=sum((case((_runs_on(d), 1), else_=0) for d in days), literal(0)),
    )


def provision_week(
    session: Session,
    school_id: int | None,
    *,
    week_start: datetime,
    until: datetime,
    day: date,
    week_days: Sequence[date],
    midday: bool = False,
    key_worker_id: int | None = None,
    behind_only: bool = False,
    ordered: bool = True,
) -> list[ProvisionWeek]:
    """Every current provision with sessions delivered in [week_start, until).

    `school_id` None: the whole trust in one statement. `week_days` are the
    school days of the week; each provision is paced over those it runs on
    (storage.pace_math: `window`, then `counted_days` with `midday` for the
    nudges). The same arithmetic is spelled here in SQL so that `behind_only`
    filters in the database, not in Python.

    The week's delivered sessions are counted first, per provision, from the
    partial index of delivered sessions (ix_sessionlog_delivered_occurred:
    occurred_at and provision_id of live delivered sessions, so PostgreSQL
    answers from the index alone), then joined to the plan.

    Rows come by pupil (surname, first name) and provision, unless `ordered` is
    False: a caller that sorts what it shows itself saves the database sorting a
    trust's tens of thousands of rows.
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
    spw = col(Provision.sessions_per_week)
    target = weekly_target(spw, n)
    expected = (target * counted) // case((n > 0, n), else_=1)
    week = (
        select(col(SessionLog.provision_id), func.count().label("delivered"))
        .where(
            in_school(SessionLog, school_id),
            SessionLog.occurred_at >= week_start,
            SessionLog.occurred_at < until,
            delivered_session(),
        )
        .group_by(col(SessionLog.provision_id))
        .subquery("week")
    )
    delivered = func.coalesce(week.c.delivered, 0)
    stmt = (
        select_columns(
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
            Provision.school_id,
        )
        .join(Pupil, col(Pupil.id) == Provision.pupil_id)
        .join(week, week.c.provision_id == Provision.id, isouter=True)
        .where(in_school(Provision, school_id), Pupil.active, _runs_on(day))
    )
    if ordered:
        stmt = stmt.order_by(Pupil.last_name, Pupil.first_name, col(Pupil.id), col(Provision.id))
    if key_worker_id is not None:
        stmt = stmt.where(Pupil.key_worker_id == key_worker_id)
    if behind_only:
        stmt = stmt.where(delivered < expected)
    return [
        ProvisionWeek(
            kw,
            pupil,
            first,
            last,
            preferred,
            prov,
            name,
            per_week,
            minutes,
            int(done),
            int(due),
            int(aim),
            school,
        )
        for (
            kw,
            pupil,
            first,
            last,
            preferred,
            prov,
            name,
            per_week,
            minutes,
            done,
            due,
            aim,
            school,
        ) in column_rows(session, stmt)
    ]
