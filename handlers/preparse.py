"""A /log read and parsed before its write transaction begins, so the transaction is short.

On SQLite one transaction writes at a time: parsing inside it (a fraction of a
millisecond, more on a busy machine) would keep every other writer, the intake's
"stored before acknowledged" among them, waiting. So the dispatcher asks
`prepare` first, with no transaction and no lock: when the message is plain text
(or `/log ...`) from a sender already in the cache (handlers.roster_cache), it is
parsed against that school's cached roster. `take` then hands the result, once,
to the /log handler inside the transaction, but only for the very same words,
time and roster (the roster version did not move meanwhile) and no answers to a
question; anything else is parsed there as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from handlers.grammar.parser import parse_message
from handlers.grammar.result import ParseOverrides, ParseResult
from handlers.grammar.roster import Roster
from handlers.registry import bare_command
from handlers.roster_cache import cached_roster, cached_school_of
from handlers.types import HandlerContext, Inbound
from handlers.wording import MAX_MESSAGE_CHARS

_PREPARED = "keyworker.prepared"  # session.info: the one Prepared for this message


@dataclass(frozen=True)
class Prepared:
    text: str
    now: datetime
    roster: Roster
    result: ParseResult


def log_words(text: str) -> str | None:
    """The words a /log would parse, if `text` is a log at all (typed or `/log ...`)."""
    text = bare_command(text) or text
    if not text.startswith("/"):
        return text
    head, _, args = text[1:].partition(" ")
    return args.strip() if head.split("@", 1)[0].lower() == "log" and args.strip() else None


def prepare(ctx: HandlerContext, inbound: Inbound, clean_text: str) -> Prepared | None:
    """Parse a likely /log outside any transaction; None when it isn't one, or the sender
    isn't cached yet (then it is parsed inside, as always)."""
    if inbound.content != "text" or inbound.form is not None or inbound.action:
        return None
    if inbound.open_form is not None or not inbound.private:
        return None
    if len(clean_text) > MAX_MESSAGE_CHARS:
        return None
    words = log_words(clean_text)
    if not words:
        return None
    school_id = cached_school_of(ctx.engine, inbound.platform, inbound.user_id)
    if school_id is None:
        return None
    roster = cached_roster(ctx.engine, school_id)
    now = inbound.received_at.astimezone(ctx.tz)
    result = parse_message(words, roster=roster, now=now, timetable=ctx.timetable)
    return Prepared(words, now, roster, result)


def keep(session: Session, prepared: Prepared | None) -> None:
    if prepared is not None:
        session.info[_PREPARED] = prepared


def take(
    session: Session, text: str, now: datetime, roster: Roster, overrides: ParseOverrides
) -> ParseResult | None:
    """The result parsed beforehand for exactly this call, once; else None."""
    prepared: Prepared | None = session.info.pop(_PREPARED, None)
    if prepared is None or overrides != ParseOverrides():
        return None
    if prepared.text != text or prepared.now != now or prepared.roster is not roster:
        return None
    return prepared.result
