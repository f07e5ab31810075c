"""Parts of the school day: "p3", "after break", "before reg", "at lunch", "home time".

Each phrase names where in the day something happened, and the school's
timetable (handlers/timetable.py) says when that part begins. The phrases
are found by `scan_school_day()`, which dates.find_mentions() runs with its
other date and time rules; a part of the day is never an exact time
(`time_precision` "part_of_day").

"break", "lunch", "play" and "reg" are ordinary words too ("movement break",
"packed lunch", "zones of reg"), so alone they only count after a word that
makes them a time ("at break", "after lunch", "during reg"); "breaktime",
"lunchtime", "registration", "form time" and "p3" count anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import time

from handlers.grammar.fastre import fast
from handlers.timetable import Timetable

_PART = r"reg(?:istration)?|school|break\s*time|break|play\s*time|play|lunch\s*time|lunch|dinner\s*time|dinner"
_PERIOD = r"p(?:eriod\s*)?[1-9]|lesson\s*[1-9]|[1-9](?:st|nd|rd|th)\s+(?:period|lesson)"
_P_SCHOOL_PART = fast(
    re.compile(
        rf"\b(?:(?P<side>before|after|b4|bfr|aft)\s+(?:the\s+)?(?P<what>{_PART}|{_PERIOD}|morning\s+break)"
        r"|(?:at|in|during|over|by|from|since|until|till|til|through|around)\s+(?:the\s+)?(?:morning\s+|afternoon\s+)?(?P<bare>reg|break|play|lunch|dinner)"
        r"|(?P<named>registration|form\s+time|tutor\s+time|(?:am|pm|morning|afternoon)\s+reg(?:istration)?"
        r"|break\s*time|play\s*time|morning\s+break|morning\s+play|lunch\s*time|lunch\s+break|dinner\s*time"
        r"|end\s+of\s+(?:the\s+)?(?:school\s+)?day|home\s*time|end\s+of\s+school"
        rf"|{_PERIOD})"
        # "zones reg 20m", "anger management lunch 20m": a bare part of the day
        # in the time slot, straight before the minutes or at the end, and not
        # the end of a compound ("movement break", "packed lunch", "zones of reg").
        r"|(?<!\bof\s)(?<!movement\s)(?<!packed\s)(?<!brain\s)(?<!sensory\s)(?<!school\s)(?<!\bfree\s)"
        r"(?<!working\s)(?<!\bcalm\s)(?<!\bthe\s)(?<!\ba\s)(?<!\bhis\s)(?<!\bher\s)"
        r"(?P<slot>reg|lunch|dinner)(?=\s+\d+\s*(?:m|mins?|minutes?|hrs?|h|hours?)\b|\s*$)"
        r"|(?<!good\s)(?<!every\s)(?<!each\s)(?<!most\s)(?<!some\s)(?P<morning>morning|morn)"
        r"|(?<!every\s)(?<!each\s)(?<!most\s)(?<!some\s)(?P<afternoon>afternoon))\b"
    )
)
# Every phrase above contains one of these words (as a token's norm), or one
# of the pairs below. Keep in step.
GATE_WORDS = frozenset(
    """reg registration break breaktime play playtime lunch lunchtime dinner dinnertime tutor
    hometime morning morn afternoon period lesson
    p1 p2 p3 p4 p5 p6 p7 p8 p9 1st 2nd 3rd 4th 5th 6th 7th 8th 9th""".split()
)
# Words that name a part of the day only with another: "home time", "form
# time", "end of (the school) day", "before/after school".
_PAIRS = (("home", "time"), ("form", "time"), ("end", "day"), ("end", "school"),
          ("school", "before"), ("school", "after"))  # fmt: skip
_PAIR_FIRSTS = frozenset(a for a, _b in _PAIRS)


def may_name_a_part(words: frozenset[str] | set[str]) -> bool:
    """Could `scan_school_day` find anything in a message with these words?"""
    if not words.isdisjoint(GATE_WORDS):
        return True
    # Most messages have no pair's first word: one set test, not six.
    return not words.isdisjoint(_PAIR_FIRSTS) and any(a in words and b in words for a, b in _PAIRS)


_DIGIT = re.compile(r"[1-9]")


def _period_number(phrase: str) -> int:
    m = _DIGIT.search(phrase)
    return int(m.group()) if m else 0


def _last_period_before(tt: Timetable, limit: time) -> time:
    """The start of the last period that begins before `limit` ("before lunch")."""
    earlier = [p for p in tt.periods if p < limit]
    return earlier[-1] if earlier else tt.morning


def _named(tt: Timetable, phrase: str) -> time | None:
    """The start of a part of the day named on its own ("lunchtime", "p3", "form time")."""
    w = " ".join(phrase.split())
    if w.startswith(("reg", "form", "tutor", "am reg", "morning reg")):
        return tt.registration
    if w.startswith(("pm reg", "afternoon reg")):
        return tt.after_lunch
    if w.startswith(("break", "play", "morning break", "morning play")):
        return tt.break_
    if w.startswith(("lunch", "dinner")):
        return tt.lunch
    if w.startswith(("end", "home")):
        return tt.end_of_day
    if w == "school":
        return None
    return tt.period(_period_number(w))


def _before(tt: Timetable, what: str) -> time | None:
    w = " ".join(what.split())
    if w.startswith(("reg", "school")):
        return tt.before_registration
    if w.startswith(("break", "play", "morning break")):
        return _last_period_before(tt, tt.break_)
    if w.startswith(("lunch", "dinner")):
        return _last_period_before(tt, tt.lunch)
    n = _period_number(w)
    return tt.period(n - 1) if n > 1 else tt.before_registration


def _after(tt: Timetable, what: str) -> time | None:
    w = " ".join(what.split())
    if w.startswith("reg"):
        return tt.morning
    if w.startswith("school"):
        return tt.end_of_day
    if w.startswith(("break", "play", "morning break")):
        return tt.after_break
    if w.startswith(("lunch", "dinner")):
        return tt.after_lunch
    n = _period_number(w)
    return tt.period(n + 1) or tt.end_of_day


def scan_school_day(folded: str, tt: Timetable) -> Iterator[tuple[re.Match[str], time]]:
    """(match, start time) for every part of the school day in `folded`."""
    for m in _P_SCHOOL_PART.finditer(folded):
        if m.group("side"):
            side, what = m.group("side"), m.group("what")
            at = _after(tt, what) if side.startswith("af") else _before(tt, what)
        elif m.group("bare") or m.group("slot"):
            at = _named(tt, m.group("bare") or m.group("slot"))
        elif m.group("named"):
            at = _named(tt, m.group("named"))
        elif m.group("morning"):
            at = tt.morning
        else:
            at = tt.after_lunch
        if at is not None:
            yield m, at


def part_of_day(word: str, tt: Timetable) -> time | None:
    """The time a part-of-day word after "this", "yesterday" or a weekday means."""
    if word in ("morning", "morn", "am"):
        return tt.morning
    if word in ("afternoon", "aft", "pm"):
        return tt.after_lunch
    if word.startswith(("lunch", "dinner")):
        return tt.lunch
    if word.startswith(("break", "play")):
        return tt.break_
    if word == "evening":
        return time(18, 0)
    if word in ("night", "tonight"):
        return time(19, 0)
    return None
