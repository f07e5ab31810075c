"""Durations: units, words, bare numbers only where they mean minutes."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("tail", "minutes"),
    [
        ("20", 20),
        ("20m", 20),
        ("20 mins", 20),
        ("20min", 20),
        ("20 minutes", 20),
        ("for 20 minutes", 20),
        ("1hr", 60),
        ("1 hr", 60),
        ("1h", 60),
        ("1h15", 75),
        ("1hr 15", 75),
        ("1 hour 15 mins", 75),
        ("1 hour", 60),
        ("an hour", 60),
        ("half an hour", 30),
        ("half hour", 30),
        ("quarter of an hour", 15),
        ("an hour and a half", 90),
        ("1.5 hours", 90),
        ("90 minutes", 90),
        ("9:30-9:45", 15),  # from the time range
    ],
)
def test_duration_forms(parse, tail, minutes):
    r = parse(f"Kai zones {tail}")
    assert r.ok, r.problems
    assert r.duration_minutes == minutes
    assert r.notes == ""


def test_bare_number_after_pupil_in_group(parse):
    assert parse("SALT Freya Max 30").duration_minutes == 30


def test_bare_number_after_date(parse):
    assert parse("Freya phonics yesterday 20").duration_minutes == 20


@pytest.mark.parametrize(
    ("text", "notes"),
    [
        ("Kai zones great, calm in 5", "great, calm in 5"),
        ("Freya phonics read 15 words", "read 15 words"),
        ("Freya phonics got 8/10 right", "got 8/10 right"),
        ("Freya phonics read 7/9 sounds", "read 7/9 sounds"),
        ("Freya phonics wk4 good", "wk4 good"),
        ("Freya phonics score 5", "score 5"),
    ],
)
def test_numbers_that_are_not_durations(parse, text, notes):
    r = parse(text)
    assert r.duration_minutes is None
    assert r.notes == notes


def test_behaviour_numbers_stay_in_notes(parse):
    r = parse("behaviour: Kai threw chair in maths 10:40, used de-escalation script, calm in 5")
    assert r.duration_minutes is None
    assert r.notes == "threw chair in maths, used de-escalation script, calm in 5"
    r = parse("b Kai ran out of class, calm after 10 mins")
    assert r.duration_minutes is None
    assert r.notes == "ran out of class, calm after 10 mins"


def test_rpi_duration_is_the_hold(parse):
    r = parse(
        "RPI Max guided hold 2 mins 11:15 corridor, heading for gate. me + Mr Patel, no injuries"
    )
    assert r.hold_minutes == 2
    assert r.duration_minutes is None


def test_absurd_duration_is_questioned(parse):
    r = parse("Kai zones 900 mins")
    assert not r.ok
    assert "duration" in r.needs


@pytest.mark.parametrize(
    "text",
    [
        "Kai zones 15, times tables after",  # a comma: "times" counts nothing here
        "Kai zones 15 out on the yard",  # "out", not "out of"
        "Kai zones recap 15",  # one word on from the provision
    ],
)
def test_bare_minutes_after_the_provision(parse, text):
    assert parse(text).duration_minutes == 15


@pytest.mark.parametrize(
    "text",
    [
        "Freya phonics set 3",
        "Freya phonics level 4 sounds",
        "Freya phonics got 3 out of 5",
        "Freya phonics read 15 words",
    ],
)
def test_a_number_one_word_on_that_labels_or_counts(parse, text):
    assert parse(text).duration_minutes is None
