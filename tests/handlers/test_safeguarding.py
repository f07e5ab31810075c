"""A possible concern reaches a safeguarding lead by every route, and is never stored as a log."""

from __future__ import annotations

from sqlmodel import Session, select

from storage.db import session_scope
from storage.models import BehaviourIncident, OutboxMessage, SafeguardingAlert, SessionLog, Staff
from tests.handlers.conftest import AMY, BETH, CARL, RAJ
from tests.support.chat import Dialog

DISCLOSURE = "Freya disclosed that dad hit her, bruise on arm, scared to go home"


def _rows(engine, model):
    with Session(engine) as session:
        return list(session.exec(select(model)))


def _deactivate(engine, *emails):
    with session_scope(engine) as session:
        for staff in session.exec(select(Staff).where(Staff.email.in_(emails))):
            staff.active = False
            session.add(staff)


def _pupil_id(dialog, name):
    return next(i for i, n in dialog.send("/log").form.pupil_options if n == name)


def test_a_concern_typed_into_a_form_goes_to_the_dsl(amy, sample_school):
    freya = _pupil_id(amy, "Freya Jones")
    reply = amy.send(form={"kind": "behaviour", "pupil_ids": [freya], "notes": DISCLOSURE})
    assert "passed this to Carl Doyle" in reply.text
    assert _rows(sample_school, BehaviourIncident) == []
    (alert,) = _rows(sample_school, SafeguardingAlert)
    assert "scared to go home" in alert.words and alert.pupil_id == freya


def test_a_concern_in_a_forms_other_fields_is_caught_too(amy, sample_school):
    kai = _pupil_id(amy, "Kai Robinson")
    reply = amy.send(
        form={
            "kind": "behaviour",
            "pupil_ids": [kai],
            "notes": "upset at lunch",
            "antecedent": "said his mum's boyfriend hurts him",
        }
    )
    assert "Carl Doyle" in reply.text and _rows(sample_school, BehaviourIncident) == []


def test_an_edit_that_reveals_a_concern_raises_it_and_leaves_the_record(amy, sample_school):
    amy.send("b Kai threw a pencil in maths")
    amy.press("Edit")
    reply = amy.send("b Kai said dad hits him at home, has a bruise")
    assert "passed this to Carl Doyle" in reply.text
    (incident,) = _rows(sample_school, BehaviourIncident)
    assert "bruise" not in incident.notes and incident.version == 1
    assert len(_rows(sample_school, SafeguardingAlert)) == 1


def test_with_no_dsl_the_senco_gets_it_and_the_sender_is_told(sample_school, clock):
    _deactivate(sample_school, CARL)
    reply = Dialog(sample_school, RAJ, clock=clock).send(
        "Harry said something at snack that worried me - need DSL"
    )
    assert "Beth Moss" in reply.text and "no DSL is set up" in reply.text
    (message,) = _rows(sample_school, OutboxMessage)
    with Session(sample_school) as session:
        assert session.get(Staff, message.recipient_id).email == BETH


def test_with_nobody_to_tell_the_sender_is_sent_to_the_dsl_in_person(sample_school, clock):
    _deactivate(sample_school, CARL, BETH)
    reply = Dialog(sample_school, RAJ, clock=clock).send(
        "Harry said something at snack that worried me - need DSL"
    )
    assert "go to your DSL in person now" in reply.text
    assert (
        len(_rows(sample_school, SafeguardingAlert)) == 1
        and _rows(sample_school, OutboxMessage) == []
    )


def test_ordinary_form_notes_are_stored_as_usual(amy, sample_school):
    freya = _pupil_id(amy, "Freya Jones")
    phonics = amy.send("/log").form.provision_options[freya][0][0]
    reply = amy.send(
        form={
            "kind": "session",
            "pupil_ids": [freya],
            "provision_id": phonics,
            "notes": "said the sounds well, good focus",
        }
    )
    assert reply.text.startswith("Logged ✓") and len(_rows(sample_school, SessionLog)) == 1
    assert _rows(sample_school, SafeguardingAlert) == []


def test_group_chats_get_nothing_from_the_handlers(sample_school, clock):
    group = Dialog(sample_school, AMY, clock=clock)
    from handlers.service import handle
    from handlers.types import Inbound

    reply = handle(
        group.ctx, Inbound("slack", "U0AMYLO01", "C0STAFF01", "/pupil Freya", private=False)
    )
    assert "private chat" in reply.text and "Phonics" not in reply.text
