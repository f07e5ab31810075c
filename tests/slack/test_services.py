"""`keyworker run`'s wiring for Slack, and `deliver` for the outbox sender."""

from __future__ import annotations

import socket
import urllib.request

import pytest
from slack_sdk.errors import SlackApiError

from bot.config import Settings
from bot.delivery import PermanentDeliveryError
from bot.runner import start_services
from bot.slack.notify import deliver
from bot.slack.runner import SlackService
from handlers.types import Attachment, Choice
from tests.slack.conftest import AMY, SECRET
from tests.support.fake_slack import signed_request, slash_body

CARL_DM = "D0CARLD04"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_run_starts_http_mode_on_port_with_healthz(settings, fake_slack):
    port = _free_port()
    settings = Settings(
        _env_file=None,
        **{
            **settings.model_dump(),
            "port": port,
            "telegram_bot_token": None,
            "scheduler_enabled": False,
        },
    )
    services = start_services(settings)
    try:
        (slack,) = [s for s in services if isinstance(s, SlackService)]
        assert slack.mode == "http" and slack.front.port == port
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            assert response.status == 200
        # Bolt checked the token against SLACK_API_URL, not Slack's real servers.
        (auth,) = fake_slack.calls_to("auth.test")
        assert auth.headers.get("Authorization") == "Bearer xoxb-test-token"
    finally:
        for service in services:
            service.stop()


def test_with_the_scheduler_off_a_concern_still_reaches_the_dsl_at_once(settings, fake_slack):
    # SCHEDULER_ENABLED=false stops digests and nudges, never a safeguarding alert.
    port = _free_port()
    settings = Settings(
        _env_file=None,
        **{
            **settings.model_dump(),
            "port": port,
            "telegram_bot_token": None,
            "scheduler_enabled": False,
        },
    )
    services = start_services(settings)
    try:
        status, _ = signed_request(
            f"http://127.0.0.1:{port}/slack/events",
            slash_body(
                user=AMY,
                text="Harry said something at snack that worried me - need DSL",
                trigger_id="t.alert",
                response_url=fake_slack.response_url("alert"),
            ),
            SECRET,
            content_type="application/x-www-form-urlencoded",
        )
        assert status == 200
        [post] = fake_slack.wait_for(
            "chat.postMessage", timeout=15, where=lambda c: c.params.get("channel") == CARL_DM
        )
        assert "Possible safeguarding concern" in post.params["text"]
    finally:
        for service in services:
            service.stop()


def test_http_mode_without_signing_secret_refuses_to_start(settings):
    from bot import app as wiring
    from bot.slack.runner import start_slack

    settings = Settings(_env_file=None, **{**settings.model_dump(), "slack_signing_secret": None})
    with pytest.raises(RuntimeError, match="SLACK_SIGNING_SECRET"):
        start_slack(settings, wiring.context(settings), host="127.0.0.1", port=0)


def test_deliver_dms_the_user_one_file_share_with_the_text_as_its_comment(settings, fake_slack):
    report = Attachment(
        filename="week.pdf",
        content=b"%PDF-1.4 fake",
        mime_type="application/pdf",
        title="Provision this week",
    )
    deliver(settings, AMY, "Freya: 2 of 5 phonics sessions <so far>", [report])

    (opened,) = fake_slack.calls_to("conversations.open")
    assert opened.params["users"] == AMY
    # One message: the share carries the text, so a failed upload leaves nothing to repeat.
    assert not fake_slack.calls_to("chat.postMessage")
    (upload,) = fake_slack.calls_to("upload")
    assert upload.raw == b"%PDF-1.4 fake"
    (complete,) = fake_slack.calls_to("files.completeUploadExternal")
    assert complete.params["channel_id"] == "D0AMYLO01"
    assert complete.params["initial_comment"] == "Freya: 2 of 5 phonics sessions &lt;so far&gt;"
    assert complete.params["files"][0]["title"] == "Provision this week"


CHART = Attachment(filename="chart.png", content=b"png", mime_type="image/png")


def test_a_failed_upload_sends_nothing_so_a_retry_repeats_nothing(settings, fake_slack):
    fake_slack.fail["files.getUploadURLExternal"] = "internal_error"
    for _ in range(3):  # what the outbox does on each retry
        with pytest.raises(SlackApiError):
            deliver(settings, AMY, "Daily digest naming pupils", [CHART])
    assert fake_slack.calls_to("chat.postMessage") == []
    assert fake_slack.calls_to("files.completeUploadExternal") == []


def test_a_missing_scope_is_a_permanent_failure(settings, fake_slack):
    fake_slack.fail["files.getUploadURLExternal"] = "missing_scope"
    with pytest.raises(PermanentDeliveryError) as refused:
        deliver(settings, AMY, "Daily digest naming pupils", [CHART])
    assert refused.value.permanent is True and not refused.value.partly_sent
    assert isinstance(refused.value.__cause__, SlackApiError)
    assert fake_slack.calls_to("chat.postMessage") == []


def test_files_failing_after_the_text_with_buttons_went_out_is_permanent(settings, fake_slack):
    fake_slack.fail["files.completeUploadExternal"] = "internal_error"
    with pytest.raises(PermanentDeliveryError) as failed:
        deliver(settings, AMY, "Nudge", [CHART], choices=[Choice("Log", "nudge_log:3")])
    assert failed.value.partly_sent  # the outbox must not post the text again
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_deliver_raises_when_slack_refuses(settings, fake_slack):
    fake_slack.fail["chat.postMessage"] = "internal_error"
    with pytest.raises(SlackApiError):
        deliver(settings, AMY, "Reminder", [])
    fake_slack.fail["chat.postMessage"] = "channel_not_found"
    with pytest.raises(PermanentDeliveryError):
        deliver(settings, AMY, "Reminder", [])
