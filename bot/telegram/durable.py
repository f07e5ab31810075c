"""Telegram updates stored before they are acknowledged, and taken up after a crash.

python-telegram-bot handles updates itself (the guided form's steps live in its
persistence), so the intake only stores them: `DurableQueue.put` writes each
update to the inbox (or the spool) before PTB sees it. In long polling PTB asks
Telegram for the next batch (which confirms the last) only after every update
of this batch is put, so an update Telegram counts as delivered is always stored
first; if storing fails, the batch is not confirmed and Telegram sends it again.
The webhook (bot.telegram.webhook) stores an update before answering 200.

`DurableApplication` marks an update's row replied once PTB has processed it.
At start-up (and while running, for another process's leftovers) the intake
hands back rows nobody finished, and each goes back on PTB's queue: one never
handled is handled; one handled whose reply may not have been sent is answered
with the kept reply (the dispatcher's own rule), and PTB's steps around it,
such as ending the form that was saved, run again.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.intake import Acceptance, Envelope, Intake
from handlers.types import Inbound, Reply

log = logging.getLogger(__name__)

PLATFORM = "telegram"


def event_id_of(update: Update) -> str:
    return f"update:{update.update_id}"


def envelope_for(update: Update) -> Envelope:
    """The update as a delivery: who sent it, and the whole update to hand back to PTB."""
    user = update.effective_user
    chat = update.effective_chat
    message = update.effective_message
    inbound = Inbound(
        platform=PLATFORM,
        user_id=str(user.id) if user else "",
        chat_id=str(chat.id) if chat else "",
        received_at=message.date if message and message.date else datetime.now(UTC),
        event_id=event_id_of(update),
    )
    return Envelope(inbound, {"update": update.to_dict()})


class DurableQueue(asyncio.Queue[Any]):
    """PTB's update queue, storing each update durably before it is queued."""

    def __init__(self, intake: Intake) -> None:
        super().__init__()
        self.intake = intake

    async def put(self, item: Any) -> None:
        if isinstance(item, Update):
            acceptance = await asyncio.to_thread(
                self.intake.accept, envelope_for(item), queue_it=False
            )
            if acceptance is Acceptance.duplicate:
                log.info("Telegram sent update %s again: already stored", item.update_id)
                return
        await super().put(item)

    def resume(self, update: Update) -> None:
        """Queue an update that is stored already (taken up after a crash)."""
        super().put_nowait(update)


class DurableApplication(Application):  # type: ignore[type-arg]
    """PTB's Application, marking each stored update replied once it is processed."""

    intake: Intake | None = None

    async def process_update(self, update: object) -> None:
        await super().process_update(update)
        if isinstance(update, Update) and self.intake is not None:
            await asyncio.to_thread(self.intake.replied_event, PLATFORM, event_id_of(update))


class Resumer:
    """The intake's hand-back for Telegram, run on the bot's own event loop."""

    def __init__(self, application: Application, queue: DurableQueue, intake: Intake):  # type: ignore[type-arg]
        self.application = application
        self.queue = queue
        self.intake = intake
        self.loop: asyncio.AbstractEventLoop | None = None  # set once the bot's loop runs

    def __call__(self, envelope: Envelope, reply: Reply | None, row_id: int) -> None:
        """Back on PTB's queue, handled or not: PTB's own steps (a form's Save ending the
        form) run again, and the dispatcher answers a handled one with its kept reply."""
        if self.loop is None:
            return  # not started yet: the next sweep offers it again once the lease runs out
        update = Update.de_json(envelope.reply_to["update"], self.application.bot)
        self.loop.call_soon_threadsafe(self.queue.resume, update)
