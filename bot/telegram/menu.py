"""Telegram's command menu per chat: what each person's role lets them use.

Telegram shows the most specific menu set for a chat (BotCommandScopeChat),
else the default. The default lists only /start and /help, so a stranger
never sees /concerns or anything else; a linked person's private chat gets
the commands of their role, in the one order the registry keeps, set the
first time they write after a start-up or a change of role, and removed again
when their account is no longer linked or active.
"""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from telegram.error import TelegramError

from handlers.registry import commands_in_menu_order

log = logging.getLogger(__name__)

START = BotCommand("start", "What this bot does, and linking your account")
HELP = BotCommand("help", "How to log, with examples")


def menu_for(role: str | None) -> list[BotCommand]:
    """/start, then the commands `role` may use; strangers get /start and /help only."""
    if role is None:
        return [START, HELP]
    return [START] + [
        BotCommand(spec.name, (spec.summary or spec.name)[:256])
        for spec in commands_in_menu_order(role)
    ]


async def set_default_menu(bot: Bot) -> None:
    """The menu every chat without one of its own sees: /start and /help."""
    await bot.set_my_commands(menu_for(None), scope=BotCommandScopeDefault())


class CommandMenus:
    """Remembers, per chat, which role's menu this process last set, so it is set once."""

    def __init__(self) -> None:
        self._shown: dict[int, str | None] = {}

    async def refresh(self, bot: Bot, chat_id: int, role: str | None) -> None:
        """Make the chat's menu fit `role` (None: not linked or not active)."""
        if chat_id in self._shown and self._shown[chat_id] == role:
            return
        try:
            if role is None:
                await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id))
            else:
                await bot.set_my_commands(menu_for(role), scope=BotCommandScopeChat(chat_id))
        except TelegramError as exc:  # a stale menu is no reason to fail the message
            log.warning("could not set a Telegram chat's command menu: %s", type(exc).__name__)
            return
        self._shown[chat_id] = role
