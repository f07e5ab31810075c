"""After round 19's holdout (bench/eval/ROUNDS.md): a point dug into the skin, hunger
seen in school (food kept "for later", the same clothes all week), not caring whether
they die; holds: "about a min", colleagues from the staff list named before what they
did, the stables and food tech; "horse therapy" and "cooking"; "hope she ..." is a
wish. Our own wordings and rosters, never the evaluation lines."""

from __future__ import annotations

import pytest

from handlers.grammar.parser import parse_message
from handlers.grammar.roster import Roster, RosterPupil
from tests.grammar.conftest import local, provision, routed


def test_a_point_dug_into_the_skin(parse_season):
    r = parse_season("sky keeps pressing the tip of a compass into her arm in maths")
    assert routed(r, "self_harm") and r.kind == "safeguarding"


def test_hunger_seen_in_school(parse_season):
    r = parse_season("tomasz ate his lunch fast and hid the rest in his bag for later")
    assert routed(r, "neglect") and r.kind == "safeguarding"
    assert routed(parse_season("chase had the same trousers on for three days"), "neglect")


def test_not_caring_whether_they_die_inside_an_incident(parse_season):
    r = parse_season("b chase kicked the bin over then said he wouldnt care if he died")
    assert routed(r, "self_harm") and r.kind == "behaviour"


NOW = local("2026-11-17T14:00")


def _roster() -> Roster:
    p = provision
    return Roster(
        pupils=(
            RosterPupil(1, "P1", "Reuben", "Stott", provisions=(p(1, "Equine therapy", 60),)),
            RosterPupil(2, "P2", "Iona", "Marsh", provisions=(p(2, "Life skills cookery", 45),)),
        ),
        staff_names=("Dariusz Nowak", "Precious Obi", "Fern Hale"),
    )


def parse(text: str):
    return parse_message(text, roster=_roster(), now=NOW)


def test_colleagues_named_before_what_they_did():
    r = parse("b reuben bolted at the gate, dariusz used a single elbow to bring him in 2 mins")
    assert r.rpi.staff == "dariusz"
    r = parse("b iona ran off, precious and fern brought her back with a guide, 4 mins")
    assert r.rpi.staff == "precious and fern"
    # a colleague only hurt is not one who held
    r = parse("b reuben bit fern on the hand, guided hold 2 mins")
    assert r.rpi.staff is None


def test_about_a_minute_and_the_stables():
    r = parse("b reuben kicked out at the stables, held by me for about a min")
    assert r.rpi.minutes == 1 and r.rpi.place == "stables"
    r = parse("b iona threw a pan in food tech, guided hold by me a couple of minutes")
    assert r.rpi.minutes == 2 and r.rpi.place == "food tech"


@pytest.mark.parametrize(
    ("text", "provision"),
    [
        ("reuben horse therapy 60", "Equine therapy"),
        ("cooking w iona 45 mins", "Life skills cookery"),
    ],
)
def test_everyday_names_of_provisions(text, provision):
    r = parse(text)
    assert r.ok and r.provision.name == provision


def test_a_hope_is_not_the_records_date():
    r = parse("iona cookery 45, hope she brings her recipe next wk")
    assert r.ok and r.occurred_at.date() == NOW.date()
