"""Teams conversation references (where each person's personal chat with the bot is),
and the files offered to people in Teams that wait for their consent.

The Teams adapter stores a reference on first contact (or on install) and the
outbox's Teams delivery reads it back; both go through here.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import asdict, dataclass, fields
from datetime import timedelta

from sqlalchemy import delete
from sqlmodel import Session, col, select

from storage.models import KeyValue, TeamsConversation
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


# -- files offered in Teams, waiting for the person's consent ---------------------------
# Teams only takes a file from a bot after the person presses Allow on a consent card;
# the file waits here until then (at most OFFER_LIFETIME), and is removed once sent or
# declined. Only the person it was offered to can take it.

FILE_OFFERS = "teams.file_offer"
OFFER_LIFETIME = timedelta(hours=24)


@dataclass(frozen=True)
class FileOffer:
    key: str
    filename: str
    mime_type: str
    content: bytes


def offer_file(
    session: Session, aad_object_id: str, filename: str, mime_type: str, content: bytes
) -> FileOffer:
    """Keep a file for `aad_object_id` to accept; forgets offers past their lifetime."""
    session.execute(
        delete(KeyValue).where(
            col(KeyValue.namespace) == FILE_OFFERS,
            col(KeyValue.updated_at) < utcnow() - OFFER_LIFETIME,
        )
    )
    offer = FileOffer(secrets.token_urlsafe(24), filename, mime_type, content)
    session.add(
        KeyValue(
            namespace=FILE_OFFERS,
            key=offer.key,
            data={
                "for": aad_object_id,
                "filename": filename,
                "mime_type": mime_type,
                "content": base64.b64encode(content).decode(),
            },
        )
    )
    return offer


def take_file_offer(session: Session, key: str, aad_object_id: str) -> FileOffer | None:
    """The offered file, removed from the waiting list; None if it isn't this person's
    or has expired."""
    row = session.exec(
        select(KeyValue).where(KeyValue.namespace == FILE_OFFERS, KeyValue.key == key)
    ).first()
    if row is None or row.data.get("for") != aad_object_id:
        return None
    session.delete(row)
    if row.updated_at < utcnow() - OFFER_LIFETIME:
        return None
    data = row.data
    return FileOffer(key, data["filename"], data["mime_type"], base64.b64decode(data["content"]))
