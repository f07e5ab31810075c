"""`deliver`: one private Telegram message (and files) for the scheduler's outbox sender.

Synchronous, for the sender's worker thread: it runs its own short event loop
with a bot that retries 429s and network errors with back-off like the
Application's, and raises when the message could not be delivered, so the
outbox keeps it and tries again later.
"""

from __future__ import annotations

import asyncio

from telegram.ext import ExtBot

from bot.config import Settings
from bot.telegram.app import file_url_for
from bot.telegram.replies import send_attachments, send_text
from bot.telegram.retry import RetryingRateLimiter
from handlers.types import Attachment


class TelegramNotConfigured(RuntimeError):
    pass


def deliver(settings: Settings, chat_id: str, text: str, attachments: list[Attachment]) -> None:
    """Send `text` and `attachments` to a private chat; raises on failure."""
    if not settings.telegram_enabled:
        raise TelegramNotConfigured("TELEGRAM_BOT_TOKEN is not set")
    asyncio.run(_deliver(settings, chat_id, text, attachments))


async def _deliver(settings: Settings, chat_id: str, text: str, attachments: list[Attachment]) -> None:
    bot = ExtBot(
        token=settings.telegram_bot_token.get_secret_value(),
        base_url=settings.telegram_api_url,
        base_file_url=file_url_for(settings.telegram_api_url),
        rate_limiter=RetryingRateLimiter(),
    )
    async with bot:
        await send_text(bot, chat_id, text)
        await send_attachments(bot, chat_id, attachments)
