"""`deliver`: one proactive Teams message for the scheduler's outbox sender.

Synchronous, for the sender's worker thread: it runs a short event loop with its
own SDK App (signed in as the bot) and posts into the person's personal chat with
the bot, found by their Entra object id in storage.teams (stored on their first
message, or when the app was installed for them; an admin's app setup policy
installs it for everyone, so reminders reach staff who never opened it). The
message goes out through the same `send_reply` a handler's reply uses: one card
with the text and the message's buttons (a follow-up's "Mark done", a nudge's
Log/Missed), whose presses come back as card actions to the running bot.

Someone met only in a group chat has no personal chat yet: it is opened here
(Bot Connector "create conversation"), which works once the app is installed for
them. Raises PermanentDeliveryError when a retry cannot help: nothing known about
the person in Teams yet, or the Bot Connector refusing (403/404: the app was removed or the
person blocked it; 400/401: a bad message or sign-in). Anything else (429, 5xx, the
network) is raised as it is, so the outbox tries again later.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

import httpx
from fastapi import FastAPI
from microsoft_teams.api import Account, CreateConversationParams
from microsoft_teams.apps import App

from bot import app as wiring
from bot.config import Settings
from bot.delivery import PermanentDeliveryError
from bot.teams.activities import Where
from bot.teams.app import build_app
from bot.teams.credentials import TeamsNotConfigured
from bot.teams.respond import send_reply
from handlers.types import Attachment, Choice, Reply
from storage.db import session_scope
from storage.teams import ConversationRef, conversation_for, remember_conversation

PERMANENT_STATUSES = frozenset({400, 401, 403, 404})


def deliver(
    settings: Settings,
    aad_object_id: str,
    text: str,
    attachments: list[Attachment],
    *,
    choices: list[Choice] | None = None,
) -> None:
    """Send `text` (with `choices` as buttons) to the person's personal chat; raises on failure."""
    if not settings.teams_enabled:
        raise TeamsNotConfigured("TEAMS_APP_ID, TEAMS_TENANT_ID and a secret are not set")
    with session_scope(wiring.engine(settings)) as session:
        ref = conversation_for(session, aad_object_id)
    if ref is None:
        raise PermanentDeliveryError(
            "nothing known of this person in Teams yet: pre-install the app for staff "
            "(Teams admin centre, app setup policy) or ask them to message the bot once"
        )
    reply = Reply(text=text, choices=list(choices or []), attachments=list(attachments))
    try:
        asyncio.run(_deliver(settings, ref, reply))
    except httpx.HTTPStatusError as exc:
        if exc.response.status_code in PERMANENT_STATUSES:
            raise PermanentDeliveryError(
                f"Teams refused the message: HTTP {exc.response.status_code}"
            ) from exc
        raise


async def _deliver(settings: Settings, ref: ConversationRef, reply: Reply) -> None:
    app = build_app(FastAPI(), settings)
    await app.initialize()
    if ref.conversation_id is None:
        ref = await open_personal_chat(app, settings, ref)
    await send_reply(
        app, Where.of_reference(ref), reply, settings.tz, engine=wiring.engine(settings)
    )


async def open_personal_chat(app: App, settings: Settings, ref: ConversationRef) -> ConversationRef:
    """Open the bot's personal chat with someone met only in a group (the app must be
    installed for them), and remember it."""
    api = app.api.clone(service_url=ref.service_url)
    created = await api.conversations.create(
        CreateConversationParams(
            members=[Account(id=ref.user_id)],
            tenant_id=ref.tenant_id,
            channel_data={"tenant": {"id": ref.tenant_id}},
        )
    )
    opened = replace(ref, conversation_id=created.id)
    await asyncio.to_thread(_remember, settings, opened)
    return opened


def _remember(settings: Settings, ref: ConversationRef) -> None:
    with session_scope(wiring.engine(settings)) as session:
        remember_conversation(session, ref)
