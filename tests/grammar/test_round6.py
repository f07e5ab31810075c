"""Concerns, after round 5's holdout (bench/eval/ROUNDS.md): harm to their own body in
plain words, carrying for someone, afraid to go home, leaving for abroad with no return,
wishing a group gone. Our own wordings and roster, never the evaluation lines."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Kai said she has been cutting her arms at night", "self_harm"),
        ("no lexia for Kai, upset and had scratched her forearms with a pen lid", "self_harm"),
        (
            "Freya zones 15 mins, told me she has been carrying parcels for an older lad",
            "exploitation",
        ),
        ("Kai gets picked up in different cars most days after school", "exploitation"),
        ("Freya has a new phone she hides from staff", "exploitation"),
        ("b Kai kicked the door, then said he can't go home because of his uncle", "general"),
        ("Freya sobbing at home time, says she doesn't want to go home tonight", "general"),
        (
            "p mum rang, Kai won't be back in january as he is staying with his nan abroad",
            "missing_education",
        ),
        ("Freya repeated that people like them should be wiped out", "radicalisation"),
        (
            "Kai says refugees should be sent back where they came from, his brother showed him videos",
            "radicalisation",
        ),
    ],
)
def test_a_worry_in_plain_words_is_routed(parse, text, category):
    r = parse(text)
    assert r.concern and category in r.concern, (text, r.concern)


@pytest.mark.parametrize(
    "text",
    [
        "Kai cut his leg on the fence at break, first aid given, mum informed",
        "Freya going abroad for a week at half term, back on the 3rd",
        "Kai zones 15, said he wants to go home early for his party",
        "Freya phonics 20 mins, picked up by nan today instead of mum",
        "Kai helped do all the cooking in food tech, lovely pasta",
        "Freya phonics 20, wore the same costume as her sister for world book day",
    ],
)
def test_ordinary_news_is_not_a_concern(parse, text):
    r = parse(text)
    assert not r.concern, (text, r.concern)
