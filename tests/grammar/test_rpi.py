"""Restrictive physical intervention (issue 11): holds by their usual names,
negation, and the statutory details typed, with what is missing."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text",
    [
        "b Kai single elbow escort back to class",
        "b Max T-wrap hold 5 mins",
        "b Kai team teach seated hold 2 mins",
        "b Max double elbow to the calm room",
        "b Kai MAPA hold 1 min",
        "b Max restrained by 2 staff",
        "b Kai guided by the arm back to class",
        "b Max physically moved away from the window",
        "b Kai held in a seated wrap for 6 mins",
        "b Max kicked out at staff, held in a wrap 2 mins",
        "b Kai wrap 3 mins in the hall, me + Priya",
        "b Max held by both arms 30 seconds to stop him climbing the fence",
    ],
)
def test_holds_by_their_usual_names(parse, text):
    r = parse(text)
    assert r.kind == "behaviour" and r.physical_intervention, text
    assert r.rpi is not None


@pytest.mark.parametrize(
    "text",
    [
        "b Kai hitting out, no physical intervention needed",
        "b Kai no RPI used, calmed with zones",
        "b Max upset, didn't need to hold",
        "b Kai held his hand to cross the road",
        "b Max hands off approach, talked down",
        "b Kai threw his chicken wrap at a peer at lunch",
        "b Max refused to wrap up warm for break, shouted at staff",
    ],
)
def test_negation_and_ordinary_uses(parse, text):
    r = parse(text)
    assert not r.physical_intervention, text
    assert r.rpi is None


def test_statutory_details_typed_are_extracted(parse):
    r = parse(
        "b Max ran at the gate 11:15, single elbow escort back in by me + Mr Patel 3 mins, "
        "tried distraction first, no injuries, parents informed 3pm"
    )
    rpi = r.to_contract()["rpi"]
    assert rpi["hold"] == "single elbow escort"
    assert rpi["minutes"] == 3
    assert rpi["staff"] == "me + Mr Patel"
    assert rpi["place"] == "gate"
    assert rpi["deescalation"] == "tried distraction first"
    assert rpi["injuries"] == "no injuries"
    assert rpi["parents_informed"] is True
    assert rpi["parents_informed_at"] == "2026-06-09T15:00:00+01:00"
    assert rpi["missing"] == ["antecedent", "reason", "support"]
    assert r.occurred_at.isoformat() == "2026-06-09T11:15:00+01:00"  # not the 3pm


def test_parents_not_yet_told(parse):
    r = parse("b Kai team teach guide to the quiet room, 1 min, parents not informed yet")
    assert r.rpi.parents_informed is False and "parents_informed" in r.rpi.missing
    assert r.rpi.place == "quiet room"  # where he was taken, when nothing else says where


@pytest.mark.parametrize(
    "text",
    [
        "b Freya seated hold 3 mins in the hall, dad rang no answer",
        "b Kai RPI guide 2 mins by the gate, no injuries, not yet informed",
        "b Kai escort to the quiet room 1 min, called mum - went to voicemail",
    ],
)
def test_parents_tried_or_not_yet_reached_are_not_informed(parse, text):
    r = parse(text)
    assert r.rpi is not None and r.rpi.parents_informed is False, (text, r.rpi)


def test_lower_case_colleague_names(parse):
    assert parse("b Kai seated hold by femi and me 2 mins").rpi.staff == "femi and me"
    assert parse("b Kai seated hold by me and marcus 2 mins").rpi.staff == "me and marcus"


def test_a_contact_about_an_rpi_is_a_contact(parse):
    r = parse("sent letter home to Kai's parents re the RPI on tues")
    assert r.kind == "parent_contact" and r.contact_method == "letter"
    assert not r.physical_intervention


def test_the_wrap_by_its_own_name_is_the_hold(parse):
    r = parse("b Max kicked out at staff, held in a wrap 2 mins in the corridor")
    assert r.rpi is not None and r.rpi.hold == "wrap" and r.rpi.minutes == 2
