"""Names (issue 11): names that are words in any case, titles, no fuzzy crossing,
short forms, initials with possessives, surnames alone."""

from __future__ import annotations

import pytest


def names(r):
    return [p.full_name for p in r.pupils]


@pytest.mark.parametrize(
    ("text", "pupils"),
    [
        ("summer zones 15", ["Summer Reilly"]),
        ("grace socially speaking 30 mins p3", ["Grace Okonkwo"]),
        ("rose rwi 20", ["Rose Adebayo"]),
        (
            "lego therapy w/ jack, josh and teddy 40 mins",
            ["Jack Turner", "Josh Carter", "Teddy May"],
        ),
        ("Jack & Will lego 45", ["Jack Turner", "William Price"]),
        ("will ot 30 mins", ["William Price"]),
        ("Sam O ELSA 30", ["Samuel Okafor"]),
        ("sammy elsa 30", ["Samuel Okafor"]),
        ("Sam B phonics 20", ["Sam Brown"]),
        ("sam phonics 20", ["Sam Brown"]),  # a pupil called Sam beats a short form
        ("oscar williams counselling 30", ["Oscar Williams"]),
        ("williams lexia 20", ["Oscar Williams"]),  # a surname alone
        ("olek mentoring 50", ["Aleksander Nowicki"]),
        ("aleks mentoring 50", ["Aleksander Nowicki"]),
        ("summer term review: rose nurture 60", ["Rose Adebayo"]),
        ("Mrs May's class: jack zones 15", ["Jack Turner"]),
        ("mohammed i lexia 30", ["Mohammed Iqbal"]),
        ("will lego 45", ["William Price"]),
        ("b will swore at staff", ["William Price"]),
        ("will's mum rang about lego", ["William Price"]),
        ("Will: letter home about OT", ["William Price"]),
    ],
)
def test_names(parse_words, text, pupils):
    r = parse_words(text)
    assert names(r) == pupils, (r.problems, r.candidates)


def test_initial_and_possessive(parse_words):
    r = parse_words("rang Ava T's mum re homework")
    assert names(r) == ["Ava Thompson"] and r.ok, r.problems
    r = parse_words("rang Ava's mum")
    assert {p.full_name for p in r.candidates["Ava"]} == {"Ava Thompson", "Ava Nowak"}


@pytest.mark.parametrize(
    "text",
    [
        "rang mum, will follow up Friday",
        "rang mum, will message again tmrw",
        "emailed dad, will send the form home",
        "mum will ring back tomorrow",
        "may need more time",
        "he has a red mark on his arm",
        "played with his teddy at nurture",
        "back after the summer holiday",
        "Mr Grace rang about the trip",
        "max 10 mins next time",
    ],
)
def test_words_stay_words(parse_words, text):
    r = parse_words(text)
    assert [
        n
        for n in names(r)
        if n.split()[0] in ("Will", "William", "Teddy", "Summer", "Grace", "Mark")
    ] == []


def test_no_fuzzy_crossing_to_a_similar_name(parse_words):
    r = parse_words("oscar williams counselling 30")
    assert "William Price" not in names(r)


def test_shared_first_name_asks(parse_words):
    r = parse_words("mohammed precision teaching 15")
    assert not r.ok and set(p.full_name for p in r.candidates["mohammed"]) == {
        "Mohammed Rahman",
        "Mohammed Iqbal",
    }
