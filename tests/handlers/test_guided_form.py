"""The guided form on its own (no platform): steps from the schema, typed answers read
by the grammar, the same required rules as every other form, errors sent back."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from bot.slack.modals import form_view
from handlers.forms import guided
from handlers.forms.schema import FIELDS, fields_for
from handlers.types import FormRequest
from tests.conftest import LONDON

NOW = datetime(2026, 6, 9, 15, 30, tzinfo=LONDON)  # a Tuesday in June (BST)
REQUEST = FormRequest(
    kind=None,
    pupil_options=[(1, "Freya Jones"), (2, "Kai Robinson"), (3, "Harry Wright")],
    provision_options={1: [(11, "Phonics"), (12, "SALT")], 2: [(21, "ELSA")], 3: []},
)


def fresh(**values) -> dict:
    return guided.start(FormRequest(**{**REQUEST.__dict__, "values": values}), now=NOW)


def buttons(state) -> list[str]:
    return [label for row in guided.screen(state, NOW).rows for label, _ in row]


def values_of(state) -> list[str]:
    return [value for row in guided.screen(state, NOW).rows for _, value in row]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("10:40", "2026-06-09T10:40"),
        ("2:15", "2026-06-09T14:15"),  # the grammar's reading: afternoon, never 02:15
        ("2pm", "2026-06-09T14:00"),
        ("9.05am", "2026-06-09T09:05"),
        ("yesterday 14:15", "2026-06-08T14:15"),
        ("3/11 9:30", "2025-11-03T09:30"),  # British order; last November
        ("now", "2026-06-09T15:30"),
    ],
)
def test_typed_times_are_read_by_the_grammar(typed, expected):
    state = fresh(kind="behaviour", pupil_ids=[3])
    # Optional fields are offered on the summary; "was force used?" is always asked.
    assert state["step"] == "physical_intervention"
    state["step"] = "occurred_at"
    guided.on_text(state, typed, NOW)
    assert state["values"]["occurred_at"] == expected, state["notice"]


@pytest.mark.parametrize("typed", ["20/6 10:00", "17:00", "tomorrow 9am"])
def test_a_future_time_is_refused_and_asked_again(typed):
    state = fresh(kind="behaviour", pupil_ids=[3])
    state["step"] = "occurred_at"
    guided.on_text(state, typed, NOW)
    assert state["step"] == "occurred_at" and "future" in state["notice"]
    assert "occurred_at" not in state["values"]


def test_a_date_more_than_a_year_ago_is_refused():
    state = fresh(kind="behaviour", pupil_ids=[3])
    state["step"] = "occurred_at"
    guided.on_text(state, "3/6/1999 10:00", NOW)
    assert "occurred_at" not in state["values"] and "year" in state["notice"]


def test_a_session_walks_kind_pupils_provision_minutes_time_notes_and_is_json():
    state = fresh()
    assert state["step"] == "kind"
    guided.on_button(state, "f:kind:session", NOW)
    assert state["step"] == "pupil_ids"
    guided.on_button(state, "f:pupil_ids:1", NOW)  # a session may be a group: tap more, or Done
    assert "Done ✓" in buttons(state)
    guided.on_button(state, "f:pupil_ids:done", NOW)
    assert state["step"] == "provision_id"
    guided.on_text(state, "sal", NOW)
    assert state["values"]["provision_id"] == 12 and state["step"] == "duration_minutes"
    guided.on_text(state, "half an hour", NOW)
    assert state["values"]["duration_minutes"] == 30
    guided.on_button(state, "f:occurred_at:earlier", NOW)
    assert "f:occurred_at:@15:00" in values_of(state) and "f:occurred_at:@15:30" not in values_of(
        state
    )
    guided.on_button(state, "f:occurred_at:@09:00", NOW)
    guided.on_button(state, "f:notes:skip", NOW)
    assert state["step"] == guided.CONFIRM
    assert "Add delivered or missed?" in buttons(state)  # optional fields can still be added
    assert guided.on_button(state, "f:confirm:save", NOW).action == "submit"
    assert guided.submission(state) == {
        "kind": "session",
        "pupil_ids": [1],
        "provision_id": 12,
        "duration_minutes": 30,
        "occurred_at": "2026-06-09T09:00",
    }
    assert json.loads(json.dumps(state)) == state


def test_a_missed_session_asks_why_instead_of_minutes():
    state = fresh(kind="session", pupil_ids=[2], provision_id=21)
    state["step"] = guided.CONFIRM
    guided.on_button(state, "f:add:status", NOW)
    guided.on_button(state, "f:status:missed", NOW)
    assert state["step"] == "missed_reason"
    guided.on_text(state, "trip", NOW)
    assert state["values"]["missed_reason"] == "trip"
    assert "duration_minutes" not in [f.key for f in fields_for(state["values"])]


def test_a_parent_contact_asks_how_and_the_follow_up_day():
    state = fresh(pupil_ids=[2], kind="parent_contact")
    assert state["step"] == "contact_method"
    guided.on_text(state, "phone", NOW)
    assert state["values"]["contact_method"] == "phone" and state["step"] == "follow_up_on"
    guided.on_text(state, "fri", NOW)
    assert state["values"]["follow_up_on"] == "2026-06-12"  # the next Friday, not the last
    guided.on_button(state, "f:occurred_at:now", NOW)
    guided.on_text(state, "talked about the new timetable", NOW)
    assert state["step"] == guided.CONFIRM
    assert "Add who with (mum, dad, carer...)" in buttons(state)


def test_an_rpi_asks_every_statutory_field():
    state = fresh(pupil_ids=[3], kind="behaviour")
    assert state["step"] == "physical_intervention"
    guided.on_button(state, "f:physical_intervention:true", NOW)
    asked = []
    answers = {
        "place": "corridor",
        "antecedent": "refused to leave the hall",
        "staff_involved": "me and Mr Patel",
        "hold_type": "single elbow",
        "hold_minutes": "2",
        "deescalation_tried": "calm talk, offered a break",
        "reason_for_force": "running towards the road",
        "injuries": "none",
    }
    while state["step"] != guided.CONFIRM:
        step = state["step"]
        asked.append(step)
        if step in answers:
            guided.on_text(state, answers[step], NOW)
        elif step == "parents_informed":
            guided.on_button(state, "f:parents_informed:false", NOW)
        elif step == "occurred_at":
            guided.on_button(state, "f:occurred_at:now", NOW)
        elif step == "notes":
            guided.on_text(state, "ran out of the hall", NOW)
        else:
            raise AssertionError(f"unexpected step {step}")
    assert set(answers) <= set(asked)
    assert state["values"]["hold_minutes"] == 2


def test_handler_errors_send_the_form_back_to_those_fields():
    state = fresh(
        pupil_ids=[1],
        kind="behaviour",
        physical_intervention=False,
        occurred_at="2026-06-09T10:00",
        notes="hit out",
    )
    guided.apply_errors(state, {"occurred_at": "That's in the future.", "place": "Where?"})
    assert state["step"] == "place" and "future" in state["notice"]
    guided.on_text(state, "hall", NOW)
    assert state["step"] == "occurred_at"


def test_buttons_from_an_earlier_question_are_ignored():
    state = fresh(kind="behaviour")
    guided.on_button(state, "f:pupil_ids:1", NOW)
    outcome = guided.on_button(state, "f:pupil_ids:2", NOW)
    assert outcome.action == "stale" and state["values"]["pupil_ids"] == [1]


def test_suggested_pupils_come_first():
    request = FormRequest(**{**REQUEST.__dict__, "values": {"kind": "behaviour"}})
    request.suggested_pupil_ids = [3]
    state = guided.start(request, now=NOW)
    assert buttons(state)[0] == "Harry Wright"


def test_a_correction_never_offers_to_change_kind_or_pupil():
    request = FormRequest(
        **{
            **REQUEST.__dict__,
            "values": {"kind": "session", "pupil_ids": [1], "provision_id": 11, "notes": "ok"},
        }
    )
    request.record_ref = "session:4"
    state = guided.start(request, now=NOW)
    assert state["step"] == guided.CONFIRM
    labels = buttons(state)
    assert "Change pupil" not in labels and "Change what are you logging?" not in labels
    assert guided.on_button(state, "f:change:pupil_ids", NOW).action == "stale"
    assert guided.submission(state)["record_ref"] == "session:4"


CASES = [
    {"kind": "session"},
    {"kind": "session", "status": "missed"},
    {"kind": "behaviour"},
    {"kind": "behaviour", "physical_intervention": True},
    {"kind": "parent_contact"},
    {"kind": "safeguarding"},
]


@pytest.mark.parametrize("values", CASES, ids=lambda v: "-".join(str(x) for x in v.values()))
def test_slack_and_the_guided_form_require_the_same_fields(values):
    """One rule: what Slack marks required is what the guided form will not pass without."""
    request = FormRequest(**{**REQUEST.__dict__, "values": {**values, "pupil_ids": [1]}})
    view = form_view(request, LONDON)
    slack_required = {
        b["block_id"] for b in view["blocks"] if b.get("type") == "input" and not b["optional"]
    }
    state = guided.start(request, now=NOW)
    guided_required = set()
    for f in FIELDS:
        if f.applies(state["values"]) and f.required(state["values"]):
            guided_required.add(f.key)
            # the guided form offers no Skip for it
            state["step"] = f.key
            assert "Skip" not in buttons(state), f.key
    assert slack_required == guided_required


def test_other_pupils_involved_are_added_from_the_summary_several_at_once():
    state = fresh(
        kind="behaviour",
        pupil_ids=[3],
        physical_intervention=False,
        occurred_at="2026-06-09T12:10",
        notes="pushed in the queue",
    )
    assert state["step"] == guided.CONFIRM
    assert "Add other pupils involved" in buttons(state)
    guided.on_button(state, "f:add:involved_ids", NOW)
    assert state["step"] == "involved_ids" and "Skip" in buttons(state)
    guided.on_button(state, "f:involved_ids:1", NOW)
    guided.on_text(state, "kai", NOW)  # typed, as a name is searched
    assert "Tap more pupils if others were involved" in state["notice"]
    assert state["values"]["pupil_ids"] == [3]  # the record's own pupil is untouched
    guided.on_button(state, "f:involved_ids:done", NOW)
    assert state["step"] == guided.CONFIRM
    assert "Other pupils involved: Freya Jones, Kai Robinson" in guided.screen(state, NOW).text
    assert guided.submission(state)["involved_ids"] == [1, 2]
