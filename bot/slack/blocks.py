"""Block Kit for messages: a `Reply` as blocks, with its choices as buttons.

Every button carries the handler's `Choice.value` untouched; the action ids
(`kw_choice_N`) only tell Bolt which listener gets the click.
"""

from __future__ import annotations

from typing import Any

from handlers.types import Reply

CHOICE_ACTION_PREFIX = "kw_choice_"
SECTION_LIMIT = 3000  # Slack's maximum for a section's text
BUTTONS_PER_ROW = 25  # Slack's maximum elements in one actions block
MAX_BLOCKS = 50  # Slack's maximum blocks in one message


def escape(text: str) -> str:
    """Slack's three control characters, so pupil notes can't become links or mentions."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(text: str, limit: int = 75) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:limit] or " ", "emoji": True}


def text_sections(text: str) -> list[dict[str, Any]]:
    """Split long text on line breaks into sections Slack accepts."""
    chunks: list[str] = []
    current = ""
    for line in escape(text).split("\n"):
        if len(line) > SECTION_LIMIT and current:
            chunks.append(current)
            current = ""
        while len(line) > SECTION_LIMIT:
            chunks.append(line[:SECTION_LIMIT])
            line = line[SECTION_LIMIT:]
        if current and len(current) + 1 + len(line) > SECTION_LIMIT:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current.strip():
        chunks.append(current)
    return [{"type": "section", "text": {"type": "mrkdwn", "text": c}} for c in chunks]


def button(label: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "text": plain(label),
        "action_id": action_id,
        "value": value[:2000],
    }
    if style in ("primary", "danger"):
        element["style"] = style
    return element


def reply_blocks(reply: Reply) -> list[dict[str, Any]]:
    blocks = text_sections(reply.text)
    buttons = [
        button(c.label, f"{CHOICE_ACTION_PREFIX}{i}", c.value, c.style)
        for i, c in enumerate(reply.choices)
    ]
    for start in range(0, len(buttons), BUTTONS_PER_ROW):
        blocks.append({"type": "actions", "elements": buttons[start : start + BUTTONS_PER_ROW]})
    return blocks[:MAX_BLOCKS]


def fallback_text(reply: Reply) -> str:
    """The notification text shown where blocks can't be (push, screen readers)."""
    return escape(reply.text)[:3000] or "Keyworker"
