"""The guided form through the real bot: buttons, typed answers, restart, cancel, edit."""

from __future__ import annotations

from sqlmodel import select

from bot.telegram.runner import start_telegram
from storage.db import session_scope
from storage.models import ConversationState, KeyValue, SessionLog
from tests.support.fake_telegram import TelegramChat
from tests.telegram.conftest import AMY


def stored(engine) -> list[SessionLog]:
    with session_scope(engine) as session:
        return list(session.exec(select(SessionLog).order_by(SessionLog.id)))


def form_rows(engine) -> list[KeyValue]:
    with session_scope(engine) as session:
        return list(
            session.exec(select(KeyValue).where(KeyValue.namespace == "telegram.user_data"))
        )


def test_log_alone_walks_the_form_to_a_stored_session(bot, fake, sample_school):
    chat = TelegramChat(fake, AMY)
    first = chat.send("/log")
    assert "What are you logging?" in first.text
    assert {"Session", "Behaviour incident", "Parent contact", "A worry about a child"} <= set(
        first.buttons()
    )
    chat.press("Session")
    assert "Who was it for?" in chat.last.text
    pupils = list(chat.last.buttons())
    # Amy's key pupils come before anyone else's.
    assert pupils[:5] == ["Freya Jones", "Kai Robinson", "Aarav Gupta", "Ethan Hall", "Isla Murphy"]
    assert chat.press("Freya Jones").method == "editMessageText"
    assert "✓ Freya Jones" in chat.last.buttons()  # a session may be a group: tap more, or Done
    chat.press("Done ✓")
    assert set(chat.last.buttons()) >= {"Phonics", "SALT"}
    chat.press("Phonics")
    assert list(chat.last.buttons())[:6] == ["10", "15", "20", "30", "45", "Other"]
    chat.press("Other")
    chat.send("25")  # typed: a new message with the next question
    assert "When was it?" in chat.last.text
    chat.press("Now")
    assert "Any notes?" in chat.last.text
    chat.send("sounded out cvc words")
    assert "Save this?" in chat.last.text and "Minutes: 25 min" in chat.last.text
    assert stored(sample_school) == []
    done = chat.press("Save ✓")
    assert done.method == "editMessageText" and done.text.startswith("Logged ✓")
    assert set(done.buttons()) == {"Undo", "Edit"}
    [row] = stored(sample_school)
    assert (row.duration_minutes, row.notes, row.platform) == (
        25,
        "sounded out cvc words",
        "telegram",
    )
    assert form_rows(sample_school) == [], "a finished form leaves nothing behind"


def test_a_message_that_lacks_something_opens_the_form_prefilled(bot, fake, sample_school):
    chat = TelegramChat(fake, AMY)
    reply = chat.send("Freya 20 mins good focus")
    assert "Which provision?" in reply.text and "Pupil: Freya Jones" in reply.text
    chat.press("SALT")
    assert "Save this?" in chat.last.text
    chat.press("Save ✓")
    [row] = stored(sample_school)
    assert (row.duration_minutes, row.notes) == (20, "good focus")
    with session_scope(sample_school) as session:
        assert session.exec(select(ConversationState)).all() == [], (
            "the chat question was forgotten"
        )


def test_typing_searches_pupils(bot, fake, sample_school):
    chat = TelegramChat(fake, AMY)
    chat.send("/log")
    chat.send("zzz")  # not a kind: asked again, nothing breaks
    assert "Choose one of the options" in chat.last.text
    chat.send("behav")  # the start of an option's label is enough
    chat.send("ha")
    assert "3 pupils match" in chat.last.text
    assert set(chat.last.buttons()) == {"Harry Wright", "Hattie Wood", "Ethan Hall", "Cancel"}
    chat.send("hattie w")
    assert "Pupil: Hattie Wood" in chat.last.text
    assert "Was a hold or reasonable force used?" in chat.last.text


def test_the_form_survives_a_restart(bot, fake, settings, ctx, sample_school):
    chat = TelegramChat(fake, AMY)
    chat.send("/log")
    chat.press("Session")
    chat.press("Kai Robinson")
    chat.press("Done ✓")
    [row] = form_rows(sample_school)
    assert row.data["form"]["step"] == "provision_id", "each step is saved at once"
    bot.stop()

    again = start_telegram(settings, ctx)
    try:
        chat.press("ELSA")  # a button on the message sent before the restart
        assert "How long" in chat.last.text and "Pupil: Kai Robinson" in chat.last.text
        chat.press("45")
        chat.press("Now")
        chat.press("Skip")
        chat.press("Save ✓")
        [session_log] = stored(sample_school)
        assert session_log.duration_minutes == 45
    finally:
        again.stop()


def test_cancel_leaves_the_form_and_stores_nothing(bot, fake, sample_school):
    chat = TelegramChat(fake, AMY)
    chat.send("/log")
    chat.press("Session")
    assert chat.send("/cancel").text.startswith("Cancelled")
    assert form_rows(sample_school) == []
    # The next plain message is a log again, not an answer to the old form.
    assert chat.send("Freya phonics 10 mins").text.startswith("Logged")
    [row] = stored(sample_school)
    assert row.duration_minutes == 10


def test_a_stale_or_duplicate_button_changes_nothing(bot, fake, sample_school):
    chat = TelegramChat(fake, AMY)
    chat.send("/log")
    pick_session = chat.last.buttons()["Session"]
    chat.press("Session")
    before = len(fake.calls_to("editMessageText"))
    fake.push(fake.press(AMY, pick_session))  # an old button, pressed again
    [*_, toast] = fake.wait_for("answerCallbackQuery", count=2)
    assert "earlier question" in toast.params.get("text", "")
    assert len(fake.calls_to("editMessageText")) == before


def test_edit_button_opens_the_form_and_amends_the_record(bot, fake, sample_school):
    chat = TelegramChat(fake, AMY)
    chat.send("Freya phonics 20 mins")
    form = chat.press("Edit")
    assert "Correcting a record" in form.text and "Save this?" in form.text
    assert "Change pupil" not in form.buttons(), "a correction can't move a record to another child"
    chat.press("Change minutes")
    chat.press("30")
    done = chat.press("Save ✓")
    assert done.text.startswith("Updated")
    [row] = stored(sample_school)
    assert (row.duration_minutes, row.version) == (30, 2)
    # The pending "amend" question is gone: the next message is a new log.
    assert chat.send("Kai elsa 45 mins").text.startswith("Logged")
    assert len(stored(sample_school)) == 2
