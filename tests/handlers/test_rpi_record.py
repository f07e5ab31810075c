"""The use-of-force record (issue 15): every field the DfE guidance lists, the staff named
resolved to accounts, what is missing asked the same day, and the text for parents."""

from __future__ import annotations

import re

from sqlalchemy import event
from sqlmodel import Session, col, select

from handlers.forms.schema import BY_KEY
from handlers.roster_cache import cached_roster
from storage.models import BehaviourIncident, IncidentStaff, Pupil, Staff
from storage.rpi import RPI_COLUMNS, missing_details, parents_not_told
from tests.handlers.conftest import RAJ
from tests.support.chat import Dialog


def _incident(engine) -> BehaviourIncident:
    with Session(engine) as session:
        return session.exec(select(BehaviourIncident)).one()


def _staff_names(engine, incident_id: int) -> list[str]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(Staff.name)
                .join(IncidentStaff, IncidentStaff.staff_id == Staff.id)
                .where(IncidentStaff.incident_id == incident_id)
                .order_by(Staff.name)
            )
        )


def test_every_statutory_detail_is_a_field_of_the_one_form():
    for column in RPI_COLUMNS:
        field = BY_KEY[column]
        values = {"kind": "behaviour", "physical_intervention": True}
        assert field.applies(values), column
        assert not field.applies({"kind": "behaviour", "physical_intervention": False}) or (
            column in ("place", "antecedent")  # asked of every incident, required with force
        )


def test_typed_rpi_stores_the_clauses_and_resolves_the_staff(sample_school, clock):
    raj = Dialog(sample_school, RAJ, clock=clock)
    reply = raj.send(
        "b Max ran at the gate 11:15 after being told no football, guided hold by me + Beth "
        "2 mins to stop him running into the road, no injuries, calm time in the quiet room "
        "after, rang mum at 3pm"
    )
    assert reply.text.startswith("Logged ✓")
    incident = _incident(sample_school)
    assert incident.antecedent.startswith("after being told no football")
    assert incident.reason_for_force.startswith("to stop him running")
    assert "calm time" in incident.support_after
    assert incident.parents_informed and incident.parents_informed_how == "phone"
    assert _staff_names(sample_school, incident.id) == ["Beth Moss", "Raj Singh"]
    # Still missing, and asked at once.
    assert missing_details(incident) == [
        "deescalation_tried",
        "degree_of_force",
        "parents_informed_by",
    ]
    assert (
        "still needs: what de-escalation was tried, the degree of force, who told the "
        "parents/carers." in reply.text
    )
    assert any(c.label == "Parent text" for c in reply.choices)


def test_an_ambiguous_name_is_kept_as_typed_not_guessed(sample_school, clock):
    with Session(sample_school) as session:
        beth = session.exec(select(Staff).where(Staff.name == "Beth Moss")).one()
        session.add(Staff(school_id=beth.school_id, email="beth.k@x.example", name="Beth Kaur"))
        session.commit()
    raj = Dialog(sample_school, RAJ, clock=clock)
    raj.send("b Max guided hold by me + Beth 2 mins in the hall")
    incident = _incident(sample_school)
    assert incident.staff_involved == "me + Beth"
    assert _staff_names(sample_school, incident.id) == ["Raj Singh"]


def test_completing_the_record_with_edit_clears_what_was_asked(sample_school, clock):
    raj = Dialog(sample_school, RAJ, clock=clock)
    raj.send("b Max guided hold by me 2 mins in the hall")
    incident = _incident(sample_school)
    assert parents_not_told(incident)
    reply = raj.send(
        form={
            "record_ref": f"behaviour:{incident.id}",
            "physical_intervention": True,
            "notes": incident.notes,
            "place": "hall",
            "antecedent": "asked to line up",
            "staff_involved": "me",
            "hold_type": "guided hold",
            "hold_minutes": "2",
            "degree_of_force": "light guiding touch",
            "deescalation_tried": "calm voice, choices",
            "reason_for_force": "he was running at the fire door",
            "injuries": "none",
            "support_after": "talked it through",
            "parents_informed_at": "2026-06-09T15:10",
            "parents_informed_how": "phone",
            "parents_informed_by": "me",
        },
    )
    assert reply.text.startswith("Updated ✓") and "still needs" not in reply.text
    incident = _incident(sample_school)
    assert missing_details(incident) == [] and not parents_not_told(incident)
    with Session(sample_school) as session:
        raj_id = session.exec(select(Staff.id).where(Staff.email == RAJ)).one()
    assert incident.parents_informed_by_id == raj_id


def test_who_told_the_parents_is_asked_never_assumed_to_be_the_logger(sample_school, clock):
    raj = Dialog(sample_school, RAJ, clock=clock)
    with Session(sample_school) as session:
        max_id = session.exec(select(Pupil.id).where(Pupil.first_name == "Max")).one()
    reply = raj.send(
        form={
            "kind": "behaviour",
            "pupil_ids": [max_id],
            "notes": "ran at the gate",
            "physical_intervention": True,
            "place": "playground",
            "antecedent": "told no football",
            "staff_involved": "me",
            "hold_type": "guided hold",
            "hold_minutes": "2",
            "deescalation_tried": "calm voice, choices",
            "reason_for_force": "running into the road",
            "injuries": "none",
            "parents_informed": True,
            "parents_informed_how": "phone",
        }
    )
    assert reply.text.startswith("Logged ✓")
    incident = _incident(sample_school)
    # Told, and when (the form was sent then), but nobody said who told them.
    assert incident.parents_informed and incident.parents_informed_at is not None
    assert incident.parents_informed_by is None and incident.parents_informed_by_id is None
    assert "parents_informed_by" in missing_details(incident)
    assert "who told the parents/carers" in reply.text


SCHOOL_STAFF = re.compile(r"FROM staff\s+WHERE staff\.school_id = \S+ AND staff\.active")


def test_the_staff_are_resolved_once_for_every_pupil_of_one_log(sample_school, clock):
    """Two pupils held in one incident: each row links the same accounts, and the school's
    staff are read once for the log, not once per row."""
    raj = Dialog(sample_school, RAJ, clock=clock)
    with Session(sample_school) as session:
        ids = list(session.exec(select(Pupil.id).where(col(Pupil.first_name).in_(["Max", "Lily"]))))
        school_id = session.exec(select(Pupil.school_id).where(col(Pupil.id) == ids[0])).one()
    cached_roster(sample_school, school_id)  # the parser's roster (staff names too), kept
    staff_reads: list[str] = []

    def count(conn, cursor, statement, *args):
        if SCHOOL_STAFF.search(statement):
            staff_reads.append(statement)

    event.listen(sample_school, "before_cursor_execute", count)
    try:
        reply = raj.send(
            form={
                "kind": "behaviour",
                "pupil_ids": ids,
                "notes": "fighting in the line",
                "physical_intervention": True,
                "place": "corridor",
                "antecedent": "pushing in the line",
                "staff_involved": "me and Beth",
                "hold_type": "guide",
                "hold_minutes": "1",
                "deescalation_tried": "calm voice",
                "reason_for_force": "to separate them",
                "injuries": "none",
                "parents_informed_by": "Beth",
            }
        )
    finally:
        event.remove(sample_school, "before_cursor_execute", count)
    assert reply.text.startswith("Logged ✓"), reply.text
    assert len(staff_reads) == 1
    with Session(sample_school) as session:
        incidents = session.exec(select(BehaviourIncident)).all()
        beth = session.exec(select(Staff.id).where(Staff.name == "Beth Moss")).one()
    assert len(incidents) == 2
    for incident in incidents:
        assert _staff_names(sample_school, incident.id) == ["Beth Moss", "Raj Singh"]
        assert incident.parents_informed_by_id == beth


def test_rpi_command_shows_the_record_and_the_parent_text(sample_school, clock):
    raj = Dialog(sample_school, RAJ, clock=clock)
    raj.send("b Max hit Lily, guided hold by me 2 mins in the hall, no injuries")
    incident = _incident(sample_school)
    shown = raj.send(f"/rpi {incident.id}")
    assert "Use of force" in shown.text and "Other pupils: Lily" in shown.text
    assert "Parents NOT yet told" in shown.text
    letter = raj.send(f"/rpi {incident.id} parents")
    assert "Dear parent/carer of Max" in letter.text
    assert "Lily" not in letter.text  # another child is never named to a parent
    assert "guided hold" in letter.text and "Injuries: no injuries" in letter.text
    pressed = raj.send(action=f"rpi_parent_text:{incident.id}")
    assert pressed.text == letter.text


def test_someone_else_cannot_read_the_record(amy, sample_school, clock):
    raj = Dialog(sample_school, RAJ, clock=clock)
    raj.send("b Max guided hold by me 2 mins in the hall")
    incident = _incident(sample_school)
    assert "Only whoever logged it" in amy.send(f"/rpi {incident.id} parents").text
