"""Block Kit rendering and modal state flattening, without a server."""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo

from bot.slack.blocks import reply_blocks
from bot.slack.modals import form_values, form_view, view_errors
from handlers.forms.schema import BY_KEY as FORM_FIELDS
from handlers.types import Choice, FormRequest, Reply

LONDON = ZoneInfo("Europe/London")
PUPILS = [(1, "Freya Jones"), (2, "Kai Robinson")]
PROVISIONS = {1: [(11, "Phonics"), (12, "SALT")], 2: [(21, "ELSA")]}


def _form(kind, **values) -> FormRequest:
    return FormRequest(
        kind=kind,
        values={"kind": kind, **values},
        pupil_options=PUPILS,
        provision_options=PROVISIONS,
    )


def _blocks(view) -> dict:
    return {b.get("block_id"): b for b in view["blocks"] if b.get("block_id")}


def _state_from_initials(view) -> dict:
    """What Slack would submit if the user changed nothing."""
    values = {}
    for block in view["blocks"]:
        if block.get("type") != "input":
            continue
        el = block["element"]
        state = {"type": el["type"]}
        if "initial_option" in el:
            state["selected_option"] = el["initial_option"]
        if el["type"] in ("multi_static_select", "checkboxes"):
            state["selected_options"] = el.get("initial_options", [])
        for src, dst in (
            ("initial_value", "value"),
            ("initial_date", "selected_date"),
            ("initial_date_time", "selected_date_time"),
        ):
            if src in el:
                state[dst] = el[src]
        values[block["block_id"]] = {el["action_id"]: state}
    return {**view, "state": {"values": values}}


def test_session_form_round_trips_through_slack_state():
    view = form_view(
        _form(
            "session",
            pupil_ids=[1],
            provision_id=12,
            duration_minutes=30,
            occurred_at="2026-06-09T10:40",
            notes="used symbols",
        ),
        LONDON,
    )
    form = form_values(_state_from_initials(view), LONDON)
    assert form == {
        "kind": "session",
        "pupil_ids": ["1"],
        "provision_id": "12",
        "duration_minutes": "30",
        "status": "delivered",
        "occurred_at": "2026-06-09T10:40",
        "notes": "used symbols",
    }
    assert set(form) <= set(FORM_FIELDS)


def test_a_missed_session_asks_why_and_drops_the_minutes():
    blocks = _blocks(form_view(_form("session", pupil_ids=[1], status="missed"), LONDON))
    assert blocks["missed_reason"]["optional"] is False
    assert "duration_minutes" not in blocks
    assert blocks["status"]["dispatch_action"] is True  # changing it redraws the form


def test_winter_times_round_trip_in_gmt():
    view = form_view(
        _form(
            "parent_contact",
            pupil_ids=[2],
            occurred_at="2026-11-18T09:05",
            contact_method="phone",
            follow_up_on="2026-11-20",
        ),
        LONDON,
    )
    form = form_values(_state_from_initials(view), LONDON)
    assert (form["occurred_at"], form["contact_method"], form["follow_up_on"]) == (
        "2026-11-18T09:05",
        "phone",
        "2026-11-20",
    )


def test_provisions_are_only_the_chosen_pupils():
    blocks = _blocks(form_view(_form("session", pupil_ids=[2]), LONDON))
    assert [o["text"]["text"] for o in blocks["provision_id"]["element"]["options"]] == ["ELSA"]
    no_pupil = _blocks(form_view(_form("session"), LONDON))
    assert "provision_id" not in no_pupil


def test_behaviour_form_grows_rpi_fields_only_when_ticked():
    plain = _blocks(form_view(_form("behaviour"), LONDON))
    assert "physical_intervention" in plain and "hold_type" not in plain
    assert plain["physical_intervention"]["dispatch_action"] is True
    rpi = _blocks(form_view(_form("behaviour", physical_intervention=True), LONDON))
    for name in (
        "staff_involved",
        "hold_type",
        "hold_minutes",
        "deescalation_tried",
        "reason_for_force",
        "injuries",
        "support_after",
        "parents_informed",
    ):
        assert name in rpi
    assert rpi["hold_type"]["optional"] is False
    ticked = form_values(
        _state_from_initials(form_view(_form("behaviour", physical_intervention=True), LONDON)),
        LONDON,
    )
    assert ticked["physical_intervention"] is True and ticked["parents_informed"] is False


def test_edit_form_carries_record_ref_and_hides_kind():
    form = _form("session", pupil_ids=[1])
    form.record_ref = "session:7"
    view = form_view(form, LONDON)
    assert "kind" not in _blocks(view)
    assert json.loads(view["private_metadata"]) == {"kind": "session", "record_ref": "session:7"}
    flattened = form_values(_state_from_initials(view), LONDON)
    assert flattened["record_ref"] == "session:7" and flattened["kind"] == "session"


def test_many_pupils_use_option_groups_within_slack_limits():
    many = [(i, f"Pupil {i:03d} Surname") for i in range(1, 251)]
    view = form_view(FormRequest(kind=None, pupil_options=many), LONDON)
    element = _blocks(view)["pupil_ids"]["element"]
    assert "options" not in element
    assert [len(g["options"]) for g in element["option_groups"]] == [100, 100, 50]
    assert len(view["title"]["text"]) <= 24


def test_errors_go_on_fields_in_the_view_and_strays_are_not_lost():
    view = form_view(_form("session", pupil_ids=[1]), LONDON)
    errors = view_errors(
        {
            "duration_minutes": "Minutes as a whole number, 1 to 600.",
            "hold_type": "What type of hold was used?",
        },
        view,
    )
    assert errors["duration_minutes"].startswith("Minutes")
    assert "hold" in errors["pupil_ids"] and "hold_type" not in errors


def test_reply_text_is_escaped_split_and_buttons_chunked():
    reply = Reply(
        text="Note: <!channel> & <@U123>\n" + "x" * 5000,
        choices=[Choice(f"Option {i}", f"pick:provision:{i}") for i in range(30)],
    )
    blocks = reply_blocks(reply)
    sections = [b for b in blocks if b["type"] == "section"]
    assert sections[0]["text"]["text"].startswith("Note: &lt;!channel&gt; &amp; &lt;@U123&gt;")
    assert all(len(s["text"]["text"]) <= 3000 for s in sections)
    rows = [b for b in blocks if b["type"] == "actions"]
    assert [len(r["elements"]) for r in rows] == [25, 5]
    assert rows[1]["elements"][0]["value"] == "pick:provision:25"


def test_manifests_match_the_listeners():
    import re
    from pathlib import Path

    from bot.slack.app import SHORTCUTS

    for name in ("manifest.yml", "manifest-http.yml"):
        text = (Path(__file__).resolve().parents[2] / "slack" / name).read_text()
        assert set(re.findall(r"callback_id: (\w+)", text)) == set(SHORTCUTS)
        assert "- command: /log" in text and "- app_home_opened" in text and "- message.im" in text
        for scope in ("commands", "chat:write", "im:history", "im:write", "files:write"):
            assert f"- {scope} " in text


def test_other_pupils_involved_are_a_multi_select_of_their_own():
    view = form_view(_form("behaviour", pupil_ids=[1], involved_ids=[2]), LONDON)
    block = _blocks(view)["involved_ids"]
    assert block["optional"] and block["element"]["type"] == "multi_static_select"
    assert [o["value"] for o in block["element"]["initial_options"]] == ["2"]
    # The record's own pupil stays the pupil field's.
    assert [o["value"] for o in _blocks(view)["pupil_ids"]["element"]["initial_options"]] == ["1"]
    values = form_values(_state_from_initials(view), LONDON)
    assert values["pupil_ids"] == ["1"] and values["involved_ids"] == ["2"]
