"""After round 10's holdout (bench/eval/ROUNDS.md): food saved for home, a parent who
can't talk while someone is in, a child's own "I fell" with doubt, harm to a child's arm
by a parent's partner, clothes and shoes that let the weather in, lines on a wrist, a
people "taking over", and word-names for clothes, food and games. Our own wordings and roster
(Ashgrove, conftest.build_season_roster), never the evaluation lines."""

from __future__ import annotations

from tests.grammar.conftest import routed


def names(people):
    return [p.full_name for p in people]


# -- concerns --------------------------------------------------------------------------------


def test_food_saved_to_take_home_or_nothing_at_home_is_neglect(parse_season):
    r = parse_season(
        "maya wrapped her toast in a napkin and put it in her coat pocket for her little brother"
    )
    assert routed(r, "neglect") and r.kind == "safeguarding"
    r = parse_season("Tomasz had thirds at lunch, says theres nothing in at home till friday")
    assert routed(r, "neglect")
    # food in a bag for a trip, or nothing at home to report, is nothing
    assert parse_season("maya put her snack in her bag for the trip").concern is None
    assert parse_season("rang Tomasz's mum, nothing to report from home").concern is None


def test_a_parent_who_cannot_talk_while_someone_is_there_is_domestic_abuse(parse_season):
    r = parse_season(
        "phoned maya's mum about the trip, she said quietly she cant speak while he is home "
        "and hung up"
    )
    assert routed(r, "domestic_abuse")
    r = parse_season("rang Tomasz's dad, he cant talk now because hes driving, will ring back")
    assert r.concern is None


def test_a_childs_own_account_in_the_first_person_does_not_explain_a_mark(parse_season):
    r = parse_season(
        "maya has a bruise under her eye, told me 'i walked into a door' and kept looking at the floor"
    )
    assert routed(r, "physical_abuse") and r.kind == "safeguarding"
    r = parse_season("Tomasz bruised knee, i saw him trip on the step at break, ice pack given")
    assert r.concern is None


def test_a_parents_partner_pinching_or_grabbing_the_childs_arm_is_harm(parse_season):
    r = parse_season("Autumn said her stepdad pinched her leg hard because she spilt her drink")
    assert routed(r, "physical_abuse") and r.kind == "safeguarding"
    r = parse_season("maya told me mums partner grabbed her wrist and twisted it")
    assert r.concern is not None and r.kind == "safeguarding"
    # the adult's own body stays theirs
    r = parse_season("autumns mum hurt her back at work so nan is collecting her this week")
    assert r.concern is None


def test_clothes_and_shoes_that_let_the_weather_in_are_neglect(parse_season):
    r = parse_season(
        "Maya came in with no winter coat again and her trainers have holes in the soles"
    )
    assert routed(r, "neglect") and names(r.pupils) == ["Maya Lindqvist"]
    r = parse_season("Tomasz no warm coat in the sleet, shoes split at the side")
    assert routed(r, "neglect")


def test_lines_or_cuts_on_a_wrist_or_forearm_are_self_harm(parse_season):
    r = parse_season(
        "noticed faint lines up autumns forearm when she rolled her sleeves in PE, some new"
    )
    assert routed(r, "self_harm") and r.kind == "safeguarding"
    r = parse_season(
        "Maya ELSA 30 mins, saw scratches across her wrist when she took her jumper off"
    )
    assert routed(r, "self_harm")
    # lines drawn on paper are lines
    assert parse_season("Tomasz handwriting - lines on the sheet were too close").concern is None


def test_a_people_taking_over_and_a_call_to_fight_back_is_radicalisation(parse_season):
    r = parse_season(
        "Tomasz showing the others a clip of a man saying immigrants are taking over the country "
        "and we have to fight back"
    )
    assert routed(r, "radicalisation") and r.kind == "safeguarding"
    r = parse_season("tomasz keeps saying the muslims are invading and someone should fight them")
    assert routed(r, "radicalisation")


# -- word-names ------------------------------------------------------------------------------


def test_a_word_name_inside_a_clothing_food_or_game_phrase_is_the_word(parse_season):
    r = parse_season("maya elsa 30 - we made honey biscuits and talked about worries")
    assert names(r.pupils) == ["Maya Lindqvist"] and r.ok
    r = parse_season("b tomasz pushed a year 2 over while they played chase on the field")
    assert names(r.pupils) == ["Tomasz Wilk"] and r.involved == []
    r = parse_season("Maya needs her winter boots for forest walk, letter home")
    assert names(r.pupils) == ["Maya Lindqvist"]
    # the name beside ordinary words stays the pupil
    assert names(parse_season("honey elsa 30").pupils) == ["Honey Marsh"]
    assert names(parse_season("chase social skills 30 mins").pupils) == ["Chase Adeyemi"]
    r = parse_season("b tomasz pushed chase over on the field")
    assert names(r.involved) == ["Chase Adeyemi"]
