"""Fixtures for the Slack tests: a fake Slack, and the real Bolt app started as `keyworker run` does.

`slack` is a driver that sends signed requests to the running app and
reads back what the app sent to the fake Slack. At teardown it checks the
privacy rule every test relies on: nothing was ever posted to a channel.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import select

from bot import app as wiring
from bot.config import Settings
from bot.slack.runner import start_slack
from storage.db import session_scope
from storage.models import Pupil, SessionLog
from tests.support.fake_slack import (
    FakeSlack,
    event_body,
    interactive_body,
    signed_request,
    slash_body,
)

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
AMY = "U0AMYLO01"
STRANGER = "U0STRANGE9"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack()
    yield fake
    fake.close()


@pytest.fixture
def settings(sample_school, fake_slack) -> Settings:
    return Settings(
        _env_file=None,
        # The same database the sample school was loaded into (SQLite, or PostgreSQL on the second pass).
        database_url=sample_school.url.render_as_string(hide_password=False),
        slack_bot_token="xoxb-test-token",
        slack_signing_secret=SECRET,
        slack_app_token=None,
        slack_api_url=fake_slack.api_url,
        port=0,
    )


class SlackDriver:
    """Talks to the running app the way Slack does."""

    def __init__(self, url: str, fake: FakeSlack, engine):
        self.url = url
        self.fake = fake
        self.engine = engine
        self._triggers = iter(range(1, 10_000))

    def trigger(self) -> str:
        return f"{next(self._triggers)}.4242.trig{threading.get_ident() % 1000}"

    def post(self, body: str, content_type: str = FORM, **kwargs) -> tuple[int, bytes]:
        return signed_request(self.url, body, SECRET, content_type=content_type, **kwargs)

    def slash(
        self, text: str, *, user: str = AMY, response: str = "r1", **kwargs
    ) -> tuple[int, bytes]:
        body = slash_body(
            user=user,
            text=text,
            trigger_id=self.trigger(),
            response_url=self.fake.response_url(response),
        )
        return self.post(body, **kwargs)

    def event(self, event_id: str, event: dict[str, Any], **kwargs) -> tuple[int, bytes]:
        return self.post(event_body(event_id, event), "application/json", **kwargs)

    def interact(self, payload: dict[str, Any]) -> tuple[int, bytes]:
        return self.post(interactive_body(payload))

    def pupil_id(self, first_name: str) -> int:
        with session_scope(self.engine) as session:
            return session.exec(select(Pupil.id).where(Pupil.first_name == first_name)).one()

    def sessions(self) -> list[SessionLog]:
        with session_scope(self.engine) as session:
            return list(session.exec(select(SessionLog)))


@pytest.fixture
def slack(settings, fake_slack, sample_school) -> Iterator[SlackDriver]:
    service = start_slack(settings, wiring.context(settings), host="127.0.0.1", port=0)
    assert service.mode == "http"
    yield SlackDriver(f"{service.url}/slack/events", fake_slack, sample_school)
    service.stop()
    for call in fake_slack.calls_to("chat.postMessage") + fake_slack.calls_to("chat.postEphemeral"):
        assert str(call.params.get("channel", "")).startswith("D"), (
            f"posted to a channel: {call.params}"
        )


def button_values(blocks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Buttons in a message's blocks, by label."""
    return {
        element["text"]["text"]: element
        for block in blocks
        if block.get("type") == "actions"
        for element in block["elements"]
    }


def text_of(blocks: list[dict[str, Any]]) -> str:
    return "\n".join(json.dumps(b, ensure_ascii=False) for b in blocks)


class LogWatch(logging.Handler):
    """Counts log records containing the given words; `wait` blocks on them (no sleeping)."""

    def __init__(self, words: str):
        super().__init__(logging.DEBUG)
        self.words = words
        self.count = 0
        self.seen = threading.Event()
        self._cond = threading.Condition()

    def emit(self, record: logging.LogRecord) -> None:
        if self.words in record.getMessage():
            with self._cond:
                self.count += 1
                self.seen.set()
                self._cond.notify_all()

    def wait(self, count: int = 1, timeout: float = 10.0) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: self.count >= count, timeout=timeout)


@pytest.fixture
def watch_log():
    attached: list[tuple[logging.Logger, LogWatch, int]] = []

    def watch(logger_name: str, words: str) -> LogWatch:
        logger = logging.getLogger(logger_name)
        handler = LogWatch(words)
        attached.append((logger, handler, logger.level))
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
        return handler

    yield watch
    for logger, handler, level in attached:
        logger.removeHandler(handler)
        logger.setLevel(level)
