"""Teams conversation references: where each person's personal chat with the bot is.

The Teams adapter stores one on first contact (or on install) and the outbox's
Teams delivery reads it back; both go through here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from sqlmodel import Session, select

from storage.models import TeamsConversation
from storage.types import utcnow


@dataclass(frozen=True)
class ConversationRef:
    """What the Bot Connector needs to post into a personal chat (or to open one:
    `conversation_id` is None until it exists)."""

    aad_object_id: str
    tenant_id: str
    conversation_id: str | None
    service_url: str
    bot_id: str
    user_id: str


def remember_conversation(session: Session, ref: ConversationRef) -> None:
    """Store (or replace) the person's personal-chat reference; one without a chat
    never replaces one with."""
    row = _row(session, ref.aad_object_id)
    if row is None:
        row = TeamsConversation(**asdict(ref))
    elif _ref_of(row) == ref or (ref.conversation_id is None and row.conversation_id):
        return  # the usual case, every message: nothing to write
    else:
        for key, value in asdict(ref).items():
            setattr(row, key, value)
        row.updated_at = utcnow()
    session.add(row)


def _row(session: Session, aad_object_id: str) -> TeamsConversation | None:
    return session.exec(
        select(TeamsConversation).where(TeamsConversation.aad_object_id == aad_object_id)
    ).first()


def _ref_of(row: TeamsConversation) -> ConversationRef:
    return ConversationRef(**{f.name: getattr(row, f.name) for f in fields(ConversationRef)})


def conversation_for(session: Session, aad_object_id: str) -> ConversationRef | None:
    row = _row(session, aad_object_id)
    return _ref_of(row) if row is not None else None
