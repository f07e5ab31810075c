"""Round 5 of issue 11: the classes of concern the round-4 holdout showed
missed (a provision word inside a worry, violence at home told inside a
session or a call, a family without a home or beds, talk of fighting a group
of people), each tested in wordings of our own on a roster of our own
(Ashcombe Vale School, fictional), with ordinary messages using the same
words that stay unrouted."""

from __future__ import annotations

import pytest

from handlers.grammar.parser import parse_message
from handlers.grammar.roster import Roster, RosterProvision, RosterPupil
from tests.grammar.conftest import NOW, provision


def _prov(pid: int, name: str, minutes: int = 20) -> RosterProvision:
    return provision(pid, name, minutes, area="Sensory and/or physical", per_week=1)


ASHCOMBE = Roster(
    pupils=(
        RosterPupil(1, "A1", "Maisie", "Corrigan", provisions=(_prov(1, "Deaf studies group", 30), _prov(2, "Teacher of the Deaf visit", 40))),
        RosterPupil(2, "A2", "Tobias", "Grant", provisions=(_prov(3, "Visual impairment support", 30), _prov(4, "Mobility training", 20))),
        RosterPupil(3, "A3", "Priya", "Lal", provisions=(_prov(5, "AAC device practice", 20), _prov(6, "SALT", 30))),
        RosterPupil(4, "A4", "Darius", "Okafor", provisions=(_prov(7, "Mentoring", 30), _prov(8, "ELSA", 30))),
        RosterPupil(5, "A5", "Lily", "Pearce", provisions=(_prov(9, "Nurture group", 45),)),
    )
)  # fmt: skip


def parse(text):
    return parse_message(text, roster=ASHCOMBE, now=NOW)


CONCERNS = {
    "provision_word_in_a_worry": [
        "Maisie said an older man she talks to on a deaf gaming app wants her to facetime him in her bedroom",
        "Darius told me a guy he met on a mentoring chat site keeps asking him to go on camera when he's alone",
        "Maisie signed that mum hides her hearing aids when she's been naughty",
        "Tobias said his stepdad took his glasses away for a week as a punishment",
        "Priya's uncle takes her AAC device off her when she is bad so she can't talk",
    ],
    "violence_at_home_in_a_session": [
        "Priya SALT 30 mins, she said her stepdad had his hands around her mum's throat",
        "Darius mentoring 30 mins, said his dad choked his mum on saturday",
        "rang Lily's dad about her reading book, he said they moved out because mum's partner was violent",
        "Lily nurture group 45 mins, mentioned her mum's boyfriend gets abusive when he's been drinking",
    ],
    "no_home_or_beds": [
        "spoke to Tobias's mum at drop off, they've been evicted and are sofa surfing at her friend's",
        "Lily's dad said they've been sleeping in the car since friday",
        "Darius ELSA 30 mins, said the family are homeless and in temporary accommodation",
        "Maisie's mum said they don't have any beds in the new flat",
    ],
    "fighting_a_group": [
        "Darius keeps going on about joining some lads who are going to sort out the immigrants in town",
        "b Darius shouting in the corridor that he'll attack the muslims, watching videos about it at home",
        "Tobias says his brother is in a group that wants a war against the refugees and shows him videos",
    ],
}

ORDINARY = [
    "Maisie deaf studies group 30 mins, video call with a deaf author, great questions",
    "Maisie teacher of the deaf visit 40 mins, hearing aids checked and retuned",
    "Tobias mobility training 20 mins, took his glasses off to clean them",
    "Lily's mum rang, they are staying at the youth hostel on the year 6 residential",
    "Priya AAC device practice 20 mins, chose 'more' and 'bubbles' independently",
    "Darius mentoring 30 mins, talked about a video on the history of immigrants in the city",
    "Lily nurture group 45 mins, played a board game, lovely turn taking",
    "Tobias's dad said he facetimed his nan on her birthday",
]


@pytest.mark.parametrize(
    "text", [t for texts in CONCERNS.values() for t in texts], ids=lambda t: t[:40]
)
def test_each_class_is_routed(text):
    r = parse(text)
    assert r.concern, (r.kind, r.problems)
    assert r.kind is not None


@pytest.mark.parametrize(
    ("cls", "categories"),
    [
        ("provision_word_in_a_worry", {"online_harm", "emotional_abuse", "neglect"}),
        ("violence_at_home_in_a_session", {"domestic_abuse"}),
        ("no_home_or_beds", {"neglect"}),
        ("fighting_a_group", {"radicalisation"}),
    ],
)
def test_each_class_names_its_category(cls, categories):
    for text in CONCERNS[cls]:
        assert categories & set(parse(text).concern or []), text


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_messages_with_the_same_words_stay_unrouted(text):
    assert parse(text).concern is None, parse(text).safeguarding_flags


@pytest.mark.parametrize(
    "text",
    [
        "Maisie said a man she met on a deaf chat app wants her to video call with the camera on",
        "Maisie signed that dad takes her hearing aids off her for days when she's naughty",
    ],
)
def test_a_provision_word_never_makes_a_worry_a_session(text):
    # "deaf" and "aids" are words of Maisie's provisions: the worry is the record.
    r = parse(text)
    assert r.concern, r.problems
    assert r.kind == "safeguarding"


def test_violence_told_in_a_session_keeps_the_session_and_routes():
    r = parse("Priya SALT 30 mins, said her dad put his hands round her mum's neck last night")
    assert r.kind == "session" and r.duration_minutes == 30
    assert r.concern and "domestic_abuse" in r.concern


def test_violence_told_in_a_call_keeps_the_contact_and_routes():
    r = parse(
        "rang Lily's mum about lates, she said they're at her sister's because his dad was violent"
    )
    assert r.kind == "parent_contact"
    assert r.concern and "domestic_abuse" in r.concern


def test_talk_of_fighting_a_group_is_routed_though_it_reads_like_behaviour():
    r = parse("Darius keeps talking about joining a group that will fight the foreigners")
    assert r.concern and "radicalisation" in r.concern
    assert r.kind == "safeguarding"
