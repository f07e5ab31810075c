"""The console chat: the same handlers as Slack and Telegram, in a terminal.

Reads one message a line from stdin (so it can be piped), prints each reply.
At a terminal it shows a prompt; piped, it echoes each message, so the output
reads as the chat. Only the chat is printed: log lines (migrations, calendar
warnings) go to the console's log file (`log_to_file`). Buttons are shown
numbered; typing the number presses the button of the last reply only (one
numbering at a time), and the console says which one it pressed. /quit or end
of input leaves.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from handlers.service import clean_text, handle
from handlers.types import Choice, HandlerContext, Inbound, Reply, picked_number

QUIT = {"/quit", "/exit", "quit", "exit"}
LOG_FILE = "keyworker-console.log"


def log_to_file(data_dir: str, level: str = "INFO") -> Path:
    """Send log records (LOG_LEVEL and up) to DATA_DIR/keyworker-console.log, not the chat."""
    path = Path(data_dir) / LOG_FILE
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.set_name(LOG_FILE)
    root = logging.getLogger()
    for old in list(root.handlers):
        # Handlers printing to the terminal (and one of ours from before) would write
        # into the chat; anything else (a test's capture) is left alone.
        terminal = type(old) is logging.StreamHandler and old.stream in (sys.stderr, sys.stdout)
        if terminal or old.get_name() == LOG_FILE:
            root.removeHandler(old)
            old.close()
    root.addHandler(handler)
    root.setLevel(level.upper())
    # Alembic's own logger prints to stderr unless told otherwise.
    for name in ("alembic", "alembic.runtime.migration"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    return path


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


class Console:
    """One person's console conversation: `say(text)` returns what is printed back."""

    def __init__(self, ctx: HandlerContext, email: str):
        self.ctx = ctx
        self.email = email
        self.choices: list[Choice] = []

    def say(self, text: str) -> str:
        number = picked_number(text, len(self.choices))
        pressed = self.choices[number] if number is not None else None
        inbound = Inbound(
            platform="console",
            user_id=self.email,
            chat_id="console",
            text="" if pressed else text,
            action=pressed.value if pressed else None,
            received_at=self.ctx.now().astimezone(UTC) if self.ctx.clock else datetime.now(UTC),
        )
        reply = handle(self.ctx, inbound)
        # Only this reply's buttons may be pressed by number next: never an older list.
        self.choices = reply.choices
        shown = render(reply)
        if pressed is not None:
            shown = f"({number + 1}: {pressed.label})\n{shown}"
        return shown


def chat(
    ctx: HandlerContext,
    email: str,
    lines: Iterable[str],
    out: TextIO | None = None,
    prompt: bool = False,
) -> int:
    """Run the conversation; returns the number of messages handled."""
    out = out or sys.stdout
    console = Console(ctx, email)
    handled = 0
    out.write(f"Keyworker console, logging as {email}. /help for examples, /quit to leave.\n")
    if prompt:
        out.write("> ")
        out.flush()
    for raw in lines:
        text = raw.rstrip("\r\n")
        if text.strip().lower() in QUIT:
            break
        if not prompt:
            out.write(
                f"> {clean_text(text)}\n"
            )  # piped: show the message, so the output reads as a chat
        out.write(console.say(text) + "\n")
        handled += 1
        if prompt:
            out.write("> ")
        out.flush()
    return handled
