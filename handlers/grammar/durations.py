"""How long something lasted: '20', '20m', '20 mins', '1hr', '1h15', 'half an hour',
'90 secs' (2 minutes: seconds are rounded up to whole minutes).

Two passes, because a bare number is only a duration in the right place:

* `find_duration()` takes phrases that say their unit ("20 mins", "1h15",
  "an hour and a half") anywhere in the message;
* `find_bare_minutes()` runs once pupils and provision are known and takes a
  bare number (1-180) straight after the provision, a pupil name, the kind
  word or "for": "Kai zones 15", or one word on from the provision when that
  word names no numbered thing ("hydro pool 30", not "phonics set 3").
  Numbers after anything else ("calm in 5", "3 sounds") are left in the notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.grammar.fastre import fast
from handlers.grammar.normalise import Message, Token

_MIN = r"(?:m|mn|mins?|minutes?|minuets?|mintues?)"
_HR = r"(?:h|hrs?|hours?)"
_NB = r"(?<![\d/:.£$€])"

_P_HOURS = fast(
    re.compile(
        rf"{_NB}(?:for\s+)?(\d{{1,2}}(?:\.\d{{1,2}})?)\s*{_HR}\b\s*(?:and\s+)?(?:(\d{{1,2}})\s*{_MIN}?\b(?![:/.]\d))?"
    )
)
_P_HOURS_GLUED = fast(
    re.compile(rf"{_NB}(?:for\s+)?(\d{{1,2}})\s*{_HR}(\d{{1,2}})\b(?:\s*{_MIN}\b)?")
)
_P_MINUTES = fast(re.compile(rf"{_NB}(?:for\s+)?(\d{{1,4}})\s*{_MIN}\b(?!\s*ago)"))
_P_WORDS = fast(
    re.compile(
        r"\b(?:for\s+)?(?:(an?|one)\s+hours?\s+and\s+a\s+half|(?:an?\s+)?hour\s+and\s+a\s+half|(one\s+and\s+a\s+half|1\s+and\s+a\s+half)\s+hours?"
        r"|half\s+(?:an\s+)?hour|(?:a\s+)?quarter\s+of\s+an\s+hour|(?:a\s+)?quarter\s+hour|three\s+quarters\s+of\s+an\s+hour"
        r"|(?:an|one)\s+hour|(two|three)\s+hours)\b(?!\s+ago)"
    )
)
# "90 secs", "45 seconds": a hold or a short session timed in seconds is
# recorded in whole minutes, rounded up (a 30-second hold is 1 minute).
_P_SECONDS = fast(re.compile(rf"{_NB}(?:for\s+)?(\d{{1,4}})\s*(?:secs?|seconds?)\b(?!\s*ago)"))
_UNIT_AFTER_DIGIT = re.compile(r"\d\s*([hms])")
_PATTERNS = (
    (_P_HOURS_GLUED, "h"), (_P_HOURS, "h"), (_P_WORDS, "hour"), (_P_MINUTES, "m"), (_P_SECONDS, "s"),
)  # fmt: skip
_WORD_MINUTES = {
    "half": 30, "quarter": 15, "three": 45,
}  # fmt: skip

# Nouns a number counts rather than times: "15 words", "3 sessions".
_COUNTED = frozenset(
    """words word sounds sound letters letter sessions session times time pages page points point
    sums sum questions question books book stickers sticker tokens token laps lap goes go tries try
    attempts attempt x percent spellings spelling cards card pieces piece steps step year
    years yr yrs children kids pupils adults staff""".split()
)

# Words a number labels or is the count of, not a time: "phonics set 3", "lexia
# level 4", "score 5".
_LABELLED = frozenset(
    """set sets level levels lvl stage stages book books bk week weeks unit units group groups
    year yr years room table tables page pages step steps lesson lessons part parts chapter
    round rounds term block blocks phase phases class number no grade band list test card box
    target targets wave tier key ks p period periods age aged session sessions times
    colour color score scores scored mark marks got gets read reads did does made wrote spelt
    spelled answered earned reached completed counted managed""".split()
)

# A year and a class letter, in capitals ("3M"), after a word that places it.
_CLASS_CODE = re.compile(r"\d{1,2}M\b")
_CLASS_BEFORE = re.compile(r"\b(?:in|outside|into|from|near|by|to|class)\s+$")

# Anything longer than a school day is a typo, not a session.
MAX_MINUTES = 8 * 60


@dataclass(slots=True)
class Duration:
    minutes: int
    start: int
    end: int


def _signed(text: str, start: int, minutes: int) -> int:
    """ "-5 mins" is minus five (a typo to ask about); "10-15 mins" and
    "zones - 5 mins" are not."""
    digit = start
    while digit < len(text) and not text[digit].isdigit():
        digit += 1
    if digit >= 1 and text[digit - 1] == "-" and (digit < 2 or text[digit - 2] in " (,:"):
        return -minutes
    return minutes


def _words_minutes(text: str) -> int:
    t = " ".join(text.split())
    if "and a half" in t:
        return 90
    if t.startswith(("for half", "half")):
        return 30
    if "three quarters" in t:
        return 45
    if "quarter" in t:
        return 15
    if "two hours" in t:
        return 120
    if "three hours" in t:
        return 180
    return 60


def find_duration(msg: Message) -> Duration | None:
    """The first duration with a unit, claimed (and removed from the notes)."""
    best = duration_from(msg, 0)
    if best is not None:
        msg.claim(best.start, best.end, "duration")
    return best


def duration_from(msg: Message, start: int) -> Duration | None:
    """The first duration with a unit that starts at `start` or later, in words
    nothing else has claimed (nothing is claimed here)."""
    f = msg.folded
    n0 = msg.digits_from  # see Message.digits_from: no number-led phrase starts earlier
    has_digit = n0 < len(f)
    has_hour = "hour" in f
    if not has_digit and not has_hour:
        return None
    # Which unit letters follow a number ("20 m...", "1h..."): a pattern whose
    # unit never follows a digit cannot match, so it is not run.
    units = set(_UNIT_AFTER_DIGIT.findall(f, n0)) if has_digit else set()
    best: Duration | None = None
    for pattern, needs in _PATTERNS:
        if not (has_hour if needs == "hour" else needs in units):
            continue
        # _P_WORDS ("half an hour") is not led by a number: it scans it all.
        for m in pattern.finditer(f, max(start, 0 if needs == "hour" else n0)):
            a, b = m.span()
            while b > a and f[b - 1] == " ":
                b -= 1
            if not msg.is_free(a, b):
                continue
            if (
                pattern is _P_MINUTES
                and _CLASS_CODE.match(msg.text, a)
                and _CLASS_BEFORE.search(f, 0, a)
            ):
                continue  # "outside 3M": a class, not three minutes
            if pattern is _P_WORDS:
                minutes = _words_minutes(m.group(0))
            elif pattern is _P_MINUTES:
                minutes = int(m.group(1))
            elif pattern is _P_SECONDS:
                minutes = -(-int(m.group(1)) // 60)  # rounded up; "0 secs" stays 0
            elif pattern is _P_HOURS_GLUED:
                minutes = int(m.group(1)) * 60 + int(m.group(2))
            else:
                minutes = round(float(m.group(1)) * 60) + int(m.group(2) or 0)
            if best is None or a < best.start:
                best = Duration(_signed(f, a, minutes), a, b)
            break
    return best


def find_bare_minutes(msg: Message, after_owners: frozenset[str]) -> Duration | None:
    """A bare number right after a word owned by one of `after_owners`."""
    toks = msg.tokens
    for t in toks:
        if msg.owner[t.i] is not None or not t.norm.isdigit() or len(t.norm) > 3:
            continue
        n = int(t.norm)
        if not 1 <= n <= 180:
            continue
        # Part of something else: "3/6", "9:05", "1.5", "#3", "£5"
        before = msg.text[max(0, t.start - 1) : t.start]
        after = msg.text[t.end : t.end + 1]
        if before in "/:.#£$€-+" and before != "" or after in "/:.%" and after != "":
            continue
        prev = toks[t.i - 1] if t.i > 0 else None
        nxt = toks[t.i + 1] if t.i + 1 < len(toks) else None
        if nxt is not None and _counts(msg, t, nxt):
            continue
        if prev is None or not _joined(msg, prev, t):
            continue  # something like ':' or '(' between them
        if msg.owner[prev.i] in after_owners or prev.norm == "for":
            start = prev.start if prev.norm == "for" and msg.owner[prev.i] is None else t.start
            msg.claim(start, t.end, "duration")
            return Duration(n, start, t.end)
        if _one_word_on_from_provision(msg, prev):
            msg.claim(t.start, t.end, "duration")
            return Duration(n, t.start, t.end)
    return None


def _counts(msg: Message, number: Token, nxt: Token) -> bool:
    """ "15 words", "3 out of 5": the number counts the next word. Not across a
    comma ("precision teaching 10, times tables")."""
    if msg.text[number.end : nxt.start].strip():
        return False
    if nxt.norm == "out":
        after = msg.tokens[nxt.i + 1] if nxt.i + 1 < len(msg.tokens) else None
        return after is not None and after.norm == "of"  # "30 out on the field" is not
    return nxt.norm in _COUNTED


def _joined(msg: Message, a: Token, b: Token) -> bool:
    return not msg.text[a.end : b.start].strip(" ,-")


def _one_word_on_from_provision(msg: Message, word: Token) -> bool:
    """ "ot handwriting 20", "hydro pool 30": a free word between the provision
    and the number, which the number does not label ("set 3", "level 4")."""
    if word.i == 0 or msg.owner[word.i] is not None or not word.norm.replace("-", "").isalpha():
        return False
    if word.norm in _LABELLED or word.norm in _COUNTED:
        return False
    before = msg.tokens[word.i - 1]
    return msg.owner[before.i] == "provision" and _joined(msg, before, word)
