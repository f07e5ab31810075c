"""Kinds chosen by the right cue, missed sessions and provision words (issue 11)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Mrs O'Connor rang re Freya's SALT appt", "parent_contact"),
        ("in person w/ Aarav's mum, attention autism targets agreed", "parent_contact"),
        ("sent letter home to Kai's parents re the RPI on tues", "parent_contact"),
        ("b Max T-wrap hold 5 mins", "behaviour"),
        ("Kai zones 15", "session"),
    ],
)
def test_kind_by_the_right_cue(parse, text, kind):
    assert parse(text).kind == kind


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("no zones for Kai today - exam clash", "exam clash"),
        ("couldnt do Kai's zones today, no room", "no room"),
        ("Kai refused zones today", "refused"),
        ("Freya salt off - therapist ill", "therapist ill"),
    ],
)
def test_missed_by_the_provision(parse, text, reason):
    r = parse(text)
    assert r.kind == "session" and r.status == "missed", (text, r.status)
    assert reason in (r.missed_reason or ""), r.missed_reason


@pytest.mark.parametrize(
    ("text", "provision"),
    [
        ("Sam Brown OT 30", "Occupational therapy"),
        ("Sam Brown occ therapy 30", "Occupational therapy"),
        ("Zoe sensory diet 10", "Sensory diet"),
    ],
)
def test_provision_words(parse_other, text, provision):
    r = parse_other(text)
    assert r.provision is not None and r.provision.name == provision


def test_provision_aliases_against_the_plan(parse_words):
    assert parse_words("summer zor 15").provision.name == "Zones of Regulation"
    assert parse_words("noah slt 30").provision.name == "SALT"
    assert parse_words("leo workstation 20").provision.name == "TEACCH work station"
    assert parse_words("rose phonics 20").provision.name == "Read Write Inc"
