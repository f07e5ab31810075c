"""Questions the bot is waiting on: one pending question per chat user.

Kept in the database (ConversationState), not in memory, so an answer still
completes the record after a restart or on another worker process.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from handlers.request import Request
from storage.models import ConversationState
from storage.types import utcnow


def _key(req: Request) -> tuple[str, str]:
    return req.inbound.platform, req.inbound.user_id


def pending(req: Request) -> dict[str, Any] | None:
    platform, user_key = _key(req)
    state = req.session.exec(
        select(ConversationState).where(
            ConversationState.platform == platform, ConversationState.user_key == user_key
        )
    ).first()
    return dict(state.data) if state else None


def remember(req: Request, data: dict[str, Any]) -> None:
    platform, user_key = _key(req)
    state = req.session.exec(
        select(ConversationState).where(
            ConversationState.platform == platform, ConversationState.user_key == user_key
        )
    ).first()
    if state is None:
        state = ConversationState(platform=platform, user_key=user_key)
    state.data = data
    state.updated_at = utcnow()
    req.session.add(state)


def forget(req: Request) -> None:
    platform, user_key = _key(req)
    state = req.session.exec(
        select(ConversationState).where(
            ConversationState.platform == platform, ConversationState.user_key == user_key
        )
    ).first()
    if state is not None:
        req.session.delete(state)
