"""Pro-rata pacing arithmetic shared by the nudges, the digest and the reports.

A provision planned `sessions_per_week` times is measured against the school
days of its Monday-to-Friday week that fall inside the provision's own dates
(a provision starting on a Wednesday is paced over Wednesday to Friday):

* the week's target is pro rata to those school days, rounded half up
  (5-a-week over 3 days is 3; 1-a-week over 2 days is 0);
* `floor(target * counted / days)` should be delivered, where `counted` is
  the school days already over (see `counted_days`).

It lives in storage/ because both schedules/ (nudges, digest) and handlers/
(reports' WeekPlanner) need it and neither may import the other.
`weekly_target` is plain integer arithmetic, so storage.queries.pace applies the
very same function to SQL column expressions.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, overload

from sqlalchemy.sql.elements import ColumnElement, SQLCoreOperations


@overload
def weekly_target(sessions_per_week: int, school_days: int) -> int: ...
@overload
def weekly_target(
    sessions_per_week: SQLCoreOperations[int], school_days: SQLCoreOperations[int] | int
) -> ColumnElement[int]: ...
def weekly_target(sessions_per_week: Any, school_days: Any) -> Any:
    """Sessions due over `school_days` school days: the plan pro rata to a 5-day week, rounded half up.

    Integers in, integer out; also accepts SQLAlchemy integer expressions.
    """
    return (2 * sessions_per_week * school_days + 5) // 10


def expected(sessions_per_week: int, school_days: int, counted: int) -> int:
    """Sessions that should be delivered once `counted` of the week's `school_days` are over."""
    if school_days <= 0:
        return 0
    return weekly_target(sessions_per_week, school_days) * counted // school_days


def window(
    week_days: Sequence[date], start_on: date | None, end_on: date | None
) -> tuple[date, ...]:
    """The week's school days on which the provision runs (between its start and end, inclusive)."""
    return tuple(
        d
        for d in week_days
        if (start_on is None or start_on <= d) and (end_on is None or d <= end_on)
    )


def counted_days(days: Sequence[date], today: date, *, midday: bool = False) -> int:
    """How many of `days` count as over at `today`.

    At the end of the day (the digest), days up to and including today. At
    midday (the nudges), only the days before today, since today's session
    may still happen this afternoon; except on the last of `days`, when the
    whole week's target counts: it is the last chance to catch up, and so
    a 1-a-week provision is behind on that day and no other.
    """
    through = sum(1 for d in days if d <= today)
    if not midday or (days and today >= days[-1]):
        return through
    return sum(1 for d in days if d < today)
