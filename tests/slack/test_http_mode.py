"""The real Bolt app in HTTP mode, driven by signed requests, against a fake Slack.

Each test asserts the HTTP answer Slack would get, what the app then sent to
the fake Slack (ephemeral via response_url, DM, modal) and what was stored.
"""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import contextmanager

import psycopg
from sqlmodel import select

from storage.db import session_scope
from storage.models import AuditEvent, BehaviourIncident, InboxMessage
from tests.slack.conftest import AMY, SECRET, STRANGER, button_values, text_of
from tests.support.fake_slack import signature


def test_slash_command_logs_and_answers_only_the_sender(slack):
    started = time.perf_counter()
    status, body = slack.slash("Freya phonics 20 mins good focus")
    assert status == 200 and body == b""  # acknowledged at once, nothing echoed to the channel
    assert time.perf_counter() - started < 1.0

    (reply,) = slack.fake.wait_for("response_url")
    assert reply.params["response_type"] == "ephemeral"
    assert "Logged ✓" in reply.params["text"] and "Freya Jones" in reply.params["text"]
    buttons = button_values(reply.params["blocks"])
    assert set(buttons) == {"Undo", "Edit"}
    assert buttons["Undo"]["style"] == "danger"

    (record,) = slack.sessions()
    assert (record.pupil_id, record.duration_minutes, record.platform) == (
        slack.pupil_id("Freya"),
        20,
        "slack",
    )
    assert record.notes == "good focus"
    assert not slack.fake.calls_to("chat.postMessage")


def test_undo_button_withdraws_the_record_and_replaces_the_message(slack):
    slack.slash("Freya phonics 20 mins")
    (reply,) = slack.fake.wait_for("response_url")
    undo = button_values(reply.params["blocks"])["Undo"]

    status, _ = slack.interact(
        {
            "type": "block_actions",
            "user": {"id": AMY},
            "channel": {"id": "C0STAFF01", "name": "staffroom"},
            "container": {"type": "message", "is_ephemeral": True},
            "trigger_id": slack.trigger(),
            "response_url": slack.fake.response_url("undo"),
            "actions": [
                {
                    "action_id": undo["action_id"],
                    "value": undo["value"],
                    "type": "button",
                    "action_ts": f"{time.time():.6f}",
                }
            ],
        }
    )
    assert status == 200

    (answer,) = slack.fake.wait_for("response_url", where=lambda c: c.path.endswith("/undo"))
    assert answer.params["replace_original"] is True
    assert answer.params["response_type"] == "ephemeral"
    assert "Undone" in answer.params["text"]
    (record,) = slack.sessions()
    assert record.withdrawn_at is not None


def test_bare_log_opens_a_modal_whose_submission_stores(slack):
    status, _ = slack.slash("")
    assert status == 200
    (loading,) = slack.fake.wait_for("views.open")
    (update,) = slack.fake.wait_for("views.update")
    view = update.params["view"]
    assert update.params["view_id"]  # the loading view was replaced, not a second modal opened
    assert "trigger_id" in loading.params
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert {"kind", "pupil_ids", "occurred_at", "notes"} <= set(blocks)
    pupils = {o["text"]["text"] for o in blocks["pupil_ids"]["element"]["options"]}
    assert "Freya Jones" in pupils

    freya = slack.pupil_id("Freya")
    phonics = _provision_id(slack, freya, "Phonics")
    status, body = slack.interact(
        _submission(
            view,
            {
                "kind": {
                    "kw_form_refresh": {
                        "type": "static_select",
                        "selected_option": {"value": "session"},
                    }
                },
                "pupil_ids": {
                    "kw_form_refresh": {
                        "type": "multi_static_select",
                        "selected_options": [{"value": str(freya)}],
                    }
                },
                "provision_id": {
                    "value": {"type": "static_select", "selected_option": {"value": str(phonics)}}
                },
                "duration_minutes": {"value": {"type": "number_input", "value": "25"}},
                "status": {
                    "value": {"type": "radio_buttons", "selected_option": {"value": "delivered"}}
                },
                "occurred_at": {"value": {"type": "datetimepicker", "selected_date_time": None}},
                "notes": {"value": {"type": "plain_text_input", "value": "read CVC words"}},
            },
        )
    )
    assert status == 200 and body in (b"", b"{}")  # the modal closes

    (record,) = slack.sessions()
    assert (record.pupil_id, record.provision_id, record.duration_minutes) == (freya, phonics, 25)
    (dm,) = slack.fake.wait_for("chat.postMessage")
    assert dm.params["channel"] == "D0AMYLO01" and "Logged ✓" in dm.params["text"]


def test_invalid_submission_shows_errors_on_the_fields_and_stores_nothing(slack):
    slack.slash("")
    (update,) = slack.fake.wait_for("views.update")
    freya = slack.pupil_id("Freya")
    status, body = slack.interact(
        _submission(
            update.params["view"],
            {
                "kind": {
                    "kw_form_refresh": {
                        "type": "static_select",
                        "selected_option": {"value": "behaviour"},
                    }
                },
                "pupil_ids": {
                    "kw_form_refresh": {
                        "type": "multi_static_select",
                        "selected_options": [{"value": str(freya)}],
                    }
                },
                "physical_intervention": {
                    "kw_form_refresh": {
                        "type": "checkboxes",
                        "selected_options": [{"value": "true"}],
                    }
                },
                "notes": {"value": {"type": "plain_text_input", "value": "ran out of class"}},
            },
        )
    )
    assert status == 200
    answer = json.loads(body)
    assert answer["response_action"] == "errors"
    # The RPI questions aren't in this (stale) view, so they are gathered on a field that is.
    assert "pupil_ids" in answer["errors"] and "hold" in answer["errors"]["pupil_ids"].lower()
    with session_scope(slack.engine) as session:
        assert session.exec(select(BehaviourIncident)).all() == []
    assert not slack.fake.calls_to("chat.postMessage")


def test_incomplete_log_opens_the_form_prefilled(slack):
    slack.slash("Freya 20 mins")
    (opened,) = slack.fake.wait_for("views.open")
    view = opened.params["view"]
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert blocks["pupil_ids"]["element"]["initial_options"][0]["text"]["text"] == "Freya Jones"
    assert blocks["duration_minutes"]["element"]["initial_value"] == "20"
    provisions = {o["text"]["text"] for o in blocks["provision_id"]["element"]["options"]}
    assert provisions == {"Phonics", "SALT"}  # only that pupil's
    assert json.loads(view["private_metadata"])["kind"] == "session"
    assert slack.sessions() == []


def test_bad_missing_or_stale_signatures_get_401_and_change_nothing(slack):
    bad = slack.slash("Freya phonics 20 mins", sign_with="not-the-secret")
    stale = slack.slash("Freya phonics 20 mins", timestamp=int(time.time()) - 6 * 60)
    missing = slack.slash("Freya phonics 20 mins", headers={"X-Slack-Signature": ""})
    assert [bad[0], stale[0], missing[0]] == [401, 401, 401]

    # A correctly signed request still works, and it is the only one that did anything.
    assert slack.slash("Kai zones 15 mins", response="ok")[0] == 200
    slack.fake.wait_for("response_url")
    assert len(slack.sessions()) == 1
    assert [c.method for c in slack.fake.calls if c.method != "auth.test"] == ["response_url"]


def test_signature_matches_slack_sdk_verifier():
    from slack_sdk.signature import SignatureVerifier

    ts, body = str(int(time.time())), "token=x&text=hello"
    verifier = SignatureVerifier(SECRET)
    assert verifier.is_valid(body, ts, signature(SECRET, ts, body))
    assert not verifier.is_valid(body, ts, signature("wrong", ts, body))


def test_redelivered_event_is_stored_once(slack, watch_log):
    duplicate = watch_log("bot.slack.app", "duplicate Slack delivery Ev0REDELIV1")
    event = {
        "type": "message",
        "channel_type": "im",
        "channel": "D0AMYLO01",
        "user": AMY,
        "text": "Freya phonics 20 mins",
        "ts": f"{time.time():.6f}",
    }
    assert slack.event("Ev0REDELIV1", event)[0] == 200
    slack.fake.wait_for("chat.postMessage")
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert slack.event("Ev0REDELIV1", event, headers=retry)[0] == 200
    assert duplicate.seen.wait(10), "the redelivery was never recognised"

    assert len(slack.sessions()) == 1
    assert len(slack.fake.calls_to("chat.postMessage")) == 1  # the retry sends nothing
    with session_scope(slack.engine) as session:
        ids = session.exec(select(InboxMessage.event_id)).all()
    assert ids.count("Ev0REDELIV1") == 1


def test_direct_message_logs_like_slash_log_and_replies_in_the_dm(slack):
    event = {
        "type": "message",
        "channel_type": "im",
        "channel": "D0AMYLO01",
        "user": AMY,
        "text": "Kai zones 15 mins &lt;calm&gt;",
        "ts": f"{time.time():.6f}",
    }
    slack.event("Ev0DM000001", event)
    (dm,) = slack.fake.wait_for("chat.postMessage")
    assert dm.params["channel"] == "D0AMYLO01"
    assert "Logged ✓" in dm.params["text"] and "&lt;calm&gt;" in dm.params["text"]
    (record,) = slack.sessions()
    assert record.notes.endswith("<calm>")


def test_bot_messages_and_channel_messages_are_ignored(slack, watch_log):
    bot = {
        "type": "message",
        "channel_type": "im",
        "channel": "D0AMYLO01",
        "bot_id": "B0OTHER01",
        "user": "U0OTHER01",
        "text": "Freya phonics 20 mins",
        "ts": "1.0",
    }
    channel = {
        "type": "message",
        "channel_type": "channel",
        "channel": "C0STAFF01",
        "user": AMY,
        "text": "Freya phonics 20 mins",
        "ts": "2.0",
    }
    seen = [watch_log("bot.slack.app", "Ev0BOT00001"), watch_log("bot.slack.app", "Ev0CHAN0001")]
    assert slack.event("Ev0BOT00001", bot)[0] == 200
    assert slack.event("Ev0CHAN0001", channel)[0] == 200
    assert all(w.seen.wait(10) for w in seen)
    assert slack.sessions() == []
    assert not slack.fake.calls_to("chat.postMessage")


def test_unknown_user_learns_only_their_id_and_whom_to_ask(slack):
    slack.slash("Freya phonics 20 mins", user=STRANGER)
    (reply,) = slack.fake.wait_for("response_url")
    text = reply.params["text"]
    assert STRANGER in text and "SENCO" in text
    assert "Freya" not in text and not button_values(reply.params["blocks"])
    assert reply.params["response_type"] == "ephemeral"
    assert slack.sessions() == []
    with session_scope(slack.engine) as session:
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "unknown_user")).first()


def test_unknown_user_home_tab_shows_only_the_note(slack):
    slack.event(
        "Ev0HOME0002",
        {"type": "app_home_opened", "user": STRANGER, "tab": "home", "channel": "D0STRANGE9"},
    )
    (published,) = slack.fake.wait_for("views.publish")
    shown = text_of(published.params["view"]["blocks"])
    assert STRANGER in shown and "Freya" not in shown and "button" not in shown


def test_home_tab_shows_today_key_pupils_and_log_buttons(slack):
    slack.slash("Freya phonics 20 mins", response="first")
    slack.fake.wait_for("response_url")
    slack.event(
        "Ev0HOME0001",
        {"type": "app_home_opened", "user": AMY, "tab": "home", "channel": "D0AMYLO01"},
    )
    (published,) = slack.fake.wait_for("views.publish")
    assert published.params["user_id"] == AMY
    view = published.params["view"]
    assert view["type"] == "home"
    shown = text_of(view["blocks"])
    assert "Today you logged 1" in shown
    assert "Phonics: 1 of 5 sessions" in shown  # Freya is one of Amy's key pupils
    assert "Kai Robinson" in shown
    assert "Harry Wright" not in shown  # Raj's key pupil, not Amy's
    buttons = button_values(view["blocks"])
    assert set(buttons) == {"Log session", "Log behaviour", "Log parent contact"}


def test_shortcut_opens_the_behaviour_form_which_grows_rpi_fields(slack):
    slack.interact(
        {
            "type": "shortcut",
            "callback_id": "log_behaviour",
            "user": {"id": AMY},
            "trigger_id": slack.trigger(),
        }
    )
    (update,) = slack.fake.wait_for("views.update")
    view = update.params["view"]
    blocks = {b.get("block_id") for b in view["blocks"]}
    assert {"place", "antecedent", "physical_intervention"} <= blocks
    assert "hold_type" not in blocks

    view = {
        **view,
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
                "physical_intervention": {
                    "kw_form_refresh": {
                        "type": "checkboxes",
                        "selected_options": [{"value": "true"}],
                    }
                },
                "place": {"value": {"type": "plain_text_input", "value": "corridor"}},
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
                    "block_id": "physical_intervention",
                    "type": "checkboxes",
                    "action_ts": f"{time.time():.6f}",
                }
            ],
        }
    )
    grown = slack.fake.wait_for("views.update", count=2)[-1]
    assert grown.params["hash"] == "h1"
    blocks = {b.get("block_id"): b for b in grown.params["view"]["blocks"]}
    assert {"staff_involved", "hold_type", "hold_minutes", "reason_for_force", "injuries"} <= set(
        blocks
    )
    assert blocks["place"]["element"]["initial_value"] == "corridor"


def test_healthz_and_unknown_paths(slack):
    import urllib.error
    import urllib.request

    base = slack.url.removesuffix("/slack/events")
    with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
        assert response.status == 200 and response.read() == b"ok\n"
    try:
        urllib.request.urlopen(base + "/nope", timeout=5)
    except urllib.error.HTTPError as error:
        assert error.code == 404
    else:  # pragma: no cover
        raise AssertionError("expected 404")


def _provision_id(slack, pupil_id: int, name: str) -> int:
    from storage.models import Provision

    with session_scope(slack.engine) as session:
        return session.exec(
            select(Provision.id).where(Provision.pupil_id == pupil_id, Provision.name == name)
        ).one()


def _submission(view: dict, values: dict) -> dict:
    return {
        "type": "view_submission",
        "user": {"id": AMY},
        "trigger_id": f"{time.time():.6f}.sub",
        "view": {
            **view,
            "id": view.get("id", "V0FORM0001"),
            "hash": "h-sub",
            "state": {"values": values},
        },
    }


def test_edit_button_opens_the_record_in_a_modal_and_saves_the_change(slack):
    slack.slash("Freya phonics 20 mins")
    (reply,) = slack.fake.wait_for("response_url")
    edit = button_values(reply.params["blocks"])["Edit"]
    slack.interact(
        {
            "type": "block_actions",
            "user": {"id": AMY},
            "channel": {"id": "C0STAFF01"},
            "container": {"type": "message", "is_ephemeral": True},
            "trigger_id": slack.trigger(),
            "response_url": slack.fake.response_url("edit"),
            "actions": [
                {
                    "action_id": edit["action_id"],
                    "value": edit["value"],
                    "type": "button",
                    "action_ts": f"{time.time():.6f}",
                }
            ],
        }
    )
    slack.fake.wait_for("views.open")  # the loading view, held while the record is read
    (update,) = slack.fake.wait_for("views.update")
    view = update.params["view"]
    assert json.loads(view["private_metadata"])["record_ref"] == edit["value"].removeprefix("edit:")
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert "kind" not in blocks  # an edit can't turn a session into something else
    assert blocks["duration_minutes"]["element"]["initial_value"] == "20"

    freya = slack.pupil_id("Freya")
    status, body = slack.interact(
        _submission(
            {**view, "id": update.params["view_id"]},
            {
                "pupil_ids": {
                    "kw_form_refresh": {
                        "type": "multi_static_select",
                        "selected_options": [{"value": str(freya)}],
                    }
                },
                "provision_id": {
                    "value": {
                        "type": "static_select",
                        "selected_option": blocks["provision_id"]["element"]["initial_option"],
                    }
                },
                "duration_minutes": {"value": {"type": "number_input", "value": "30"}},
            },
        )
    )
    assert status == 200 and b"errors" not in body
    (dm,) = slack.fake.wait_for("chat.postMessage")
    assert "Updated" in dm.params["text"]
    (record,) = slack.sessions()
    assert (record.duration_minutes, record.version) == (30, 2)


@contextmanager
def another_writer_holds_the_database(engine):
    """Block writes the way a long transaction elsewhere would, on SQLite or PostgreSQL."""
    if engine.dialect.name == "sqlite":
        blocker = sqlite3.connect(engine.url.database, timeout=1)
        blocker.execute("BEGIN IMMEDIATE")
    else:
        url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        blocker = psycopg.connect(url)
        blocker.execute("LOCK TABLE inboxmessage IN ACCESS EXCLUSIVE MODE")
    try:
        yield
    finally:
        blocker.rollback()
        blocker.close()


def test_slow_database_gets_a_saving_view_within_three_seconds_then_a_dm(slack, sample_school):
    slack.slash("")
    (update,) = slack.fake.wait_for("views.update")
    freya = slack.pupil_id("Freya")
    phonics = _provision_id(slack, freya, "Phonics")
    with another_writer_holds_the_database(sample_school):
        started = time.perf_counter()
        status, body = slack.interact(
            _submission(
                update.params["view"],
                {
                    "kind": {
                        "kw_form_refresh": {
                            "type": "static_select",
                            "selected_option": {"value": "session"},
                        }
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
                            "selected_option": {"value": str(phonics)},
                        }
                    },
                },
            )
        )
        elapsed = time.perf_counter() - started
    assert status == 200 and elapsed < 3.0
    answer = json.loads(body)
    assert answer["response_action"] == "update" and "Saving" in json.dumps(answer["view"])
    (dm,) = slack.fake.wait_for("chat.postMessage")
    assert "Logged ✓" in dm.params["text"]
    assert len(slack.sessions()) == 1


def test_home_log_button_opens_the_form_for_that_kind(slack):
    slack.interact(
        {
            "type": "block_actions",
            "user": {"id": AMY},
            "trigger_id": slack.trigger(),
            "container": {"type": "view", "view_id": "V0HOME0001"},
            "view": {"id": "V0HOME0001", "type": "home"},
            "actions": [
                {
                    "action_id": "kw_log_parent_contact",
                    "value": "parent_contact",
                    "type": "button",
                    "action_ts": f"{time.time():.6f}",
                }
            ],
        }
    )
    (update,) = slack.fake.wait_for("views.update")
    blocks = {b.get("block_id"): b for b in update.params["view"]["blocks"]}
    assert blocks["kind"]["element"]["initial_option"]["value"] == "parent_contact"
    assert {"contact_with", "contact_method", "follow_up_on"} <= set(blocks)
