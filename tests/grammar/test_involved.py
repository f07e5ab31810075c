"""Who an incident is about (issue 11): targets and witnesses are involved, never subjects."""

from __future__ import annotations

import pytest


def names(ps):
    return [p.full_name for p in ps]


@pytest.mark.parametrize(
    ("text", "subjects", "involved"),
    [
        ("b Kai hit Lily in the line", ["Kai Robinson"], ["Lily Green"]),
        ("b Max pushed Isla over", ["Max Turner"], ["Isla Murphy"]),
        ("b Lily was pushed by Kai at break", ["Kai Robinson"], ["Lily Green"]),
        ("b Kai and Max fighting on the field", ["Kai Robinson", "Max Turner"], []),
        (
            "b Freya snatched Isla's snack and threw it, Ethan saw it",
            ["Freya Jones"],
            ["Isla Murphy", "Ethan Hall"],
        ),
        ("b Kai argued with Max", ["Kai Robinson"], ["Max Turner"]),
        ("rang Lily's mum re Kai hitting her", ["Lily Green"], ["Kai Robinson"]),
        ("Kai zones 15 then hit Max on the way back", ["Kai Robinson"], ["Max Turner"]),
    ],
)
def test_subjects_and_involved(parse, text, subjects, involved):
    r = parse(text)
    assert names(r.pupils) == subjects, text
    assert names(r.involved) == involved, text
    assert r.to_contract()["involved"] == involved


def test_roles(parse):
    r = parse("b Freya snatched Isla's snack and threw it, Ethan saw it")
    roles = {p.first_name: r.involved_roles[p.id] for p in r.involved}
    assert roles == {"Isla": "target", "Ethan": "witness"}


def test_a_group_session_has_no_one_involved(parse):
    r = parse("SALT Freya Max 30 mins")
    assert names(r.pupils) == ["Freya Jones", "Max Turner"] and r.involved == []
