"""After round 20's holdout (bench/eval/ROUNDS.md): sent abroad to stay, "everybody would
be happier if she wasnt here", tablets hidden and counted, eye drops stopped for prayer
and the clinic missed again, driving out a group and burning what is theirs; a parent
away for work and a bruised ego are nothing; "col sem" and "hab training". Our own
wordings and roster (Ashgrove, conftest.build_season_roster), never the evaluation
lines."""

from __future__ import annotations

import pytest

from handlers.grammar.parser import parse_message
from handlers.grammar.roster import Roster, RosterPupil
from tests.grammar.conftest import local, provision, routed


def test_sent_abroad_to_stay(parse_season):
    r = parse_season("maya says she wont be coming back after the trip to pakistan")
    assert routed(r, "missing_education") and r.kind == "safeguarding"
    assert routed(
        parse_season("chase is being sent to live with his uncle in ghana for good"),
        "missing_education",
    )


def test_better_off_without_them(parse_season):
    r = parse_season("autumn told me her family would be much happier if she wasnt around")
    assert routed(r, "self_harm")


def test_tablets_hidden_and_counted(parse_season):
    r = parse_season("tomasz has been taking his nans pills, says hes got 15 now")
    assert routed(r, "self_harm") and r.kind == "safeguarding"


def test_medicine_stopped_for_prayer_and_the_clinic_missed_again(parse_season):
    r = parse_season("kit's dad has stopped giving his inhaler, says prayer will cure him")
    assert routed(r, "neglect")
    r = parse_season("sky's eye appointment was missed again, mum not answering")
    assert routed(r, "neglect")


def test_driving_out_a_group(parse_season):
    r = parse_season("chase said the romanians on the estate should be chased out of town")
    assert routed(r, "radicalisation") and r.kind == "safeguarding"


@pytest.mark.parametrize(
    "text",
    [
        "tomasz mentoring 30, his dad is away on the rigs for three weeks, tomasz coping well",
        "chase social skills group 30, bruised pride after losing at uno",
    ],
)
def test_not_a_concern(parse_season, text):
    assert parse_season(text).concern is None


def test_everyday_names_of_provisions():
    p = provision
    roster = Roster(
        pupils=(
            RosterPupil(
                1, "P1", "Nell", "Cardew",
                provisions=(p(1, "Colourful Semantics", 20), p(2, "Habilitation training", 45)),
            ),
        )
    )  # fmt: skip
    now = local("2026-11-17T14:00")
    for text, name in (
        ("nell col sem 20", "Colourful Semantics"),
        ("nell hab training 45", "Habilitation training"),
    ):
        r = parse_message(text, roster=roster, now=now)
        assert r.ok and r.provision.name == name
