"""The concern's page shows and records the DSL's steps (issue 15), by the same rule and
audit as `/concern N` in chat."""

from __future__ import annotations

import time_machine
from sqlmodel import Session, select

from storage.models import AuditEvent, ConcernStep, SafeguardingAlert
from tests.support.web import AMY, CARL, SCHOOL_MORNING, WebSchool, csrf_of


def test_the_dsl_records_a_decision_with_its_reason_on_the_page(school: WebSchool):
    with time_machine.travel(SCHOOL_MORNING, tick=True):
        school.chat(AMY).send("Harry said his stepdad hit him with a belt last night")
        with Session(school.engine) as session:
            alert = session.exec(select(SafeguardingAlert)).one()
        carl = school.signed_in(CARL)
        page = carl.get(f"/web/concerns/{alert.id}").text
        assert "Nothing recorded yet." in page and "Record a step" in page
        url = f"/web/concerns/{alert.id}/steps"
        refused = carl.post(
            url, data={"csrf": csrf_of(page), "step": "police", "detail": "rang 101"}
        )
        assert refused.status_code == 303 and "needs%20its%20reason" in refused.headers["location"]
        carl.post(
            url,
            data={
                "csrf": csrf_of(page),
                "step": "police",
                "detail": "rang 101, ref 4471",
                "reason": "injury from a weapon",
            },
        )
        page = carl.get(f"/web/concerns/{alert.id}").text
        assert "rang 101, ref 4471" in page and "Reason: injury from a weapon" in page
        with Session(school.engine) as session:
            (step,) = session.exec(select(ConcernStep)).all()
            assert (step.step, step.platform) == ("police", "web")
            audit = session.exec(
                select(AuditEvent).where(AuditEvent.action == "concern_step")
            ).one()
            assert audit.platform == "web" and audit.staff_id == school.staff_id(CARL)
