"""After round 7's holdout (bench/eval/ROUNDS.md): a forced marriage arranged in other
words, readying for a fight in a cause, a written plan to overdose, a threat to jump,
sexual harassment by peers; holds by "guided to" and "held back by"; a child who won't go
home is no misbehaviour; a passive "tripped by"; a wish is no follow-up; a mark on staff
is not the child's. Our own wordings and roster, never the evaluation lines."""

from __future__ import annotations

import pytest


def names(people):
    return [p.full_name for p in people]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "Freya said her uncle has chosen her a husband and she is going in the summer",
            "forced_marriage",
        ),
        (
            "Kai says his parents have found him a wife and he meets her in the holidays",
            "forced_marriage",
        ),
        (
            "Kai said a man online told him they must prepare for war against the unbelievers",
            "radicalisation",
        ),
        ("Freya says her cousin's group are getting ready to fight for our race", "radicalisation"),
        (
            "Kai said an older boy at the park says school is haram and he should stop coming",
            "radicalisation",
        ),
        (
            "Freya wrote in her diary she is planning to take all of dad's pills tonight",
            "self_harm",
        ),
        ("Kai threatened to jump off the balcony on the top corridor", "self_harm"),
        ("Freya says the year 6 boys keep touching her bottom at break", "sexual_abuse"),
        ("Kai told me he gets groped on the school bus", "sexual_abuse"),
        ("Freya said the lads told her she was asking for it", "sexual_abuse"),
    ],
)
def test_new_concern_classes_are_routed(parse, text, category):
    r = parse(text)
    assert r.concern is not None and category in r.concern, (r.kind, r.concern)


@pytest.mark.parametrize(
    "text",
    [
        "Kai boxing club after school, says they are getting ready for the fight on saturday",
        "Freya forgot to take her tablets at lunch so the office rang mum",
        "b Kai grabbed her chest strap on the climbing wall and pulled",
        "b Kai threatened to jump on Harry in the queue",
    ],
)
def test_their_ordinary_neighbours_are_not_concerns(parse, text):
    r = parse(text)
    assert r.concern is None, (r.concern, r.safeguarding_flags)


def test_a_bite_mark_on_staff_is_not_the_childs_injury(parse):
    assert (
        parse("b Kai bit my arm during the escort, bite mark on staff, skin not broken").concern
        is None
    )
    assert parse("Kai has bite marks on his arm he won't explain").concern is not None


def test_not_wanting_to_go_home_is_a_worry_not_misbehaviour(parse):
    r = parse("Freya crying at 3, wouldn't go home, says mum's boyfriend shouts at her all night")
    assert r.kind == "safeguarding"
    r = parse("Kai smelly again and same jumper all week, the others won't sit with him")
    assert r.kind == "safeguarding" and "neglect" in (r.concern or [])
    assert parse("b Kai wouldn't go back to class after lunch").kind == "behaviour"


def test_a_passive_trip_makes_the_one_who_tripped_the_subject(parse):
    r = parse("Harry got tripped up by Kai in the dinner hall")
    assert r.kind == "behaviour"
    assert names(r.pupils) == ["Kai Robinson"] and names(r.involved) == ["Harry Wright"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "b Kai guided to the quiet room by me and Beth 2 mins after throwing chairs",
            "quiet room",
        ),
        ("b Kai held back by two staff 1 min at the gate, no injuries", "gate"),
        ("b Kai single elbow escort to the base 1 min", "base"),
        ("b Kai seated hold in the unit 3 mins", "unit"),
        ("b Kai seated hold in the hub sensory room 3 mins", "sensory room"),
        ("b Kai guided to the calm corner 1 min by me", "calm corner"),
    ],
)
def test_holds_by_their_usual_words_and_the_place(parse, text, place):
    r = parse(text)
    assert r.physical_intervention, text
    assert r.place == place


def test_guided_to_an_answer_is_no_hold(parse):
    assert not parse(
        "Harry reading intervention 15 mins, guided to the right answer"
    ).physical_intervention


def test_a_wish_to_do_it_again_is_what_was_said_not_a_follow_up(parse):
    r = parse("Kai ELSA 45 mins, said he wants to do it again next week")
    assert r.kind == "session" and r.follow_up_on is None
    assert parse("Kai ELSA 45 mins, will do it again next week").follow_up_requested


def test_who_called_a_session_off_is_its_reason(parse):
    r = parse("Freya SALT didn't happen, therapist postponed")
    assert r.status == "missed" and "therapist postponed" in (r.missed_reason or "")
    assert parse("Freya absent, no SALT").missed_reason == "absent"


def test_restrained_names_the_hold(parse):
    r = parse("b Kai restrained on the floor by two staff 3 mins in the hall")
    assert r.physical_intervention and "restrain" in (r.hold_type or "")
