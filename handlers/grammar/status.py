"""Whether a session happened: 'delivered', or 'missed' with the reason.

"missed", "cancelled", "absent", "off sick", "didn't happen", "not done",
"no session", and "no <provision> (today)" mark a missed session. The
reason, read once names, dates and the provision are claimed, is:

1. what follows "because" / "due to" / "as" / "cos";
2. else what follows the marker after a separator ("missed - exam clash",
   "not done, school trip"), without the names and dates in it;
3. else the marker itself when it is a reason ("absent", "off sick");
4. else the reason words found ("trip", "assembly"), else None.

The marker word itself is removed from the notes; reason words stay there
(they are the story).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.grammar.fastre import fast
from handlers.grammar.normalise import Message, tidy

_MISSED = fast(
    re.compile(
        r"\b(missed(?!\s+(?:his|her|their|my)\s+(?:mum|mam|dad|nan|nana|gran|grandma|grandad|family|friends?|"
        r"brother|sister|cousins?|dog|cat|pets?|home|country)\b)|cancell?ed|cancel|absent|absence|off\s+sick|off\s+school|didn'?t\s+happen|did\s+not\s+happen|not\s+done|"
        r"didn'?t\s+go\s+ahead|did\s+not\s+go\s+ahead|couldn'?t\s+happen|not\s+delivered|no\s+session|postponed|skipped|"
        r"not\s+in(?:\s+school)?(?=\s*(?:$|[,.;:\-]|today|yesterday|this))|wasn'?t\s+in(?:\s+school)?(?=\s*(?:$|[,.;:\-]|today|yesterday)))\b"
    )
)
# The first word of every _MISSED phrase, as a token's norm (no apostrophe):
# a message with none of them cannot match it. Keep in step with _MISSED.
_MISSED_FIRST_WORDS = frozenset(
    """missed cancelled canceled cancel absent absence off didnt did not couldnt no postponed
    skipped wasnt""".split()
)
# "no lexia today", "couldn't do zones", "couldn't do Ava T's PT": a missed
# session named by its provision (the pupil's name, up to three words, between).
_NO_BEFORE = frozenset({"no"})
_REFUSED_BEFORE = re.compile(
    r"\b(?:refused|refuses|declined|wouldn'?t)\s+(?:to\s+(?:do|come\s+to|go\s+to|attend|join|start|come\s+for|go\s+for)\s+)?"
    r"(?:(?:his|her|their|the|any)\s+)?$"
)
_COULD_NOT = re.compile(
    r"\b(?:couldn'?t|could\s+not|didn'?t|did\s+not|unable\s+to|wasn'?t\s+able\s+to|not\s+able\s+to)\s+"
    r"(?:do|have|get|deliver|run|fit\s+in|fit)\s+(?:(?:his|her|their|the|any|a|(?:[\w-]+\s+){0,2}[\w-]+'s|[\w-]+s')\s+)?$"
)
_REASON_AFTER = fast(
    re.compile(r"\b(?:because(?:\s+of)?|due\s+to|cos|coz|as|reason:?)\s+([^,.;]+)")
)
_REASON_WORDS = fast(
    re.compile(
        r"\b(absent|absence|off\s+sick|sick|ill|poorly|unwell|trip|school\s+trip|appointment|appt|assembly|staff\s+absence|"
        r"staff\s+off|no\s+staff|short\s+staffed|cover|covering|refused|exclu\w+|swimming|sports\s+day|school\s+closed|inset|"
        r"strike|fire\s+drill|late|hospital|dentist|doctors?|holiday|isolating|snow|rehearsal|nativity|exams?|sats|"
        r"mock|testing|room\s+unavailable|no\s+room|dysregulated|asleep|medical|therapy|transport)\b"
    )
)
_REMOVE = frozenset({"missed", "cancelled", "canceled", "cancel", "didnt happen", "didn't happen",
                     "did not happen", "not done", "didnt go ahead", "didn't go ahead", "did not go ahead",
                     "couldnt happen", "couldn't happen", "not delivered", "no session", "postponed", "skipped"})  # fmt: skip
_MARKER_IS_REASON = re.compile(
    r"^(?:absent|absence|off\s+sick|off\s+school|not\s+in|wasn'?t\s+in|refused)"
)
_WHO_CALLED_OFF = frozenset({"cancelled", "canceled", "postponed"})
_SEPARATOR = re.compile(r"\s[-–:]\s|[,:;(]|\s-(?=\w)")
_SENTENCE_END = re.compile(r"[.;!?]")
_LEAD_WORDS = frozenset("for to with on at in by and but so then - the".split())

# Reason words further apart than this belong to separate thoughts: list them.
MAX_REASON_SPAN = 60


@dataclass(slots=True)
class Status:
    missed: bool = False
    reason: str | None = None
    spans: tuple[tuple[int, int], ...] = ()  # marker words to drop from the notes
    first: int = -1  # where the first marker begins
    first_end: int = -1
    marker: str = ""


def find_status(msg: Message) -> Status:
    """Read missed/delivered without claiming (the kind is not known yet)."""
    if msg.words.isdisjoint(_MISSED_FIRST_WORDS):
        return Status()  # the usual case, without a regex pass
    markers = list(_MISSED.finditer(msg.folded))
    if not markers:
        return Status()
    first = markers[0]
    return Status(
        missed=True,
        spans=tuple(mk.span() for mk in markers if " ".join(mk.group(1).split()) in _REMOVE),
        first=first.start(),
        first_end=first.end(),
        marker=" ".join(first.group(1).split()),
    )


def missed_by_provision(msg: Message, first: int, last: int, status: Status) -> Status:
    """'no lexia today', "couldn't do zones": the provision's words at token
    indices first..last, named as not happening, make the session missed."""
    toks = msg.tokens
    start = toks[first].start
    prev = toks[first - 1] if first > 0 else None
    nxt = toks[last + 1] if last + 1 < len(toks) else None
    no_before = prev is not None and prev.norm in _NO_BEFORE and msg.owner[prev.i] is None
    could_not = _COULD_NOT.search(msg.folded, max(0, start - 40), start)
    refused = _REFUSED_BEFORE.search(msg.folded, max(0, start - 40), start)
    if refused is not None:
        # "refused ELSA today", "refused to do his SALT": missed, and that is the reason.
        return Status(True, None, status.spans, refused.start(), refused.end(), "refused")
    if (
        nxt is not None
        and nxt.norm == "off"
        and not (last + 2 < len(toks) and toks[last + 2].norm in ("task", "site", "sick", "school"))
    ):
        # "salt off - therapist ill": the session is off.
        return Status(True, None, (*status.spans, (nxt.start, nxt.end)), nxt.start, nxt.end, "off")
    if not (no_before or could_not):
        return status
    marker_start = prev.start if no_before and prev is not None else could_not.start()  # type: ignore[union-attr]
    spans = status.spans + ((marker_start, start),)
    if status.missed and status.first <= marker_start:
        return Status(True, None, spans, status.first, status.first_end, status.marker)
    return Status(True, None, spans, marker_start, toks[last].end, "no")


def _keep_free(msg: Message, start: int, end: int) -> str:
    """The words between start and end that no rule claimed, with the typed
    punctuation between neighbours ("absent, hospital appointment"). Who called it off
    is the reason with its verb ("didn't happen, therapist cancelled")."""
    out: list[str] = []
    prev = None
    for t in msg.tokens_in(start, end):
        owner = msg.owner[t.i]
        said_why = owner == "status" and t.norm in _WHO_CALLED_OFF
        # "in lunch detention": a time word that also names the thing is the reason's
        names_it = owner == "when" and msg.kept(t)
        if (owner is not None and not said_why and not names_it) or (
            not out and t.norm in _LEAD_WORDS
        ):
            continue
        if prev is not None:
            out.append(msg.text[prev.end : t.start] if t.i == prev.i + 1 else " ")
        out.append(t.raw)
        prev = t
    return tidy("".join(out))


def missed_reason(msg: Message, status: Status) -> str | None:
    """The reason a missed session was missed (see the module docstring)."""
    f = msg.folded
    m = _REASON_AFTER.search(f, max(0, status.first))
    if m:
        return msg.text[m.start(1) : m.end(1)].strip(" -") or None
    stop = _SENTENCE_END.search(f, status.first_end)
    end = stop.start() if stop else len(f)
    sep = _SEPARATOR.search(f, status.first_end, end)
    after = _keep_free(msg, sep.end() if sep else status.first_end, end)
    if after:
        return after
    if _MARKER_IS_REASON.match(status.marker):
        return msg.text[status.first : status.first + len(status.marker)]
    found = list(_REASON_WORDS.finditer(f))
    if not found:
        return None
    first, last = found[0], found[-1]
    if last.end() - first.start() <= MAX_REASON_SPAN:
        # The phrase as typed, from the first reason word to the last.
        return msg.text[first.start() : last.end()]
    words: list[str] = []
    for r in found:
        w = msg.text[r.start() : r.end()]
        if w.lower() not in (x.lower() for x in words):
            words.append(w)
    return ", ".join(words)


def claim_status(msg: Message, status: Status) -> None:
    for a, b in status.spans:
        if msg.is_free(a, b):
            msg.claim(a, b, "status")
