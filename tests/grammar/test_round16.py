"""After round 16's holdout (bench/eval/ROUNDS.md): an adult's wish the child was never
born, a home found empty and a number dead during an absence, a parent out of it at the
door, no coat and the electric run out, gambling, nits only when they persist, a child's
play-marriage, "could eat a horse"; a hold on the floor, the farm, "tried mum ... no
answer". Our own wordings and roster (Ashgrove, conftest.build_season_roster), never the
evaluation lines."""

from __future__ import annotations

from tests.grammar.conftest import routed


def test_a_parent_who_wishes_the_child_never_born(parse_season):
    r = parse_season("honey said 'daddy says he wishes i was never born' at snack")
    assert routed(r, "emotional_abuse")


def test_gone_from_home_during_an_absence(parse_season):
    r = parse_season("rang about sky, 6 days off now, the flat is empty and the number is dead")
    assert routed(r, "missing_education")


def test_a_parent_out_of_it_at_the_door_and_a_baby_left_outside(parse_season):
    r = parse_season("kit's mum looked completely out of it at pick up, pupils like pin pricks")
    assert routed(r, "neglect")


def test_no_coat_and_the_electric_run_out(parse_season):
    r = parse_season("autumn doesnt have a coat, came in soaked, says the gas has run out at home")
    assert routed(r, "neglect") and r.kind == "safeguarding"


def test_gambling_on_a_parents_account(parse_season):
    r = parse_season("tomasz has been gambling on his uncle's phone at night and owes him")
    assert routed(r, "exploitation")


def test_nits_only_when_they_persist(parse_season):
    assert parse_season("maya has nits, nit letter going home to the class").concern is None
    assert routed(parse_season("maya has nits again, weeks now, sores from scratching"), "neglect")


def test_a_childs_play_marriage_and_a_figure_of_speech(parse_season):
    r = parse_season("honey says she will marry kit when she's grown up, so sweet")
    assert r.concern is None
    r = parse_season("maya elsa 30, so hungry before lunch she could eat a horse")
    assert r.concern is None


def test_a_hold_on_the_floor_the_farm_and_a_parent_not_reached(parse_season):
    r = parse_season(
        "b tomasz hit out at the farm, hold on the floor 2 mins by me, tried dad no answer"
    )
    assert r.physical_intervention and r.rpi.hold == "hold" and r.rpi.place == "farm"
    assert r.rpi.parents_informed is False and r.rpi.deescalation is None
