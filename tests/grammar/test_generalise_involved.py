"""Who an incident is about, by structure rather than a verb list: the first
pupil named and those joined to it are the doers; a pupil after a clause
break who starts with a behaviour verb is a doer too; everyone else named is
involved, whatever the verb ("filmed", "squared up to", "called names")."""

from __future__ import annotations

import pytest


def names(ps):
    return sorted(p.full_name for p in ps)


@pytest.mark.parametrize(
    ("text", "doers", "involved"),
    [
        ("b noah mocked leo's accent all lunch", ["Noah Clarke"], ["Leo Nowak"]),
        ("b noah filmed leo getting told off and posted it", ["Noah Clarke"], ["Leo Nowak"]),
        ("b noah squared up to oscar w in the yard", ["Noah Clarke"], ["Oscar Williams"]),
        ("b noah kept winding up josh until he cried", ["Noah Clarke"], ["Josh Carter"]),
        ("incident leo taunted teddy about his glasses", ["Leo Nowak"], ["Teddy May"]),
        ("b noah and leo ganged up on josh", ["Leo Nowak", "Noah Clarke"], ["Josh Carter"]),
        (
            "b noah, leo & josh threw sand at teddy",
            ["Josh Carter", "Leo Nowak", "Noah Clarke"],
            ["Teddy May"],
        ),
        ("b noah pushed leo, then leo punched him back", ["Leo Nowak", "Noah Clarke"], []),
        ("b josh was kicked by noah at break", ["Noah Clarke"], ["Josh Carter"]),
    ],
)
def test_doers_and_involved(parse_words, text, doers, involved):
    r = parse_words(text)
    assert names(r.pupils) == doers, (r.problems, names(r.involved))
    assert names(r.involved) == involved
