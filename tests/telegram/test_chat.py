"""The Telegram bot end to end: real PTB Application, fake Bot API on loopback.

Each test scripts updates into getUpdates and asserts what the fake Bot API
received and what the database holds.
"""

from __future__ import annotations

import json

import pytest
from pydantic import SecretStr
from sqlmodel import select

from storage.db import session_scope
from storage.models import InboxMessage, SessionLog
from tests.support.fake_telegram import TelegramChat
from tests.telegram.conftest import AMY, STRANGER

# PTB itself reads RetryAfter.retry_after as an int while building the 429 error.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


PUPIL_NAMES = ("Freya", "Kai", "Harry", "Grace", "Aarav", "Lily", "Ethan", "Max", "Isla", "Harriet")


def sessions(engine) -> list[SessionLog]:
    with session_scope(engine) as session:
        return list(session.exec(select(SessionLog).order_by(SessionLog.id)))


def test_start_up_sets_the_default_menu_and_polls(bot, fake):
    (menu,) = fake.wait_for("setMyCommands")
    names = [c["command"] for c in json.loads(menu.params["commands"])]
    assert names == ["start", "help"]  # what strangers see: nothing a role must unlock
    assert json.loads(menu.params["scope"]) == {"type": "default"}
    fake.wait_for("getUpdates")
    methods = [c.method for c in fake.calls]
    assert methods.index("getMe") < methods.index("deleteWebhook") < methods.index("getUpdates")


def test_log_command_stores_and_offers_undo_and_edit(bot, fake, sample_school):
    chat = TelegramChat(fake, AMY)
    reply = chat.send("/log Freya phonics 20 mins good focus")
    assert reply.text.startswith("Logged ✓")
    assert "Freya Jones" in reply.text and "Phonics" in reply.text
    assert set(reply.buttons()) == {"Undo", "Edit"}
    [row] = sessions(sample_school)
    assert (row.platform, row.duration_minutes, row.notes) == ("telegram", 20, "good focus")


def test_plain_message_logs_and_undo_button_withdraws_it(bot, fake, sample_school):
    chat = TelegramChat(fake, AMY)
    chat.send("Kai zones of regulation 15 mins")
    undone = chat.press("Undo")
    assert undone.text.startswith("Undone")
    assert fake.calls_to("answerCallbackQuery"), "the button's spinner was never stopped"
    [row] = sessions(sample_school)
    assert row.withdrawn_at is not None


def test_an_update_delivered_twice_is_stored_once(bot, fake, sample_school):
    update = fake.message(AMY, "Freya phonics 20 mins")
    fake.push(update, update)  # one getUpdates answer holding the same update_id twice
    TelegramChat(fake, AMY).send("/today")  # processed after both copies
    assert len(sessions(sample_school)) == 1
    logged = [t for t in fake.sent_texts() if t.startswith("Logged")]
    assert len(logged) == 1


def test_unknown_user_learns_only_how_to_link(bot, fake, sample_school):
    chat = TelegramChat(fake, STRANGER)
    reply = chat.send("/log Freya phonics 20 mins")
    start = chat.send("/start")
    for text in (reply.text, start.text):
        assert "link" in text.lower()
        assert not any(name in text for name in PUPIL_NAMES)
    assert str(STRANGER) in start.text
    assert sessions(sample_school) == []


def test_group_chat_is_refused_without_naming_anyone(bot, fake, sample_school):
    group = -1001234
    fake.push(fake.message(AMY, "Freya was lovely today", chat_id=group, chat_type="supergroup"))
    fake.push(
        fake.message(AMY, "/log Freya phonics 20 mins", chat_id=group, chat_type="supergroup")
    )
    [refusal] = fake.wait_for("sendMessage", lambda c: c.params["chat_id"] == str(group))
    assert "group" in refusal.text and "Message me directly" in refusal.text
    assert "Freya" not in refusal.text
    fake.push(fake.press(AMY, "undo:session:1", chat_id=group, chat_type="supergroup"))
    [answer] = fake.wait_for("answerCallbackQuery")
    assert answer.params["show_alert"] == "true" and "group" in answer.params["text"]
    # Chatter not addressed to the bot got no answer: only the /log was refused.
    assert len([c for c in fake.calls_to("sendMessage") if c.params["chat_id"] == str(group)]) == 1
    assert sessions(sample_school) == []
    # Every update is stored before it counts as delivered; once answered, nothing of
    # what was said is kept.
    fake.wait_until(lambda: _all_replied(sample_school))
    with session_scope(sample_school) as session:
        rows = session.exec(select(InboxMessage)).all()
    assert rows and all(r.payload is None and r.reply is None for r in rows)


def _all_replied(engine) -> bool:
    with session_scope(engine) as session:
        return all(r.status == "replied" for r in session.exec(select(InboxMessage)))


def test_a_429_is_waited_out_and_the_reply_still_arrives(bot, fake, sample_school):
    fake.fail_next("sendMessage", 429, retry_after=1)
    reply = TelegramChat(fake, AMY).send("Freya phonics 20 mins")
    assert reply.text.startswith("Logged")
    attempts = [c.status for c in fake.calls if c.method == "sendMessage"]
    assert attempts == [429, 200]


def test_network_errors_are_retried_for_replies_and_polling(bot, fake, sample_school):
    fake.fail_next("getUpdates", 502)
    fake.fail_next("sendMessage", drop=True)
    reply = TelegramChat(fake, AMY).send("Freya phonics 20 mins")
    assert reply.text.startswith("Logged")
    # status 0: the connection was dropped before any answer
    assert [c.status for c in fake.calls if c.method == "sendMessage"] == [0, 200]
    assert any(c.method == "getUpdates" and c.status == 502 for c in fake.calls)
    assert len(sessions(sample_school)) == 1


def test_other_kinds_of_message_get_a_hint(bot, fake):
    update = fake.message(AMY, "placeholder")
    del update["message"]["text"]
    update["message"]["location"] = {"latitude": 51.5, "longitude": -0.12}
    fake.push(update)
    [hint] = fake.wait_for("sendMessage")
    assert "only read text" in hint.text


def test_a_refused_token_stops_start_up_without_printing_it(fake, settings, ctx):
    from bot.telegram.runner import TelegramStartError, start_telegram

    wrong = settings.model_copy(update={"telegram_bot_token": SecretStr("999:wrong-token")})
    with pytest.raises(TelegramStartError) as refused:
        start_telegram(wrong, ctx)
    assert "TELEGRAM_BOT_TOKEN" in str(refused.value) and "wrong-token" not in str(refused.value)
