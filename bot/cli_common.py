"""What every `keyworker` sub-command shares: failing with a clear message, reading a day."""

from __future__ import annotations

from datetime import datetime, time
from typing import NoReturn
from zoneinfo import ZoneInfo

import typer


def fail(message: str, code: int = 1) -> NoReturn:
    """Print to stderr and exit: 1 for a refusal, 2 for a mistyped option."""
    typer.echo(message, err=True)
    raise typer.Exit(code)


def start_of_day(text: str | None, tz: ZoneInfo, option: str = "--since") -> datetime | None:
    """Midnight, school time, at the start of a YYYY-MM-DD day; None when not given."""
    if not text:
        return None
    try:
        return datetime.combine(datetime.strptime(text, "%Y-%m-%d").date(), time.min, tzinfo=tz)
    except ValueError:
        fail(f"{option} must look like 2026-11-01", 2)
