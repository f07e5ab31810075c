"""Dates and times in British usage: the rules that find them in a message.

`find_mentions()` scans a message for date and time phrases with our own
regexes (fast, and strict about what counts: "may", "to", "we", a bare "5"
or "wk4" are not dates) and returns `Mention`s that know both readings:

* `past`  - the day it most recently was (when something happened), and
* `future` - the day it next is (for "follow up Friday").

The day counting is in daymath.py, the parts of the school day ("p3",
"after break") in dayparts.py, and the dateparser fallback for misspelt
months in dateparser_fallback.py. Conventions:

* A clock time without am/pm between 1:00 and 6:59 is afternoon (school
  hours: "2:15" is 14:15); "at 2" likewise. A range's start is the time.
* "Wed 11 Nov": the weekday is a check on the date, one phrase.
* Parts of the day ("this morning", "after lunch") give the timetable's time
  (`time_precision` "part_of_day"); a day, a part or a clock time each make
  `time_given` True: the message said when.
* A date in a clause that says what will happen ("will ring back mon",
  "going to try again tmrw") is `intent`: a follow-up, never the record's
  date; one after an event word ("appt Thurs") is `content`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from handlers.grammar.dateparser_fallback import MONTHS, loose_day_month
from handlers.grammar.daymath import (
    next_monday,
    resolve_day_month,
    resolve_ordinal,
    resolve_weekday,
    safe_date,
)
from handlers.grammar.dayparts import GATE_WORDS as _DAYPART_WORDS
from handlers.grammar.dayparts import may_name_a_part, part_of_day, scan_school_day
from handlers.grammar.fastre import fast
from handlers.grammar.normalise import Message, WordTest
from handlers.timetable import PRIMARY, Timetable

WEEKDAYS = {
    "monday": 0, "mon": 0, "mondays": 0,
    "tuesday": 1, "tues": 1, "tue": 1, "tu": 1, "tuesdays": 1,
    "wednesday": 2, "weds": 2, "wed": 2, "wednesdays": 2, "wednes": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "th": 3, "thursdays": 3, "thurss": 3,
    "friday": 4, "fri": 4, "fridays": 4,
    "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
# Abbreviations that are also words ("sat with him", "the sun"): dates only
# after on/last/this/next or when typed with a capital letter mid-message.
_AMBIGUOUS_WD = {"tu", "th", "sat", "sun"}
NOON = time(12, 0)

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "couple of": 2, "a few": 3, "few": 3,
}  # fmt: skip

# Words just before a date that make it part of *what* was said ("paed appt
# Thurs", "trip on Friday", "he'll be off Monday"), not *when* it happened.
EVENT_WORDS = frozenset(
    """appt appointment appointments meeting review trip visit hospital doctor doctors gp dentist
    party club assembly show match birthday holiday holidays operation op scan clinic hearing court
    exam exams test tests play concert performance starts start starting due until till til by
    since returns returning return booked planned plans arranged sports swimming coming""".split()
)
_LINK_WORDS = frozenset({"is", "was", "on", "for", "at", "this", "next", "be", "now"})
# Words that put the rest of a clause in the future: what someone will do.
_INTENT = re.compile(
    r"(?:\bwill|'ll|\bshall|\bgoing\s+to|\bgonna|\bplan(?:ning)?\s+to|\bneed(?:s)?\s+to|\bto\s+be|"
    r"\bagain|\btbc|\bnext\s+time)\s+(\w+)?"
)
# Someone else's plan ("she'll come in monday", "mum will bring it"), not ours.
_OTHERS_WILL = re.compile(
    r"\b(?:she|he|they|it|mum|dad|nan|gran|parents?|carers?|@+)(?:'s|'re)?\s*(?:is\s+|are\s+)?$"
)
# A wish is what was said, never when the record happened ("wants to come back next week").
_WISH = re.compile(
    r"\b(?:wants?|wanted|wanting|wanna|would\s+like|'d\s+like|hop(?:es|ed|ing)|can'?t\s+wait|"
    r"looking\s+forward|excited)\s+(?:to|for)\b"
    r"|\b(?:i|we|staff)\s+(?:really\s+)?hope\b|\bhopefully\b"  # "i hope storm gets more next week"
    # "..., hope she remembers it next wk" (not Hope's story: "hope she said")
    r"|\bhope\s+(?:she|he|they|we|you)\b(?!\s+(?:was|were|had|did|said|told|asked|went|got))"
    # "off w/ chickenpox, back monday": when the child returns, not when it happened
    r"|(?<!came\s)(?<!was\s)(?<!were\s)(?<!got\s)(?<!went\s)(?<!been\s)\bback\s+(?:in\s+|at\s+school\s+|"
    r"to\s+school\s+)?(?:on\s+)?$"
)
_INTENT_WORDS = frozenset({"will", "ll", "shall", "going", "gonna", "plan", "planning", "need",
                           "needs", "be", "again", "tbc", "next",
                           # the words of a wish (_WISH)
                           "wants", "want", "wanted", "wanting", "wanna", "like", "hopes", "hoped",
                           "hoping", "wait", "forward", "excited", "hope", "hopefully", "back"})  # fmt: skip
_STATE_VERBS = frozenset({"be", "have", "not"})

_WD_RE = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUM_RE = r"\d{1,2}|a couple of|couple of|a few|few|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_AMPM = r"(a\.?m\.?|p\.?m\.?)(?![a-z])"
_NB = r"(?<![\d/:.£$€,])"  # not part of a bigger number, money or date
_PARTS = (
    r"morning|morn|afternoon|aft|evening|night|lunchtime|lunch|break\s*time|break|playtime|am|pm"
)

_P_AGO = fast(
    re.compile(
        rf"\b(?:about\s+|around\s+|roughly\s+)?({_NUM_RE})\s+(mins?|minutes?|hrs?|hours?|days?|weeks?|fortnights?)\s+ago\b"
    )
)
_P_RANGE = fast(
    re.compile(
        rf"{_NB}(?:(?:from|at|@|between)\s*)?(\d{{1,2}})(?:[:.](\d{{2}}))?\s*(?:{_AMPM})?\s*(?:-|to|until|till|til|and)\s*"
        rf"(\d{{1,2}})(?:[:.](\d{{2}}))?\s*(?:{_AMPM})?(?![\d/:])"
    )
)
_P_CLOCK = fast(
    re.compile(rf"{_NB}(?:(?:at|@|from)\s*)?(\d{{1,2}})[:.](\d{{2}})(?:\s*{_AMPM})?(?![\d:/]|\.\d)")
)
_P_AMPM = fast(re.compile(rf"{_NB}(?:(?:at|@|from)\s*)?(\d{{1,2}})\s*{_AMPM}"))
_P_OCLOCK = fast(re.compile(rf"{_NB}(?:(?:at|@)\s*)?(\d{{1,2}})\s*o'?clock\b"))
_P_HALF = fast(
    re.compile(
        r"\b(?:at\s+)?(?:(half|quarter)\s+(past|to)\s+|(half)\s+)(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b(?!\s*(?:mins?|minutes?|hours?|hrs?|an?\b|[:./]))"
    )
)
_P_NOON = fast(re.compile(r"\b(?:at\s+)?(noon|midday)\b"))
_P_AT = fast(
    re.compile(
        r"(?:\bat|@)\s*(\d{1,2})\b(?!\s*(?:mins?\b|minutes?|m\b|h\b|hrs?\b|hours?|%|/|:|\.\d|st\b|nd\b|rd\b|th\b|years?|yrs?|pages?|points?|times?|x\b|out\b|of\b))"
    )
)
# "today" as _P_RELATIVE reads it alone: it says no more than now does.
TODAY_WORDS = frozenset({"today", "2day", "tday"})
_P_RELATIVE = fast(
    re.compile(
        r"\b(?:(?:earlier\s+)?(today|tonight|2day|tday)|(?:the\s+)?(day\s+before\s+yesterday)|(yesterday|yday|yest|ystrdy|ystday|yestday|yesterdy|ysterday|yestrday|tomorrow|tmrw|tmw|tomoz|2moro|2morrow|tmro)"
        rf"(?:\s+(?:in\s+the\s+)?({_PARTS}))?|(this)\s+({_PARTS})|(last\s+night)"
        r"|(last|this|next)\s+(?:week|wk))\b"
    )
)
_P_WEEKDAY = fast(
    re.compile(
        rf"\b(?:on\s+)?(?:(last|this|next|past|previous)\s+)?({_WD_RE})\.?(?:\s+(?:in\s+the\s+)?({_PARTS})\b)?(?![a-z'])"
    )
)
_P_NUMERIC = fast(
    re.compile(rf"{_NB}(?:on\s+)?(\d{{1,2}})/(\d{{1,2}})(?:/(\d{{4}}|\d{{2}}))?(?![\d/])")
)
_SCORE_BEFORE = re.compile(
    r"\b(?:got|gets|scored|scores?|scoring|spelt|spelled|read|answered|managed|out\s+of|level)\s*$"
)
_SCORE_AFTER = re.compile(
    r"\s*(?:right|correct|wrong|words|sounds|spellings|questions|sums|marks|points|on|in\s+(?:the|his|her|their))\b"
)
_P_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_P_DAY_MONTH = fast(
    re.compile(
        rf"\b(?:on\s+)?(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\b\.?(?:,?\s+(\d{{4}}|'\d{{2}}))?"
    )
)
_P_MONTH_DAY = fast(
    re.compile(
        rf"\b(?:on\s+)?({_MONTH_RE})\.?\s+(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?(?![:.]\d)"
    )
)
_P_MONTH_ORDINAL = fast(
    re.compile(
        rf"\b(?:on\s+)?({_MONTH_RE})\.?\s+(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)\b(?:,?\s+(\d{{4}}))?"
    )
)
_P_ORDINAL = fast(
    re.compile(
        r"\b(?:(?:on\s+)?the\s+|on\s+)?(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:time|times|attempt|attempts|go|try|minute|day|week|session|sessions|lesson|period|place|in|out|birthday|year|grade|floor|row|one|ones|appt|appointment|incident|person|child|pupil|of\s+(?:the|a|his|her|their)\b))"
    )
)
# Month-like words our table does not know ("Febuary", "Septmber").
_P_LOOSE_MONTH = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?((?:jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)[a-z]{1,8})\b(?:\s+(\d{4}))?"
)

# Gates: the words each family of patterns needs (see find_mentions).
_WEEKDAY_SET = frozenset(WEEKDAYS)
_MONTH_SET = frozenset(MONTHS)
_RELATIVE_WORDS = frozenset(
    """today tonight 2day tday yesterday yday yest ystrdy ystday yestday yesterdy ysterday yestrday
    tomorrow tmrw tmw tomoz 2moro 2morrow tmro week wk morning
    morn afternoon aft evening lunchtime lunch break breaktime playtime night day""".split()
)
_RANGE_WORDS = frozenset({"to", "until", "till", "til", "and", "between"})
_LOOSE_GATE = fast(re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{2,}"))
# Before that regex pass, a test it needs: a _LOOSE_GATE match begins a
# word, or a piece of one after an apostrophe (both in `Message.words`), with
# a month's first three letters and two more letters.
_MONTH3 = frozenset("jan feb mar apr may jun jul aug sep oct nov dec".split())
_MONTHISH = WordTest(lambda w: w[:3] in _MONTH3 and w[3:5].isalpha() and len(w) >= 5)
_CLAUSE_BREAK = re.compile(r"[,.;:!?(]|\s-\s|\bthen\b|\bbut\b")
_CLAUSE_CHARS = frozenset(",.;:!?(")
_GATE_WORDS = (
    _WEEKDAY_SET
    | _RELATIVE_WORDS
    | _DAYPART_WORDS
    | {"ago", "half", "quarter", "noon", "midday", "home", "form", "end", "school"}
)
_NOON_WORDS = frozenset({"noon", "midday"})

# The digit-pattern gates: a ':' or '.' between digits for a clock,
# 'am'/'pm' after a digit, an ordinal suffix. Each is its own search (a
# skip to the next digit in C), which costs less than one pass collecting
# match objects.
_CLOCK_GATE = re.compile(r"\d[:.]\d")
_AMPM_GATE = re.compile(r"\d\s*[ap]\.?m")
_ORDINAL_GATE = re.compile(r"\d(?:st|nd|rd|th)\b")


@dataclass(slots=True, eq=False)  # compared and hashed by identity
class Mention:
    """A date and/or time phrase found in the message."""

    start: int
    end: int
    text: str
    past: date | None = None  # the day, read as "already happened"
    future: date | None = None  # the day, read as "still to come"
    clock: time | None = None  # an exact clock time
    end_clock: time | None = None  # end of a range like 9:30-9:45
    part: time | None = None  # the timetable's time for a part of the day
    moment: datetime | None = None  # "an hour ago": an exact instant
    forward: bool = False  # the words say future ("tomorrow", "next week")
    problem: str | None = None  # could not be a real date ("31/2")
    content: bool = False  # part of what was said, not when it happened
    intent: bool = False  # in a clause about what will be done ("will ring mon")
    weekday: bool = False  # a weekday name alone ("Wed"), a check on a date after it

    @property
    def has_date(self) -> bool:
        return self.past is not None or self.problem is not None

    @property
    def has_time(self) -> bool:
        return self.clock is not None or self.part is not None


# -- helpers ---------------------------------------------------------------------
def _hour(h: int, ampm: str | None) -> int | None:
    if ampm:
        if not 1 <= h <= 12:
            return None
        pm = ampm.startswith("p")
        return (h % 12) + (12 if pm else 0)
    if h > 23:
        return None
    # School hours: nobody logs a 2:15 am session.
    return h + 12 if 1 <= h <= 6 else h


def _mk_time(h: int, m: int, ampm: str | None) -> time | None:
    hh = _hour(h, ampm)
    if hh is None or not 0 <= m <= 59:
        return None
    return time(hh, m)


def _num(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word, 1)


def _no_such_day(m: re.Match[str]) -> str:
    return f"I couldn't read the date '{m.group().strip()}' — there's no such day."


class _Scan:
    """One message's scan: the found mentions and the characters they took."""

    __slots__ = ("msg", "f", "now", "today", "tt", "found", "taken", "n0")

    def __init__(self, msg: Message, now: datetime, tt: Timetable) -> None:
        self.msg = msg
        self.f = msg.folded
        self.now = now
        self.today = now.date()
        self.tt = tt
        self.found: list[Mention] = []
        self.taken = bytearray(len(self.f))
        self.n0 = msg.digits_from  # number-led patterns (one lead word at most) scan from here

    def free(self, a: int, b: int) -> bool:
        return self.taken.find(1, a, b) < 0 and self.msg.is_free(a, b)

    def add(self, m: re.Match[str], **fields: object) -> Mention:
        a, b = m.span()
        f = self.f
        # Keep a leading preposition inside the span but never trailing spaces.
        while b > a and f[b - 1] == " ":
            b -= 1
        men = Mention(a, b, self.msg.text[a:b], **fields)  # type: ignore[arg-type]
        self.taken[a:b] = b"\x01" * (b - a)
        self.found.append(men)
        return men

    def each(self, pattern: re.Pattern[str], pos: int = 0) -> list[re.Match[str]]:
        """The matches of `pattern` not overlapping anything found or claimed."""
        return [m for m in pattern.finditer(self.f, pos) if self.free(*m.span())]

    def day(self, m: re.Match[str], past: date | None, future: date | None, **kw: object) -> None:
        self.add(m, past=past, future=future, problem=None if past else _no_such_day(m), **kw)


# -- the families of rules ------------------------------------------------------------
def _scan_ago(s: _Scan) -> None:
    """'2 days ago', 'an hour ago'."""
    for m in s.each(_P_AGO):
        n = _num(m.group(1))
        unit = m.group(2)
        if unit.startswith(("min", "h")):
            naive_now = s.now.replace(tzinfo=None)
            moment = naive_now - (
                timedelta(minutes=n) if unit.startswith("min") else timedelta(hours=n)
            )
            clock = moment.time().replace(second=0, microsecond=0)
            s.add(m, past=moment.date(), future=moment.date(), clock=clock, moment=moment)
        else:
            per = 14 if unit.startswith("fortnight") else 7 if unit.startswith("week") else 1
            day = s.today - timedelta(days=n * per)
            s.add(m, past=day, future=day)


def _scan_clock_times(s: _Scan, f_range: bool, f_clock: bool, f_ampm: bool, f_oclock: bool) -> None:
    """Ranges first, so "9:30-9:45" is one phrase; then 9:05, 9.15am, 2pm, 3 o'clock."""
    if f_range:
        for m in s.each(_P_RANGE, s.n0):
            h1, m1, ap1, h2, m2, ap2 = m.groups()
            if not (m1 or m2 or ap1 or ap2):
                continue  # "3-6" is not a time range
            if ap2 and not ap1 and int(h1) <= int(h2) <= 12:
                ap1 = ap2
            t1 = _mk_time(int(h1), int(m1 or 0), ap1)
            t2 = _mk_time(int(h2), int(m2 or 0), ap2 or ap1)
            if t1 is not None and t2 is not None and t2 > t1:
                s.add(m, clock=t1, end_clock=t2)
            elif t1 is not None and t2 is not None and (m1 or m2):
                # "3.15-3", "10.10-10", "2.30-2.10": ends before it starts; asked, never
                # guessed.
                s.add(m, clock=t1, end_clock=t2, problem=BACKWARDS_RANGE)
    if f_clock:
        for m in s.each(_P_CLOCK, s.n0):
            t = _mk_time(int(m.group(1)), int(m.group(2)), m.group(3))
            if t is not None:
                s.add(m, clock=t)
    for pattern, on in ((_P_AMPM, f_ampm), (_P_OCLOCK, f_oclock)):
        if on:
            for m in s.each(pattern, s.n0):
                t = _mk_time(int(m.group(1)), 0, m.group(2) if pattern is _P_AMPM else None)
                if t is not None:
                    s.add(m, clock=t)


def _scan_spoken_times(s: _Scan, f_half: bool, f_noon: bool) -> None:
    """'half 10', 'quarter past 11', 'noon'."""
    if f_half:
        for m in s.each(_P_HALF):
            which, direction, half_alone, hour = m.groups()
            h = _num(hour)
            if half_alone:
                mins = 30
            elif direction == "past":
                mins = 30 if which == "half" else 15
            else:
                h, mins = h - 1, 45
            t = _mk_time(h, mins, None) if 0 <= h <= 23 else None
            if t is not None:
                s.add(m, clock=t)
    if f_noon:
        for m in s.each(_P_NOON):
            s.add(m, clock=NOON)


def _scan_numeric_dates(s: _Scan, f_iso: bool, f_numeric: bool) -> None:
    """2026-06-01, 3/6, 03/06/2026 (day first); '8/10 right' is a score."""
    if f_iso:
        for m in s.each(_P_ISO):
            day = safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            s.add(
                m,
                past=day,
                future=day,
                problem=None if day else f"I couldn't read the date '{m.group()}'.",
            )
    if f_numeric:
        f = s.f
        for m in s.each(_P_NUMERIC, s.n0):
            d, mo, y = int(m.group(1)), int(m.group(2)), m.group(3)
            if not (1 <= d <= 31 and 1 <= mo <= 12):
                continue  # 35/10 is not a date
            if not y and (_SCORE_BEFORE.search(f, 0, m.start()) or _SCORE_AFTER.match(f, m.end())):
                continue  # "got 8/10 right" is a score
            s.day(m, *resolve_day_month(s.today, d, mo, int(y) if y else None))


def _scan_month_dates(s: _Scan, f_month: bool, f_ordinal: bool, f_loose: bool) -> None:
    """'17 Nov', 'June 2nd', '5th of May', and misspelt months ('3 Febuary')."""
    # "June 2nd" before "15 June" so "zones 15 June 2nd" is the 2nd of June.
    for pattern, month_first, on in (
        (_P_MONTH_ORDINAL, True, f_month and f_ordinal),
        (_P_DAY_MONTH, False, f_month),
        (_P_MONTH_DAY, True, f_month),
    ):
        if not on:
            continue
        for m in s.each(pattern):
            mon_word = m.group(1) if month_first else m.group(2)
            mon_at = m.start(1) if month_first else m.start(2)
            if (
                mon_word in ("may", "march", "mar")
                and not s.msg.text[mon_at : mon_at + 1].isupper()
            ):
                continue  # "may" and "march" are verbs unless written May/March
            d = int(m.group(2) if month_first else m.group(1))
            y = m.group(3)
            year = int(y.lstrip("'")) if y else None
            s.day(m, *resolve_day_month(s.today, d, MONTHS[mon_word], year))
    if f_loose:
        for m in s.each(_P_LOOSE_MONTH):
            if m.group(2) in MONTHS:
                continue  # a real month name that was rejected above stays rejected
            dm = loose_day_month(m.group(0), int(m.group(1)), m.group(2))
            if dm:
                y = m.group(3)
                past, future = resolve_day_month(s.today, dm[0], dm[1], int(y) if y else None)
                s.add(m, past=past, future=future)


def _scan_ordinals(s: _Scan) -> None:
    """'on the 12th'."""
    for m in s.each(_P_ORDINAL):
        d = int(m.group(1))
        if 1 <= d <= 31:
            past, future = resolve_ordinal(s.today, d)
            s.add(m, past=past, future=future)


def _scan_relative(s: _Scan) -> None:
    """today, yesterday (afternoon), the day before yesterday, this morning, next week."""
    today, tt = s.today, s.tt
    for m in s.each(_P_RELATIVE):
        today_w, dby, rel, rel_part, this_w, this_part, last_night, week_mod = m.groups()
        if today_w:
            part = part_of_day("tonight", tt) if today_w == "tonight" else None
            s.add(m, past=today, future=today, part=part)
        elif dby:
            day = today - timedelta(days=2)
            s.add(m, past=day, future=day)
        elif rel:
            part = part_of_day(rel_part.replace(" ", ""), tt) if rel_part else None
            if rel.startswith("y"):
                day = today - timedelta(days=1)
                s.add(m, past=day, future=day, part=part)
            else:
                day = today + timedelta(days=1)
                s.add(m, past=day, future=day, part=part, forward=True)
        elif this_w:
            s.add(m, past=today, future=today, part=part_of_day(this_part.replace(" ", ""), tt))
        elif last_night:
            day = today - timedelta(days=1)
            s.add(m, past=day, future=day, part=part_of_day("night", tt))
        elif week_mod == "last":
            day = today - timedelta(days=7)
            s.add(m, past=day, future=day)
        elif week_mod == "next":
            day = next_monday(today)
            s.add(m, past=day, future=day, forward=True)
        else:
            s.add(m, past=today, future=today)


def _ambiguous_ok(msg: Message, start: int, word: str, mod: str | None, on: bool) -> bool:
    if word not in _AMBIGUOUS_WD or mod or on:
        return True
    tok = msg.token_at(start)
    return bool(tok and tok.cap and tok.i > 0)


def _scan_weekdays(s: _Scan) -> None:
    """Mon, tues, on Weds, last Thursday, next Fri, Friday afternoon."""
    for m in s.each(_P_WEEKDAY):
        mod, word, part_w = m.group(1), m.group(2), m.group(3)
        on = m.group(0).startswith("on ")
        if not _ambiguous_ok(s.msg, m.start(2), word, mod, on):
            continue
        past, future = resolve_weekday(s.today, WEEKDAYS[word], mod)
        part = part_of_day(part_w.replace(" ", ""), s.tt) if part_w else None
        if mod == "next":
            s.add(m, past=future, future=future, part=part, forward=True)
        else:
            s.add(m, past=past, future=future, part=part, weekday=not part_w and not mod)


def _scan_school_day(s: _Scan) -> None:
    """p3, after break, before reg, at lunch, form time, home time (dayparts.py)."""
    for m, at in scan_school_day(s.f, s.tt):
        if s.free(*m.span()):
            s.add(m, part=at)


def _scan_at_hour(s: _Scan) -> None:
    """Last: "at 2" (an hour with nothing else) once everything else is taken."""
    for m in s.each(_P_AT, s.n0):
        t = _mk_time(int(m.group(1)), 0, None)
        if t is not None and 7 <= t.hour <= 18:
            s.add(m, clock=t)


# -- context ----------------------------------------------------------------------------
def _context_is_content(msg: Message, start: int) -> bool:
    """Is the date at `start` attached to an event ('appt Thurs', "trip on
    Friday")? Looks back two words within the same clause."""
    k = bisect_right(msg.ends, start)  # msg.tokens[:k] end at or before `start`
    if not k:
        return False
    toks = msg.tokens
    last = toks[k - 1]
    # Usually one space apart: no regex pass for that.
    gap = start - last.end
    if gap == 1:
        if msg.text[last.end] in _CLAUSE_CHARS:
            return False
    elif gap > 1 and _CLAUSE_BREAK.search(msg.folded, last.end, start):
        return False
    # The word before, or the one before a small word ("appt is Thurs").
    if last.norm in EVENT_WORDS:
        return True
    return k > 1 and last.norm in _LINK_WORDS and toks[k - 2].norm in EVENT_WORDS


def _clause_start(msg: Message, start: int) -> int:
    """Where the clause holding position `start` begins."""
    f = msg.folded
    begin = 0
    for m in _CLAUSE_BREAK.finditer(f, 0, start):
        begin = m.end()
    return begin


def _future_clause(msg: Message, start: int, names_known: bool = False) -> str | None:
    """What the clause before `start` says about the future: "intent" when it
    is what will be done ("will ring back", "going to try again": a
    follow-up), "content" when it is what will be ("he'll be off Monday":
    what was said), else None. With `names_known`, a word a pupil's name or a
    provision has claimed is not a future word ("will rwi 2-2.20" is Will)."""
    f = msg.folded
    said = None
    begin = _clause_start(msg, start)
    wish = _WISH.search(f, begin, start)
    for m in _INTENT.finditer(f, begin, start):
        if names_known and _owned_by_name(msg, m.start()):
            continue
        if wish is not None and wish.start() < m.start():
            said = "content"  # "wants to do it again next week": the wish is what was said
            continue
        verb = m.group(1)
        lead = m.group(0).split()[0]
        if lead in ("will", "'ll", "shall", "going", "gonna") and _OTHERS_WILL.search(
            f, max(0, m.start() - 12), m.start()
        ):
            said = "content"  # "she'll come in monday": what someone else will do
            continue
        if lead in ("again", "tbc", "next") or verb is None or verb not in _STATE_VERBS:
            return "intent"
        said = "content"
    if said is None and wish is not None:
        said = "content"
    return said


BACKWARDS_RANGE = "That time range ends before it starts — what were the start and end times?"
_NAME_OWNERS = ("pupil", "provision")


def _owned_by_name(msg: Message, pos: int) -> bool:
    tok = msg.token_at(pos)
    return tok is not None and msg.owner[tok.i] in _NAME_OWNERS


def recheck_after_names(msg: Message, mentions: list[Mention]) -> None:
    """Once pupils and the provision have claimed their words, a date is no
    event's and no plan's because of a word that was a name all along
    ("ola fresh start tues p2": Fresh Start is the provision; "will rwi
    2-2.20": Will is the pupil)."""
    for men in mentions:
        if not (men.content or men.intent):
            continue
        k = bisect_right(msg.ends, men.start)
        before_is_name = k > 0 and msg.owner[k - 1] in _NAME_OWNERS
        said = _future_clause(msg, men.start, names_known=True)
        men.intent = said == "intent"
        men.content = said == "content" or (
            men.content and not before_is_name and _context_is_content(msg, men.start)
        )


def _merge_weekday_dates(found: list[Mention]) -> list[Mention]:
    """'Wed 11 Nov', 'Monday 3/11': the weekday checks the date after it; one mention."""
    out: list[Mention] = []
    for men in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.weekday
            and men.has_date
            and not men.weekday
            and men.start - prev.end <= 2
        ):
            men.start, men.text = prev.start, prev.text + " " + men.text
            out[-1] = men
            continue
        out.append(men)
    return out


# -- the scan -------------------------------------------------------------------------
def _digit_gates(msg: Message) -> dict[str, bool]:
    """Which number-led families can match: each gate may let a pattern run
    needlessly, never stop one that could match."""
    f, n0, words = msg.folded, msg.digits_from, msg.norms
    clock = _CLOCK_GATE.search(f, n0) is not None
    # Substrings first: no 'am', 'pm' or '.m' at all is the usual case.
    ampm = ("am" in f or "pm" in f or ".m" in f) and _AMPM_GATE.search(f, n0) is not None
    return {
        "clock": clock,
        "ampm": ampm,
        "range": (clock or ampm) and ("-" in f or not words.isdisjoint(_RANGE_WORDS)),
        "oclock": "clock" in f,
        "iso": "-" in f,
        "numeric": "/" in f,
        "month": not words.isdisjoint(_MONTH_SET),
        "loose": any(map(_MONTHISH.__getitem__, msg.words)) and _LOOSE_GATE.search(f) is not None,
        "ordinal": _ORDINAL_GATE.search(f, n0) is not None,
        "at": "at" in words or "@" in f,
    }


def find_mentions(msg: Message, now: datetime, timetable: Timetable = PRIMARY) -> list[Mention]:
    """Every date/time phrase in the message, in order, without overlaps."""
    # The gates read the tokens' norms (not `msg.words`): which patterns run
    # is part of what this function means ("yesterday's" is not a date).
    words = msg.norms
    has_digit = msg.digits_from < len(msg.folded)
    present = words & _GATE_WORDS
    if not has_digit and not present:
        return []  # most notes have no date or time at all: skip every pattern
    s = _Scan(msg, now, timetable)
    if "ago" in present:
        _scan_ago(s)
    d = _digit_gates(msg) if has_digit else dict.fromkeys(_NO_DIGITS, False)
    if has_digit:
        _scan_clock_times(s, d["range"], d["clock"], d["ampm"], d["oclock"])
    _scan_spoken_times(
        s, "half" in present or "quarter" in present, not present.isdisjoint(_NOON_WORDS)
    )
    if has_digit:
        _scan_numeric_dates(s, d["iso"], d["numeric"])
        _scan_month_dates(s, d["month"], d["ordinal"], d["loose"])
        if d["ordinal"]:
            _scan_ordinals(s)
    if not present.isdisjoint(_RELATIVE_WORDS):
        _scan_relative(s)
    if not present.isdisjoint(_WEEKDAY_SET):
        _scan_weekdays(s)
    if may_name_a_part(words):
        _scan_school_day(s)
    if d["at"]:
        _scan_at_hour(s)
    found = s.found
    if len(found) > 1:
        found.sort(key=_START)
        found = _merge_weekday_dates(found)
    future_words = not words.isdisjoint(_INTENT_WORDS) or "'ll" in msg.folded
    for men in found:
        # "from play at 1.10": a word of another time phrase is no event word.
        men.content = _context_is_content(msg, men.start) and not any(
            o.end <= men.start and men.start - o.end <= 1 for o in found if o is not men
        )
        if future_words:
            said = _future_clause(msg, men.start)
            men.intent = said == "intent"
            men.content = men.content or said == "content"
    return found


_NO_DIGITS = (
    "clock",
    "ampm",
    "range",
    "oclock",
    "iso",
    "numeric",
    "month",
    "loose",
    "ordinal",
    "at",
)


def _start(m: Mention) -> int:
    return m.start


_START: Callable[[Mention], int] = _start
