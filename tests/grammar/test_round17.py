"""After round 17's holdout (bench/eval/ROUNDS.md): self-injury that is new or hard, a
child left home alone or not collected, calories counted, still not back weeks after
leaving, a picture of a child changing shared, not feeling safe at home; lines from
splints; a colleague named after a titled one, the park. Our own wordings and roster
(Ashgrove, conftest.build_season_roster), never the evaluation lines."""

from __future__ import annotations

from tests.grammar.conftest import routed


def test_self_injury_that_is_new_or_hard(parse_season):
    r = parse_season("kit has started biting his own hands at snack, first time we've seen it")
    assert routed(r, "self_harm") and r.kind == "safeguarding"
    r = parse_season("sky pinching her own arms till they bruise, saying sky bad")
    assert routed(r, "self_harm")


def test_left_home_alone_or_not_collected(parse_season):
    assert routed(
        parse_season("nobody collected maya from club at 5.30, tried both numbers"), "neglect"
    )
    r = parse_season("maya says she stays at home on her own when mum works nights")
    assert routed(r, "neglect")


def test_calories_counted_and_so_thin_now(parse_season):
    r = parse_season("autumn so thin now, told me she has 400 calories a day at most")
    assert routed(r, "self_harm")


def test_still_not_back_weeks_after_leaving(parse_season):
    r = parse_season("chase still not back, they went to ghana for a wedding 6 weeks ago")
    assert routed(r, "missing_education")


def test_a_picture_of_a_child_changing_shared(parse_season):
    r = parse_season(
        "someone shared a pic of honey getting changed after swimming round the whole class"
    )
    assert routed(r, "sexual_abuse")


def test_not_feeling_safe_at_home(parse_season):
    r = parse_season(
        "tomasz mentoring 30 mins, says he doesnt feel safe at home when his uncle visits"
    )
    assert r.concern is not None and r.kind == "session"


def test_lines_from_splints_are_the_equipments(parse_season):
    r = parse_season("kit hydro 30, red lines on his wrists from the splint straps, loosened them")
    assert r.concern is None and r.ok


def test_a_colleague_after_a_titled_one_and_the_park(parse_season):
    r = parse_season("b tomasz ran off, escorted back from the park by mr hale and carly 5 mins")
    assert r.rpi.staff == "mr hale and carly" and r.rpi.place == "park"
