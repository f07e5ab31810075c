"""Webhook mode, started by bot.runner.start_services as `keyworker run` does: the
webhook's route on the shared HTTP front checks the secret token on every update."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request

import pytest
from sqlmodel import select

from bot.config import Settings
from bot.runner import start_services
from storage.db import session_scope
from storage.models import InboxMessage, SessionLog
from tests.telegram.conftest import AMY

HOOK = "https://keyworker.example/telegram/updates"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(port: int, update: dict, secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/telegram/updates",
        data=json.dumps(update).encode(),
        headers=headers,
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as refused:
        return refused.code


def test_webhook_accepts_the_right_secret_and_refuses_a_wrong_one(fake, engine_url, sample_school):
    port = free_port()
    settings = Settings(
        _env_file=None,
        database_url=engine_url,
        scheduler_enabled=False,
        telegram_bot_token=fake.token,
        telegram_api_url=fake.api_url,
        telegram_webhook_url=HOOK,
        telegram_webhook_secret="right-secret",
        http_listen="127.0.0.1",
        port=port,
    )
    services = start_services(settings)
    try:
        [hook] = fake.wait_for("setWebhook")
        assert hook.params["url"] == HOOK and hook.params["secret_token"] == "right-secret"
        assert fake.calls_to("getUpdates") == [], "webhook mode never long-polls"

        assert post(port, fake.message(AMY, "Kai elsa 45 mins"), secret="wrong") == 403
        assert post(port, fake.message(AMY, "Kai elsa 45 mins"), secret=None) == 403
        assert post(port, fake.message(AMY, "Freya phonics 20 mins"), secret="right-secret") == 200

        [reply] = fake.wait_for("sendMessage")
        assert reply.text.startswith("Logged") and "Freya" in reply.text
        with session_scope(sample_school) as session:
            assert len(session.exec(select(SessionLog)).all()) == 1
            assert len(session.exec(select(InboxMessage)).all()) == 1
    finally:
        for service in reversed(services):
            service.stop()


def test_webhook_mode_without_a_secret_refuses_to_start(fake, engine_url, ctx):
    from bot.telegram.runner import TelegramStartError, start_telegram

    settings = Settings(
        _env_file=None,
        database_url=engine_url,
        telegram_bot_token=fake.token,
        telegram_api_url=fake.api_url,
        telegram_webhook_url=HOOK,
        telegram_webhook_secret=None,
    )
    with pytest.raises(TelegramStartError, match="TELEGRAM_WEBHOOK_SECRET is required"):
        start_telegram(settings, ctx)
    assert fake.calls_to("setWebhook") == []
