"""The date range a report covers, its school-local weeks, and British date formats.

A period is whole school-local days, first to last inclusive. Weeks run Monday
to Sunday; planned sessions for a week are the plan's sessions_per_week pro
rata to the school days of that week inside the period (and inside the
provision's own start and end), rounded half up the way the nudges round, so
a full school week plans exactly sessions_per_week and a holiday week none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from storage.pace_math import weekly_target as pro_rata  # one rounding rule with the nudges
from storage.queries.local_time import LocalTime

SchoolDay = Callable[[date], bool]


def weekdays(day: date) -> bool:
    """The fallback calendar: every Monday to Friday is a school day."""
    return day.weekday() < 5


class BadDate(ValueError):
    pass


def parse_day(text: str) -> date:
    """YYYY-MM-DD, or British DD/MM/YYYY."""
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise BadDate(f"{text!r} is not a date: use 2026-11-03 or 03/11/2026")


def year_before(day: date) -> date:
    """The day after the same date a year earlier: the first day of 'the last 12 months'."""
    try:
        return day.replace(year=day.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February
        return date(day.year - 1, 3, 1)


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    tz: ZoneInfo

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise BadDate(
                f"the range ends ({short_day(self.last)}) before it starts ({short_day(self.first)})"
            )

    @classmethod
    def default(
        cls,
        today: date,
        tz: ZoneInfo,
        *,
        since_review: date | None = None,
        first: date | None = None,
        last: date | None = None,
    ) -> Period:
        """The last 12 months up to today, or since the last review if that is later."""
        last = last or today
        if first is None:
            first = year_before(last)
            if since_review is not None and first <= since_review <= last:
                first = since_review
        return cls(first, last, tz)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time.min, tzinfo=self.tz)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time.min, tzinfo=self.tz)

    @property
    def week0(self) -> date:
        return self.first - timedelta(days=self.first.weekday())

    @property
    def mondays(self) -> list[date]:
        count = (self.last - self.week0).days // 7 + 1
        return [self.week0 + timedelta(weeks=i) for i in range(count)]

    @property
    def partial_edges(self) -> bool:
        return self.first.weekday() != 0 or self.last.weekday() < 4

    def clock(self, session: Session) -> LocalTime:
        return LocalTime.for_session(session, self.tz, self.start, self.end, self.week0)

    def label(self) -> str:
        return f"{long_day(self.first)} to {long_day(self.last)}"


class WeekPlanner:
    """Planned sessions per week, with school-day counts cached per week and date window."""

    def __init__(self, period: Period, school_day: SchoolDay | None = None):
        self.period = period
        self.school_day = school_day or weekdays
        self._days: dict[tuple[date, date, date], int] = {}
        self._plans: dict[tuple[int, date | None, date | None], list[int]] = {}

    def school_days(self, monday: date, first: date, last: date) -> int:
        key = (monday, first, last)
        if key not in self._days:
            days = (monday + timedelta(days=i) for i in range(7))
            self._days[key] = sum(1 for d in days if first <= d <= last and self.school_day(d))
        return self._days[key]

    def planned(
        self, sessions_per_week: int, start_on: date | None = None, end_on: date | None = None
    ) -> list[int]:
        """Planned sessions for each week of the period (same order as Period.mondays)."""
        key = (sessions_per_week, start_on, end_on)
        if key not in self._plans:
            first = max(self.period.first, start_on) if start_on else self.period.first
            last = min(self.period.last, end_on) if end_on else self.period.last
            self._plans[key] = [
                pro_rata(sessions_per_week, self.school_days(monday, first, last))
                if first <= last
                else 0
                for monday in self.period.mondays
            ]
        return self._plans[key]


# -- British, school-local formats ------------------------------------------------
def long_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%B %Y}"


def short_day(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def local_stamp(moment: datetime | None, tz: ZoneInfo) -> str:
    return f"{moment.astimezone(tz):%d/%m/%Y %H:%M}" if moment else ""


def week_label(monday: date) -> str:
    return f"w/c {monday:%d/%m/%Y}"
