"""Time, round 2: a bare part of the day in the time slot, dates and
follow-ups read once names and provisions are known, backwards ranges asked."""

from __future__ import annotations

import pytest

from tests.grammar.conftest import local


@pytest.mark.parametrize(
    ("text", "hhmm"),
    [
        ("noah salt lunch 20m", "12:00"),
        ("oscar lexia reg 15 mins", "08:45"),
        ("leo teacch dinner 20m", "12:00"),
    ],
)
def test_bare_part_of_day_before_minutes(parse_words, text, hhmm):
    r = parse_words(text, now=local("2026-06-09T15:30"))
    assert r.occurred_at.strftime("%H:%M") == hhmm and r.time_precision == "part_of_day"


def test_packed_lunch_is_no_time(parse_words):
    r = parse_words("noah salt 20m, brought a packed lunch")
    assert r.time_precision == "none"


def test_will_before_a_range_is_the_pupil(parse_words):
    r = parse_words("will ot 2-2.30", now=local("2026-06-09T15:30"))
    assert [p.full_name for p in r.pupils] == ["William Price"]
    assert r.occurred_at.strftime("%H:%M") == "14:00" and r.duration_minutes == 30


@pytest.mark.parametrize("text", ["noah salt 3.15-3", "oscar lexia 10.40-10"])
def test_a_range_that_ends_before_it_starts_is_asked(parse_words, text):
    r = parse_words(text)
    assert not r.ok and any("ends before it starts" in p for p in r.problems)


def test_chase_before_a_weekday_is_a_follow_up(parse_words):
    r = parse_words("p emailed noahs dad re review, chase fri")
    assert [p.full_name for p in r.pupils] == ["Noah Clarke"]
    assert r.follow_up_on is not None
