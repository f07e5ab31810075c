"""Slack payloads flattened into `Inbound`s, each with an id that survives redelivery.

Slack redelivers an event with the same `event_id` (and `X-Slack-Retry-Num`);
slash commands, clicks and submissions have no event id, so one is built from
what is unique to that one user action: the trigger id, the action timestamp
and user, or the view id with a digest of the submitted values.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from bot.slack.markup import plain_text
from bot.slack.respond import Target
from handlers.types import Inbound

PLATFORM = "slack"


def _now() -> datetime:
    return datetime.now(UTC)


def _at(ts: Any) -> datetime:
    try:
        return datetime.fromtimestamp(float(ts), UTC)
    except (TypeError, ValueError):
        return _now()


NameOf = Callable[[str], "str | None"]


def slash_command(body: dict[str, Any]) -> tuple[Inbound, Target]:
    text = plain_text(body.get("text") or "").strip()
    command = (body.get("command") or "/log").lstrip("/")
    user = body.get("user_id", "")
    inbound = Inbound(
        platform=PLATFORM,
        forms=True,
        user_id=user,
        chat_id=body.get("channel_id") or user,
        text=f"/{command} {text}".strip(),
        received_at=_now(),
        event_id=f"cmd:{body['trigger_id']}" if body.get("trigger_id") else None,
    )
    return inbound, Target(
        user_id=user, response_url=body.get("response_url"), trigger_id=body.get("trigger_id")
    )


def direct_message(
    body: dict[str, Any], name_of: NameOf = lambda _user: None
) -> tuple[Inbound, Target] | None:
    """A person's message in their DM with the bot; None for anything else.

    A file they shared and an edit to a message they sent come through too
    (as `content` "file" and "edited"): the handlers tell them why nothing
    was stored. Bot messages, joins and deletions are nobody's log.
    """
    event = body.get("event") or {}
    subtype = event.get("subtype")
    message = event.get("message") if subtype == "message_changed" else event
    if (
        event.get("channel_type") != "im"
        or not isinstance(message, dict)
        or message.get("bot_id")
        or not message.get("user")
        or subtype not in (None, "file_share", "message_changed")
    ):
        return None
    if subtype == "message_changed":
        before = (event.get("previous_message") or {}).get("text")
        if before == message.get("text"):
            return None  # Slack added an unfurl or a file; the person changed nothing
    user = message["user"]
    inbound = Inbound(
        platform=PLATFORM,
        forms=True,
        user_id=user,
        chat_id=event.get("channel", ""),
        text=plain_text(message.get("text") or "", name_of),
        received_at=_at(event.get("ts")),
        event_id=body.get("event_id") or f"msg:{event.get('channel')}:{event.get('ts')}",
        content={"file_share": "file", "message_changed": "edited"}.get(subtype or "", "text"),
    )
    return inbound, Target(user_id=user, dm_channel=event.get("channel"))


def button_click(body: dict[str, Any], action: dict[str, Any]) -> tuple[Inbound, Target]:
    user = (body.get("user") or {}).get("id", "")
    channel = (body.get("channel") or {}).get("id")
    container = body.get("container") or {}
    inbound = Inbound(
        platform=PLATFORM,
        forms=True,
        user_id=user,
        chat_id=channel or user,
        action=action.get("value") or "",
        received_at=_at(action.get("action_ts")),
        event_id=f"act:{action.get('action_ts')}:{user}",
    )
    in_dm = (body.get("channel") or {}).get("name") == "directmessage" or (
        channel or ""
    ).startswith("D")
    target = Target(
        user_id=user,
        dm_channel=channel if in_dm else None,
        response_url=body.get("response_url"),
        trigger_id=body.get("trigger_id"),
        # Answering replaces the question (or the confirmation), so old buttons can't be pressed twice.
        replace_original=container.get("type") == "message",
    )
    return inbound, target


def view_submission(body: dict[str, Any], form: dict[str, Any]) -> Inbound:
    user = (body.get("user") or {}).get("id", "")
    view = body.get("view") or {}
    digest = hashlib.sha256(json.dumps(form, sort_keys=True, default=str).encode()).hexdigest()[:20]
    return Inbound(
        platform=PLATFORM,
        forms=True,
        user_id=user,
        chat_id=user,
        form=form,
        received_at=_now(),
        event_id=f"view:{view.get('id')}:{digest}",
    )


def plain_request(user_id: str, text: str) -> Inbound:
    """A read-only request made on the user's behalf (App Home): no event id."""
    return Inbound(
        platform=PLATFORM,
        forms=True,
        user_id=user_id,
        chat_id=user_id,
        text=text,
        received_at=_now(),
    )


def form_request(user_id: str, kind: str, filled: dict[str, Any] | None = None) -> Inbound:
    """Asking for a form (a shortcut, a Home button) or its redraw with what is `filled` in."""
    return Inbound(
        platform=PLATFORM,
        forms=True,
        user_id=user_id,
        chat_id=user_id,
        received_at=_now(),
        open_form=kind,
        form=filled,
    )
