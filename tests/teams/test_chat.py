"""Typed logs and buttons in a personal chat, through the real Teams SDK."""

from __future__ import annotations

from sqlmodel import select

from storage.db import session_scope
from storage.models import AuditEvent, ChatIdentity, SessionLog, TeamsConversation
from tests.teams.conftest import AMY, APP_ID, buttons, card_text, unverified


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
