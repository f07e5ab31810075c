"""Inline keyboards: a Reply's choices, or a form step's buttons, as Telegram markup.

A button carries its value back as callback_data, which Telegram caps at 64
bytes; our values are short ("undo:session:12", "f:pupil:3"), and anything
longer is left off rather than sent and rejected by the Bot API.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.types import Choice

log = logging.getLogger(__name__)

MAX_CALLBACK_BYTES = 64
MAX_LABEL = 60
SHORT_LABEL = 14  # labels this short sit three to a row

Row = Sequence[tuple[str, str]]


def markup(rows: Sequence[Row]) -> InlineKeyboardMarkup | None:
    """Rows of (label, callback value) -> markup, or None when there is nothing to press."""
    keyboard = []
    for row in rows:
        buttons = [
            InlineKeyboardButton(label[:MAX_LABEL], callback_data=value)
            for label, value in row
            if _fits(value)
        ]
        if buttons:
            keyboard.append(buttons)
    return InlineKeyboardMarkup(keyboard) if keyboard else None


def flow(buttons: Sequence[tuple[str, str]], per_row: int = 3) -> list[list[tuple[str, str]]]:
    """Lay buttons out in rows: several short ones a row, long ones one a row."""
    if any(len(label) > SHORT_LABEL for label, _ in buttons):
        per_row = 1 if any(len(label) > 2 * SHORT_LABEL for label, _ in buttons) else 2
    return [list(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row)]


def choices_markup(choices: Sequence[Choice]) -> InlineKeyboardMarkup | None:
    return markup(flow([(c.label, c.value) for c in choices]))


def _fits(value: str) -> bool:
    if len(value.encode()) <= MAX_CALLBACK_BYTES:
        return True
    log.warning("button value longer than Telegram's 64 bytes left off: %s...", value[:20])
    return False
