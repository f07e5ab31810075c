"""Kinds: kind words, inference, safeguarding first; contact method; RPI; missed sessions."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("session Freya phonics 20", "session"),
        ("s Freya phonics 20", "session"),
        ("S: Freya phonics 20", "session"),
        ("behaviour Kai upset at lunch", "behaviour"),
        ("behavior: Kai upset at lunch", "behaviour"),
        ("b Kai upset at lunch", "behaviour"),
        ("incident - Kai upset at lunch", "behaviour"),
        ("parent Kai's mum re lunch money", "parent_contact"),
        ("p Kai's mum re lunch money", "parent_contact"),
        ("contact: Kai's dad, all fine", "parent_contact"),
        ("parent contact Kai's dad, all fine", "parent_contact"),
        # inferred
        ("Freya phonics 20 mins", "session"),
        ("Freya phonics", "session"),
        ("Kai hit a peer at lunch", "behaviour"),
        ("Kai threw his pencil case", "behaviour"),
        ("Kai kicked the door", "behaviour"),
        ("Isla bit a TA", "behaviour"),
        ("Isla spat at staff", "behaviour"),
        ("Max refused to come in from play", "behaviour"),
        ("Max ran out of class", "behaviour"),
        ("Max absconded from the playground", "behaviour"),
        ("Max squared up to a Y9 at the lockers", "behaviour"),
        ("Kai swung at staff in the lunch queue", "behaviour"),
        ("Isla lashed out when asked to tidy up", "behaviour"),
        ("Max went for a peer on the field", "behaviour"),
        ("Max swore at Mrs Khan", "behaviour"),
        ("RPI Max 2 mins", "behaviour"),
        ("Max restraint used", "behaviour"),
        ("rang Harry's mum re: tiredness", "parent_contact"),
        ("phoned Kai's dad", "parent_contact"),
        ("called Isla's nan about pick up", "parent_contact"),
        ("emailed Lily's carer", "parent_contact"),
        ("texted Max's grandma", "parent_contact"),
        ("letter home for Ethan re: swimming", "parent_contact"),
        ("met Freya's mum at pick up", "parent_contact"),
        ("spoke to Lily's dad at pickup", "parent_contact"),
        ("Kai's dad came in at drop off", "parent_contact"),
        ("Isla's grandma rang to say she'll collect", "parent_contact"),
        # a behaviour that mentions the parent stays a behaviour
        ("Kai hit peer, rang mum after", "behaviour"),
        # a force word wins over a provision + duration
        ("Kai zones 10 mins, team teach hold needed", "behaviour"),
        # a contact word after the session's provision and minutes is part of the session
        ("Freya phonics 20 mins, letter sounds much better", "session"),
        ("Freya phonics 20 mins, email sounds tricky", "session"),
        ("Freya letter home re phonics", "parent_contact"),
    ],
)
def test_kind(parse, text, kind):
    r = parse(text)
    assert r.kind == kind, (r.kind, r.problems)


@pytest.mark.parametrize(
    "text",
    [
        "Harry said something at snack that worried me - need DSL",
        "behaviour: Kai told me his dad hits him",
        "b Lily bruise on her arm, says she fell",
        "Isla has marks on her neck",
        "Kai scared to go home tonight",
        "Max disclosed at lunch",
        "Harry not safe at home he says",
        "safeguarding: Kai",
        "Grace worried me today, very withdrawn",
    ],
)
def test_safeguarding_wins_over_everything(parse, text):
    r = parse(text)
    assert r.kind == "safeguarding"
    assert r.safeguarding_flags


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Issue 11: a concern inside another record is that record, and still routed
        # (these two used to be safeguarding only, and the session or call was lost).
        ("session Freya phonics 20 - she said her mum's boyfriend shouts at her", "session"),
        ("p rang Harry's mum - passed to DSL", "parent_contact"),
        ("rang Kai's mum, she said there's no food in the house", "parent_contact"),
        ("b Kai hit Lily in the line, then told me dad hits him", "behaviour"),
    ],
)
def test_a_concern_inside_another_record_keeps_the_record(parse, text, kind):
    r = parse(text)
    assert r.kind == kind, (r.kind, r.concern)
    assert r.concern


def test_safeguarding_keeps_explicit_kind(parse):
    r = parse("behaviour: Kai told me his dad hits him")
    assert r.explicit_kind == "behaviour"
    assert r.notes == "told me his dad hits him"


def test_no_marks_after_a_hold_is_not_a_disclosure(parse):
    r = parse("RPI Kai guided hold 1 min, checked after: no marks")
    assert r.kind == "behaviour"
    assert r.physical_intervention


def test_unknown_kind_asks_offering_a_worry_first(parse):
    # Issue 11: never "start with session, behaviour or parent" alone.
    r = parse("Kai")
    assert r.kind is None
    assert "kind" in r.needs
    assert r.problems == [
        "What is this about Kai Robinson? Is it a worry about this child, a session, "
        "a behaviour incident or a parent contact?"
    ]


@pytest.mark.parametrize(
    ("text", "method", "direction", "with_"),
    [
        ("rang Harry's mum re: tiredness", "phone", "outbound", "mum"),
        ("phone call with Kai's dad", "phone", "outbound", "dad"),
        ("Kai's mum rang, off sick", "phone", "inbound", "mum"),
        ("email from Max's carer: paed appt Thurs", "email", "inbound", "carer"),
        ("emailed Lily's mum the timetable", "email", "outbound", "mum"),
        ("texted Aarav's mum about swimming kit", "text", "outbound", "mum"),
        ("p sms to Isla's dad", "text", "outbound", "dad"),
        ("p message home for Isla re: trip", "text", None, None),
        ("letter home for Ethan re: swimming", "letter", "outbound", None),
        ("letter from Ethan's dad about meds", "letter", "inbound", "dad"),
        ("met Freya's mum at pick up", "in_person", "outbound", "mum"),
        ("spoke to Lily's dad at pickup", "in_person", "outbound", "dad"),
        ("spoke to Lily's dad on the phone", "phone", "outbound", "dad"),
        ("Kai's grandma came in at drop off", "in_person", "inbound", "grandma"),
        ("teams call with Freya's mum", "video", "outbound", "mum"),
        ("p zoom with Max's foster carer", "video", "outbound", "foster carer"),
    ],
)
def test_contact(parse, text, method, direction, with_):
    r = parse(text)
    assert r.kind == "parent_contact"
    assert r.contact_method == method
    if direction is not None:
        assert r.contact_direction == direction
    if with_ is not None:
        assert r.contact_with == with_


def test_rpi_fields(parse):
    r = parse(
        "RPI Max guided hold 2 mins 11:15 corridor, heading for gate. me + Mr Patel, no injuries"
    )
    assert r.kind == "behaviour"
    assert r.physical_intervention is True
    assert r.hold_type == "guided hold"
    assert r.hold_minutes == 2
    assert r.place == "corridor"
    assert r.staff_involved == "me + Mr Patel"
    assert r.injuries == "no injuries"
    assert r.notes == "RPI guided hold corridor, heading for gate. me + Mr Patel, no injuries"


@pytest.mark.parametrize(
    "text",
    [
        "Kai restrained in hall",
        "b Kai single elbow hold to leave room",
        "Kai positive handling used",
        "reasonable force used on Kai at gate",
        "Kai held by two staff",
        "b Kai - team teach escort to calm room",
        "b Kai restrictive physical intervention 1 min",
    ],
)
def test_physical_intervention_words(parse, text):
    r = parse(text)
    assert r.kind == "behaviour"
    assert r.physical_intervention is True


def test_no_physical_intervention(parse):
    r = parse("b Kai hit peer on playground, no injury")
    assert r.physical_intervention is False
    assert r.place == "playground"
    assert r.injuries == "no injury"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Ethan fine motor missed - Ethan absent", "absent"),
        ("Freya phonics cancelled - staff absence", "staff absence"),
        ("Aarav sensory circuits didn't happen because of assembly", "assembly"),
        ("Isla intensive interaction not done, school trip", "school trip"),
        ("Kai zones missed", None),
        ("Freya absent, no phonics", "absent"),
        (
            "Isla intensive interaction missed - absent, hospital appointment",
            "absent, hospital appointment",
        ),
    ],
)
def test_missed(parse, text, reason):
    r = parse(text)
    assert r.kind == "session"
    assert r.status == "missed"
    assert r.missed_reason == reason
    assert "missed" not in r.notes and "cancelled" not in r.notes


def test_delivered(parse):
    r = parse("Freya phonics 20")
    assert r.status == "delivered" and r.missed_reason is None


def test_non_session_has_no_status_or_provision(parse):
    r = parse("email from Max's carer: paed appt Thurs, will miss SALT")
    assert r.status is None and r.provision is None
    assert r.notes == "email from carer: paed appt Thurs, will miss SALT"
