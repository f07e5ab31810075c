"""The wording every job shares: how days, dates and times read, counts, short quotes, who was contacted."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo


# A trust's day writes the same few dozen dates thousands of times (a follow-up line
# each, a review reminder each); strftime is the costly part.
@lru_cache(maxsize=1024)
def short_day(day: date) -> str:
    """'Wed 18 Nov'."""
    return f"{day:%a} {day.day} {day:%b}"


@lru_cache(maxsize=1024)
def dmy(day: date) -> str:
    """'18/11/2026'."""
    return f"{day:%d/%m/%Y}"


def hhmm(at: datetime, tz: ZoneInfo) -> str:
    """'10:40', school-local."""
    return at.astimezone(tz).strftime("%H:%M")


def shorten(text: str | None, limit: int = 70) -> str:
    """The text on one line, cut with an ellipsis at `limit` characters."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plural(n: int, word: str, plural: str | None = None) -> str:
    """'1 session', '2 sessions'."""
    return f"{n} {word if n == 1 else plural or word + 's'}"


def family_member(pupil: str, contact_with: str | None) -> str:
    """ "Harry Wright's mum", or "Harry Wright's family" when nobody was named."""
    return f"{pupil}'s {contact_with}" if contact_with else f"{pupil}'s family"
