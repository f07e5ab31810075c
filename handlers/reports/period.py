"""The date range a report covers, its school-local weeks, and British date formats.

A report's period is the last 12 months (or since the last review), but never
before provision began for the pupil in Keyworker (`provision_began`): their first record,
or a provision's start date, so a pack made in the first week of using
Keyworker doesn't plan a year of sessions nobody could have logged. An
explicit first day (--from / --since) is taken as asked. `Period.basis` says
which rule set the first day, and the report prints it.

A period is whole school-local days, first to last inclusive. Weeks run Monday
to Sunday; planned sessions for a week are the plan's sessions_per_week pro
rata to the school days of that week inside the period (and inside the
provision's own start and end), rounded half up the way the nudges round, so
a full school week plans exactly sessions_per_week and a holiday week none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
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


# Why a period starts where it does (Period.basis), as the report prints it.
AS_ASKED = "as asked"
LAST_12_MONTHS = "the last 12 months"
SINCE_REVIEW = "since the last annual review"
FROM_FIRST_RECORD = "from the first record in Keyworker"
FROM_PROVISION_START = "from the start date of the provision"
FROM_SCHOOL_START = "from the school's first record in Keyworker"
NOTHING_YET = "nothing has been recorded in Keyworker yet"


def provision_began(
    first_record: date | None, provision_starts: Iterable[date | None], school_began: date | None
) -> tuple[date | None, str]:
    """(when provision began in Keyworker for a pupil, why): the earlier of their first
    record and their provisions' start dates, a start date no earlier than the school's
    first record (before that nothing was recorded in Keyworker to count)."""
    starts = [max(s, school_began) if school_began else s for s in provision_starts if s]
    start = min(starts) if starts else None
    if first_record is not None and (start is None or first_record <= start):
        return first_record, FROM_FIRST_RECORD
    if start is not None:
        clamped = school_began is not None and start == school_began
        return start, FROM_SCHOOL_START if clamped else FROM_PROVISION_START
    if school_began is not None:
        return school_began, FROM_SCHOOL_START
    return None, NOTHING_YET


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    tz: ZoneInfo
    basis: str = field(default="", compare=False)

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
        began: tuple[date | None, str] | None = None,
    ) -> Period:
        """The last 12 months up to the last day, or since the last review if that is
        later, but not before provision began in Keyworker (`provision_began`);
        an explicit `first` as asked."""
        last = last or today
        if first is not None:
            return cls(first, last, tz, AS_ASKED)
        first, basis = year_before(last), LAST_12_MONTHS
        if since_review is not None and first <= since_review <= last:
            first, basis = since_review, SINCE_REVIEW
        if began is not None:
            day, why = began
            if day is None:  # nothing to count: the period is the last day alone
                first, basis = last, why
            elif day > first:
                first, basis = min(day, last), why
        return cls(first, last, tz, basis)

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

    def explained(self) -> str:
        """The label with why it starts then: "Mon 30 November 2026 to ... (from the first ...)"."""
        return f"{self.label()} ({self.basis})" if self.basis else self.label()


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
