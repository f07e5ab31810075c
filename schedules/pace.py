"""Where a school day sits in its week, for the nudges and the digest.

The arithmetic (pro rata targets, how much is expected by when) is
storage.pace_math, shared with the reports; storage.queries.pace applies it per
provision in SQL. This module only finds the week's school days in the
school calendar:

* the digest (15:45) counts the school days up to and including today;
* the nudges (13:30) count only the days before today, because today's
  session may still happen this afternoon, except on the last school day of
  the week, when the whole target counts (the last chance to catch up).

So a 5-a-week provision with 1 logged by Wednesday afternoon is behind
(2 expected at the nudge, 3 by the digest), and a 1-a-week provision is
behind only on the last school day of the week.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from storage.pace_math import counted_days, expected, weekly_target

__all__ = ["WeekPace", "expected", "week_pace", "weekly_target"]


@dataclass(frozen=True)
class WeekPace:
    """Where `day` sits in its school week."""

    monday: date
    school_days: tuple[date, ...]
    day: date

    @property
    def n(self) -> int:
        return len(self.school_days)

    @property
    def days_gone(self) -> int:
        """School days of this week up to and including `day`."""
        return counted_days(self.school_days, self.day)

    @property
    def is_last_school_day(self) -> bool:
        return self.n > 0 and self.days_gone == self.n

    def target(self, sessions_per_week: int) -> int:
        return weekly_target(sessions_per_week, self.n)

    def expected(self, sessions_per_week: int, *, midday: bool = False) -> int:
        """Sessions expected of a provision running all week: by the end of `day`, or at the nudge."""
        return expected(
            sessions_per_week, self.n, counted_days(self.school_days, self.day, midday=midday)
        )


def week_pace(calendar, day: date) -> WeekPace:
    days = calendar.school_days_in_week(day)
    monday = date.fromordinal(day.toordinal() - day.weekday())
    return WeekPace(monday=monday, school_days=days, day=day)
