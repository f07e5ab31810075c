"""Typed logs and buttons in a personal chat, through the real Teams SDK."""

from __future__ import annotations

import dataclasses

from sqlmodel import select

from storage.db import session_scope
from storage.models import AuditEvent, ChatIdentity, SessionLog, TeamsConversation
from tests.support.fake_teams import message
from tests.teams.conftest import (
    AMY,
    APP_ID,
    OTHER_TENANT,
    STRANGER,
    buttons,
    card_text,
    unverified,
)


def sessions(engine) -> list[SessionLog]:
    with session_scope(engine) as session:
        return list(session.exec(select(SessionLog)))


def test_a_typed_log_is_stored_once_and_answered_with_a_card(teams, bot_token):
    teams.say("Freya phonics 20 mins good focus")

    stored = sessions(teams.engine)
    assert len(stored) == 1 and stored[0].duration_minutes == 20
    posted = teams.connector.sent_to(AMY.personal_chat)
    assert len(posted) == 1
    card = posted[0].cards[0]
    assert "Logged ✓" in card_text(card) and "Freya Jones" in card_text(card)
    assert set(buttons(card)) == {"Undo", "Edit"}
    # Posted as the bot, with the bot's own token, into Amy's personal chat.
    assert posted[0].authorization == f"Bearer {bot_token}"
    assert unverified(bot_token)["appid"] == APP_ID


def test_first_contact_links_by_roster_email_and_remembers_the_chat(teams):
    teams.say("Kai zones of regulation 15 mins")

    with session_scope(teams.engine) as session:
        identity = session.exec(select(ChatIdentity).where(ChatIdentity.platform == "teams")).one()
        conversation = session.exec(select(TeamsConversation)).one()
        linked = session.exec(select(AuditEvent).where(AuditEvent.action == "linked")).all()
    assert identity.external_id == AMY.aad_object_id
    assert conversation.conversation_id == AMY.personal_chat
    assert conversation.service_url == teams.connector.service_url.rstrip("/")
    assert len(linked) == 1
    # Known from then on: the roster is asked once.
    teams.say("Kai ELSA 45 mins")
    assert teams.connector.roster_lookups == [AMY.user_id]


def test_a_redelivered_activity_is_stored_once_and_answered_once(teams):
    activity = message(AMY, "Freya phonics 20 mins", teams.connector.service_url, APP_ID)
    assert teams.post(activity).status_code == 200
    assert teams.post(activity).status_code == 200  # Teams retries a slow answer

    assert len(sessions(teams.engine)) == 1
    assert len(teams.connector.sent_to(AMY.personal_chat)) == 1


def test_undo_button_withdraws_the_log_and_replaces_the_card(teams):
    teams.say("Kai zones of regulation 15 mins")
    undo = buttons(teams.last_card())["Undo"]

    answer = teams.press(undo)

    assert "Undone" in card_text(answer) or "withdrawn" in card_text(answer).lower()
    assert sessions(teams.engine)[0].withdrawn_at is not None
    assert "Undo" not in buttons(answer)  # the pressed card is replaced: no second press


def test_an_ambiguous_name_is_answered_by_button(teams, second_freya):
    teams.say("Freya phonics 20 mins")
    question = teams.last_card()
    choices = buttons(question)
    assert len(choices) == 2 and all("Freya" in title for title in choices)
    assert not sessions(teams.engine), "nothing is stored while the pupil is in doubt"

    [other] = [data for title, data in choices.items() if "Brown" in title]
    answer = teams.press(other)

    assert "Logged ✓" in card_text(answer) and "Freya Brown" in card_text(answer)
    [stored] = sessions(teams.engine)
    assert stored.pupil_id == second_freya


def test_a_group_chat_is_refused_without_naming_anyone(teams):
    teams.say_in_group("Freya phonics 20 mins")

    [answer] = teams.connector.sent_to("19:staffroom-chat@thread.v2")
    text = card_text(answer.cards[0])
    assert "Message me directly" in text and "Freya" not in text
    assert not sessions(teams.engine)


def test_someone_not_on_the_staff_list_learns_only_how_to_get_linked(teams):
    teams.say("Freya phonics 20 mins", person=STRANGER)

    text = card_text(teams.last_card(STRANGER))
    assert "I don't know you yet" in text and "Freya" not in text
    assert not sessions(teams.engine)
    with session_scope(teams.engine) as session:
        assert not session.exec(select(ChatIdentity).where(ChatIdentity.platform == "teams")).all()
        assert not session.exec(select(TeamsConversation)).all(), "a stranger leaves no trace"


def test_another_tenant_is_refused_before_anything_is_read(teams):
    outsider = dataclasses.replace(AMY, tenant_id=OTHER_TENANT)
    activity = message(outsider, "Freya phonics 20 mins", teams.connector.service_url, APP_ID)

    assert teams.post(activity).status_code == 401
    assert not sessions(teams.engine)
    assert teams.connector.posted == [] and teams.connector.roster_lookups == []


def test_a_file_or_an_edit_is_not_logged_and_says_why(teams):
    teams.say(
        "",
        attachments=[
            {
                "contentType": "application/vnd.microsoft.teams.file.download.info",
                "name": "notes.docx",
                "content": {"downloadUrl": "https://files.invalid/x", "fileType": "docx"},
            }
        ],
    )
    assert "I can only read text" in card_text(teams.last_card())
    edit = message(AMY, "Freya phonics 25 mins", teams.connector.service_url, APP_ID)
    edit.update(
        type="messageUpdate", channelData={**edit["channelData"], "eventType": "editMessage"}
    )
    assert teams.post(edit).status_code == 200
    assert "I don't apply edits" in card_text(teams.last_card())
    assert not sessions(teams.engine)


def test_many_choices_stay_in_sight_in_rows_of_a_few():
    from bot.teams.cards import BUTTONS_PER_ROW, reply_card
    from handlers.types import Choice, Reply

    choices = [Choice(f"Provision {i}", f"pick:provision:{i}") for i in range(10)]
    card = reply_card(Reply(text="Which provision?", choices=choices))
    rows = [e["actions"] for e in card["body"] if e["type"] == "ActionSet"]
    assert all(len(row) <= BUTTONS_PER_ROW for row in rows)
    assert [a["data"]["value"] for row in rows for a in row] == [c.value for c in choices]
