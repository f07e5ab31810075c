"""The Telegram bot under strain: slow people, repeated Saves, a failing database, old forms.

The real PTB Application against the fake Bot API, as in test_form.py.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import select

import bot.telegram.app as tg_app
import handlers.service as service
from bot.telegram import cleanup
from bot.telegram.runner import start_telegram
from storage.db import session_scope
from storage.models import InboxMessage, KeyValue, SessionLog
from tests.support.fake_telegram import TelegramChat
from tests.telegram.conftest import AMY, BETH

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

NAMESPACE = "telegram.user_data"


def form_row(engine, user_id: int) -> dict | None:
    with session_scope(engine) as session:
        row = session.exec(
            select(KeyValue).where(KeyValue.namespace == NAMESPACE, KeyValue.key == str(user_id))
        ).first()
        return dict(row.data) if row else None


def stored(engine) -> list[SessionLog]:
    with session_scope(engine) as session:
        return list(session.exec(select(SessionLog)))


def to_confirm(fake) -> TelegramChat:
    chat = TelegramChat(fake, AMY)
    chat.send("Freya 20 mins good focus")  # no provision: the form asks
    chat.press("SALT")
    assert "Save this?" in chat.last.text
    return chat


def test_one_slow_person_does_not_hold_up_another(bot, fake, monkeypatch):
    real = tg_app.handle

    def slow_for_amy(ctx, inbound):
        if inbound.user_id == str(AMY):
            time.sleep(3)  # e.g. /report school, or a database lock
        return real(ctx, inbound)

    monkeypatch.setattr(tg_app, "handle", slow_for_amy)
    fake.push(fake.message(AMY, "/today"))
    time.sleep(0.2)
    started = time.monotonic()
    answer = TelegramChat(fake, BETH).send("/help")
    assert time.monotonic() - started < 1.5
    assert "/log" in answer.text
    fake.wait_for("sendMessage", lambda c: c.params["chat_id"] == str(AMY), timeout=10)


def test_one_persons_updates_still_run_in_order(bot, fake, monkeypatch):
    real = tg_app.handle
    seen: list[tuple[str, str]] = []
    lock = threading.Lock()

    def traced(ctx, inbound):
        with lock:
            seen.append(("start", inbound.text))
        if inbound.text == "/today":
            time.sleep(1)
        try:
            return real(ctx, inbound)
        finally:
            with lock:
                seen.append(("end", inbound.text))

    monkeypatch.setattr(tg_app, "handle", traced)
    fake.push(fake.message(AMY, "/today"), fake.message(AMY, "/help"))
    fake.wait_for("sendMessage", lambda c: c.params["chat_id"] == str(AMY), count=2, timeout=10)
    assert seen == [("start", "/today"), ("end", "/today"), ("start", "/help"), ("end", "/help")]
    replies = [c.text for c in fake.calls_to("sendMessage") if c.params["chat_id"] == str(AMY)]
    assert "/pupil" in replies[1]  # /help's answer came second


def test_a_save_handled_before_a_crash_is_answered_and_ends_the_form(bot, fake, sample_school):
    """The process died after the Save was stored but before it answered and ended the
    form: the intake takes the update up again, the kept reply is sent, the form ends."""
    from datetime import UTC, datetime

    from bot.intake import Envelope
    from handlers.types import Inbound, Reply, reply_to_json

    chat = to_confirm(fake)
    save = fake.press(AMY, chat.last.buttons()["Save ✓"], message_id=chat.last.result["message_id"])
    event_id = f"update:{save['update_id']}"
    inbound = Inbound(
        "telegram", str(AMY), str(AMY), received_at=datetime.now(UTC), event_id=event_id
    )
    kept = Reply(text="Logged ✓ (kept from before the crash)")
    before = len(chat._outputs())
    with session_scope(sample_school) as session:
        session.add(
            InboxMessage(
                platform="telegram",
                event_id=event_id,
                person=str(AMY),
                status="handled",
                payload=Envelope(inbound, {"update": save}).to_json(),
                reply=reply_to_json(kept),
            )
        )
    fake.wait_until(lambda: len(chat._outputs()) > before, timeout=20)
    assert chat._outputs()[before].text == kept.text
    fake.wait_until(lambda: form_row(sample_school, AMY) is None)
    assert stored(sample_school) == [], "nothing was stored twice"


def test_a_database_outage_keeps_the_form_to_save_again(bot, fake, sample_school, monkeypatch):
    chat = to_confirm(fake)

    def down(*args):
        raise OperationalError("SELECT 1", {}, Exception("could not connect"))

    monkeypatch.setattr(service, "_handle", down)
    again = chat.press("Save ✓")
    assert "Press Save ✓ again" in again.text and "Save this?" in again.text
    assert "Save ✓" in again.buttons()
    assert form_row(sample_school, AMY)["form"]["values"]["notes"] == "good focus"
    monkeypatch.undo()
    done = chat.press("Save ✓")
    assert done.text.startswith("Logged ✓")
    [row] = stored(sample_school)
    assert row.notes == "good focus"


def _old_form(engine, user_id: int, *, hours: float = 13) -> None:
    then = datetime.now(UTC) - timedelta(hours=hours)
    with session_scope(engine) as session:
        session.add(
            KeyValue(
                namespace=NAMESPACE,
                key=str(user_id),
                updated_at=then,
                data={"form": {"step": "kind", "values": {}, "started": then.isoformat()}},
            )
        )


def test_an_abandoned_form_is_dropped_when_its_owner_next_writes(bot, fake, sample_school):
    _old_form(sample_school, AMY)  # written after start-up, as by another process
    TelegramChat(fake, AMY).send("/start")
    assert form_row(sample_school, AMY) is None


def test_the_periodic_sweep_drops_abandoned_forms_in_memory_and_in_the_database(
    settings, ctx, fake, sample_school, monkeypatch
):
    monkeypatch.setattr(cleanup, "SWEEP_SECONDS", 0.1)
    _old_form(sample_school, AMY)  # loaded into memory at start-up
    service_ = start_telegram(settings, ctx)
    try:
        _old_form(sample_school, 900000001)  # someone this process never saw
        with session_scope(sample_school) as session:  # a form in progress stays
            session.add(
                KeyValue(
                    namespace=NAMESPACE,
                    key="900000002",
                    data={"form": {"started": datetime.now(UTC).isoformat()}},
                )
            )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and (
            form_row(sample_school, AMY) or form_row(sample_school, 900000001)
        ):
            time.sleep(0.05)
        assert form_row(sample_school, AMY) is None and form_row(sample_school, 900000001) is None
        assert form_row(sample_school, 900000002) is not None
        assert "form" not in service_.application.user_data.get(AMY, {})
    finally:
        service_.stop()
