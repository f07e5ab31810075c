"""The DSL's side of a concern (issue 15): seen, actions with who/when/what, decisions with
their reasons, the outcome; recorded in chat by the DSL and deputies only, each audited."""

from __future__ import annotations

from sqlmodel import Session, select

from storage.db import session_scope
from storage.models import AuditEvent, ConcernStep, OutboxMessage, SafeguardingAlert, Staff
from tests.conftest import LONDON
from tests.handlers.conftest import AMY, BETH, CARL
from tests.support.chat import Dialog

WORDS = "Freya said her uncle locks her in the shed when she is naughty"


def _alert(engine) -> SafeguardingAlert:
    with Session(engine) as session:
        return session.exec(select(SafeguardingAlert)).one()


def _steps(engine) -> list[ConcernStep]:
    with Session(engine) as session:
        return list(session.exec(select(ConcernStep).order_by(ConcernStep.id)))


def _raised(engine, clock) -> tuple[SafeguardingAlert, Dialog]:
    Dialog(engine, AMY, clock=clock).send(WORDS)
    return _alert(engine), Dialog(engine, CARL, clock=clock)


def test_the_dsl_records_actions_decisions_and_the_outcome(sample_school, clock):
    alert, carl = _raised(sample_school, clock)
    reply = carl.send(
        f"/concern {alert.id} spoke to child: she said it happens most weekends "
        "because to hear it in her own words @ 14:00"
    )
    assert reply.text.startswith("Recorded ✓"), reply.text
    carl.send(f"/concern {alert.id} called parents: mum says uncle has moved out")
    refused = carl.send(f"/concern {alert.id} mash referral made")
    assert refused.text.startswith("Not recorded: A decision needs its reason")
    carl.send(
        f"/concern {alert.id} mash referral made because locked in a shed is significant harm"
    )
    done = carl.send(
        f"/concern {alert.id} outcome: social care strategy meeting booked because referral accepted"
    )
    steps = _steps(sample_school)
    assert [s.step for s in steps] == ["spoke_to_child", "called_parents", "social_care", "outcome"]
    assert steps[0].detail == "she said it happens most weekends"
    assert steps[0].reason == "to hear it in her own words"
    assert steps[0].taken_at.astimezone(LONDON).strftime("%H:%M") == "14:00"
    assert steps[2].reason == "locked in a shed is significant harm"
    # Acting on it is seeing it; and the life reads in order, words as typed.
    assert _alert(sample_school).acknowledged_at is not None
    shown = carl.send(f"/concern {alert.id}").text
    assert f"“{WORDS}”" in shown and "Raised" in shown and "Seen" in shown
    assert shown.index("Spoke to the child") < shown.index("Referral to children's social care")
    assert "Outcome: social care strategy meeting booked" in shown
    assert "Outcome: social care strategy meeting booked" in done.text
    with Session(sample_school) as session:
        audited = session.exec(select(AuditEvent).where(AuditEvent.action == "concern_step")).all()
    assert len(audited) == 4 and all(a.staff_id is not None for a in audited)


def test_buttons_on_the_alert_record_a_step_and_the_words_are_never_a_log(sample_school, clock):
    alert, carl = _raised(sample_school, clock)
    with Session(sample_school) as session:
        row = session.exec(select(OutboxMessage).where(OutboxMessage.job == "safeguarding")).one()
    assert "Record action" in [c["label"] for c in row.payload["choices"]]
    menu = carl.send(action=f"concern_act:{alert.id}")
    assert "No further action" in [c.label for c in menu.choices]
    carl.send(action=f"concern_step:{alert.id}:no_further_action")
    again = carl.send("nothing more to do")
    assert "needs its reason" in again.text and "Send it again" in again.text
    ok = carl.send("no further action because uncle no longer has contact, confirmed by CSC")
    assert ok.text.startswith("Recorded ✓")
    (step,) = _steps(sample_school)
    assert step.step == "no_further_action"
    assert step.reason == "uncle no longer has contact, confirmed by CSC"
    from storage.models import BehaviourIncident, ParentContact, SessionLog

    with Session(sample_school) as session:
        for model in (BehaviourIncident, ParentContact, SessionLog):
            assert session.exec(select(model)).all() == []


def test_only_the_dsl_and_deputies_may(sample_school, clock):
    alert, _ = _raised(sample_school, clock)
    beth = Dialog(sample_school, BETH, clock=clock)  # the SENCO
    assert "isn't available to your role" in beth.send(f"/concern {alert.id} nfa because x").text
    assert "Only the DSL and deputies" in beth.send(action=f"concern_act:{alert.id}").text
    assert "Only the DSL and deputies" in beth.send(action=f"concern_step:{alert.id}:police").text
    assert _steps(sample_school) == []
    # A deputy is another member of staff with the DSL role: they may.
    with session_scope(sample_school) as session:
        beth_row = session.exec(select(Staff).where(Staff.email == BETH)).one()
        beth_row.role = "dsl"
        session.add(beth_row)
    deputy = Dialog(sample_school, BETH, clock=clock)
    assert deputy.send(f"/concern {alert.id} note: discussed with head").text.startswith(
        "Recorded ✓"
    )


def test_the_chronology_in_chat_is_the_dsls_only(sample_school, clock):
    alert, carl = _raised(sample_school, clock)
    carl.send(f"/concern {alert.id} police because risk tonight")
    reply = carl.send("/chronology Freya Jones")
    assert reply.private and len(reply.attachments) == 1
    text = reply.attachments[0].content.decode()
    assert f"“{WORDS}”" in text and "Police" in text and "Reason: risk tonight" in text
    beth = Dialog(sample_school, BETH, clock=clock)
    refused = beth.send("/chronology Freya Jones")
    assert refused.attachments == [] and "isn't available to your role" in refused.text
    assert "DSL and deputies only" in beth.send(action="chronology:1").text
