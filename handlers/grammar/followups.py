"""Follow-ups promised in a message: 'will call back Friday', 'follow up
Friday', 'chase next week', 'ring back tomorrow', 'will try again tmrw'.

A follow-up trigger takes the first date phrase after it in the same clause
and reads it forward (`Mention.future`): "Friday" said on a Tuesday is this
Friday, "next week" is next Monday. Without a trigger, a date in a clause
about what will be done (`Mention.intent`: "will add 5 more tmrw") is the
follow-up. Follow-ups are allowed in the future; only `occurred_at` must be
in the past. The trigger words stay in the notes, the date words do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from handlers.grammar.dates import Mention
from handlers.grammar.fastre import fast
from handlers.grammar.normalise import Message

_TRIGGER = fast(
    re.compile(
        r"\b(?:follow(?:ing)?[\s-]*up|f/?u|chase|chasing|call(?:ing)?\s+back|ring(?:ing)?\s+back|phone\s+back|"
        r"(?:will|to|'ll|need\s+to|must|going\s+to|plan\s+to|should|promised\s+to|agreed\s+to)\s+"
        r"(?:call|ring|phone|email|e-mail|text|speak|talk|check\s+in|catch\s+up|get\s+back|touch\s+base|meet|see|update)|"
        r"check\s+in|catch\s+up|get\s+back\s+to|touch\s+base|remind\s+me|reminder)\b"
    )
)


# Every _TRIGGER phrase contains one of these words (as a whole token or a
# piece between apostrophes, see Message.words): the action itself ("call",
# "chase", "check" ...), never only "will"/"to". Keep in step with _TRIGGER.
_TRIGGER_WORDS = frozenset(
    """follow following followup followingup f fu chase chasing call calling ring ringing phone
    email e text speak talk check catch get touch meet see update remind reminder""".split()
)
_SENTENCE_BREAK = re.compile(r"[.;!?]")


@dataclass(slots=True)
class FollowUp:
    requested: bool = False
    on: date | None = None
    mention: Mention | None = None


def find_follow_up(msg: Message, mentions: list[Mention]) -> FollowUp:
    out = FollowUp()
    if not msg.words.isdisjoint(_TRIGGER_WORDS):
        f = msg.folded
        for m in _TRIGGER.finditer(f):
            tok = msg.token_at(m.start())
            if tok is not None and msg.owner[tok.i] in ("pupil", "provision"):
                continue  # "chase salt thurs 26 nov": Chase is the pupil
            out.requested = True
            for men in mentions:
                if men.start < m.end() or men.future is None:
                    continue
                between = f[m.end() : men.start]
                if _SENTENCE_BREAK.search(between) or len(between.split()) > 6:
                    break
                out.on, out.mention = men.future, men
                break
            break
    if out.mention is None:
        for men in mentions:
            if men.intent and men.future is not None:
                out.requested, out.on, out.mention = True, men.future, men
                break
    return out
