"""After round 8's holdout (bench/eval/ROUNDS.md): a carer the child could not wake, the
one hit who hits back is a doer too, and an adult at home doing it is no incident of the
child's. Our own wordings and roster, never the evaluation lines."""

from __future__ import annotations


def names(people):
    return [p.full_name for p in people]


def test_a_carer_the_child_could_not_wake_is_neglect(parse):
    r = parse(
        "Freya phonics 20 mins, told me dad was lying on the kitchen floor and she couldnt wake him"
    )
    assert r.kind == "session" and "neglect" in (r.concern or [])
    assert parse("Kai said his mum passed out on the stairs last night").concern is not None
    assert parse("Kai zones 15, sleepy, couldn't wake up properly").concern is None


def test_the_one_hit_who_hits_back_is_a_subject_too(parse):
    r = parse("b Kai took Harry's pencil case, then Harry kicked him")
    assert names(r.pupils) == ["Kai Robinson", "Harry Wright"] and r.involved == []
    r = parse("b Kai took Harry's pencil case and Harry cried")
    assert names(r.pupils) == ["Kai Robinson"] and names(r.involved) == ["Harry Wright"]


def test_an_adult_at_home_doing_it_is_a_worry_not_an_incident(parse):
    r = parse("Freya won't go home as her mum's boyfriend kicks the doors and punches walls")
    assert r.kind == "safeguarding"
    assert parse("b Kai smashed a plate at lunch after mum rang").kind == "behaviour"
