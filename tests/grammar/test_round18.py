"""After round 18's holdout (bench/eval/ROUNDS.md): money held by someone else, phones
and cash from older lads, a young carer up most nights, an adult's hand on a leg, held
down and filmed, a flat taken over, a row that breaks plates, aids left broken; a pupil
name never followed by \\b in the concern rules; the equipment's marks, fiction, topic
words; holds: class codes, "towards", the kitchen, "rang dad no answer". Our own
wordings and roster (Ashgrove, conftest.build_season_roster), never the evaluation
lines."""

from __future__ import annotations

import pytest

from tests.grammar.conftest import routed


@pytest.mark.parametrize(
    "text",
    [
        "autumn says her boyfriend takes her wages every friday and gives her a tenner back",
        "maya never gets any of her bursary, her cousin has her bank card",
    ],
)
def test_someone_else_holds_the_money(parse_season, text):
    assert routed(parse_season(text), "exploitation")


@pytest.mark.parametrize(
    "text",
    [
        "chase has had four new phones since half term, a lad from the flats gives him them to mind",
        "tomasz had £40 on him, says a lad off the estate pays him £20 a time",
    ],
)
def test_phones_and_cash_from_older_lads(parse_season, text):
    r = parse_season(text)
    assert routed(r, "exploitation") and r.kind == "safeguarding"


def test_a_young_carer_up_most_nights(parse_season):
    r = parse_season("sky says she is up most nights w/ her dad and does all the meds")
    assert routed(r, "neglect")


def test_an_adults_hand_on_a_leg(parse_season):
    r = parse_season("autumn said the minibus escort keeps putting his hand on her knee")
    assert routed(r, "sexual_abuse") and not r.rpi


def test_held_down_by_others_and_filmed_is_no_hold(parse_season):
    r = parse_season("some year 10 lads pinned chase down by the bins and were filming him")
    assert routed(r, "physical_abuse") and r.rpi is None and r.kind == "safeguarding"


def test_a_flat_taken_over(parse_season):
    r = parse_season("maya says some men have moved into her flat, people in and out at all hours")
    assert routed(r, "exploitation")


def test_a_row_that_breaks_plates_told_in_sign(parse_season):
    r = parse_season("winter signed to me that mummy screams and smashes cups")
    assert routed(r, "domestic_abuse") and r.kind == "safeguarding"


def test_aids_left_broken_and_the_clinic_missed_again(parse_season):
    r = parse_season("winter's hearing aids not working for 3 weeks, mum not replied to letters")
    assert routed(r, "neglect")
    r = parse_season("maya missed her audiology appt again, the 2nd this term, mum not answering")
    assert routed(r, "neglect") and r.kind == "safeguarding"  # the aid check is no session


def test_a_shared_clip_of_a_pupil_is_online_harm_not_sexual(parse_season):
    r = parse_season("b tomasz filmed chase crying and put it on his story")
    assert r.kind == "behaviour" and [p.first_name for p in r.pupils] == ["Tomasz"]
    assert routed(r, "online_harm") and "sexual_abuse" not in r.concern


def test_pushing_her_own_sleeves_up_is_no_incident(parse_season):
    r = parse_season("autumn pushed her sleeves up and there are new cuts on her arms")
    assert routed(r, "self_harm") and r.kind == "safeguarding"


@pytest.mark.parametrize(
    "text",
    [
        "maya radio aid check 10, red mark behind her ear from the processor magnet",
        "sky ot 30, red marks on her hands from the weighted bands",
        "tomasz mentoring 30, told me he watched a film about a killer shark, loved it",
        "chase social skills group 30, topic words: battle, weapon, invade, attack",
    ],
)
def test_not_a_concern(parse_season, text):
    assert parse_season(text).concern is None


def test_holds_class_codes_heading_and_no_answer(parse_season):
    r = parse_season(
        "b chase kicked the door outside 4M, guided hold by me 2 mins, rang mum 3pm no answer"
    )
    assert r.rpi.minutes == 2 and r.rpi.parents_informed is False
    r = parse_season("b tomasz threw a tray in 6R, escort by me 1 min")
    assert r.rpi.place == "6R"
    r = parse_season(
        "b sky ran towards the car park, single elbow escort back to the sensory room by me 3 mins"
    )
    assert r.rpi.place == "sensory room"
    r = parse_season("b chase threw a plate in the kitchen, guided out to the hall by me 2 mins")
    assert r.rpi.place.startswith("kitchen")
