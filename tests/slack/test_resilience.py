"""The Slack adapter under strain: slow work, failing work, a failing database, files.

Each test drives the real Bolt app in HTTP mode against the fake Slack.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy.exc import OperationalError
from sqlmodel import select

import bot.intake as intake_module
import handlers.service as service
from bot.slack.respond import FILE_IN_DM
from storage.db import session_scope
from storage.models import ConversationState
from tests.slack.conftest import AMY
from tests.slack.test_http_mode import _provision_id, _submission
from tests.support.fake_slack import slash_body

BETH = "U0BETHM03"  # the SENCO


def test_report_uploads_the_file_to_the_dm_and_answers_the_command(slack):
    body = slash_body(
        user=BETH,
        text="Freya",
        command="/report",
        trigger_id=slack.trigger(),
        response_url=slack.fake.response_url("rep"),
    )
    assert slack.post(body)[0] == 200
    (complete,) = slack.fake.wait_for("files.completeUploadExternal", timeout=20)
    assert complete.params["channel_id"] == "D0BETHM03"  # her DM, never the command's channel
    assert "Evidence pack for Freya Jones" in complete.params["initial_comment"]
    (upload,) = slack.fake.calls_to("upload")
    assert upload.raw.startswith(b"%PDF")
    (opened,) = slack.fake.calls_to("conversations.open")
    assert opened.params["users"] == BETH
    (answer,) = slack.fake.wait_for("response_url")
    assert answer.params["response_type"] == "ephemeral"
    assert (
        "Evidence pack for Freya Jones" in answer.params["text"]
        and FILE_IN_DM in answer.params["text"]
    )


def test_slow_work_never_delays_an_ack(slack, monkeypatch):
    real = intake_module.handle
    release = threading.Event()

    def slow(ctx, inbound):
        release.wait(30)  # a /report, or a database waiting on a lock
        return real(ctx, inbound)

    monkeypatch.setattr(intake_module, "handle", slow)
    many = 15  # three times Bolt's default five threads

    def command(n: int) -> int:
        status, _ = slack.slash(f"Freya phonics 20 mins slow-{n}", response=f"s{n}")
        return status

    with ThreadPoolExecutor(many) as pool:
        statuses = list(pool.map(command, range(many)))
    # Every request was acknowledged while the work was still held up.
    assert statuses == [200] * many and not release.is_set()
    release.set()
    slack.fake.wait_for("response_url", count=many, timeout=30)  # and the work still all got done
    assert len(slack.sessions()) == many


def test_a_failing_listener_tells_the_user_and_logs_no_pupil_details(slack, monkeypatch, caplog):
    def broken(ctx, inbound):
        raise ValueError(f"while logging {inbound.text}")  # an error quoting the message

    monkeypatch.setattr(intake_module, "handle", broken)
    caplog.set_level(logging.DEBUG, logger="bot")
    assert slack.slash("Freya phonics 20 mins", response="oops")[0] == 200
    (told,) = slack.fake.wait_for("response_url")
    assert told.params["response_type"] == "ephemeral"
    assert "may not have been saved" in told.params["text"] and "/today" in told.params["text"]
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert (
        errors
        and "ValueError" in errors[0].getMessage()
        and "Traceback" not in errors[0].getMessage()
    )
    assert "_handle" in errors[0].getMessage() and "line" in errors[0].getMessage()
    for record in caplog.records:
        if record.levelno >= logging.INFO:
            shown = record.getMessage() + (
                logging.Formatter().formatException(record.exc_info) if record.exc_info else ""
            )
            assert "Freya" not in shown, shown
    # The next request is handled as usual.
    monkeypatch.undo()
    slack.slash("Kai zones 15 mins", response="next")
    (logged,) = slack.fake.wait_for("response_url", where=lambda c: c.path.endswith("/next"))
    assert "Logged ✓" in logged.params["text"]


def _pending_question(engine) -> None:
    with session_scope(engine) as session:
        session.add(
            ConversationState(
                platform="slack",
                user_key=AMY,
                data={"awaiting": "pupil", "text": "phonics 20 mins"},
            )
        )


def _still_pending(engine) -> bool:
    with session_scope(engine) as session:
        return (
            session.exec(select(ConversationState).where(ConversationState.user_key == AMY)).first()
            is not None
        )


def test_opening_and_redrawing_a_form_keeps_the_pending_question(slack):
    _pending_question(slack.engine)
    slack.interact(
        {
            "type": "shortcut",
            "callback_id": "log_session",
            "user": {"id": AMY},
            "trigger_id": slack.trigger(),
        }
    )
    (update,) = slack.fake.wait_for("views.update")
    view = {
        **update.params["view"],
        "id": update.params["view_id"],
        "hash": "h1",
        "state": {
            "values": {
                "kind": {
                    "kw_form_refresh": {
                        "type": "static_select",
                        "selected_option": {"value": "behaviour"},
                    }
                },
            }
        },
    }
    slack.interact(
        {
            "type": "block_actions",
            "user": {"id": AMY},
            "view": view,
            "container": {"type": "view", "view_id": view["id"]},
            "trigger_id": slack.trigger(),
            "actions": [
                {
                    "action_id": "kw_form_refresh",
                    "block_id": "kind",
                    "type": "static_select",
                    "action_ts": f"{time.time():.6f}",
                }
            ],
        }
    )
    redrawn = slack.fake.wait_for("views.update", count=2)[-1]
    assert "antecedent" in {b.get("block_id") for b in redrawn.params["view"]["blocks"]}
    assert _still_pending(slack.engine), "opening or redrawing a form forgot the chat's question"


def test_a_database_outage_keeps_the_modal_open_to_save_again(slack, monkeypatch):
    slack.slash("")
    (update,) = slack.fake.wait_for("views.update")
    freya = slack.pupil_id("Freya")
    values = {
        "kind": {
            "kw_form_refresh": {"type": "static_select", "selected_option": {"value": "session"}}
        },
        "pupil_ids": {
            "kw_form_refresh": {
                "type": "multi_static_select",
                "selected_options": [{"value": str(freya)}],
            }
        },
        "provision_id": {
            "value": {
                "type": "static_select",
                "selected_option": {"value": str(_provision_id(slack, freya, "Phonics"))},
            }
        },
        "notes": {"value": {"type": "plain_text_input", "value": "typed at length"}},
    }
    submission = _submission({**update.params["view"], "id": update.params["view_id"]}, values)

    def down(*args):
        raise OperationalError("SELECT 1", {}, Exception("could not connect"))

    monkeypatch.setattr(service, "_handle", down)
    status, body = slack.interact(submission)
    assert status == 200
    answer = json.loads(body)
    assert answer["response_action"] == "errors"  # the modal stays open, filled in
    assert "Save again" in answer["errors"]["notes"]
    assert slack.sessions() == [] and not slack.fake.calls_to("chat.postMessage")

    monkeypatch.undo()  # the database is back: the same submission now stores
    status, body = slack.interact(submission)
    assert status == 200 and body in (b"", b"{}")
    (record,) = slack.sessions()
    assert record.notes == "typed at length"
