"""Sending a Reply (or the scheduler's text and files) as Telegram messages.

Plain text, no parse mode: pupil notes are free text and Markdown or HTML
escaping mistakes would turn a log into a BadRequest. Text over Telegram's
4096-character limit is split at line breaks; the buttons go on the last part.
`send_parts` sends one message at a time and yields after each, so the
outbox's deliver knows what already went out when a later part fails.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from telegram import Bot, InputFile, Message
from telegram.error import BadRequest

from bot.telegram.keyboards import choices_markup
from handlers.types import Attachment, Reply

log = logging.getLogger(__name__)

MAX_MESSAGE = 4096
MAX_CAPTION = 1024


def split_text(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    parts: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        while len(line) > limit:  # a single huge line: hard cut
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:limit])
            line = line[limit:]
        if len(current) + len(line) > limit:
            parts.append(current)
            current = ""
        current += line
    if current.strip():
        parts.append(current)
    return [p.rstrip("\n") for p in parts if p.strip()]


def reply_text(reply: Reply) -> str:
    lines = [reply.text] if reply.text else []
    lines += [f"• {message}" for message in reply.field_errors.values()]
    return "\n".join(lines)


async def edit_or_send(
    bot: Bot, chat_id: int | str, text: str, markup, edit: Message | None
) -> Message | None:
    """Edit `edit` in place when given (a button press), else send a new message."""
    if edit is not None:
        try:
            result = await edit.edit_text(text, reply_markup=markup)
            return result if isinstance(result, Message) else edit
        except BadRequest as exc:
            if "not modified" in str(exc).lower():
                return edit
            raise
    return await bot.send_message(chat_id, text, reply_markup=markup)


async def send_reply(
    bot: Bot, chat_id: int | str, reply: Reply, *, edit: Message | None = None
) -> None:
    async for _ in send_parts(bot, chat_id, reply, edit=edit):
        pass


async def send_parts(
    bot: Bot, chat_id: int | str, reply: Reply, *, edit: Message | None = None
) -> AsyncIterator[Message | None]:
    """Send the reply's text parts, then its files, yielding after each message."""
    if reply.duplicate:
        return
    parts = split_text(reply_text(reply))
    markup = choices_markup(reply.choices)
    if not parts and markup is not None:
        parts = ["Choose:"]
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        yield await edit_or_send(
            bot, chat_id, part, markup if last else None, edit if index == 0 else None
        )
    for item in reply.attachments:
        yield await send_attachment(bot, chat_id, item)


async def send_attachment(bot: Bot, chat_id: int | str, item: Attachment) -> Message:
    return await bot.send_document(
        chat_id,
        document=InputFile(item.content, filename=item.filename),
        caption=(item.title or None) and item.title[:MAX_CAPTION],
    )
