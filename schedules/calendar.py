"""The school calendar: which days are school days.

Term dates, half terms, INSET days and closures come from a TOML file the
school edits (format in `calendar.example.toml`, shipped as the England
default for 2026-27); bank holidays for England come from the `holidays`
package. The file covers whole school years (1 August to 31 August) from its
first term's to its last's. For the jobs, days outside them fall back to
"weekdays that are not bank holidays", with a warning naming the school year
missing (a day in January 2026 is in 2025-26, even when the file has autumn
2026), so a stale file degrades to noisy rather than silent. Reports ask
`uncovered` instead and name the gap in the report itself (handlers.reports).
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import holidays

log = logging.getLogger(__name__)

EXAMPLE_FILE = Path(__file__).resolve().parent / "calendar.example.toml"
# Far enough to cross the summer holiday; a calendar with a longer gap is broken.
_MAX_SEARCH_DAYS = 120


class CalendarError(ValueError):
    """The calendar file is missing or malformed; the message says where."""


@dataclass(frozen=True)
class Term:
    name: str
    start: date
    end: date
    breaks: tuple[tuple[date, date], ...] = ()

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def in_break(self, day: date) -> bool:
        return any(a <= day <= b for a, b in self.breaks)


@dataclass(frozen=True)
class Gap:
    """Days the calendar file says nothing about, and the school years they fall in."""

    first: date
    last: date

    @property
    def years(self) -> str:
        a, b = school_year(self.first), school_year(self.last)
        return a if a == b else f"{a} to {b}"


@dataclass(frozen=True)
class SchoolCalendar:
    terms: tuple[Term, ...]
    inset_days: frozenset[date] = frozenset()
    closures: frozenset[date] = frozenset()
    source: str = ""
    _bank: dict = field(default_factory=dict, compare=False, repr=False)

    # -- coverage -------------------------------------------------------------
    @property
    def covers_from(self) -> date:
        """1 August before the first term the file describes."""
        first = min(t.start for t in self.terms)
        return date(first.year if first.month >= 8 else first.year - 1, 8, 1)

    @property
    def covers_until(self) -> date:
        """31 August after the last term in the file."""
        last = max(t.end for t in self.terms)
        return date(last.year if last.month < 9 else last.year + 1, 8, 31)

    def covers(self, day: date) -> bool:
        return bool(self.terms) and self.covers_from <= day <= self.covers_until

    # -- days -------------------------------------------------------------------
    def is_bank_holiday(self, day: date) -> bool:
        year = self._bank.get(day.year)
        if year is None:
            year = self._bank[day.year] = holidays.country_holidays(
                "GB", subdiv="ENG", years=day.year
            )
        return day in year

    def is_school_day(self, day: date) -> bool:
        if day.weekday() >= 5 or self.is_bank_holiday(day):
            return False
        if day in self.inset_days or day in self.closures:
            return False
        if not self.covers(day):
            _warn_uncovered(self.source, school_year(day), self.covered_label())
            return True
        term = self.term_of(day)
        return term is not None and not term.in_break(day)

    def half_term_of(self, day: date) -> tuple[date, str] | None:
        """(its first day, 'Autumn 2026, 1st half') for a day in a term; None outside terms.

        A term is split at its (first) half-term break; a day in the break belongs to
        the half before it.
        """
        term = self.term_of(day)
        if term is None:
            return None
        if term.breaks and day > term.breaks[0][1]:
            return term.breaks[0][1] + timedelta(days=1), f"{term.name}, 2nd half"
        return term.start, f"{term.name}, 1st half" if term.breaks else term.name

    def is_term_day(self, day: date) -> bool:
        """A school day the file vouches for: never a day outside the years it covers
        (reports plan nothing there rather than count unknown holidays as school)."""
        return self.covers(day) and self.is_school_day(day)

    def covered_label(self) -> str:
        if not self.terms:
            return "no school years"
        return f"{_dmy(self.covers_from)} to {_dmy(self.covers_until)}"

    def uncovered(self, first: date, last: date) -> list[Gap]:
        """The runs of days from `first` to `last` that the file does not cover, in order."""
        if last < first:
            return []
        if not self.terms:
            return [Gap(first, last)]
        out = []
        if first < self.covers_from:
            out.append(Gap(first, min(last, self.covers_from - timedelta(days=1))))
        if last > self.covers_until:
            out.append(Gap(max(first, self.covers_until + timedelta(days=1)), last))
        return out

    def term_of(self, day: date) -> Term | None:
        return next((t for t in self.terms if t.contains(day)), None)

    def school_days_in_week(self, day: date) -> tuple[date, ...]:
        """The school days of the Monday-to-Friday week that contains `day`."""
        monday = day - timedelta(days=day.weekday())
        return tuple(
            d for d in (monday + timedelta(days=i) for i in range(5)) if self.is_school_day(d)
        )

    def previous_school_day(self, day: date) -> date | None:
        """The last school day strictly before `day`."""
        for i in range(1, _MAX_SEARCH_DAYS):
            if self.is_school_day(day - timedelta(days=i)):
                return day - timedelta(days=i)
        return None

    def next_school_day(self, day: date) -> date | None:
        """The first school day strictly after `day`."""
        for i in range(1, _MAX_SEARCH_DAYS):
            if self.is_school_day(day + timedelta(days=i)):
                return day + timedelta(days=i)
        return None

    def school_day_on_or_before(self, day: date) -> date | None:
        return day if self.is_school_day(day) else self.previous_school_day(day)

    def autumn_term_start(self, day: date) -> date | None:
        """First school day of the autumn term of the school year containing `day`."""
        year = day.year if day.month >= 8 else day.year - 1
        starts = [t.start for t in self.terms if t.start.year == year and t.start.month >= 8]
        if not starts:
            return None
        first = min(starts)
        return first if self.is_school_day(first) else self.next_school_day(first)

    def is_autumn_term(self, day: date) -> bool:
        term = self.term_of(day)
        return term is not None and term.start.month >= 8


def school_year(day: date) -> str:
    """The school year a day falls in, as schools write it: 2025-26 runs Aug 2025 to Jul 2026."""
    start = day.year if day.month >= 8 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def _dmy(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


@lru_cache(maxsize=32)
def _warn_uncovered(source: str, year: str, covered: str) -> None:
    log.warning(
        "school calendar %s does not cover the %s school year (it covers %s): treating "
        "weekdays that are not bank holidays as school days; add that year's terms to the file",
        source or "(none)",
        year,
        covered,
    )


def _as_date(value, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise CalendarError(f"{where}: {value!r} is not a date (use YYYY-MM-DD)") from None


def parse_calendar(text: str, source: str = "") -> SchoolCalendar:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CalendarError(f"{source}: {exc}") from None
    terms = []
    for i, raw in enumerate(data.get("term", []), start=1):
        where = f"{source} [[term]] #{i}"
        if "start" not in raw or "end" not in raw:
            raise CalendarError(f"{where}: needs start and end")
        start, end = _as_date(raw["start"], where), _as_date(raw["end"], where)
        if end < start:
            raise CalendarError(f"{where}: ends before it starts")
        breaks = tuple(
            (_as_date(b["start"], where), _as_date(b["end"], where))
            for b in raw.get("half_terms", [])
        )
        terms.append(Term(str(raw.get("name", f"Term {i}")), start, end, breaks))
    if not terms:
        raise CalendarError(f"{source}: no [[term]] entries")
    return SchoolCalendar(
        terms=tuple(sorted(terms, key=lambda t: t.start)),
        inset_days=frozenset(
            _as_date(d, f"{source} inset_days") for d in data.get("inset_days", [])
        ),
        closures=frozenset(_as_date(d, f"{source} closures") for d in data.get("closures", [])),
        source=source,
    )


def load_calendar(path: str | Path | None = None) -> SchoolCalendar:
    """The calendar from `path` (SCHOOL_CALENDAR_FILE), or the shipped England example."""
    file = Path(path) if path else EXAMPLE_FILE
    try:
        stamp = file.stat().st_mtime_ns
    except OSError:
        raise CalendarError(f"school calendar file not found: {file}") from None
    return _load(str(file), stamp)


@lru_cache(maxsize=8)
def _load(path: str, _stamp: int) -> SchoolCalendar:
    return parse_calendar(Path(path).read_text(encoding="utf-8"), source=path)
