"""The form as an Adaptive Card, rendered from the one schema: opened, redrawn when a
field that changes the questions changes, validated on Save with the problems shown
under the fields, stored once, and reopened by Edit to correct a record."""

from __future__ import annotations

from sqlmodel import select

from handlers.forms.schema import fields_for
from storage.db import session_scope
from storage.models import BehaviourIncident, IncidentInvolved, SessionLog
from tests.teams.conftest import buttons, card_text, inputs


def rows(engine, model):
    with session_scope(engine) as session:
        return list(session.exec(select(model)))


def press_with(teams, card, title: str, **values) -> dict:
    """Press the card's `title` button with its inputs as shown, changed by `values`."""
    data = buttons(card)[title] | {
        key: values.get(key, element.get("value")) for key, element in inputs(card).items()
    }
    return teams.press(data)


def test_log_alone_opens_the_form_with_the_schema_fields(teams):
    teams.say("/log")
    card = teams.last_card()
    shown = set(inputs(card))
    expected = {f.key for f in fields_for({})}
    assert expected <= shown  # kind, pupils, when (day + time), notes
    assert "Save" in buttons(card) and "Update the form" in buttons(card)
    freya = teams.pupil_id("Freya")
    assert str(freya) in [c["value"] for c in inputs(card)["pupil_ids"]["choices"]]


def test_a_session_form_is_redrawn_validated_and_stored_once(teams):
    teams.say("/log")
    blank = teams.last_card()
    freya = str(teams.pupil_id("Freya"))

    # Choosing the kind and the pupil redraws the card with that pupil's provisions.
    session_card = press_with(teams, blank, "Update the form", kind="session", pupil_ids=freya)
    provisions = {c["title"]: c["value"] for c in inputs(session_card)["provision_id"]["choices"]}
    assert set(provisions) == {"Phonics", "SALT"}
    assert "duration_minutes" in inputs(session_card) and "status" in inputs(session_card)

    # Save without the provision: nothing stored, the problem shown on the card.
    refused = press_with(teams, session_card, "Save", duration_minutes="20")
    assert "Choose one of this pupil's provisions." in card_text(refused)
    assert inputs(refused)["duration_minutes"]["value"] == 20, "what was typed is kept"
    assert rows(teams.engine, SessionLog) == []

    done = press_with(teams, refused, "Save", provision_id=provisions["Phonics"])
    assert "Logged ✓" in card_text(done) and set(buttons(done)) == {"Undo", "Edit"}
    [stored] = rows(teams.engine, SessionLog)
    assert (stored.pupil_id, stored.duration_minutes) == (int(freya), 20)


def test_ticking_the_rpi_box_brings_the_statutory_questions(teams):
    teams.say("/log")
    kai = str(teams.pupil_id("Kai"))
    behaviour = press_with(
        teams, teams.last_card(), "Update the form", kind="behaviour", pupil_ids=kai
    )
    assert "hold_type" not in inputs(behaviour)

    with_force = press_with(teams, behaviour, "Update the form", physical_intervention="true")
    for key in ("staff_involved", "hold_type", "hold_minutes", "reason_for_force", "injuries"):
        assert key in inputs(with_force), key
    assert "Type of hold (required)" in card_text(with_force)

    refused = press_with(teams, with_force, "Save", notes="Threw a chair at a peer")
    assert "What type of hold was used?" in card_text(refused)  # shown under the field
    assert rows(teams.engine, BehaviourIncident) == []
    assert "Threw a chair" in str(inputs(refused)["notes"]["value"])


def test_other_pupils_involved_are_chosen_on_the_card_and_stored_on_the_incident(teams):
    teams.say("/log")
    kai, lily = str(teams.pupil_id("Kai")), str(teams.pupil_id("Lily"))
    behaviour = press_with(
        teams, teams.last_card(), "Update the form", kind="behaviour", pupil_ids=kai
    )
    other = inputs(behaviour)["involved_ids"]
    assert other["isMultiSelect"] and other["label"] == "Other pupils involved"
    done = press_with(teams, behaviour, "Save", involved_ids=lily, notes="pushed in the line")
    assert "Also involved: Lily Green" in card_text(done)
    [incident] = rows(teams.engine, BehaviourIncident)
    [involved] = rows(teams.engine, IncidentInvolved)
    assert incident.pupil_id == int(kai)
    assert (involved.incident_id, involved.pupil_id) == (incident.id, int(lily))


def test_edit_reopens_the_record_and_keeps_the_previous_version(teams):
    teams.say("Freya phonics 20 mins")
    edit = buttons(teams.last_card())["Edit"]

    form = teams.press(edit)
    assert "Editing a session for Freya Jones" in card_text(form)
    assert "pupil_ids" not in inputs(form), "a correction never changes the pupil"

    done = press_with(teams, form, "Save", duration_minutes="25")
    assert "Updated ✓" in card_text(done)
    [stored] = rows(teams.engine, SessionLog)
    assert (stored.duration_minutes, stored.version) == (25, 2)


def test_an_older_clients_action_submit_gets_the_form_again_with_its_problems(teams):
    freya = str(teams.pupil_id("Freya"))
    # Clients without Universal Actions send the button's data as a message's value.
    teams.say(
        "", value={"kw": "save", "kind": "session", "pupil_ids": freya, "duration_minutes": "20"}
    )

    again = teams.last_card()
    assert "Choose one of this pupil's provisions." in card_text(again)
    assert "Save" in buttons(again) and inputs(again)["duration_minutes"]["value"] == 20
    assert rows(teams.engine, SessionLog) == []
