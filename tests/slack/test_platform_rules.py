"""Slack's own rules at the edge, through the real Bolt app and signed requests.

Another workspace is refused at every entry point; every registered command is
declared in both manifests; command words work in a DM without the slash;
files and edits are answered, not silently dropped; malformed requests get
401/400, not 500; markup is stored as the text the person saw.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import pytest
import yaml
from sqlmodel import func, select

import handlers.commands  # noqa: F401  (registers the commands)
from bot.slack.workspace import NOT_OUR_WORKSPACE
from handlers.registry import commands_in_menu_order, describe
from handlers.wording import EDIT_NOT_APPLIED, NOT_TEXT
from storage.db import session_scope
from storage.models import AuditEvent, BehaviourIncident, ParentContact, SessionLog
from tests.slack.conftest import AMY, SECRET
from tests.support.fake_slack import event_body, interactive_body, signature, slash_body

REPO = Path(__file__).resolve().parents[2]
OTHER_TEAM = "T0ELSEWHERE"


def _stored(engine) -> int:
    with session_scope(engine) as session:
        return sum(
            session.exec(select(func.count()).select_from(model)).one()
            for model in (SessionLog, BehaviourIncident, ParentContact, AuditEvent)
        )


def _dm(text: str, **extra) -> dict:
    return {
        "type": "message",
        "channel_type": "im",
        "channel": "D0AMYLO01",
        "user": AMY,
        "text": text,
        "ts": f"{time.time():.6f}",
        **extra,
    }


def _button(slack, value: str) -> dict:
    return {
        "type": "block_actions",
        "user": {"id": AMY},
        "channel": {"id": "D0AMYLO01", "name": "directmessage"},
        "container": {"type": "message", "is_ephemeral": False},
        "trigger_id": slack.trigger(),
        "actions": [
            {
                "action_id": "kw_choice_0",
                "value": value,
                "type": "button",
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }


# -- another workspace ---------------------------------------------------------------


def test_a_slash_command_from_another_workspace_is_refused_and_stores_nothing(slack):
    before = _stored(slack.engine)
    body = slash_body(
        user=AMY,
        text="Freya phonics 20 mins",
        trigger_id=slack.trigger(),
        response_url=slack.fake.response_url("x"),
        team=OTHER_TEAM,
    )
    status, answer = slack.post(body)
    assert (status, answer.decode()) == (200, NOT_OUR_WORKSPACE)
    for other in ("/pupil Freya", "/today"):
        command, _, text = other.partition(" ")
        slack.post(
            slash_body(
                user=AMY,
                text=text,
                command=command,
                trigger_id=slack.trigger(),
                response_url=slack.fake.response_url("x"),
                team=OTHER_TEAM,
            )
        )
    assert _stored(slack.engine) == before
    assert not slack.fake.calls_to("response_url") and not slack.fake.calls_to("views.open")


def test_a_dm_and_app_home_from_another_workspace_are_refused(slack):
    before = _stored(slack.engine)
    status, _ = slack.post(
        event_body("Ev0OTHER01", _dm("Freya phonics 20 mins"), team=OTHER_TEAM),
        "application/json",
    )
    assert status == 200
    slack.post(
        event_body(
            "Ev0OTHER02",
            {"type": "app_home_opened", "user": AMY, "tab": "home", "channel": "D0AMYLO01"},
            team=OTHER_TEAM,
        ),
        "application/json",
    )
    assert _stored(slack.engine) == before
    assert not slack.fake.calls_to("views.publish") and not slack.fake.calls_to("chat.postMessage")


def test_buttons_shortcuts_and_forms_from_another_workspace_are_refused(slack):
    before = _stored(slack.engine)
    slack.post(interactive_body(_button(slack, "undo:session:1"), team=OTHER_TEAM))
    slack.post(
        interactive_body(
            {"type": "shortcut", "callback_id": "log_session", "user": {"id": AMY}},
            team=OTHER_TEAM,
        )
    )
    submission = {
        "type": "view_submission",
        "user": {"id": AMY},
        "view": {
            "id": "V0OTHER001",
            "type": "modal",
            "callback_id": "kw_form",
            "private_metadata": "{}",
            "state": {"values": {}},
        },
    }
    status, body = slack.post(interactive_body(submission, team=OTHER_TEAM))
    assert status == 200 and body == b""
    assert _stored(slack.engine) == before
    assert not slack.fake.calls_to("views.open") and not slack.fake.calls_to("response_url")


def test_the_same_requests_from_our_workspace_still_work(slack):
    slack.slash("Freya phonics 20 mins")
    (reply,) = slack.fake.wait_for("response_url")
    assert "Logged ✓" in reply.params["text"]


# -- the manifests declare every command -----------------------------------------------


@pytest.mark.parametrize("manifest", ["manifest.yml", "manifest-http.yml"])
def test_the_manifest_declares_every_registered_command(manifest):
    doc = yaml.safe_load((REPO / "slack" / manifest).read_text(encoding="utf-8"))
    declared = {c["command"].lstrip("/"): c for c in doc["features"]["slash_commands"]}
    registered = {describe(spec)["name"]: describe(spec) for spec in commands_in_menu_order()}
    assert set(declared) == set(registered)
    for name, spec in registered.items():
        assert declared[name]["description"] == spec["summary"]
        assert declared[name].get("usage_hint", "") == spec["usage_hint"]
        assert declared[name]["should_escape"] is False
        if manifest == "manifest-http.yml":
            assert declared[name]["url"].endswith("/slack/events")
    assert "users:read" in doc["oauth_config"]["scopes"]["bot"]


# -- command words in a DM, files, edits, markup ----------------------------------------


def test_a_command_word_without_its_slash_is_the_command(slack):
    slack.event("Ev0WORD0001", _dm("help"))
    (answer,) = slack.fake.wait_for("chat.postMessage")
    assert "Commands:" in answer.params["text"]
    slack.event("Ev0WORD0002", _dm("pupil Freya"))
    answers = slack.fake.wait_for("chat.postMessage", count=2)
    assert "Phonics" in answers[-1].params["text"]
    assert _stored_records(slack.engine) == 0  # neither was taken for a log


def _stored_records(engine) -> int:
    with session_scope(engine) as session:
        return sum(
            session.exec(select(func.count()).select_from(model)).one()
            for model in (SessionLog, BehaviourIncident, ParentContact)
        )


def test_a_log_that_starts_with_a_command_word_stays_a_log(slack):
    slack.event("Ev0WORD0003", _dm("today Freya phonics 20 mins"))
    (answer,) = slack.fake.wait_for("chat.postMessage")
    assert "Logged ✓" in answer.params["text"]
    assert _stored_records(slack.engine) == 1


def test_a_file_in_a_dm_is_answered_and_nothing_is_stored(slack):
    slack.event(
        "Ev0FILE0001",
        _dm("Freya phonics 20 mins", subtype="file_share", files=[{"id": "F1", "name": "a.jpg"}]),
    )
    (answer,) = slack.fake.wait_for("chat.postMessage")
    assert answer.params["text"] == NOT_TEXT
    assert _stored_records(slack.engine) == 0


def test_editing_a_sent_message_is_answered_with_how_to_use_edit(slack):
    slack.event("Ev0EDIT0001", _dm("Freya phonics 20 mins"))
    slack.fake.wait_for("chat.postMessage")
    changed = {
        "type": "message",
        "subtype": "message_changed",
        "channel_type": "im",
        "channel": "D0AMYLO01",
        "ts": f"{time.time():.6f}",
        "message": {"type": "message", "user": AMY, "text": "Freya phonics 30 mins"},
        "previous_message": {"type": "message", "user": AMY, "text": "Freya phonics 20 mins"},
    }
    slack.event("Ev0EDIT0002", changed)
    answers = slack.fake.wait_for("chat.postMessage", count=2)
    assert answers[-1].params["text"] == EDIT_NOT_APPLIED
    (record,) = slack.sessions()
    assert record.duration_minutes == 20  # the edit changed nothing


def test_an_unfurl_that_changes_no_text_gets_no_answer(slack):
    unfurl = {
        "type": "message",
        "subtype": "message_changed",
        "channel_type": "im",
        "channel": "D0AMYLO01",
        "ts": f"{time.time():.6f}",
        "message": {"type": "message", "user": AMY, "text": "same", "attachments": [{"id": 1}]},
        "previous_message": {"type": "message", "user": AMY, "text": "same"},
    }
    slack.event("Ev0UNFURL01", unfurl)
    slack.event("Ev0EDIT0003", _dm("help"))  # a later message is answered; the unfurl was not
    (answer,) = slack.fake.wait_for("chat.postMessage")
    assert "Commands:" in answer.params["text"]


def test_markup_is_stored_as_the_text_the_person_saw(slack):
    slack.event(
        "Ev0MARK0001",
        _dm(
            "Freya phonics 20 mins <https://evil.example|click here> with <@U0RAJSI02> "
            "and <@U0GONE999> &amp; me <!here>"
        ),
    )
    slack.fake.wait_for("chat.postMessage")
    (record,) = slack.sessions()
    assert "evil.example" not in record.notes and "<" not in record.source_text
    assert "click here" in record.notes
    assert "with @Raj Singh and @someone & me @here" in record.notes


# -- malformed requests ---------------------------------------------------------------


def _raw(slack, body: str, timestamp: str, content_type: str) -> tuple[int, bytes]:
    import urllib.error
    import urllib.request

    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature(SECRET, timestamp, body),
    }
    request = urllib.request.Request(slack.url, data=body.encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_a_non_numeric_timestamp_is_401_without_a_traceback(slack, caplog):
    caplog.set_level(logging.WARNING)
    status, _ = _raw(slack, event_body("Ev0BAD0001", _dm("x")), "soon", "application/json")
    assert status == 401
    assert not any(r.exc_info for r in caplog.records)
    assert any("X-Slack-Request-Timestamp" in r.getMessage() for r in caplog.records)


def test_signed_but_malformed_json_is_400_without_a_traceback(slack, caplog):
    caplog.set_level(logging.WARNING)
    before = _stored(slack.engine)
    now = str(int(time.time()))
    status, _ = _raw(slack, '{"type": "event_callback", "event": {', now, "application/json")
    assert status == 400
    status, _ = _raw(slack, "payload=" + "%7Bnot-json", now, "application/x-www-form-urlencoded")
    assert status == 400
    assert not any(r.exc_info for r in caplog.records)
    assert _stored(slack.engine) == before
    assert json.loads(event_body("Ev0OK", _dm("x")))  # the fixture's own bodies are fine
