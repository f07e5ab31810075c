"""Socket Mode: with SLACK_APP_TOKEN set the same app dials out to (fake) Slack over a WebSocket.

The real slack_sdk socket client asks `apps.connections.open` through
SLACK_API_URL, connects to a local WebSocket server, acks a slash command
envelope at once, then does the work and answers through the response_url.
"""

from __future__ import annotations

import pytest

from bot import app as wiring
from bot.config import Settings
from bot.slack.runner import start_slack
from tests.slack.conftest import AMY
from tests.support.fake_slack import FakeSocketMode


@pytest.fixture
def socket_server(fake_slack):
    server = FakeSocketMode()
    fake_slack.socket_url = server.url
    yield server
    server.close()


def test_socket_mode_connects_through_slack_api_url_and_handles_a_command(
    settings, fake_slack, socket_server
):
    settings = Settings(
        _env_file=None,
        **{**settings.model_dump(), "slack_app_token": "xapp-1-test", "slack_signing_secret": None},
    )
    service = start_slack(settings, wiring.context(settings))
    try:
        assert service.mode == "socket"
        (opened,) = fake_slack.wait_for("apps.connections.open")
        assert opened.headers.get("Authorization") == "Bearer xapp-1-test"
        assert socket_server.connected.wait(5)

        envelope = socket_server.send_envelope(
            "slash_commands",
            {
                "command": "/log",
                "text": "Freya phonics 20 mins",
                "user_id": AMY,
                "channel_id": "C0STAFF01",
                "trigger_id": "77.88.socket",
                "response_url": fake_slack.response_url("socket"),
                "team_id": "T0BROOK01",
                "api_app_id": "A0KEYWK01",
            },
        )
        ack = socket_server.wait_ack(envelope)
        assert ack["envelope_id"] == envelope and not ack.get("payload")

        (reply,) = fake_slack.wait_for("response_url")
        assert reply.params["response_type"] == "ephemeral" and "Logged ✓" in reply.params["text"]
    finally:
        service.stop()
