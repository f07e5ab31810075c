"""Provisions: matched among the pupil's plan, abbreviations, typos, and the questions."""

from __future__ import annotations

import pytest

from handlers.grammar.result import ParseOverrides


@pytest.mark.parametrize(
    ("text", "provision"),
    [
        ("Kai zones 15", "Zones of Regulation"),
        ("Kai zones of reg 15", "Zones of Regulation"),
        ("Kai zor 15", "Zones of Regulation"),
        ("Kai zones of regluation 15", "Zones of Regulation"),
        ("Ethan fine motor 15", "Fine motor skills"),
        ("Ethan motor skills 15", "Fine motor skills"),
        ("Ethan fine motr skills 15", "Fine motor skills"),
        ("Gracie pt 10", "Precision teaching"),
        ("Gracie precision 10", "Precision teaching"),
        ("Gracie precison teaching 10", "Precision teaching"),
        ("Gracie drawing & talking 30", "Drawing and Talking"),
        ("Max salt 45", "SALT"),
        ("Max speech and language 45", "SALT"),
        ("Aarav bucket time 20", "Attention Autism"),
        ("Aarav sensory circuit 10", "Sensory circuits"),
        ("Aarav circuits 10", "Sensory circuits"),
        ("Isla ii 15", "Intensive interaction"),
        ("Hattie social skills 30", "Social skills group"),
        ("Harry reading 15", "Reading intervention"),
        ("Lily emile 20", "Emile maths"),
        ("Freya phonic 20", "Phonics"),
        ("Freya phoncis 20", "Phonics"),
    ],
)
def test_provision_forms(parse, text, provision):
    r = parse(text)
    assert r.ok, r.problems
    assert r.kind == "session"
    assert r.provision is not None and r.provision.name == provision
    assert r.notes == ""


def test_other_roster_aliases(parse_other):
    assert parse_other("chloe mae salt 30").provision.name == "Speech and language therapy"
    assert parse_other("Sam B OT 30").candidates  # still asks which Sam
    assert parse_other("Sam Brown ot 30").provision.name == "Occupational therapy"
    assert parse_other("Will 5 minute box 5").provision.name == "Five minute box"
    assert parse_other("ava emotion coach 20").provision.name == "Emotion coaching"


def test_group_uses_the_matching_pupils_provision(parse):
    r = parse("SALT Max Freya 30 mins")
    assert r.ok, r.problems
    assert r.provision.name == "SALT"
    assert r.provision.id == 13  # Max's record: the first pupil named


def test_group_where_a_plan_lacks_the_provision_is_not_stored_in_part(parse):
    # Issue 11: this used to store Lego therapy for Kai and Hattie too, whose
    # plans do not have it.
    r = parse("lego therapy Lily Kai Hattie 30 mins")
    assert not r.ok and "group" in r.needs
    assert [p.full_name for p in r.without_provision] == ["Kai Robinson", "Harriet Wood"]
    assert "isn't on Kai Robinson and Hattie Wood's plan" in r.problems[0]
    assert r.to_contract()["provision"] == "Lego therapy"


def test_session_without_provision_asks(parse):
    r = parse("session Freya 20 mins")
    assert not r.ok
    assert r.problems == [
        "Which provision was this session? Freya Jones's plan has: Phonics, SALT."
    ]
    assert [p.name for p in r.provision_options] == ["Phonics", "SALT"]
    assert "provision" in r.needs


def test_provision_not_on_plan(parse):
    r = parse("Kai phonics 20")
    assert not r.ok
    assert r.provision is None
    assert r.problems[0].startswith("'phonics' isn't on Kai Robinson's plan")
    assert "Zones of Regulation, ELSA" in r.problems[0]


def test_generic_words_do_not_match(parse):
    r = parse("b Lily threw a chair in maths")
    assert r.kind == "behaviour"
    assert r.provision is None
    assert r.notes == "threw a chair in maths"


def test_no_duration_is_not_a_problem(parse):
    r = parse("Freya phonics good focus")
    assert r.ok, r.problems
    assert r.duration_minutes is None


def test_override_provision(parse):
    r = parse("session Freya 20 mins", overrides=ParseOverrides(provision_id=2))
    assert r.ok, r.problems
    assert r.provision.name == "SALT"


def test_override_duration_and_kind(parse):
    r = parse("Freya phonics", overrides=ParseOverrides(duration_minutes=25, kind="session"))
    assert r.duration_minutes == 25 and r.kind == "session"
