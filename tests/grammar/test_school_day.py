"""School-day time (issue 11): parts of the day through the timetable, weekday
abbreviations, '9.15am', '12.10', 'Wed 11 Nov', ranges, follow-ups, old dates."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from handlers.grammar.parser import FUTURE
from handlers.timetable import PRIMARY, SECONDARY

from .conftest import LONDON, local

WED = local("2026-11-18T21:11")  # the late-evening logger, GMT


def at(hh, mm, day=date(2026, 11, 18)):
    return datetime.combine(day, time(hh, mm), tzinfo=LONDON)


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("Kai zones 15 this morn", at(9, 0)),
        ("Kai zones 15 this morning", at(9, 0)),
        ("Kai zones 15 after lunch", at(13, 0)),
        ("Kai zones 15 after break", at(10, 45)),
        ("Kai zones 15 before reg", at(8, 30)),
        ("Kai zones 15 b4 reg", at(8, 30)),
        ("Kai zones 15 p3", at(10, 45)),
        ("Kai zones 15 period 2", at(10, 0)),
        ("Kai zones 15 lesson 4", at(11, 30)),
        ("Kai zones 15 form time", at(8, 45)),
        ("Kai zones 15 at break", at(10, 30)),
        ("Kai zones 15 at lunch", at(12, 0)),
        ("Kai zones 15 lunchtime", at(12, 0)),
        ("Kai zones 15 home time", at(15, 15)),
        ("Kai zones 15 this afternoon", at(13, 0)),
        ("Kai zones 15 yesterday after lunch", at(13, 0, date(2026, 11, 17))),
        ("Kai zones 15 mon after break", at(10, 45, date(2026, 11, 16))),
    ],
)
def test_parts_of_the_day_resolve_through_the_timetable(parse, text, when):
    r = parse(text, now=WED)
    assert r.ok, r.problems
    assert r.occurred_at == when
    assert r.time_precision == "part_of_day" and r.time_given


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("Kai zones 15 p3", at(11, 20)),
        ("Kai zones 15 after lunch", at(14, 0)),
        ("Kai zones 15 form time", at(8, 40)),
        ("Kai zones 15 at break", at(11, 0)),
    ],
)
def test_a_secondary_timetable(parse, text, when):
    r = parse(text, now=WED, timetable=SECONDARY)
    assert r.occurred_at == when


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("Kai zones 15 mon 9.15am", at(9, 15, date(2026, 11, 16))),
        ("Kai zones 15 at 12.10", at(12, 10)),
        ("Kai zones 15 10.30", at(10, 30)),
        ("Kai zones 15 Wed 11 Nov", None),
        ("b Kai ran out 8:50 - found 9:05", at(8, 50)),
        ("Kai zones 10-10.30", at(10, 0)),
    ],
)
def test_clock_times_and_dates(parse, text, when):
    r = parse(text, now=WED)
    assert r.ok, r.problems
    if when is None:
        assert r.occurred_at.date() == date(2026, 11, 11)
        assert r.time_precision == "none"
    else:
        assert r.occurred_at == when and r.time_precision == "exact"


def test_a_range_gives_start_and_minutes(parse):
    r = parse("Kai zones 10-10.30", now=WED)
    assert r.duration_minutes == 30 and r.occurred_at == at(10, 0)


@pytest.mark.parametrize("word", ["mon", "Mon", "monday", "Mon.", "on mon"])
def test_monday_in_every_form(parse, word):
    assert parse(f"Kai zones 15 {word}", now=WED).occurred_at.date() == date(2026, 11, 16)


@pytest.mark.parametrize(
    ("text", "follow"),
    [
        ("rang Kai's mum, will ring back mon", date(2026, 11, 23)),
        ("rang Kai's mum, no answer, will try again tmrw", date(2026, 11, 19)),
        ("Kai zones 15, will add 5 more tmrw", date(2026, 11, 19)),
        ("emailed Kai's dad, chase next week", date(2026, 11, 23)),
    ],
)
def test_a_follow_up_is_not_the_records_date(parse, text, follow):
    r = parse(text, now=WED)
    assert r.ok, r.problems
    assert r.follow_up_on == follow
    assert r.occurred_at.date() == date(2026, 11, 18)


def test_a_part_of_the_day_without_it_is_now(parse):
    r = parse("Kai zones 15", now=WED)
    assert r.occurred_at == WED and r.time_precision == "none"


def test_dates_more_than_a_school_year_ago_are_refused(parse):
    r = parse("Kai zones 15 on 3/6/1999", now=WED)
    assert not r.ok and "when" in r.needs
    assert "more than a year ago" in r.problems[0]
    assert parse("Kai zones 15 on 3/11/2025", now=WED).ok  # a year and two weeks: fine


def test_the_future_is_still_refused(parse):
    r = parse("Kai zones 15 tomorrow", now=WED)
    assert FUTURE in r.problems


def test_the_timetable_default_is_primary():
    assert PRIMARY.period(3) == time(10, 45) and SECONDARY.period(6) is None
