"""Names, round 2 (issue 11 holdout): typos are trusted only where a name is
expected, modal "will"/"may" before any bare verb, a name-word after a noun
phrase's determiner is the word, possessives typed without the apostrophe."""

from __future__ import annotations

import pytest


def names(r):
    return [p.full_name for p in r.pupils]


@pytest.mark.parametrize(
    ("text", "pupils"),
    [
        # a lower-case word in the middle of the story is never a typo of a name
        ("noah salt 30, proud of his grades", ["Noah Clarke"]),
        ("noah drew roses for mum in art", ["Noah Clarke"]),
        # ... but a typo where a name goes is still the pupil
        ("oskar counselling 30", ["Oscar Williams"]),
        (
            "lego therapy w/ jack, jsoh and teddy 40 mins",
            ["Jack Turner", "Josh Carter", "Teddy May"],
        ),
        # will / may: the modal before any bare verb, the name before a past tense
        ("oscar lexia 20, will repeat tmrw", ["Oscar Williams"]),
        ("b noah said the older boys will batter him", ["Noah Clarke"]),
        ("b will kept swearing at staff", ["William Price"]),
        ("b will sat under the table for ten minutes", ["William Price"]),
        ("will RWI 20 mins", ["William Price"]),
        ("b noah threw sand at will in the sandpit", ["Noah Clarke"]),
        # a name-word inside a noun phrase is the word
        ("leo teacch 20, brought his old teddy in", ["Leo Nowak"]),
        ("noah salt 30, wearing new air max trainers", ["Noah Clarke"]),
        # possessives without the apostrophe
        ("jack ts mum rang about shoes", ["Jack Turner"]),
        ("oleks dad rang re trip", ["Aleksander Nowicki"]),
        ("williams mum phoned re homework", ["William Price"]),
        ("emailed sammys dad", ["Samuel Okafor"]),
        ("roses mum rang about the trip", ["Rose Adebayo"]),
        # a name-word next to punctuation is not in a fixed phrase
        ("no lexia for oscar, hope, he was on the farm trip", ["Oscar Williams"]),
        ("no ot for will, he was off", ["William Price"]),
    ],
)
def test_names_generalise(parse_words, text, pupils):
    r = parse_words(text)
    assert names(r) == pupils, (r.problems, r.candidates)


def test_a_target_after_will_is_involved_not_missing(parse_words):
    r = parse_words("b noah threw sand at will in the sandpit")
    assert [p.full_name for p in r.involved] == ["William Price"]


def _roster_with(*given: tuple[str, str | None]):
    from handlers.grammar.roster import Roster, RosterPupil
    from tests.grammar.conftest import provision

    return Roster(
        pupils=tuple(
            RosterPupil(
                i,
                f"F{i}",
                first,
                "Hart" if i % 2 else "Ives",
                preferred_name=pref,
                provisions=(provision(100 + i, "ELSA", 30),),
            )
            for i, (first, pref) in enumerate([("Kai", None), *given], start=1)
        )
    )


@pytest.mark.parametrize(
    ("text", "named"),
    [
        # a function word before a relation is the word, not a typo of a name's possessive
        ("Kai says he minds his sister till mum gets in from work", ("Matilda", "Tilly")),
        ("Kai said he never sees dad now", ("Neve", None)),
        ("Kai ELSA 30, said he's unsure cos mum is poorly", ("Cosmo", None)),
    ],
)
def test_function_words_are_never_a_typo_of_a_name(text, named):
    from handlers.grammar.parser import parse_message
    from tests.grammar.conftest import NOW

    r = parse_message(text, roster=_roster_with(named), now=NOW)
    assert names(r) == ["Kai Hart"], (r.problems, r.candidates)


def test_a_name_word_after_a_name_and_before_a_number_is_a_pupil(parse_words):
    # "Kai will" is a modal only when a verb follows; a number never follows a modal.
    r = parse_words("lego therapy Jack Josh Will 40 mins")
    assert names(r) == ["Jack Turner", "Josh Carter", "William Price"], r.problems
    assert names(parse_words("b jack will be kept in at break")) == ["Jack Turner"]
