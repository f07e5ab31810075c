"""The console chat: the same handlers as Slack and Telegram, in a terminal.

Reads one message a line from stdin (so it can be piped), prints each reply.
At a terminal it shows a prompt; piped, it echoes each message, so the output
reads as the chat. Only the chat is printed: log lines (migrations, calendar
warnings) go to the console's log file (`log_to_file`). Buttons are shown
numbered; typing the number presses the button of the last reply only (one
numbering at a time), and the console says which one it pressed. /quit or end
of input leaves. A file a reply carries (a `/report` pack) is saved owner-only in
the folder the console was started in (never over an existing file) and its
full path printed, since a terminal can't show an attachment.
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


def save_attachments(reply: Reply, folder: Path) -> list[str]:
    """Write each attachment to `folder` (owner-only, a free name) and say where it is."""
    from storage.private_files import OutputRefused, open_private

    lines = []
    for file in reply.attachments:
        path = _free_name(folder / Path(file.filename).name)
        try:
            with open_private(path, "wb") as out:
                out.write(file.content)
        except (OutputRefused, OSError) as why:
            lines.append(f"Could not save {file.filename}: {why}")
            continue
        lines.append(f"Saved {file.title or file.filename} to {path.resolve()}")
    return lines


def _free_name(path: Path) -> Path:
    """`path`, or `name-2.pdf`, `name-3.pdf`... when a file of that name is already there."""
    n = 2
    candidate = path
    while candidate.exists() or candidate.is_symlink():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def _numbered_in_text(reply: Reply) -> bool:
    """Question replies already list their options as '1. ...' in the text."""
    return all(f"{i}. {c.label}" in reply.text for i, c in enumerate(reply.choices, 1))


class Console:
    """One person's console conversation: `say(text)` returns what is printed back."""

    def __init__(self, ctx: HandlerContext, email: str, files: Path | None = None):
        self.ctx = ctx
        self.email = email
        self.files = files or Path.cwd()
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
        shown = "\n".join([render(reply), *save_attachments(reply, self.files)]).strip("\n")
        if pressed is not None:
            shown = f"({number + 1}: {pressed.label})\n{shown}"
        return shown


def chat(
    ctx: HandlerContext,
    email: str,
    lines: Iterable[str],
    out: TextIO | None = None,
    prompt: bool = False,
    files: Path | None = None,
) -> int:
    """Run the conversation; returns the number of messages handled. Files replies carry
    are saved in `files` (default: the current folder)."""
    out = out or sys.stdout
    console = Console(ctx, email, files)
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
