"""bot.telegram.notify.deliver: the outbox sender's private message, against the fake Bot API."""

from __future__ import annotations

import pytest
from telegram.error import BadRequest

from bot.config import Settings
from bot.telegram.notify import TelegramNotConfigured, deliver
from handlers.types import Attachment
from tests.telegram.conftest import AMY

# PTB itself reads RetryAfter.retry_after as an int while building the 429 error.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


CHART = Attachment(filename="week.png", content=b"\x89PNG fake bytes", mime_type="image/png",
                   title="Provision this week")


def test_deliver_sends_text_and_files_to_the_private_chat(fake, settings):
    deliver(settings, str(AMY), "Your digest for today", [CHART])
    [message] = fake.calls_to("sendMessage")
    assert (message.params["chat_id"], message.text) == (str(AMY), "Your digest for today")
    [document] = fake.calls_to("sendDocument")
    assert document.files == {"week.png": b"\x89PNG fake bytes"}
    assert document.params["caption"] == "Provision this week"


def test_deliver_splits_long_text_at_line_breaks(fake, settings):
    text = "\n".join(f"line {i} " + "x" * 90 for i in range(100))  # ~10,000 characters
    deliver(settings, str(AMY), text, [])
    parts = [c.text for c in fake.calls_to("sendMessage")]
    assert len(parts) == 3 and all(len(p) <= 4096 for p in parts)
    assert "\n".join(parts) == text


def test_deliver_waits_out_a_429_and_retries_a_dropped_connection(fake, settings):
    fake.fail_next("sendMessage", 429, retry_after=1)
    fake.fail_next("sendMessage", drop=True)
    deliver(settings, str(AMY), "Reminder", [])
    assert [c.status for c in fake.calls if c.method == "sendMessage"] == [429, 0, 200]


def test_deliver_raises_when_telegram_refuses(fake, settings):
    fake.fail_next("sendMessage", 400)
    with pytest.raises(BadRequest):
        deliver(settings, "42", "Reminder", [])
    assert [c.status for c in fake.calls if c.method == "sendMessage"] == [400], "no retry of a 400"


def test_deliver_without_a_token_raises(fake):
    with pytest.raises(TelegramNotConfigured):
        deliver(Settings(_env_file=None), str(AMY), "x", [])
