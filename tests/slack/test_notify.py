"""Scheduled messages on Slack end to end: a reminder's button delivered as Block Kit, then pressed.

The outbox sender (bot.notifier -> bot.slack.notify.deliver) posts to the fake
Slack; the press goes, signed, to the real Bolt app in HTTP mode, whose
`kw_choice_N` listener hands the value to handlers.service.
"""

from __future__ import annotations

import time
from datetime import date

from sqlmodel import Session

from bot.notifier import Notifier
from bot.slack.notify import deliver
from handlers.types import Choice
from schedules import jobs
from schedules.outbox import deliver_pending, enqueue
from storage.models import ParentContact
from tests.schedules.conftest import CONFIG, School, at
from tests.slack.conftest import AMY, button_values

RAJ = "U0RAJSI02"


def test_deliver_renders_choices_as_the_reply_buttons(settings, fake_slack):
    deliver(
        settings,
        AMY,
        "Freya Jones – Phonics: 1 of 5 <behind>",
        [],
        choices=[
            Choice("Log Freya J Phonics", "nudge_log:3", "primary"),
            Choice("Missed", "nudge_missed:3"),
        ],
    )
    (posted,) = fake_slack.calls_to("chat.postMessage")
    assert posted.params["channel"] == "D0AMYLO01"
    assert (
        posted.params["text"] == "Freya Jones – Phonics: 1 of 5 &lt;behind&gt;"
    )  # the notification fallback
    buttons = button_values(posted.params["blocks"])
    assert {label: b["value"] for label, b in buttons.items()} == {
        "Log Freya J Phonics": "nudge_log:3",
        "Missed": "nudge_missed:3",
    }
    assert buttons["Log Freya J Phonics"]["style"] == "primary"
    assert [b["action_id"] for b in buttons.values()] == ["kw_choice_0", "kw_choice_1"]


def test_deliver_without_choices_sends_plain_text(settings, fake_slack):
    deliver(settings, AMY, "Daily digest", [], choices=None)
    (posted,) = fake_slack.calls_to("chat.postMessage")
    assert "blocks" not in posted.params


def test_follow_up_reminder_button_marks_it_done(slack, settings):
    school = School(slack.engine)
    contact = school.contact("Harry", at("2026-11-16", "15:00"), date(2026, 11, 18))
    enqueue(slack.engine, jobs.follow_ups(slack.engine, at("2026-11-18", "08:00"), CONFIG))
    assert deliver_pending(slack.engine, Notifier(settings)).sent == 1

    (posted,) = slack.fake.calls_to("chat.postMessage")
    assert posted.params["channel"] == "D0RAJSI02"  # Raj made the contact: his DM
    done = button_values(posted.params["blocks"])["Mark done"]
    assert done["value"] == f"followup_done:{contact}"

    status, _ = slack.interact(
        {
            "type": "block_actions",
            "user": {"id": RAJ},
            "channel": {"id": posted.params["channel"], "name": "directmessage"},
            "container": {"type": "message", "is_ephemeral": False},
            "trigger_id": slack.trigger(),
            "response_url": slack.fake.response_url("done"),
            "actions": [
                {
                    "action_id": done["action_id"],
                    "value": done["value"],
                    "type": "button",
                    "action_ts": f"{time.time():.6f}",
                }
            ],
        }
    )
    assert status == 200
    (answer,) = slack.fake.wait_for("response_url", where=lambda c: c.path.endswith("/done"))
    assert "Done ✓" in answer.params["text"] and "Harry Wright's mum" in answer.params["text"]
    assert answer.params["replace_original"] is True  # the button can't be pressed twice
    with Session(slack.engine) as s:
        assert s.get(ParentContact, contact).follow_up_done_at is not None
    [digest] = jobs.digest(slack.engine, at("2026-11-18", "15:45"), CONFIG)
    assert "Parent follow-ups" not in digest.text  # no longer listed as due
