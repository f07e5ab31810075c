"""`deliver`: one private Telegram message (and files) for the scheduler's outbox sender.

Synchronous, for the sender's worker thread: it runs its own short event loop
with a bot that retries 429s and network errors with back-off like the
Application's, and raises when the message could not be delivered, so the
outbox keeps it and tries again later. Two failures raise
bot.delivery.PermanentDeliveryError instead, because a retry would not help:
Telegram refusing the message (BadRequest, Forbidden: blocked, no such chat;
a refused token), and a later part failing after earlier parts went out (a
retry would send those again).

The message goes out through the same `send_reply` a handler's reply uses, so
its choices become an inline keyboard (bot.telegram.keyboards) on the last
part of a long text, and a press comes back as a callback query whose data is
the handler's action value, which the running bot's button handler passes to
handlers.service like any other press.
"""

from __future__ import annotations

import asyncio

from telegram.error import BadRequest, Forbidden, InvalidToken, TelegramError
from telegram.ext import ExtBot

from bot.config import Settings
from bot.delivery import PermanentDeliveryError
from bot.telegram.app import file_url_for
from bot.telegram.replies import send_parts
from bot.telegram.retry import RetryingRateLimiter
from handlers.types import Attachment, Choice, Reply


class TelegramNotConfigured(RuntimeError):
    pass


def deliver(
    settings: Settings,
    chat_id: str,
    text: str,
    attachments: list[Attachment],
    *,
    choices: list[Choice] | None = None,
) -> None:
    """Send `text` (with `choices` as buttons) and `attachments` to a private chat; raises on failure."""
    if not settings.telegram_enabled:
        raise TelegramNotConfigured("TELEGRAM_BOT_TOKEN is not set")
    reply = Reply(text=text, choices=list(choices or []), attachments=list(attachments))
    asyncio.run(_deliver(settings, chat_id, reply))


async def _deliver(settings: Settings, chat_id: str, reply: Reply) -> None:
    bot = ExtBot(
        token=settings.telegram_bot_token.get_secret_value(),
        base_url=settings.telegram_api_url,
        base_file_url=file_url_for(settings.telegram_api_url),
        rate_limiter=RetryingRateLimiter(),
    )
    sent = 0
    try:
        async with bot:
            async for _ in send_parts(bot, chat_id, reply):
                sent += 1
    except (BadRequest, Forbidden, InvalidToken) as exc:
        raise PermanentDeliveryError(
            f"Telegram refused the message: {type(exc).__name__}", partly_sent=sent > 0
        ) from exc
    except TelegramError as exc:
        if not sent:
            raise  # nothing went out: the outbox may simply try again
        raise PermanentDeliveryError(
            f"{sent} part(s) were delivered, then {type(exc).__name__}", partly_sent=True
        ) from exc
