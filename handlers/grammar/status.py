"""Whether a session happened: 'delivered', or 'missed' with the reason.

"missed", "cancelled", "absent", "off sick", "didn't happen", "not done",
"no session" mark a missed session. The reason is what follows "because" /
"due to" / "as", else the reason words found ("absent", "trip", "assembly"),
else None. The marker word itself is removed from the notes; reason words
stay there (they are the story).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.grammar.fastre import fast
from handlers.grammar.normalise import Message

_MISSED = fast(
    re.compile(
        r"\b(missed|cancell?ed|cancel|absent|absence|off\s+sick|off\s+school|didn'?t\s+happen|did\s+not\s+happen|not\s+done|"
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


# Reason words further apart than this belong to separate thoughts: list them.
MAX_REASON_SPAN = 60


@dataclass(slots=True)
class Status:
    missed: bool = False
    reason: str | None = None
    spans: tuple[tuple[int, int], ...] = ()  # marker words to drop from the notes


def find_status(msg: Message) -> Status:
    """Read missed/delivered without claiming (the kind is not known yet)."""
    if msg.words.isdisjoint(_MISSED_FIRST_WORDS):
        return Status()  # the usual case, without a regex pass
    f = msg.folded
    markers = list(_MISSED.finditer(f))
    if not markers:
        return Status()
    out = Status(missed=True)
    m = _REASON_AFTER.search(f, markers[0].start())
    if m:
        out.reason = msg.text[m.start(1) : m.end(1)].strip(" -")
    else:
        found = list(_REASON_WORDS.finditer(f))
        if found:
            first, last = found[0], found[-1]
            if last.end() - first.start() <= MAX_REASON_SPAN:
                # The phrase as typed, from the first reason word to the last:
                # "absent, hospital appointment", not a list of keywords.
                out.reason = msg.text[first.start() : last.end()]
            else:
                words: list[str] = []
                for r in found:
                    w = msg.text[r.start() : r.end()]
                    if w.lower() not in (x.lower() for x in words):
                        words.append(w)
                out.reason = ", ".join(words)
    out.spans = tuple(mk.span() for mk in markers if " ".join(mk.group(1).split()) in _REMOVE)
    return out


def claim_status(msg: Message, status: Status) -> None:
    for a, b in status.spans:
        if msg.is_free(a, b):
            msg.claim(a, b, "status")
