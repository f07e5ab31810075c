"""Dates and times in British usage: finding them and resolving them.

`find_mentions()` scans a message for date and time phrases with our own
regexes (fast, and strict about what counts: "may", "to", "we", a bare "5"
or "wk4" are not dates) and returns `Mention`s that know both readings:

* `past`  - the day it most recently was (when something happened), and
* `future` - the day it next is (for "follow up Friday").

`dateparser` is only a fallback for month phrases neither our table nor our
spelling correction reads, fed just those few words, through ONE `DateDataParser`
built on first use (`warm_up()` builds it at start-up). A phrase without a
year gets its year from us, not from dateparser, so its result never depends
on the clock it was built with.

Conventions (documented because they are choices):

* 3/11 is 3 November. A day/month with no year is this year's, unless that is
  more than a month ahead, in which case it is last year's (3/11 typed in June
  is last November; 20/6 typed on 9 June is a future date and is refused).
* "Monday", "on Mon", "this Monday" = the most recent Monday, today included;
  "last Monday" = the most recent Monday before today.
* "the 12th" = the most recent 12th (this month or last).
* A clock time without am/pm between 1:00 and 6:59 is afternoon (school
  hours: "2:15" is 14:15); "at 2" likewise.
* Parts of the day ("this morning", "yesterday afternoon") give a default time
  (morning 09:30, lunchtime 12:15, afternoon 13:30, evening 18:00) but do not
  count as a time given: `time_given` is only True for a clock time.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from handlers.grammar.fastre import fast
from handlers.grammar.normalise import Message, Token, WordTest

WEEKDAYS = {
    "monday": 0, "mon": 0,
    "tuesday": 1, "tues": 1, "tue": 1, "tu": 1,
    "wednesday": 2, "weds": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "th": 3,
    "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
# Abbreviations that are also words ("sat with him", "the sun"): dates only
# after on/last/this/next or when typed with a capital letter mid-message.
_AMBIGUOUS_WD = {"tu", "th", "sat", "sun", "wed", "mon"}

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

PART_OF_DAY = {
    "morning": time(9, 30),
    "am": time(9, 30),
    "lunchtime": time(12, 15),
    "afternoon": time(13, 30),
    "pm": time(13, 30),
    "evening": time(18, 0),
    "night": time(19, 0),
    "tonight": time(19, 0),
}
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
    since returns returning return booked planned plans arranged sports swimming will shall going
    gonna coming""".split()
)

_WD_RE = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUM_RE = r"\d{1,2}|a couple of|couple of|a few|few|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_AMPM = r"(a\.?m\.?|p\.?m\.?)(?![a-z])"
_NB = r"(?<![\d/:.£$€,])"  # not part of a bigger number, money or date

_P_AGO = fast(
    re.compile(
        rf"\b(?:about\s+|around\s+|roughly\s+)?({_NUM_RE})\s+(mins?|minutes?|hrs?|hours?|days?|weeks?|fortnights?)\s+ago\b"
    )
)
_P_RANGE = fast(
    re.compile(
        rf"{_NB}(?:(?:from|at|@)\s*)?(\d{{1,2}})(?:[:.](\d{{2}}))?\s*(?:{_AMPM})?\s*(?:-|to|until|till|til)\s*"
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
_P_NOON = fast(re.compile(r"\b(?:at\s+)?(noon|midday|lunchtime)\b"))
_P_AT = fast(
    re.compile(
        r"(?:\bat|@)\s*(\d{1,2})\b(?!\s*(?:mins?\b|minutes?|m\b|h\b|hrs?\b|hours?|%|/|:|\.\d|st\b|nd\b|rd\b|th\b|years?|yrs?|pages?|points?|times?|x\b|out\b|of\b))"
    )
)
_P_RELATIVE = fast(
    re.compile(
        r"\b(?:(?:earlier\s+)?(today|tonight)|(?:the\s+)?(day\s+before\s+yesterday)|(yesterday|yday|yest|tomorrow|tmrw|tmw)"
        r"(?:\s+(morning|afternoon|evening|night|lunchtime|am|pm))?|(this)\s+(morning|afternoon|evening|lunchtime)|(last\s+night)"
        r"|(last|this|next)\s+week)\b"
    )
)
_P_WEEKDAY = fast(
    re.compile(
        rf"\b(?:on\s+)?(?:(last|this|next|past|previous)\s+)?({_WD_RE})\.?(?:\s+(morning|afternoon|evening|night|lunchtime|am|pm)\b)?(?![a-z'])"
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
        r"\b(?:(?:on\s+)?the|on)\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:time|times|attempt|go|try|minute|day|week|session|lesson|place|of\s+(?:the|a|his|her|their)\b))"
    )
)
# Month-like words our table does not know ("Febuary", "Septmber"): our own
# spelling correction, then dateparser.
_P_LOOSE_MONTH = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?((?:jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)[a-z]{1,8})\b(?:\s+(\d{4}))?"
)


# Gates: the words each family of patterns needs (see find_mentions).
_WEEKDAY_SET = frozenset(WEEKDAYS)
_MONTH_SET = frozenset(MONTHS)
_RELATIVE_WORDS = frozenset(
    "today tonight yesterday yday yest tomorrow tmrw tmw week morning afternoon evening lunchtime night day".split()
)
_RANGE_WORDS = frozenset({"to", "until", "till", "til"})
_LOOSE_GATE = fast(re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{2,}"))
# Before that regex pass, a test it needs: a _LOOSE_GATE match begins a
# word, or a piece of one after an apostrophe (both in `Message.words`), with
# a month's first three letters and two more letters.
_MONTH3 = frozenset("jan feb mar apr may jun jul aug sep oct nov dec".split())
_MONTHISH = WordTest(lambda w: w[:3] in _MONTH3 and w[3:5].isalpha() and len(w) >= 5)
_CLAUSE_BREAK = re.compile(r"[,.;:!?(]")
_CLAUSE_CHARS = frozenset(",.;:!?(")
_GATE_WORDS = _WEEKDAY_SET | _RELATIVE_WORDS | {"ago", "half", "quarter", "noon", "midday"}
_NOON_WORDS = frozenset({"noon", "midday", "lunchtime"})


@dataclass(slots=True)
class Mention:
    """A date and/or time phrase found in the message."""

    start: int
    end: int
    text: str
    past: date | None = None  # the day, read as "already happened"
    future: date | None = None  # the day, read as "still to come"
    clock: time | None = None  # an exact clock time
    end_clock: time | None = None  # end of a range like 9:30-9:45
    part: time | None = None  # default time for a part of the day
    moment: datetime | None = None  # "an hour ago": an exact instant
    forward: bool = False  # the words say future ("tomorrow", "next week")
    problem: str | None = None  # could not be a real date ("31/2")
    content: bool = False  # part of what was said, not when it happened

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


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


# The resolvers are pure functions of small arguments, and a day's messages
# ask the same few questions ("Monday", "3/6" as of today): cached, the date
# arithmetic runs once per question.
@lru_cache(maxsize=2048)
def resolve_day_month(
    today: date, d: int, m: int, y: int | None
) -> tuple[date | None, date | None]:
    """(past reading, future reading) of a day and month, with optional year."""
    if y is not None:
        if y < 100:
            y += 2000
        day = _safe_date(y, m, d)
        return day, day
    this_year = _safe_date(today.year, m, d)
    if this_year is None:
        # 29/2 in a non-leap year: try the neighbouring years.
        prev = _safe_date(today.year - 1, m, d)
        nxt = _safe_date(today.year + 1, m, d)
        return prev, nxt
    past = this_year
    if this_year > today and (this_year - today).days > 31:
        past = _safe_date(today.year - 1, m, d)
    future = this_year if this_year >= today else _safe_date(today.year + 1, m, d)
    return past, future


@lru_cache(maxsize=1024)
def resolve_ordinal(today: date, d: int) -> tuple[date | None, date | None]:
    past = future = None
    y, m = today.year, today.month
    for _ in range(3):
        cand = _safe_date(y, m, d)
        if cand and cand <= today:
            past = cand
            break
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    y, m = today.year, today.month
    for _ in range(3):
        cand = _safe_date(y, m, d)
        if cand and cand >= today:
            future = cand
            break
        y, m = (y, m + 1) if m < 12 else (y + 1, 1)
    return past, future


@lru_cache(maxsize=1024)
def resolve_weekday(today: date, wd: int, mod: str | None) -> tuple[date, date]:
    back = (today.weekday() - wd) % 7
    if mod in ("last", "past", "previous"):
        back = back or 7
    ahead = (wd - today.weekday()) % 7
    if not (mod == "this" and ahead == 0):
        ahead = ahead or 7
    return today - timedelta(days=back), today + timedelta(days=ahead)


# -- dateparser fallback ------------------------------------------------------------
_parser_lock = threading.Lock()
_parser = None


def _date_parser():
    """The one DateDataParser, built on first use (or by `warm_up()`)."""
    global _parser
    if _parser is None:
        with _parser_lock:
            if _parser is None:
                from dateparser.date import DateDataParser

                _parser = DateDataParser(
                    languages=["en"],
                    locales=["en-GB"],
                    settings={
                        "PREFER_DATES_FROM": "past",
                        "DATE_ORDER": "DMY",
                        "RETURN_AS_TIMEZONE_AWARE": False,
                        "STRICT_PARSING": False,
                    },
                )
    return _parser


@lru_cache(maxsize=512)
def _dateparser_day_month(phrase: str) -> tuple[int, int] | None:
    """Day and month of a phrase such as '3rd Septembre', via dateparser."""
    try:
        data = _date_parser().get_date_data(phrase)
    except Exception:  # dateparser raising must never break a log
        return None
    if data is None or data.date_obj is None or data.period != "day":
        return None
    return data.date_obj.day, data.date_obj.month


_FULL_MONTHS = [k for k in MONTHS if len(k) > 4 or k in ("june", "july", "may")]


@lru_cache(maxsize=256)
def _fuzzy_month(word: str) -> int | None:
    """A misspelt month ('Febuary', 'Novemeber', 'Septmber'): same first three
    letters and at most two edits from the full name."""
    from rapidfuzz.distance import OSA

    for full in _FULL_MONTHS:
        if full[:3] == word[:3] and OSA.distance(word, full, score_cutoff=2) <= 2:
            return MONTHS[full]
    return None


def warm_up() -> None:
    """Build the dateparser parser and load its English data now, not on the
    first message (the first call costs ~100 ms)."""
    _dateparser_day_month.cache_clear()
    _dateparser_day_month("3rd September")
    _dateparser_day_month("17 November 2025")
    _dateparser_day_month.cache_clear()


# -- scanning -------------------------------------------------------------------------
def _ambiguous_ok(msg: Message, start: int, word: str, mod: str | None, on: bool) -> bool:
    if word not in _AMBIGUOUS_WD or mod or on:
        return True
    tok = msg.token_at(start)
    return bool(tok and tok.cap and tok.i > 0)


def _context_is_content(msg: Message, start: int) -> bool:
    """Is the date at `start` attached to an event or a future ('appt Thurs',
    "he'll be off Monday")? Looks back two words within the same clause."""
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
    elif gap > 1 and _CLAUSE_BREAK.search(msg.text, last.end, start):
        return False
    # The word before, or the one before that ("appt on Thurs"); the cheap
    # set test on both first.
    if last.norm in EVENT_WORDS or (k > 1 and toks[k - 2].norm in EVENT_WORDS):
        return True
    return _says_will(last) or (k > 1 and _says_will(toks[k - 2]))


def _says_will(t: Token) -> bool:
    """Typed "...'ll" ("he'll"), whose norm ends "ll": only those need the raw text."""
    return t.norm.endswith("ll") and "'" in t.raw and t.raw.lower().endswith("'ll")


# The digit-pattern gates: a ':' or '.' between digits for a clock,
# 'am'/'pm' after a digit, an ordinal suffix. Each is its own search (a
# skip to the next digit in C), which costs less than one pass collecting
# match objects.
_CLOCK_GATE = re.compile(r"\d[:.]\d")
_AMPM_GATE = re.compile(r"\d\s*[ap]\.?m")
_ORDINAL_GATE = re.compile(r"\d(?:st|nd|rd|th)\b")


def find_mentions(msg: Message, now: datetime) -> list[Mention]:
    """Every date/time phrase in the message, in order, without overlaps."""
    f = msg.folded
    # The gates below read the tokens' norms (not `msg.words`): which
    # patterns run is part of what this function means ("yesterday's" is not
    # read as a date), and must not change with the speed-ups.
    words = msg.norms
    n0 = msg.digits_from  # number-led patterns (one lead word at most) scan from here
    has_digit = n0 < len(f)
    # The gate words the message has, in one set operation: usually none or
    # one, so the word tests below are on a tiny set.
    present = words & _GATE_WORDS
    if not has_digit and not present:
        return []  # most notes have no date or time at all: skip every pattern

    # Each pattern only runs when the message has what it needs (a ':' for a
    # clock, a month name for '17 Nov', ...): a regex pass costs microseconds,
    # a set lookup almost nothing. A gate may let a pattern run needlessly,
    # never stop one that could match.
    if present:
        ago = "ago" in present
        f_half = "half" in present or "quarter" in present
        f_noon = not present.isdisjoint(_NOON_WORDS)
        f_relative = not present.isdisjoint(_RELATIVE_WORDS)
        f_weekday = not present.isdisjoint(_WEEKDAY_SET)
    else:
        ago = f_half = f_noon = f_relative = f_weekday = False
    if has_digit:
        f_clock = _CLOCK_GATE.search(f, n0) is not None
        # Substrings first: no 'am', 'pm' or '.m' at all is the usual case.
        f_ampm = ("am" in f or "pm" in f or ".m" in f) and _AMPM_GATE.search(f, n0) is not None
        f_range = (f_clock or f_ampm) and ("-" in f or not words.isdisjoint(_RANGE_WORDS))
        f_oclock = "clock" in f
        f_iso = "-" in f
        f_numeric = "/" in f
        f_month = not words.isdisjoint(_MONTH_SET)
        f_loose = any(map(_MONTHISH.__getitem__, msg.words)) and _LOOSE_GATE.search(f) is not None
        f_ordinal = _ORDINAL_GATE.search(f, n0) is not None
        f_at = "at" in words or "@" in f
    else:
        f_clock = f_ampm = f_range = f_oclock = f_iso = f_numeric = False
        f_month = f_loose = f_ordinal = f_at = False
    today = now.date()
    found: list[Mention] = []
    taken = bytearray(len(f))
    is_free = msg.is_free

    def free(a: int, b: int) -> bool:
        return taken.find(1, a, b) < 0 and is_free(a, b)

    def add(
        m: re.Match,
        past: date | None = None,
        future: date | None = None,
        clock: time | None = None,
        end_clock: time | None = None,
        part: time | None = None,
        moment: datetime | None = None,
        forward: bool = False,
        problem: str | None = None,
    ) -> Mention:
        a, b = m.span()
        # Keep a leading preposition inside the span but never trailing spaces.
        while b > a and f[b - 1] == " ":
            b -= 1
        # Positional: cheaper than passing on a dict of keywords.
        men = Mention(
            a, b, msg.text[a:b], past, future, clock, end_clock, part, moment, forward, problem
        )
        taken[a:b] = b"\x01" * (b - a)
        found.append(men)
        return men

    # "2 days ago", "an hour ago"
    if ago:
        for m in _P_AGO.finditer(f):
            if not free(*m.span()):
                continue
            n = _num(m.group(1))
            unit = m.group(2)
            if unit.startswith(("min", "h")):
                naive_now = now.replace(tzinfo=None)
                delta = timedelta(minutes=n) if unit.startswith("min") else timedelta(hours=n)
                moment = naive_now - delta
                add(
                    m,
                    past=moment.date(),
                    future=moment.date(),
                    clock=moment.time().replace(second=0, microsecond=0),
                    moment=moment,
                )
            else:
                days = n * (
                    14 if unit.startswith("fortnight") else 7 if unit.startswith("week") else 1
                )
                day = today - timedelta(days=days)
                add(m, past=day, future=day)

    # Times: ranges first so "9:30-9:45" is one phrase.
    if f_range:
        for m in _P_RANGE.finditer(f, n0):
            if not free(*m.span()):
                continue
            h1, m1, ap1, h2, m2, ap2 = m.groups()
            if not (m1 or m2 or ap1 or ap2):
                continue  # "3-6" is not a time range
            if ap2 and not ap1 and int(h1) <= int(h2) <= 12:
                ap1 = ap2
            t1 = _mk_time(int(h1), int(m1 or 0), ap1)
            t2 = _mk_time(int(h2), int(m2 or 0), ap2 or ap1)
            if t1 is None or t2 is None:
                continue
            add(m, clock=t1, end_clock=t2)
    if f_clock:
        for m in _P_CLOCK.finditer(f, n0):
            if not free(*m.span()):
                continue
            t = _mk_time(int(m.group(1)), int(m.group(2)), m.group(3))
            if t is not None:
                add(m, clock=t)
    for pattern, on in ((_P_AMPM, f_ampm), (_P_OCLOCK, f_oclock)):
        if on:
            for m in pattern.finditer(f, n0):
                if not free(*m.span()):
                    continue
                ampm = m.group(2) if pattern is _P_AMPM else None
                t = _mk_time(int(m.group(1)), 0, ampm)
                if t is not None:
                    add(m, clock=t)
    if f_half:
        for m in _P_HALF.finditer(f):
            if not free(*m.span()):
                continue
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
                add(m, clock=t)
    if f_noon:
        for m in _P_NOON.finditer(f):
            if free(*m.span()):
                if m.group(1) == "lunchtime":
                    add(m, part=PART_OF_DAY["lunchtime"])
                else:
                    add(m, clock=NOON)

    # Dates.
    if f_iso:
        for m in _P_ISO.finditer(f):
            if free(*m.span()):
                day = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                add(
                    m,
                    past=day,
                    future=day,
                    problem=None if day else f"I couldn't read the date '{m.group()}'.",
                )
    if f_numeric:
        for m in _P_NUMERIC.finditer(f, n0):
            if not free(*m.span()):
                continue
            d, mo, y = int(m.group(1)), int(m.group(2)), m.group(3)
            if not (1 <= d <= 31 and 1 <= mo <= 12):
                continue  # 35/10 is not a date
            if not y and (_SCORE_BEFORE.search(f, 0, m.start()) or _SCORE_AFTER.match(f, m.end())):
                continue  # "got 8/10 right" is a score
            past, future = resolve_day_month(today, d, mo, int(y) if y else None)
            add(
                m,
                past=past,
                future=future,
                problem=None
                if past
                else f"I couldn't read the date '{m.group().strip()}' — there's no such day.",
            )
    # "June 2nd" before "15 June" so "zones 15 June 2nd" is the 2nd of June.
    # ("June 2nd" has a digit with an ordinal suffix: without one, no pass.)
    for pattern, month_first, on in (
        (_P_MONTH_ORDINAL, True, f_month and f_ordinal),
        (_P_DAY_MONTH, False, f_month),
        (_P_MONTH_DAY, True, f_month),
    ):
        if on:
            for m in pattern.finditer(f):
                if not free(*m.span()):
                    continue
                mon_word = m.group(1) if month_first else m.group(2)
                d = int(m.group(2) if month_first else m.group(1))
                mon_at = m.start(1) if month_first else m.start(2)
                if (
                    mon_word in ("may", "march", "mar")
                    and not msg.text[mon_at : mon_at + 1].isupper()
                ):
                    continue  # "may" and "march" are verbs unless written May/March
                y = m.group(3)
                past, future = resolve_day_month(
                    today, d, MONTHS[mon_word], int(y.lstrip("'")) if y else None
                )
                add(
                    m,
                    past=past,
                    future=future,
                    problem=None
                    if past
                    else f"I couldn't read the date '{m.group().strip()}' — there's no such day.",
                )
    if f_loose:
        for m in _P_LOOSE_MONTH.finditer(f):
            if not free(*m.span()) or m.group(2) in MONTHS:
                continue  # a real month name that was rejected above stays rejected
            month = _fuzzy_month(m.group(2))
            dm = (int(m.group(1)), month) if month else _dateparser_day_month(m.group(0))
            if dm:
                y = m.group(3)
                past, future = resolve_day_month(today, dm[0], dm[1], int(y) if y else None)
                add(m, past=past, future=future)
    if f_ordinal:
        for m in _P_ORDINAL.finditer(f):
            if free(*m.span()):
                d = int(m.group(1))
                if 1 <= d <= 31:
                    past, future = resolve_ordinal(today, d)
                    add(m, past=past, future=future)
    if f_relative:
        for m in _P_RELATIVE.finditer(f):
            if not free(*m.span()):
                continue
            (
                today_w,
                dby,
                rel,
                rel_part,
                this_w,
                this_part,
                last_night,
                week_mod,
            ) = m.groups()
            if today_w:
                part = PART_OF_DAY["tonight"] if today_w == "tonight" else None
                add(m, past=today, future=today, part=part)
            elif dby:
                day = today - timedelta(days=2)
                add(m, past=day, future=day)
            elif rel:
                part = PART_OF_DAY.get(rel_part) if rel_part else None
                if rel.startswith("y"):
                    day = today - timedelta(days=1)
                    add(m, past=day, future=day, part=part)
                else:
                    day = today + timedelta(days=1)
                    add(m, past=day, future=day, part=part, forward=True)
            elif this_w:
                add(m, past=today, future=today, part=PART_OF_DAY[this_part])
            elif last_night:
                day = today - timedelta(days=1)
                add(m, past=day, future=day, part=PART_OF_DAY["night"])
            elif week_mod:
                if week_mod == "last":
                    day = today - timedelta(days=7)
                    add(m, past=day, future=day)
                elif week_mod == "next":
                    day = today + timedelta(days=7 - today.weekday())  # next Monday
                    add(m, past=day, future=day, forward=True)
                else:
                    add(m, past=today, future=today)
    if f_weekday:
        for m in _P_WEEKDAY.finditer(f):
            if not free(*m.span()):
                continue
            mod, word, part_w = m.group(1), m.group(2), m.group(3)
            on = m.group(0).startswith("on ")
            if not _ambiguous_ok(msg, m.start(2), word, mod, on):
                continue
            past, future = resolve_weekday(today, WEEKDAYS[word], mod)
            part = PART_OF_DAY.get(part_w) if part_w else None
            if mod == "next":
                add(m, past=future, future=future, part=part, forward=True)
            else:
                add(m, past=past, future=future, part=part)
    # Last: "at 2" (an hour with nothing else) once everything else is taken.
    if f_at:
        for m in _P_AT.finditer(f, n0):
            if free(*m.span()):
                t = _mk_time(int(m.group(1)), 0, None)
                if t is not None and 7 <= t.hour <= 18:
                    add(m, clock=t)

    if len(found) > 1:
        found.sort(key=lambda x: x.start)
    for men in found:
        men.content = _context_is_content(msg, men.start)
    return found
