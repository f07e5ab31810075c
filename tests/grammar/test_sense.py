"""Sense checks (issue 11): impossible durations and partial groups are asked about."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("Kai zones 2000 mins", 2000),
        ("Kai zones 0 mins", 0),
        ("Kai zones -5 mins", -5),
        ("Kai zones 6 hours", 360),
    ],
)
def test_impossible_durations_are_not_stored(parse, text, minutes):
    r = parse(text)
    assert not r.ok and "duration" in r.needs
    assert r.duration_minutes == minutes  # as typed, never replaced
    assert r.usual_minutes == 15  # the plan's session length, offered as an answer


@pytest.mark.parametrize("text", ["Kai zones 45 mins", "Kai zones 10-15 mins", "Lily lego 90 mins"])
def test_sane_durations_pass(parse, text):
    assert parse(text).ok, text


def test_over_four_times_the_plan_and_over_90_minutes_is_asked(parse):
    assert not parse("Kai zones 95 mins").ok  # plan 15
    assert parse("Freya SALT 90 mins").ok  # plan 30: 3x


def test_partial_group(parse):
    r = parse("lego therapy Lily Kai Hattie 30 mins")
    assert not r.ok and r.needs == ["group"]
    assert [p.first_name for p in r.without_provision] == ["Kai", "Harriet"]


def test_duration_override_answers_the_question(parse):
    from handlers.grammar.result import ParseOverrides

    assert parse("Kai zones 2000 mins", overrides=ParseOverrides(duration_minutes=20)).ok
