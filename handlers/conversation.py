"""Questions the bot is waiting on: one pending question per chat user.

Kept in the database (ConversationState), not in memory, so an answer still
completes the record after a restart or on another worker process. Each
question saved gets its own `asked` mark, so the dispatcher can tell when
another reply came after it (`set_aside`): a bare number typed then belongs to
that later reply's numbering, never silently to the older question.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import select

from handlers.request import Request
from handlers.types import Reply
from handlers.wording import dropped_question
from storage.models import ConversationState
from storage.types import utcnow


def _key(req: Request) -> tuple[str, str]:
    return req.inbound.platform, req.inbound.user_id


def _state(req: Request) -> ConversationState | None:
    platform, user_key = _key(req)
    return req.session.exec(
        select(ConversationState).where(
            ConversationState.platform == platform, ConversationState.user_key == user_key
        )
    ).first()


def pending(req: Request) -> dict[str, Any] | None:
    state = _state(req)
    return dict(state.data) if state else None


def remember(req: Request, data: dict[str, Any]) -> None:
    """Save the question just asked (replacing any other): it is the last thing said."""
    state = _state(req)
    if state is None:
        platform, user_key = _key(req)
        state = ConversationState(platform=platform, user_key=user_key)
    fresh = {k: v for k, v in data.items() if k != "set_aside"}
    state.data = {**fresh, "asked": uuid.uuid4().hex}
    state.updated_at = utcnow()
    req.session.add(state)


def forget(req: Request) -> None:
    state = _state(req)
    if state is not None:
        req.session.delete(state)


def set_aside(req: Request, before: dict[str, Any]) -> None:
    """Note that a reply other than the question `before` was given since it was asked
    (a command, a button on an older message), if that question still waits."""
    state = _state(req)
    if state is None or state.data.get("asked") != before.get("asked"):
        return  # answered, replaced or forgotten
    if not state.data.get("set_aside"):
        state.data = {**state.data, "set_aside": True}
        req.session.add(state)


def with_dropped(state: dict[str, Any] | None, reply: Reply) -> Reply:
    """`reply` to a new message that ended the question `state` unanswered, saying so first:
    the earlier message is not stored, and the person must not think it was."""
    if state and state.get("awaiting"):
        notice = dropped_question(
            str(state["awaiting"]), str(state.get("text") or ""), bool(state.get("routed"))
        )
        reply.text = f"{notice}\n\n{reply.text}"
    return reply
