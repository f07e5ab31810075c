"""One typed answer read with the grammar's own rules: a time, some minutes, a follow-up day.

A form asks one thing at a time (Telegram's guided form, the console, a card's
text box). What the person types there is read exactly as the same words in a
/log message would be: "2:15" is 14:15, "20/6 10:00" typed on 9 June is in the
future and refused, "half an hour" is 30 minutes, "fri" in a follow-up is next
Friday. Nothing here has rules of its own; it asks the grammar's modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from handlers.grammar.dates import find_mentions
from handlers.grammar.durations import MAX_MINUTES, find_duration
from handlers.grammar.normalise import Message, clean
from handlers.grammar.parser import choose_when
from handlers.grammar.result import ParseResult
from handlers.timetable import PRIMARY, Timetable

T = TypeVar("T")

NOT_A_TIME = "I couldn't read a time in that. Try 10:40, yesterday 14:15 or 3/11 9:30."
NOT_MINUTES = "I couldn't read minutes in that. Try 25, 25 mins or half an hour."
NOT_A_DAY = "I couldn't read a day in that. Try Friday, tomorrow, next week or 20/11."
PAST_DAY = "That day has passed: a follow-up is for a day still to come."


@dataclass(frozen=True)
class Reading(Generic[T]):
    """What was read, or why nothing could be (worded for the person)."""

    value: T | None = None
    problem: str | None = None


def read_when(text: str, now: datetime, timetable: Timetable = PRIMARY) -> Reading[datetime]:
    """When something happened: a clock time, a day, a part of the school day, or 'now'."""
    cleaned = clean(text)
    if cleaned.casefold() in ("now", "just now", "right now"):
        return Reading(now)
    msg = Message(cleaned)
    mentions = find_mentions(msg, now, timetable)
    if not mentions:
        return Reading(problem=NOT_A_TIME)
    res = ParseResult(text=cleaned)
    choose_when(res, msg, mentions, set(), now, None)
    if res.problems:
        return Reading(problem=res.problems[0])
    return Reading(res.occurred_at)


def read_minutes(text: str) -> Reading[int]:
    """How long: '25', '25 mins', '1h15', 'half an hour'."""
    cleaned = clean(text)
    if cleaned.isascii() and cleaned.isdigit():
        minutes = int(cleaned)
    else:
        found = find_duration(Message(cleaned))
        if found is None:
            return Reading(problem=NOT_MINUTES)
        minutes = found.minutes
    if not 1 <= minutes <= MAX_MINUTES:
        return Reading(problem=f"Minutes from 1 to {MAX_MINUTES}, please.")
    return Reading(minutes)


def read_follow_up_day(text: str, now: datetime) -> Reading[date]:
    """A day still to come: 'fri' is next Friday, 'tmrw' tomorrow, '20/11' that day."""
    msg = Message(clean(text))
    for mention in find_mentions(msg, now, PRIMARY):
        day = mention.future or mention.past
        if day is None:
            continue
        if day < now.date():
            return Reading(problem=PAST_DAY)
        return Reading(day)
    return Reading(problem=NOT_A_DAY)
