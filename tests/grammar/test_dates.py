"""Dates and times: British forms, weekdays, the future refused, words that are not dates."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from handlers.grammar.parser import FUTURE

from .conftest import LONDON, NOW, local

TUESDAY = local("2026-06-09T15:30")  # BST
MONDAY = local("2026-06-08T16:00")
WINTER = local("2026-01-14T10:00")  # GMT, a Wednesday


@pytest.mark.parametrize(
    ("text", "day", "clock"),
    [
        ("Kai zones 15 10:40", date(2026, 6, 9), time(10, 40)),
        ("Kai zones 15 at 10.15am", date(2026, 6, 9), time(10, 15)),
        ("Kai zones 15 9am", date(2026, 6, 9), time(9, 0)),
        ("Kai zones 15 2pm", date(2026, 6, 9), time(14, 0)),
        ("Kai zones 15 at 2:15", date(2026, 6, 9), time(14, 15)),  # school hours: pm
        ("Kai zones 15 9:30-9:45", date(2026, 6, 9), time(9, 30)),
        ("Kai zones 15 at 2", date(2026, 6, 9), time(14, 0)),
        ("Kai zones 15 half 10", date(2026, 6, 9), time(10, 30)),
        ("Kai zones 15 quarter past 11", date(2026, 6, 9), time(11, 15)),
        ("Kai zones 15 midday", date(2026, 6, 9), time(12, 0)),
        ("Kai zones 15 yesterday 1:45pm", date(2026, 6, 8), time(13, 45)),
        ("Kai zones 15 last Friday 2pm", date(2026, 6, 5), time(14, 0)),
        ("Kai zones 15 Mon 9:10", date(2026, 6, 8), time(9, 10)),
        ("Kai zones 15 an hour ago", date(2026, 6, 9), time(14, 30)),
    ],
)
def test_clock_times(parse, text, day, clock):
    r = parse(text)
    assert r.ok, r.problems
    assert r.occurred_at == datetime.combine(day, clock, tzinfo=LONDON)
    assert r.time_given is True


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Kai zones 15 yesterday", date(2026, 6, 8)),
        ("Kai zones 15 yday", date(2026, 6, 8)),
        ("Kai zones 15 the day before yesterday", date(2026, 6, 7)),
        ("Kai zones 15 on Monday", date(2026, 6, 8)),
        ("Kai zones 15 Mon", date(2026, 6, 8)),
        ("Kai zones 15 Tues", date(2026, 6, 9)),  # today counts as today
        ("Kai zones 15 Tu", date(2026, 6, 9)),
        ("Kai zones 15 last Tuesday", date(2026, 6, 2)),
        ("Kai zones 15 weds", date(2026, 6, 3)),
        ("Kai zones 15 Thurs", date(2026, 6, 4)),
        ("Kai zones 15 Th", date(2026, 6, 4)),
        ("Kai zones 15 thursday", date(2026, 6, 4)),
        ("Kai zones 15 fri", date(2026, 6, 5)),
        ("Kai zones 15 3/6", date(2026, 6, 3)),
        ("Kai zones 15 on 03/06/2026", date(2026, 6, 3)),
        ("Kai zones 15 3/6/26", date(2026, 6, 3)),
        ("Kai zones 15 3/11", date(2025, 11, 3)),  # d/m, last November
        ("Kai zones 15 16/11/2025", date(2025, 11, 16)),
        ("Kai zones 15 on the 12th", date(2026, 5, 12)),
        ("Kai zones 15 on the 1st", date(2026, 6, 1)),
        ("Kai zones 15 17 Nov", date(2025, 11, 17)),
        ("Kai zones 15 2nd June", date(2026, 6, 2)),
        ("Kai zones 15 June 2nd", date(2026, 6, 2)),
        ("Kai zones 15 5th of May", date(2026, 5, 5)),
        ("Kai zones 15 3 Febuary", date(2026, 2, 3)),  # misspelt month
        ("Kai zones 15 2 days ago", date(2026, 6, 7)),
        ("Kai zones 15 a week ago", date(2026, 6, 2)),
        ("Kai zones 15 last week", date(2026, 6, 2)),
        ("Kai zones 15 2026-06-01", date(2026, 6, 1)),
    ],
)
def test_dates_without_time(parse, text, day):
    # A day said is "when" (time_given), with no clock time (time_precision none).
    r = parse(text)
    assert r.ok, r.problems
    assert r.occurred_at.date() == day
    assert r.time_given is True
    assert r.time_precision == "none"
    assert r.notes == ""


def test_today_alone_says_no_more_than_now(parse):
    # "read well today" is the day the log is sent: no time given, as with nothing said.
    r = parse("Kai zones 15 today")
    assert r.ok and r.occurred_at.date() == date(2026, 6, 9)
    assert r.time_given is False and r.time_precision == "none" and r.notes == ""
    # with a clock time or a part of the day it is a time given
    assert parse("Kai zones 15 today at 10.15").time_given is True


def test_monday_said_on_monday_is_today(parse):
    r = parse("Kai zones 15 on Monday", now=MONDAY)
    assert r.occurred_at.date() == date(2026, 6, 8)
    assert r.occurred_at == MONDAY  # no time given: now


def test_no_date_is_now_and_aware(parse):
    r = parse("Freya phonics 20")
    assert r.occurred_at == TUESDAY
    assert r.occurred_at.tzinfo is not None
    assert r.time_given is False


def test_winter_is_gmt(parse):
    r = parse("Kai zones 15 9:05", now=WINTER)
    assert r.occurred_at.isoformat() == "2026-01-14T09:05:00+00:00"


def test_date_across_clock_change_gets_that_days_offset(parse):
    # Said in June (BST) about a day in November (GMT).
    r = parse("Kai zones 15 17 Nov 10:00")
    assert r.occurred_at.isoformat() == "2025-11-17T10:00:00+00:00"


def test_part_of_day_is_the_timetables_time_and_says_when(parse):
    # Issue 11: parts of the day resolve through the school timetable (primary:
    # morning 09:00, after lunch 13:00), no longer fixed defaults (09:30, 13:30).
    r = parse("Kai zones 15 yesterday afternoon")
    assert r.occurred_at == datetime(2026, 6, 8, 13, 0, tzinfo=LONDON)
    assert r.time_given is True
    assert r.time_precision == "part_of_day"
    r = parse("Kai zones 15 this morning")
    assert r.occurred_at == datetime(2026, 6, 9, 9, 0, tzinfo=LONDON)


def test_this_afternoon_logged_before_its_start_is_now(parse):
    now = local("2026-06-09T12:50")
    r = parse("Kai zones 15 this afternoon", now=now)
    assert r.ok, r.problems
    assert r.occurred_at == now


@pytest.mark.parametrize(
    "text",
    [
        "Kai zones 15 tomorrow",
        "Kai zones 15 at 4pm",  # later today
        "Kai zones 15 16:00",
        "Kai zones 15 next Monday",
        "Kai zones 15 20/6",  # 11 days ahead: a future date, not last June
        "Kai zones 15 16/11/2026",
        "b Kai hit peer tomorrow",
    ],
)
def test_future_refused(parse, text):
    r = parse(text)
    assert not r.ok
    assert FUTURE in r.problems
    assert "when" in r.needs


def test_impossible_date(parse):
    r = parse("Kai zones 15 31/2")
    assert not r.ok
    assert any("31/2" in p for p in r.problems)


@pytest.mark.parametrize(
    ("text", "notes"),
    [
        ("Kai zones 15 may need more support", "may need more support"),
        ("Kai zones 15 went to do the task we planned", "went to do the task we planned"),
        ("Kai zones 15 sat with him on carpet", "sat with him on carpet"),
        ("Kai zones 15 wk4 good", "wk4 good"),
        ("Kai zones 15 got 5 out of 6 right", "got 5 out of 6 right"),
        ("Kai zones 15 the sun came out", "the sun came out"),
        ("Kai zones 15 march around the hall", "march around the hall"),
    ],
)
def test_ordinary_words_are_not_dates(parse, text, notes):
    r = parse(text)
    assert r.ok, r.problems
    assert r.occurred_at == TUESDAY
    assert r.time_given is False
    assert r.notes == notes


def test_event_date_is_content_not_when(parse):
    r = parse("email from Max's carer: hospital appt on Friday, will miss SALT")
    assert r.ok
    assert r.occurred_at == TUESDAY
    assert "Friday" in r.notes


def test_parent_says_tomorrow_is_not_a_future_log(parse):
    r = parse("Isla's mum rang, she's off sick tomorrow")
    assert r.ok, r.problems
    assert r.kind == "parent_contact"
    assert r.occurred_at == TUESDAY


def test_follow_up_dates_are_future(parse):
    cases = {
        "p rang Kai's mum, will call back Friday": date(2026, 6, 12),
        "p rang Kai's mum, follow up Friday": date(2026, 6, 12),
        "p rang Kai's mum, ring back tomorrow": date(2026, 6, 10),
        "p emailed Kai's dad, chase next week": date(2026, 6, 15),
        "p emailed Kai's dad, follow up on 15/6": date(2026, 6, 15),
        "p emailed Kai's dad, follow up Tues": date(2026, 6, 16),
    }
    for text, want in cases.items():
        r = parse(text)
        assert r.ok, (text, r.problems)
        assert r.follow_up_on == want, text
        assert r.follow_up_requested
        assert r.occurred_at == TUESDAY  # the follow-up date is not when it happened


def test_follow_up_and_occurrence_in_one_message(parse):
    r = parse("spoke to Lily's dad at pickup yesterday, will follow up Thurs")
    assert r.occurred_at.date() == date(2026, 6, 8)
    assert r.follow_up_on == date(2026, 6, 11)


def test_follow_up_without_date(parse):
    r = parse("rang Harry's mum, will follow up")
    assert r.follow_up_requested and r.follow_up_on is None


@pytest.mark.parametrize(
    "text",
    [
        "Kai zones 20 mins, said he wants to come back on friday",
        "Freya phonics 30, really excited for the trip tomorrow",
        "Kai ELSA 30 mins, would like to bring his own cards next week",
    ],
)
def test_a_wish_about_a_later_day_is_not_when_it_happened(parse, text):
    r = parse(text)
    assert r.ok and r.occurred_at == NOW, (text, r.problems, r.occurred_at)


@pytest.mark.parametrize(
    ("text", "follow_up_on"),
    [
        # what the parent will do is what was said; ours is the follow-up
        ("rang Kai's mum, she'll come in monday, will confirm tomorrow", date(2026, 6, 10)),
        (
            "spoke to Freya's dad, he's going to bring the form friday, will check thursday",
            date(2026, 6, 11),
        ),
    ],
)
def test_the_follow_up_is_ours_not_what_the_parent_will_do(parse, text, follow_up_on):
    r = parse(text)
    assert r.follow_up_on == follow_up_on, (text, r.follow_up_on)
