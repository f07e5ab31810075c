"""Every command that shows pupil data refuses the roles that may not see it."""

from __future__ import annotations

from sqlmodel import Session, select

from storage.models import AuditEvent
from tests.handlers.conftest import AMY, BETH, CARL, RAJ
from tests.support.chat import Dialog


def test_only_the_dsl_reads_safeguarding_concerns(sample_school, clock):
    raj = Dialog(sample_school, RAJ, clock=clock)
    raj.send("Harry said something at snack that worried me - need DSL")
    for email in (AMY, RAJ, BETH):
        reply = Dialog(sample_school, email, clock=clock).send("/concerns")
        assert "isn't available to your role" in reply.text
        assert "snack" not in reply.text and "Harry" not in reply.text
    reply = Dialog(sample_school, CARL, clock=clock).send("/concerns")
    assert "Harry Wright · from Raj Singh" in reply.text and "said something at snack" in reply.text
    with Session(sample_school) as session:
        refusals = session.exec(select(AuditEvent).where(AuditEvent.action == "refused")).all()
        assert len(refusals) == 3


def test_the_sender_learns_only_that_it_was_passed_on(sample_school, clock):
    reply = Dialog(sample_school, RAJ, clock=clock).send(
        "Harry said something at snack that worried me - need DSL"
    )
    assert "passed this to Carl Doyle" in reply.text and "snack" not in reply.text
    assert "Harry said" not in Dialog(sample_school, RAJ, clock=clock).send("/today").text


def test_pupil_summary_is_for_key_workers_and_leads(sample_school, clock):
    assert "key pupils only" in Dialog(sample_school, AMY, clock=clock).send("/pupil Harry").text
    for email in (BETH, CARL):
        assert (
            "Reading intervention"
            in Dialog(sample_school, email, clock=clock).send("/pupil Harry").text
        )
