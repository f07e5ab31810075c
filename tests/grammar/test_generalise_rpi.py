"""RPI, round 2: holds told by what was done ("held his arms", "guided back",
"with a guide"), "RPI" opening the message as its kind, and a hold that is
the record even when the message also says a parent was phoned."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text",
    [
        "b noah fighting at break, two staff held his arms to part them, 1 min",
        "b leo held by the wrists by mr holt for 30 seconds to stop him hitting",
        "b josh bolted to the gate, guided back in by miss cole, under a minute",
        "b oscar brought back from the car park with a guide, 2 mins",
        "b teddy climbing the fence, miss ray guided him down, 1 min, no injuries",
    ],
)
def test_holds_by_what_was_done(parse_words, text):
    r = parse_words(text)
    assert r.kind == "behaviour" and r.physical_intervention, r.problems
    assert r.rpi is not None


@pytest.mark.parametrize(
    "text",
    [
        "b noah held his hand walking back to class",
        "leo teacch 20 mins, guided reading after",
        "b josh ran off, came back when asked, no hold needed",
    ],
)
def test_ordinary_uses_are_not_holds(parse_words, text):
    r = parse_words(text)
    assert not r.physical_intervention


def test_rpi_opening_is_a_behaviour_record_kept_in_notes(parse_words):
    r = parse_words("RPI noah seated hold in the dining hall 4 mins, mum phoned 3.15pm")
    assert r.kind == "behaviour" and r.physical_intervention
    assert r.rpi.parents_informed is True
    assert r.notes.lower().startswith("rpi")


def test_a_hold_with_a_concern_and_a_phone_call_is_the_incident(parse_words):
    r = parse_words(
        "noah seated hold in the kitchen 5 mins after he pulled a knife out of his bag, dad phoned"
    )
    assert r.kind == "behaviour" and r.concern
