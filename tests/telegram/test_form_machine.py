"""The guided form's state machine on its own (no Telegram): steps, typed values, errors."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from bot.telegram import form
from handlers.types import Choice, FormRequest
from tests.conftest import LONDON

NOW = datetime(2026, 6, 9, 15, 30, tzinfo=LONDON)
REQUEST = FormRequest(
    kind=None,
    pupil_options=[(1, "Freya Jones"), (2, "Kai Robinson"), (3, "Harry Wright")],
    provision_options={1: [(11, "Phonics"), (12, "SALT")], 2: [(21, "ELSA")], 3: []},
)


def fresh(**values) -> dict:
    return form.start(FormRequest(**{**REQUEST.__dict__, "values": values}), now=NOW)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("10:40", "2026-06-09T10:40"),
        ("2pm", "2026-06-09T14:00"),
        ("9.05am", "2026-06-09T09:05"),
        ("yesterday 14:15", "2026-06-08T14:15"),
        ("3/11 9:30", "2025-11-03T09:30"),  # British order; November is before June, so last year
        ("1/6/2026 08:50", "2026-06-01T08:50"),
        ("now", "2026-06-09T15:30"),
    ],
)
def test_typed_times_are_read_the_british_way(typed, expected):
    assert form.parse_when(typed, NOW).strftime("%Y-%m-%dT%H:%M") == expected


@pytest.mark.parametrize("typed", ["soon", "25:00", "31/2 10:00", "10"])
def test_unreadable_times_are_refused(typed):
    assert form.parse_when(typed, NOW) is None


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [("25", 25), ("25 mins", 25), ("1h15", 75), ("0", None), ("601", None), ("lots", None)],
)
def test_typed_minutes(typed, minutes):
    assert form.parse_minutes(typed) == minutes


def test_steps_follow_what_is_missing_and_the_state_is_json():
    state = fresh()
    assert state["step"] == "pupil"
    form.on_button(state, "f:pupil:1", NOW)
    assert state["step"] == "kind"
    form.on_button(state, "f:kind:session", NOW)
    assert state["step"] == "provision"
    form.on_text(state, "sal", NOW)
    assert state["values"]["provision_id"] == 12 and state["step"] == "duration"
    form.on_button(state, "f:duration:20", NOW)
    form.on_button(state, "f:time:earlier", NOW)
    slots = [value for row in form.screen(state, NOW).rows for _, value in row]
    assert "f:time:@15:00" in slots and "f:time:@15:30" not in slots
    form.on_button(state, "f:time:@09:00", NOW)
    form.on_button(state, "f:notes:skip", NOW)
    assert state["step"] == "confirm"
    assert form.on_button(state, "f:confirm:save", NOW).action == "submit"
    assert form.submission(state) == {
        "pupil_ids": [1],
        "kind": "session",
        "provision_id": 12,
        "duration_minutes": 20,
        "occurred_at": "2026-06-09T09:00",
    }
    assert json.loads(json.dumps(state)) == state


def test_parent_contact_asks_how_and_skips_provision_and_duration():
    state = fresh(pupil_ids=[2], kind="parent_contact")
    assert state["step"] == "method"
    form.on_text(state, "phone", NOW)
    assert state["step"] == "time"


def test_a_future_time_is_refused_and_asked_again():
    state = fresh(pupil_ids=[3], kind="behaviour")
    form.on_text(state, "17:00", NOW)
    assert state["step"] == "time" and "future" in state["notice"]


def test_changing_the_pupil_drops_their_provision():
    state = fresh(
        pupil_ids=[1],
        kind="session",
        provision_id=11,
        duration_minutes=20,
        occurred_at="2026-06-09T10:00",
        notes="ok",
    )
    assert state["step"] == "confirm"
    form.on_button(state, "f:change:pupil", NOW)
    form.on_button(state, "f:pupil:2", NOW)
    assert state["step"] == "provision"
    assert [label for row in form.screen(state, NOW).rows for label, _ in row][:1] == ["ELSA"]


def test_handler_errors_send_the_form_back_to_those_fields():
    state = fresh(pupil_ids=[1], kind="behaviour", occurred_at="2026-06-09T10:00", notes="hit out")
    form.apply_errors(
        state, {"occurred_at": "That's in the future.", "hold_type": "What type of hold was used?"}
    )
    assert state["step"] == "time" and "future" in state["notice"]
    form.on_button(state, "f:time:now", NOW)
    assert state["step"] == "fix"
    assert "What type of hold" in form.screen(state, NOW).text
    form.on_text(state, "single elbow", NOW)
    assert state["step"] == "confirm" and state["values"]["hold_type"] == "single elbow"


def test_buttons_from_an_earlier_question_are_ignored():
    state = fresh()
    form.on_button(state, "f:pupil:1", NOW)
    outcome = form.on_button(state, "f:pupil:2", NOW)
    assert outcome.action == "stale" and state["values"]["pupil_ids"] == [1]


def test_suggested_pupils_from_the_question_come_first():
    request = FormRequest(**{**REQUEST.__dict__, "values": {}})
    state = form.start(request, now=NOW, suggested=[Choice("Harry Wright", "pick:pupil:3")])
    labels = [label for row in form.screen(state, NOW).rows for label, _ in row]
    assert labels[0] == "Harry Wright"


def test_an_edit_cannot_change_the_pupil():
    request = FormRequest(
        **{
            **REQUEST.__dict__,
            "kind": "session",
            "record_ref": "session:5",
            "values": {
                "pupil_ids": [1],
                "provision_id": 11,
                "duration_minutes": 20,
                "occurred_at": "2026-06-09T10:00",
            },
        }
    )
    state = form.start(request, now=NOW)
    assert state["step"] == "confirm"
    assert form.on_button(state, "f:change:pupil", NOW).action == "stale"
    assert form.submission(state)["record_ref"] == "session:5"
