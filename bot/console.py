"""The console chat: the same handlers as Slack and Telegram, in a terminal.

Reads one message a line from stdin (so it can be piped), prints each reply.
Buttons are shown numbered; typing the number presses it. /quit or end of
input leaves.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TextIO

from handlers.service import handle
from handlers.types import Choice, HandlerContext, Inbound, Reply, picked_number

QUIT = {"/quit", "/exit", "quit", "exit"}


def render(reply: Reply) -> str:
    lines = [reply.text] if reply.text else []
    for field, message in reply.field_errors.items():
        lines.append(f"  {field}: {message}")
    if reply.choices and not _numbered_in_text(reply):
        lines.append("   ".join(f"[{i}] {c.label}" for i, c in enumerate(reply.choices, 1)))
    return "\n".join(lines)


def _numbered_in_text(reply: Reply) -> bool:
    """Question replies already list their options as '1. ...' in the text."""
    return all(f"{i}. {c.label}" in reply.text for i, c in enumerate(reply.choices, 1))


def chat(
    ctx: HandlerContext,
    email: str,
    lines: Iterable[str],
    out: TextIO | None = None,
    prompt: bool = False,
) -> int:
    """Run the conversation; returns the number of messages handled."""
    out = out or sys.stdout
    choices: list[Choice] = []
    handled = 0
    out.write(f"Keyworker console, logging as {email}. /help for examples, /quit to leave.\n")
    if prompt:
        out.write("> ")
        out.flush()
    for raw in lines:
        text = raw.rstrip("\n")
        if text.strip().lower() in QUIT:
            break
        if not text.strip():
            if prompt:
                out.write("> ")
                out.flush()
            continue
        number = picked_number(text, len(choices))
        action = choices[number].value if number is not None else None
        inbound = Inbound(
            platform="console",
            user_id=email,
            chat_id="console",
            text="" if action else text,
            action=action,
            received_at=datetime.now(UTC),
        )
        reply = handle(ctx, inbound)
        handled += 1
        choices = reply.choices
        out.write(render(reply) + "\n")
        if prompt:
            out.write("> ")
        out.flush()
    return handled
