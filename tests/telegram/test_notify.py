"""bot.telegram.notify.deliver: the outbox sender's private message, against the fake Bot API.

The last test runs the real bot too: a follow-up reminder delivered with its
Mark done button, then pressed, marks the follow-up done.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session
from telegram.error import BadRequest, NetworkError

from bot.config import Settings
from bot.delivery import PermanentDeliveryError
from bot.notifier import Notifier
from bot.telegram import notify
from bot.telegram.notify import TelegramNotConfigured, deliver
from bot.telegram.retry import RetryingRateLimiter
from handlers.types import Attachment, Choice
from schedules import jobs
from schedules.outbox import deliver_pending, enqueue
from storage.models import ParentContact
from tests.schedules.conftest import AMY as AMY_EMAIL
from tests.schedules.conftest import CONFIG, School, at
from tests.support.fake_telegram import TelegramChat
from tests.telegram.conftest import AMY

# PTB itself reads RetryAfter.retry_after as an int while building the 429 error.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


CHART = Attachment(
    filename="week.png",
    content=b"\x89PNG fake bytes",
    mime_type="image/png",
    title="Provision this week",
)


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


def test_deliver_raises_a_permanent_error_when_telegram_refuses(fake, settings):
    fake.fail_next("sendMessage", 400)
    with pytest.raises(PermanentDeliveryError) as refused:
        deliver(settings, "42", "Reminder", [])
    assert isinstance(refused.value.__cause__, BadRequest) and not refused.value.partly_sent
    assert [c.status for c in fake.calls if c.method == "sendMessage"] == [400], "no retry of a 400"


def test_a_refused_file_after_the_text_went_out_is_permanent_not_retried(fake, settings):
    fake.fail_next("sendDocument", 400)
    with pytest.raises(PermanentDeliveryError) as failed:
        deliver(settings, str(AMY), "Your digest for today", [CHART])
    assert failed.value.partly_sent  # the outbox must not send the text again
    assert [c.text for c in fake.calls_to("sendMessage")] == ["Your digest for today"]


def test_a_later_part_failing_after_retries_does_not_invite_a_resend(fake, settings, monkeypatch):
    monkeypatch.setattr(notify, "RetryingRateLimiter", lambda: RetryingRateLimiter(max_retries=0))
    text = "\n".join(f"line {i} " + "x" * 90 for i in range(100))  # three messages
    fake.fail_next("sendMessage", 502, after=1)  # the second part: Telegram is down
    with pytest.raises(PermanentDeliveryError) as failed:
        deliver(settings, str(AMY), text, [])
    assert failed.value.partly_sent
    assert len(fake.calls_to("sendMessage")) == 1


def test_a_failure_before_anything_went_out_is_left_to_the_retry(fake, settings, monkeypatch):
    monkeypatch.setattr(notify, "RetryingRateLimiter", lambda: RetryingRateLimiter(max_retries=0))
    fake.fail_next("sendMessage", 502)
    with pytest.raises(NetworkError) as failed:
        deliver(settings, str(AMY), "Reminder", [])
    assert not isinstance(failed.value, PermanentDeliveryError)


def test_deliver_without_a_token_raises(fake):
    with pytest.raises(TelegramNotConfigured):
        deliver(Settings(_env_file=None), str(AMY), "x", [])


def test_deliver_puts_choices_on_the_last_part_as_an_inline_keyboard(fake, settings):
    text = "\n".join(f"line {i} " + "x" * 90 for i in range(50))  # two messages
    deliver(
        settings,
        str(AMY),
        text,
        [],
        choices=[
            Choice("Log Freya J Phonics", "nudge_log:3"),
            Choice("Missed Freya J Phonics", "nudge_missed:3"),
        ],
    )
    first, last = fake.calls_to("sendMessage")
    assert first.buttons() == {}
    assert last.buttons() == {
        "Log Freya J Phonics": "nudge_log:3",
        "Missed Freya J Phonics": "nudge_missed:3",
    }


def test_follow_up_reminder_button_marks_it_done(bot, fake, settings, sample_school):
    school = School(sample_school)
    contact = school.contact("Freya", at("2026-11-16", "15:00"), date(2026, 11, 18), by=AMY_EMAIL)
    enqueue(sample_school, jobs.follow_ups(sample_school, at("2026-11-18", "08:00"), CONFIG))
    assert deliver_pending(sample_school, Notifier(settings)).sent == 1

    [reminder] = [c for c in fake.calls_to("sendMessage") if "Follow-up due" in c.text]
    assert reminder.params["chat_id"] == str(AMY)  # her private chat
    assert reminder.buttons() == {"Mark done": f"followup_done:{contact}"}

    chat = TelegramChat(fake, AMY)
    chat.last = reminder
    answer = chat.press("Mark done")
    assert "Done ✓" in answer.text and "Freya Jones's mum" in answer.text
    with Session(sample_school) as s:
        assert s.get(ParentContact, contact).follow_up_done_at is not None
