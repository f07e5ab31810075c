"""bot.notifier through the real Slack stack (slack_sdk) against a fake Slack on 127.0.0.1."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from bot.config import Settings
from bot.notifier import Notifier, NotifierError
from schedules import jobs
from schedules.config import ScheduleConfig
from schedules.message import PendingMessage
from schedules.outbox import Identity, Outgoing, Recipient, Unreachable, deliver_pending, enqueue
from storage.models import OutboxMessage
from tests.schedules.conftest import BETH, CONFIG, at
from tests.support.fake_slack import FakeSlack


@pytest.fixture
def fake_slack():
    fake = FakeSlack()
    yield fake
    fake.close()


def _settings(fake: FakeSlack | None = None, **extra) -> Settings:
    values = {"slack_bot_token": "xoxb-test", "slack_api_url": fake.api_url} if fake else {}
    return Settings(_env_file=None, **values, **extra)


def test_picks_the_preferred_platform_when_linked_and_configured():
    both = (Identity("slack", "U1", None), Identity("telegram", "42", "42"))
    notifier = Notifier(_settings(telegram_bot_token="1:x", slack_bot_token="xoxb"))
    assert notifier.pick(Recipient(1, "a@x", "A", "telegram", both)).platform == "telegram"
    assert notifier.pick(Recipient(1, "a@x", "A", None, both)).platform == "slack"
    assert (
        Notifier(_settings(telegram_bot_token="1:x"))
        .pick(Recipient(1, "a@x", "A", "slack", both))
        .platform
        == "telegram"
    )


def test_unlinked_or_console_recipients_are_undelivered_and_nothing_is_printed(capsys):
    with pytest.raises(Unreachable, match="no chat platform is configured"):
        Notifier(_settings())(
            Outgoing(1, "digest:3:2026-11-18", "digest", "Hello Beth"),
            Recipient(3, BETH, "Beth Moss", None, ()),
        )
    with pytest.raises(Unreachable, match="no linked chat account"):
        Notifier(_settings(slack_bot_token="xoxb"))(
            Outgoing(1, "digest:3:2026-11-18", "digest", "Hello Beth"),
            Recipient(3, BETH, "Beth Moss", None, (Identity("telegram", "42", "42"),)),
        )
    assert capsys.readouterr() == ("", "")


def test_the_outbox_marks_a_message_for_nobody_undelivered_with_the_reason(school, capsys):
    enqueue(school.engine, jobs.digest(school.engine, at("2026-11-18", "15:45"), CONFIG))
    report = deliver_pending(school.engine, Notifier(_settings()))
    assert (report.sent, report.undelivered) == (0, 1)
    with Session(school.engine) as s:
        [row] = s.exec(select(OutboxMessage)).all()
    assert row.status == "undelivered" and "console only" in row.last_error
    assert "Daily digest" not in capsys.readouterr().out


def test_an_unknown_platform_is_a_clear_error():
    from bot.notifier import _deliver_function

    with pytest.raises(NotifierError, match="no adapter delivers by whatsapp"):
        _deliver_function("whatsapp")


def test_slack_outage_then_delivery_once_through_the_outbox(school, fake_slack):
    amy = school.staff["amy.lowe@brookfield.example"]
    enqueue(
        school.engine,
        [
            PendingMessage(
                "nudges:1:2026-11-18",
                "nudges",
                school.school_id,
                amy,
                "amy.lowe@brookfield.example",
                "Freya Jones – Phonics: 1 of 5",
            )
        ],
    )
    notifier = Notifier(_settings(fake_slack))
    fake_slack.fail["chat.postMessage"] = "service_unavailable"
    now = datetime.now(UTC)
    assert deliver_pending(school.engine, notifier, now).retrying == 1
    del fake_slack.fail["chat.postMessage"]
    assert deliver_pending(school.engine, notifier, now + timedelta(seconds=30)).sent == 1
    assert deliver_pending(school.engine, notifier, now + timedelta(hours=1)).sent == 0
    posts = [c for c in fake_slack.calls_to("chat.postMessage")]
    assert len(posts) == 2  # the failed attempt and the one that worked
    [opened] = {c.params["users"] for c in fake_slack.calls_to("conversations.open")}
    assert opened == "U0AMYLO01"  # a DM to Amy, never a channel
    assert "Freya Jones" in posts[-1].params["text"]


def test_digest_chart_is_uploaded_once_with_the_digest(school, fake_slack):
    enqueue(school.engine, jobs.digest(school.engine, at("2026-11-18", "15:45"), ScheduleConfig()))
    notifier = Notifier(_settings(fake_slack))
    now = datetime.now(UTC)
    assert deliver_pending(school.engine, notifier, now).sent == 1  # Beth, the SENCO
    assert deliver_pending(school.engine, notifier, now + timedelta(hours=1)).sent == 0
    # One file share with the digest as its comment: a retry can't repeat half of it.
    assert fake_slack.calls_to("chat.postMessage") == []
    (upload,) = fake_slack.calls_to("upload")
    assert upload.raw.startswith(b"\x89PNG")
    (complete,) = fake_slack.calls_to("files.completeUploadExternal")
    assert complete.params["channel_id"] == "D0BETHM03"
    assert "Daily digest" in complete.params["initial_comment"]
    assert complete.params["files"][0]["title"] == "Provision this week to Wed 18 Nov"
