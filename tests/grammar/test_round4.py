"""Round 4 of issue 11: the classes of concern the round-3 holdout showed
missed (honour-based control, long stays abroad, distress told through AAC,
an adult drunk at collection, care the family cannot afford, a gesture at the
body, fear of a particular adult, a conviction for harming children, a coached
story), each tested in wordings of our own on a roster of our own (Kingsmead
School, fictional), with ordinary messages using the same words that stay
unrouted."""

from __future__ import annotations

import pytest

from handlers.grammar.parser import parse_message
from handlers.grammar.roster import Roster, RosterProvision, RosterPupil
from tests.grammar.conftest import NOW, provision


def _prov(pid: int, name: str, minutes: int = 20) -> RosterProvision:
    return provision(pid, name, minutes, area="Communication and interaction", per_week=2)


KINGSMEAD = Roster(
    pupils=(
        RosterPupil(1, "K1", "Noor", "Hussain", provisions=(_prov(1, "Counselling", 40), _prov(2, "ELSA", 30))),
        RosterPupil(2, "K2", "Tilly", "Marsh", provisions=(_prov(3, "Communication board", 20), _prov(4, "PECS", 15))),
        RosterPupil(3, "K3", "Reggie", "Dawson", provisions=(_prov(5, "Eye gaze", 20), _prov(6, "Makaton", 15))),
        RosterPupil(4, "K4", "Hamza", "Qureshi", provisions=(_prov(7, "Lexia", 30),)),
        RosterPupil(5, "K5", "Ellie", "Brookes", provisions=(_prov(8, "Rebound therapy", 30), _prov(9, "Tube feeding plan", 10))),
        RosterPupil(6, "K6", "Alfie", "Stone", provisions=(_prov(10, "Sensory circuit", 15),)),
    )
)  # fmt: skip


def parse(text):
    return parse_message(text, roster=KINGSMEAD, now=NOW)


CONCERNS = {
    "honour": [
        "Noor counselling 40 mins, said her uncle goes through her phone and she'll be sent to Pakistan if she's caught talking to boys",
        "Noor said her dad reads all her messages and she'll get taken out of school if she's seen with a boy",
        "Noor ELSA 30 mins, she's not allowed to talk to boys or her brothers will tell her dad and she'll be sent back home",
    ],
    "abroad": [
        "rang Hamza's mum, the family are going to Nigeria for 4 months and she'll home school him while they're away",
        "Hamza's dad says they're flying back to Poland for the rest of the term",
        "Hamza's family are off abroad for a couple of months, mum said she'll teach him at home",
    ],
    "aac": [
        "Tilly communication board 20 mins, she kept pointing to 'hurt' and 'mummy' and cried",
        "Reggie eye gaze 20 mins, kept selecting 'scared' and 'dad' again and again",
        "Reggie signed 'no' and 'uncle' over and over and was very upset",
    ],
    "drunk_at_collection": [
        "Alfie's mum came to collect him and she was clearly drunk, we called his dad instead",
        "Alfie's dad was slurring and smelled of alcohol at pick up",
        "Tilly's uncle turned up at the gate to collect her stoned",
    ],
    "cannot_afford": [
        "rang Ellie's dad about her pump feeds, he said they've been rationing them because they can't afford the electric",
        "Hamza's mum said she can't afford his medication this month so he's gone without",
        "Ellie's mum said she's been watering down the formula",
    ],
    "gesture": [
        "b Tilly pointed at her bottom and said 'daddy hurt'",
        "Reggie touched between his legs and signed 'sore' and 'man'",
    ],
    "fear_of_an_adult": [
        "Tilly shakes and hides behind me whenever her stepdad comes to pick her up",
        "Alfie starts screaming and clinging to the door when his uncle arrives",
        "Ellie freezes every time a man walks into the classroom",
        "Tilly's mum said her new partner collects her on Fridays now, Tilly cries and won't let go of me when she sees him",
    ],
    "conviction": [
        "Alfie's mum told me her new partner has a conviction for assaulting a child",
        "Hamza's dad is a schedule 1 offender and has moved back in",
        "Reggie's mum said her boyfriend was in prison for hurting a baby",
    ],
    "coached": [
        "Alfie came in with a fat lip and said dad told him to say he fell off his bike",
        "Noor said she was told to say she walked into a door",
        "Noor said she's not allowed to say what happened at home",
        "Tilly said mummy says she has to say it was the dog",
        "Hamza has a split lip this morning",
    ],
}

ORDINARY = [
    "Tilly PECS 15 mins, kept pointing at mum's photo and smiling, no problems",
    "Reggie makaton 15 mins, signed 'more' and 'dad' at snack, happy",
    "rang Hamza's mum, they're going to Spain for a week at half term",
    "Ellie's dad said the home school book is in her bag",
    "Alfie sensory circuit 15 mins, said his dad was driving him to football",
    "Noor ELSA 30 mins, said she's scared of spiders",
    "Hamza lexia 30 mins, high score today",
    "rang Alfie's mum to say he was star of the week",
]


@pytest.mark.parametrize(
    "text", [t for texts in CONCERNS.values() for t in texts], ids=lambda t: t[:40]
)
def test_each_class_is_routed(text):
    r = parse(text)
    assert r.concern, (r.kind, r.problems)
    assert r.kind is not None


@pytest.mark.parametrize(
    ("cls", "category"),
    [
        ("honour", "forced_marriage"),
        ("abroad", "missing_education"),
        ("aac", "disclosure"),
        ("drunk_at_collection", "neglect"),
        ("cannot_afford", "neglect"),
        ("gesture", "sexual_abuse"),
        ("fear_of_an_adult", "emotional_abuse"),
        ("conviction", "physical_abuse"),
        ("coached", "physical_abuse"),
    ],
)
def test_each_class_names_its_category(cls, category):
    for text in CONCERNS[cls]:
        assert category in (parse(text).concern or []), text


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_messages_with_the_same_words_stay_unrouted(text):
    assert parse(text).concern is None, parse(text).safeguarding_flags


def test_a_told_story_is_no_witnessed_accident():
    # "fell" explains a mark, unless the child was told to say it.
    r = parse("Alfie has a bruise on his cheek, he said mum told him to say he fell in the park")
    assert r.concern and "physical_abuse" in r.concern


# -- a parent telling staff in person is the contact the concern came in ------


@pytest.mark.parametrize(
    "text",
    [
        "Tilly's mum told me at pick up that she's not coping and leaves Tilly on her own some nights",
        "Alfie's dad said at drop off that mum has been sectioned and he can't cope",
    ],
)
def test_a_parent_telling_in_person_is_a_routed_parent_contact(text):
    r = parse(text)
    assert r.concern, r.problems
    assert r.kind == "parent_contact"


def test_a_parents_account_passed_on_is_no_contact():
    r = parse(
        "Alfie has a bruise on his cheek, mum says he fell off the sofa but it's the third this month"
    )
    assert r.concern
    assert r.kind == "safeguarding"


# -- a country is never a typo of a pupil -------------------------------------


def test_a_country_is_not_a_mistyped_pupil():
    roster = Roster(
        pupils=(
            *KINGSMEAD.pupils,
            RosterPupil(7, "K7", "Iram", "Malik", provisions=(_prov(11, "Lexia", 30),)),
            RosterPupil(8, "K8", "Ghazal", "Noori", provisions=(_prov(12, "Lexia", 30),)),
        )
    )
    for text in (
        "Hamza hasn't been in for 3 weeks, dad says he's in Iran visiting family",
        "rang Hamza's mum, they're back from Ghana on monday",
    ):
        r = parse_message(text, roster=roster, now=NOW)
        assert [p.full_name for p in r.pupils] == ["Hamza Qureshi"], text
    r = parse_message("Iram lexia 30 mins", roster=roster, now=NOW)
    assert [p.full_name for p in r.pupils] == ["Iram Malik"]
