"""What the grammar's understanding means in the chat (issue 11): who an incident
is about, the RPI details typed, a concern inside another record, the question
for a message that fits no kind, and the sense checks that ask instead of storing."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from handlers.timetable import SECONDARY
from storage.models import (
    BehaviourIncident,
    IncidentInvolved,
    ParentContact,
    Pupil,
    SafeguardingAlert,
    SessionLog,
)
from tests.handlers.conftest import RAJ
from tests.support.chat import Dialog


def _rows(engine, model, *where):
    with Session(engine) as session:
        return list(session.exec(select(model).where(*where)))


def _pupil(engine, first: str) -> Pupil:
    with Session(engine) as session:
        return session.exec(select(Pupil).where(Pupil.first_name == first)).one()


def test_the_child_who_was_hit_is_involved_not_a_subject(amy, sample_school):
    reply = amy.send("b Kai hit Lily in the line")
    assert reply.text.startswith("Logged ✓") and "Kai Robinson" in reply.text
    (incident,) = _rows(sample_school, BehaviourIncident)
    assert incident.pupil_id == _pupil(sample_school, "Kai").id
    (involved,) = _rows(sample_school, IncidentInvolved)
    assert (involved.incident_id, involved.pupil_id, involved.role) == (
        incident.id,
        _pupil(sample_school, "Lily").id,
        "target",
    )


def test_in_the_passive_the_doer_is_the_subject_and_a_witness_is_involved(amy, sample_school):
    amy.send("b Lily was pushed by Kai at break, Isla saw it")
    (incident,) = _rows(sample_school, BehaviourIncident)
    assert incident.pupil_id == _pupil(sample_school, "Kai").id
    roles = {r.pupil_id: r.role for r in _rows(sample_school, IncidentInvolved)}
    assert roles == {
        _pupil(sample_school, "Lily").id: "target",
        _pupil(sample_school, "Isla").id: "witness",
    }


def test_rpi_details_typed_are_stored_and_the_missing_ones_are_asked_for(sample_school, clock):
    raj = Dialog(sample_school, RAJ, clock=clock)
    reply = raj.send(
        "b Max ran at the gate 11:15, single elbow escort back in by me + Mr Patel 3 mins, "
        "tried distraction first, no injuries, parents informed 3pm"
    )
    assert reply.text.startswith("Logged ✓")
    # Asked from what was stored: the statutory details the message did not give.
    assert (
        "The RPI record still needs: what happened before, the degree of force, why force "
        "was necessary, the support given afterwards, how parents/carers were told, who told "
        "the parents/carers." in reply.text
    )
    (incident,) = _rows(sample_school, BehaviourIncident)
    assert incident.physical_intervention
    assert incident.hold_type == "single elbow escort" and incident.hold_minutes == 3
    assert incident.staff_involved == "me + Mr Patel"
    assert incident.deescalation_tried == "tried distraction first"
    assert incident.injuries == "no injuries"
    assert incident.parents_informed is True
    assert incident.parents_informed_at.isoformat() == "2026-06-09T14:00:00+00:00"  # 15:00 BST


def test_no_physical_intervention_needed_is_not_an_rpi(amy, sample_school):
    amy.send("b Kai hitting out in class, no physical intervention needed, calmed with zones")
    (incident,) = _rows(sample_school, BehaviourIncident)
    assert not incident.physical_intervention and incident.parents_informed is None


def test_a_concern_in_a_parent_call_is_stored_and_routed(sample_school, clock):
    raj = Dialog(sample_school, RAJ, clock=clock)
    reply = raj.send("rang Harry's mum re tiredness, she said there's no food in the house")
    assert reply.text.startswith("Logged ✓")
    assert "passed it to Carl Doyle" in reply.text
    (contact,) = _rows(sample_school, ParentContact)
    assert contact.method == "phone"
    (alert,) = _rows(sample_school, SafeguardingAlert)
    assert "no food in the house" in alert.words and alert.pupil_id == contact.pupil_id


def test_a_concern_in_an_incident_is_stored_and_routed(amy, sample_school):
    reply = amy.send("b Kai threw a chair in maths, when calm he said his dad hits him")
    assert reply.text.startswith("Logged ✓") and "Carl Doyle" in reply.text
    assert len(_rows(sample_school, BehaviourIncident)) == 1
    assert len(_rows(sample_school, SafeguardingAlert)) == 1


def test_a_disclosure_alone_is_routed_not_stored(amy, sample_school):
    reply = amy.send("Kai said he doesnt see the point anymore and wants to end it")
    assert "passed this to Carl Doyle" in reply.text
    assert _rows(sample_school, BehaviourIncident) == [] and _rows(sample_school, SessionLog) == []
    assert len(_rows(sample_school, SafeguardingAlert)) == 1


def test_a_message_that_fits_no_kind_offers_a_worry_first(amy, sample_school):
    reply = amy.send("Kai not himself today")
    # "not himself" is itself a possible concern: it goes straight to the DSL.
    assert "Carl Doyle" in reply.text
    reply = amy.send("Kai")
    assert [c.label for c in reply.choices] == [
        "A worry about this child",
        "Session",
        "Behaviour incident",
        "Parent contact",
    ]
    assert "a worry about this child" in reply.text
    reply = amy.press("A worry about this child")
    assert "passed this to Carl Doyle" in reply.text
    assert len(_rows(sample_school, SafeguardingAlert)) == 2


def test_an_impossible_duration_is_asked_about_not_stored(amy, sample_school):
    reply = amy.send("Kai zones 2000 mins")
    assert "2000 minutes doesn't look right" in reply.text
    assert [c.label for c in reply.choices] == ["15 min (the plan's session)"]
    assert _rows(sample_school, SessionLog) == []
    assert amy.send("20").text.startswith("Logged ✓")
    (log,) = _rows(sample_school, SessionLog)
    assert log.duration_minutes == 20


def test_zero_minutes_takes_the_plans_length_when_chosen(amy, sample_school):
    amy.send("Kai zones 0 mins")
    assert _rows(sample_school, SessionLog) == []
    assert amy.press("15 min (the plan's session)").text.startswith("Logged ✓")
    assert _rows(sample_school, SessionLog)[0].duration_minutes == 15


def test_a_group_where_a_plan_lacks_the_provision_asks_and_stores_nothing(sample_school, clock):
    raj = Dialog(sample_school, RAJ, clock=clock)
    reply = raj.send("lego therapy Lily Kai Hattie 30 mins")
    assert "isn't on Kai Robinson and Hattie Wood's plan" in reply.text
    assert _rows(sample_school, SessionLog) == []
    assert raj.press("Log it for Lily Green only").text.startswith("Logged ✓")
    (log,) = _rows(sample_school, SessionLog)
    assert log.pupil_id == _pupil(sample_school, "Lily").id


def test_a_concern_waiting_on_a_question_is_routed_at_once_and_only_once(demo_school, clock):
    jo = Dialog(demo_school, "jo.fletcher@oakfield.example", clock=clock)
    reply = jo.send("rang Sam's mum, she said there is no food in the house")
    assert "could be Sam Brown" in reply.text and "David Okafor" in reply.text
    assert len(_rows(demo_school, SafeguardingAlert)) == 1
    assert jo.press("Sam Brown").text.startswith("Logged ✓")
    assert len(_rows(demo_school, ParentContact)) == 1
    assert len(_rows(demo_school, SafeguardingAlert)) == 1


def test_the_schools_timetable_places_a_period(amy, sample_school):
    amy.ctx.timetable = SECONDARY
    amy.send("Kai zones 15 p3")
    (log,) = _rows(sample_school, SessionLog)
    assert log.occurred_at.isoformat() == "2026-06-09T10:20:00+00:00"  # 11:20 BST, secondary p3


def test_the_child_who_was_hit_is_not_the_subject_in_the_digest(amy, sample_school, clock):
    from schedules.config import ScheduleConfig
    from schedules.jobs.daily_digest import digest_for_school
    from storage.models import School

    amy.send("b Kai hit Lily in the line")
    with Session(sample_school) as session:
        school = session.exec(select(School)).one()
        named: set[int] = set()
        text, _ = digest_for_school(
            session,
            school,
            clock.current + timedelta(hours=1),
            ScheduleConfig(charts=False),
            named=named,
        )
    assert "Behaviour (1, most serious first):" in text
    (line,) = [t for t in text.splitlines() if t.startswith("• ") and "hit Lily" in t]
    assert "Kai Robinson – hit Lily" in line
    assert not any(t.startswith("• ") and "Lily Green –" in t for t in text.splitlines())
    assert _pupil(sample_school, "Kai").id in named
