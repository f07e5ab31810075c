"""The console chat: the same handlers as Slack and Telegram, in a terminal.

Reads one message a line from stdin (so it can be piped), prints each reply.
Buttons are shown numbered; typing the number presses it. /quit or end of
input leaves. A file a reply carries (a `/report` pack) is saved owner-only in
the folder the console was started in (never over an existing file) and its
full path printed, since a terminal can't show an attachment.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
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
    folder = files or Path.cwd()
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
        for line in save_attachments(reply, folder):
            out.write(line + "\n")
        if prompt:
            out.write("> ")
        out.flush()
    return handled
