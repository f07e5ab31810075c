"""`keyworker run`'s wiring for Slack, and `deliver` for the outbox sender."""

from __future__ import annotations

import socket
import urllib.request

import pytest
from slack_sdk.errors import SlackApiError

from bot.config import Settings
from bot.runner import start_services
from bot.slack.notify import deliver
from handlers.types import Attachment
from tests.slack.conftest import AMY


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_run_starts_http_mode_on_port_with_healthz(settings, fake_slack):
    port = _free_port()
    settings = Settings(_env_file=None, **{**settings.model_dump(), "port": port,
                                           "telegram_bot_token": None, "scheduler_enabled": False})
    services = start_services(settings)
    try:
        (slack,) = services
        assert slack.mode == "http" and slack.port == port
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            assert response.status == 200
        # Bolt checked the token against SLACK_API_URL, not slack.com.
        (auth,) = fake_slack.calls_to("auth.test")
        assert auth.headers.get("Authorization") == "Bearer xoxb-test-token"
    finally:
        for service in services:
            service.stop()


def test_http_mode_without_signing_secret_refuses_to_start(settings):
    from bot import app as wiring
    from bot.slack.runner import start_slack

    settings = Settings(_env_file=None, **{**settings.model_dump(), "slack_signing_secret": None})
    with pytest.raises(RuntimeError, match="SLACK_SIGNING_SECRET"):
        start_slack(settings, wiring.context(settings), host="127.0.0.1", port=0)


def test_deliver_dms_the_user_with_text_and_files(settings, fake_slack):
    report = Attachment(filename="week.pdf", content=b"%PDF-1.4 fake", mime_type="application/pdf",
                        title="Provision this week")
    deliver(settings, AMY, "Freya: 2 of 5 phonics sessions <so far>", [report])

    (opened,) = fake_slack.calls_to("conversations.open")
    assert opened.params["users"] == AMY
    (posted,) = fake_slack.calls_to("chat.postMessage")
    assert posted.params["channel"] == "D0AMYLO01"
    assert posted.params["text"] == "Freya: 2 of 5 phonics sessions &lt;so far&gt;"
    (upload,) = fake_slack.calls_to("upload")
    assert upload.raw == b"%PDF-1.4 fake"
    (complete,) = fake_slack.calls_to("files.completeUploadExternal")
    assert complete.params["channel_id"] == "D0AMYLO01"
    assert complete.params["files"][0]["title"] == "Provision this week"


def test_deliver_raises_when_slack_refuses(settings, fake_slack):
    fake_slack.fail["chat.postMessage"] = "channel_not_found"
    with pytest.raises(SlackApiError):
        deliver(settings, AMY, "Reminder", [])
