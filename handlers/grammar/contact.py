"""How a parent/carer contact happened: method, with whom, which direction.

* method: the earliest method word in the message wins ("emailed mum after
  the phone call" was an email). rang/phoned/called -> phone; email -> email;
  texted/text/sms/message home -> text; letter -> letter; met, in person, at
  pick-up/drop-off, came in, meeting, spoke/talked to (with no other method)
  -> in_person; Teams/Zoom/video call -> video.
* with: the first relation word ("mum", "dad", "carer", "grandma", ...).
* direction: inbound when the relation acts or sends ("email from X's carer",
  "mum rang", "letter from dad"); outbound when staff did ("rang X's mum").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.grammar.fastre import fast
from handlers.grammar.normalise import Message
from handlers.grammar.result import ContactMethod

_METHODS: tuple[tuple[ContactMethod, re.Pattern[str]], ...] = (
    ("video", fast(re.compile(r"\b(?:teams|zoom|video\s*call(?:ed)?|facetime|google\s+meet|video)\b"))),
    ("email", fast(re.compile(r"\b(?:e-?mail(?:ed|s)?|e\s*-\s*mail(?:ed)?)\b"))),
    ("text", fast(re.compile(r"\b(?:texted|texts?|text\s+message|sms|whats\s?app(?:ed)?|messaged|message\s+home|dojo|seesaw|app\s+message)\b"))),
    ("letter", fast(re.compile(r"\b(?:letter|letters|note\s+(?:home|to|in)|home[\s-]school\s+(?:book|diary)|diary\s+note|contact\s+book|reading\s+record)\b"))),
    ("phone", fast(re.compile(r"\b(?:rang|rung|ring|phoned|phone|phone\s+call|called|call|voicemail|answerphone|left\s+(?:a\s+)?message|on\s+the\s+phone)\b"))),
    ("in_person", fast(re.compile(
        r"\b(?:met|meeting|in\s+person|face\s+to\s+face|f2f|pick\s?-?\s?up|drop\s?-?\s?off|at\s+the\s+(?:gate|door|office)|"
        r"picked\s+(?:him|her|them)\s+up|collected\s+(?:him|her|them)|at\s+collection|"
        r"came\s+in(?:to)?|came\s+to\s+(?:the\s+)?(?:office|school|reception|gate|door|classroom)|popped\s+in|home\s+visit|"
        r"parents'?\s+evening|annual\s+review|review\s+meeting|tac\s+meeting|spoke|spoken|talked|chatted|caught)\b"
    ))),
)  # fmt: skip
# "spoke to mum on the phone" is a phone call: the weak in-person words only
# count when nothing else says how.
_WEAK_IN_PERSON = frozenset({"spoke", "spoken", "talked", "chatted", "caught"})

_RELATION = fast(
    re.compile(
        r"\b(foster\s+carers?|step\s*-?\s*(?:mum|dad)|stepmum|stepdad|mum|mummy|mom|mam|mother|dad|daddy|father|parents?|carers?|"
        r"grandma|grandmother|grandad|granddad|grandpa|grandfather|gran|granny|nan|nana|nanny|"
        r"aunt|auntie|aunty|uncle|guardian|social\s+worker)\b"
    )
)
_NORMAL_WITH = {"mom": "mum", "mam": "mum", "mummy": "mum", "mother": "mum", "daddy": "dad", "father": "dad",
                "parents": "parents", "carers": "carer", "foster carers": "foster carer",
                "grandmother": "grandma", "grandfather": "grandad", "granddad": "grandad",
                "stepmum": "step-mum", "stepdad": "step-dad", "aunty": "auntie"}  # fmt: skip
_INBOUND = fast(
    re.compile(
        r"\b(?:from|by)\s+(?:\w+'s\s+)?(?:the\s+)?(?:mum|mom|mam|dad|parents?|carers?|foster\s+carer|grandma|grandad|gran|nan|nana|aunt|auntie|uncle|guardian|home|family)\b"
        r"|\b(?:mum|mom|mam|dad|parents?|carers?|grandma|grandad|gran|nan|nana|aunt|auntie|uncle|guardian)\s+(?:has\s+|had\s+|just\s+)?"
        r"(?:rang|phoned|called|emailed|texted|messaged|wrote|sent|came\s+in|popped\s+in|asked|contacted|left)\b"
        r"|\b(?:incoming|received|returned\s+my\s+call)\b"
    )
)


@dataclass(slots=True)
class Contact:
    method: ContactMethod | None = None
    with_: str | None = None
    direction: str | None = None


def read_contact(msg: Message) -> Contact:
    f = msg.folded
    out = Contact()
    earliest: tuple[int, ContactMethod] | None = None
    weak: tuple[int, ContactMethod] | None = None
    for method, pattern in _METHODS:
        for m in pattern.finditer(f):
            if method == "in_person" and m.group(0).split()[0] in _WEAK_IN_PERSON:
                if weak is None or m.start() < weak[0]:
                    weak = (m.start(), method)
                continue
            if earliest is None or m.start() < earliest[0]:
                earliest = (m.start(), method)
            break
    chosen = earliest or weak
    if chosen:
        out.method = chosen[1]
    rel = _RELATION.search(f)
    if rel:
        w = " ".join(rel.group(1).split())
        out.with_ = _NORMAL_WITH.get(w, w)
    if _INBOUND.search(f):
        out.direction = "inbound"
    elif out.method is not None:
        out.direction = "outbound"
    return out
