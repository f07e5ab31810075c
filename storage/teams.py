"""Teams conversation references: where each person's personal chat with the bot is.

The Teams adapter stores one on first contact (or on install) and the outbox's
Teams delivery reads it back; both go through here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from storage.models import TeamsConversation
from storage.types import utcnow


@dataclass(frozen=True)
class ConversationRef:
    """What the Bot Connector needs to post into a personal chat."""

    aad_object_id: str
    tenant_id: str
    conversation_id: str
    service_url: str
    bot_id: str
    user_id: str


def remember_conversation(session: Session, ref: ConversationRef) -> None:
    """Store (or replace) the person's personal-chat reference."""
    row = session.exec(
        select(TeamsConversation).where(TeamsConversation.aad_object_id == ref.aad_object_id)
    ).first()
    if row is None:
        row = TeamsConversation(
            aad_object_id=ref.aad_object_id,
            tenant_id=ref.tenant_id,
            conversation_id=ref.conversation_id,
            service_url=ref.service_url,
            bot_id=ref.bot_id,
            user_id=ref.user_id,
        )
    elif (row.conversation_id, row.service_url, row.bot_id, row.user_id, row.tenant_id) == (
        ref.conversation_id,
        ref.service_url,
        ref.bot_id,
        ref.user_id,
        ref.tenant_id,
    ):
        return  # the usual case, every message: nothing to write
    else:
        row.tenant_id = ref.tenant_id
        row.conversation_id = ref.conversation_id
        row.service_url = ref.service_url
        row.bot_id = ref.bot_id
        row.user_id = ref.user_id
        row.updated_at = utcnow()
    session.add(row)


def conversation_for(session: Session, aad_object_id: str) -> ConversationRef | None:
    row = session.exec(
        select(TeamsConversation).where(TeamsConversation.aad_object_id == aad_object_id)
    ).first()
    if row is None:
        return None
    return ConversationRef(
        aad_object_id=row.aad_object_id,
        tenant_id=row.tenant_id,
        conversation_id=row.conversation_id,
        service_url=row.service_url,
        bot_id=row.bot_id,
        user_id=row.user_id,
    )
