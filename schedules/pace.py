"""Pro-rata pacing: how many sessions of a provision should be done by today.

A provision planned `sessions_per_week` times is measured against the school
days of the current Monday-to-Friday week:

* the week's target is pro rata to its school days, rounded half up
  (5-a-week in a 3-day week is 3; 1-a-week in a 2-day week is 0);
* by the end of school day `d` of `n`, `floor(target * d / n)` should be done.

So a 5-a-week provision with 1 logged by Wednesday is behind (3 expected),
and a 1-a-week provision is only behind on the last school day of the week.
The same arithmetic is written as SQL in storage/queries.py; `expected` here
is the reference the tests hold it to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


def weekly_target(sessions_per_week: int, school_days: int) -> int:
    """Sessions due this week: the plan pro rata to a short week, rounded half up."""
    return (2 * sessions_per_week * school_days + 5) // 10


def expected(sessions_per_week: int, school_days: int, days_gone: int) -> int:
    """Sessions that should be delivered by the end of school day `days_gone` of `school_days`."""
    if school_days <= 0:
        return 0
    return weekly_target(sessions_per_week, school_days) * days_gone // school_days


@dataclass(frozen=True)
class WeekPace:
    """Where `day` sits in its school week."""

    monday: date
    school_days: tuple[date, ...]
    days_gone: int  # school days of this week up to and including `day`

    @property
    def n(self) -> int:
        return len(self.school_days)

    @property
    def is_last_school_day(self) -> bool:
        return self.n > 0 and self.days_gone == self.n

    def target(self, sessions_per_week: int) -> int:
        return weekly_target(sessions_per_week, self.n)

    def expected(self, sessions_per_week: int) -> int:
        return expected(sessions_per_week, self.n, self.days_gone)


def week_pace(calendar, day: date) -> WeekPace:
    days = calendar.school_days_in_week(day)
    monday = date.fromordinal(day.toordinal() - day.weekday())
    return WeekPace(monday=monday, school_days=days, days_gone=sum(1 for d in days if d <= day))
