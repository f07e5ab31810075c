"""Other pupils involved in an incident, given in the form (issue 15): stored on the
incident only, never as its subjects, shown back to the person who logged it, and
changed by Edit with the earlier list kept in the record's history and the audit."""

from __future__ import annotations

from sqlmodel import Session, col, select

from handlers.forms.values import values_from_record
from storage.models import (
    AuditEvent,
    BehaviourIncident,
    IncidentInvolved,
    Pupil,
    RecordVersion,
)
from tests.conftest import LONDON


def _id(engine, first: str) -> int:
    with Session(engine) as session:
        return session.exec(select(Pupil.id).where(Pupil.first_name == first)).one()


def _involved(engine) -> dict[int, str]:
    with Session(engine) as session:
        return {r.pupil_id: r.role for r in session.exec(select(IncidentInvolved))}


def _incident_form(engine, **values) -> dict:
    return {
        "kind": "behaviour",
        "pupil_ids": [_id(engine, "Kai")],
        "notes": "pushed in the dinner queue",
        **values,
    }


def test_other_pupils_picked_in_the_form_are_involved_not_subjects(amy, sample_school):
    lily, isla = _id(sample_school, "Lily"), _id(sample_school, "Isla")
    reply = amy.send(form=_incident_form(sample_school, involved_ids=[str(lily), str(isla)]))
    assert reply.text.startswith("Logged ✓"), reply.text
    assert "Also involved: Lily Green, Isla Murphy" in reply.text
    with Session(sample_school) as session:
        incidents = session.exec(select(BehaviourIncident)).all()
    assert [i.pupil_id for i in incidents] == [_id(sample_school, "Kai")]
    assert _involved(sample_school) == {lily: "involved", isla: "involved"}


def test_the_pupil_the_record_is_about_cannot_also_be_another_pupil(amy, sample_school):
    kai = _id(sample_school, "Kai")
    reply = amy.send(form=_incident_form(sample_school, involved_ids=[kai]))
    assert "involved_ids" in reply.field_errors
    assert "Kai Robinson is who this record is about" in reply.field_errors["involved_ids"]
    with Session(sample_school) as session:
        assert session.exec(select(BehaviourIncident)).all() == []


def test_edit_shows_the_other_pupils_and_changes_them_with_history(amy, sample_school):
    lily, isla = _id(sample_school, "Lily"), _id(sample_school, "Isla")
    amy.send("b Kai hit Lily in the line")
    with Session(sample_school) as session:
        incident = session.exec(select(BehaviourIncident)).one()
        assert values_from_record(session, incident, LONDON)["involved_ids"] == [lily]
    reply = amy.send(
        form={
            "record_ref": f"behaviour:{incident.id}",
            "notes": "it was Isla he hit in the line",
            "involved_ids": [str(isla)],
        }
    )
    assert reply.text.startswith("Updated ✓"), reply.text
    assert "Also involved: Isla Murphy." in reply.text and "Lily Green" not in reply.text
    assert _involved(sample_school) == {isla: "involved"}
    with Session(sample_school) as session:
        version = session.exec(select(RecordVersion)).one()
        changes = session.exec(
            select(AuditEvent.pupil_id, AuditEvent.detail)
            .where(AuditEvent.record_type == "incident_involved", AuditEvent.action == "amend")
            .order_by(col(AuditEvent.id))
        ).all()
    # Who was involved before the edit is in the version it kept.
    assert version.data["involved"] == [{"pupil_id": lily, "role": "target"}]
    assert changes == [(isla, "added: involved"), (lily, "removed: target")]


def _latest(engine) -> BehaviourIncident:
    with Session(engine) as session:
        found = session.exec(
            select(BehaviourIncident).order_by(col(BehaviourIncident.id).desc())
        ).first()
    assert found is not None
    return found


def _involved_on(engine, incident_id) -> dict[int, str]:
    with Session(engine) as session:
        rows = session.exec(
            select(IncidentInvolved).where(IncidentInvolved.incident_id == incident_id)
        )
        return {r.pupil_id: r.role for r in rows}


def test_an_edit_that_leaves_the_other_pupils_alone_keeps_them(amy, sample_school):
    lily, isla = _id(sample_school, "Lily"), _id(sample_school, "Isla")
    amy.send("b Kai hit Lily in the line")
    incident = _latest(sample_school)
    # A form without the field (an older client): the other pupils stay.
    amy.send(form={"record_ref": f"behaviour:{incident.id}", "notes": "hit out in the line"})
    assert _involved_on(sample_school, incident.id) == {lily: "target"}
    # A typed correction naming nobody else: they stay too.
    amy.send("b Kai hit Lily in the line")
    amy.press("Edit")
    assert amy.send("b Kai lashed out in the line").text.startswith("Updated ✓")
    second = _latest(sample_school)
    assert _involved_on(sample_school, second.id) == {lily: "target"}
    # A typed correction naming another pupil: that is who was involved.
    amy.send(action=f"edit:behaviour:{second.id}")
    assert amy.send("b Kai hit Isla in the line").text.startswith("Updated ✓")
    assert _involved_on(sample_school, second.id) == {isla: "target"}
