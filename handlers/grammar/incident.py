"""The statutory extras of a behaviour incident, above all a restrictive
physical intervention (RPI): was force used, hold type, place, staff, injuries.

These read the message without claiming words: the notes keep the whole
account ("guided hold corridor, heading for gate. me + Mr Patel"), the fields
are there so the form can be pre-filled and the SENCO report can count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.grammar.fastre import fast
from handlers.grammar.normalise import Message

_RPI = fast(
    re.compile(
        r"\b(?:rpi|restrain\w*|restrictive\s+(?:physical\s+)?intervention|restrictive|physical\s+intervention|"
        r"positive\s+handling|reasonable\s+force|team[\s-]?teach|guided\s+hold|held|holding|"
        r"(?<!on\s)(?<!put\s)hold(?!\s+(?:on|up|of|back|the\s+line))s?)\b"
    )
)
_HOLD_TYPES = re.compile(
    r"\b(guided\s+hold|friendly\s+hold|single\s+elbow(?:\s+hold)?|double\s+elbow(?:\s+hold)?|figure\s+of\s+four(?:\s+hold)?|"
    r"half\s+shield|caring\s+c\s+guide|cradle\s+hold|t-?\s?wrap|wrap\s+hold|seated\s+hold|standing\s+hold|"
    r"small\s+child\s+hold|two[\s-]person\s+escort|escort|[a-z]+\s+hold)\b"
)
_NOT_HOLD_ADJ = frozenset(
    {
        "a",
        "the",
        "his",
        "her",
        "their",
        "in",
        "into",
        "to",
        "on",
        "brief",
        "and",
        "then",
        "rpi",
        "of",
        "put",
        "no",
    }
)
_PLACES = fast(
    re.compile(
        r"\b(dining\s+hall|lunch\s+hall|main\s+hall|hall|corridor|playground|classroom|class|toilets?|loos?|library|field|"
        r"gate|carpet|quiet\s+room|calm\s+room|sensory\s+room|nurture\s+room|reception|office|stairs|stairwell|cloakroom|yard|"
        r"muga|canteen|car\s+park|cloakroom|outside|garden|forest\s+school|"
        r"(?:in|during)\s+(?:maths|english|pe|science|assembly|art|music|phonics|lunch|break|playtime|class|history|geography|computing|re|dt|french|spanish|swimming))\b"
    )
)
_STAFF_REF = r"(?:me\b|myself\b|(?:mr|mrs|ms|miss|mx|dr|sir)\.?\s+[A-Z][\w'-]+|[A-Z][a-z]+\s+\((?:ta|lsa|hlta|senco|dsl|teacher)\))"
_STAFF = re.compile(
    rf"(?<![\w]){_STAFF_REF}(?:\s*(?:\+|&|and|,|with)\s*{_STAFF_REF})*",
    re.I,
)
_INJURY = fast(
    re.compile(
        r"\b(no\s+(?:injur(?:y|ies)|marks|harm|bruis\w*)(?:\s+to\s+(?:anyone|either|staff|pupil|child))?|"
        r"(?:minor\s+|slight\s+|small\s+)?(?:injur(?:y|ies|ed)|graze[sd]?|cut|scratch(?:es)?|bump|red\s+mark)\b[^,.;]*)"
    )
)


_STAFF_WORDS = frozenset({"me", "myself", "mr", "mrs", "ms", "miss", "mx", "dr", "sir"})
_IN_DURING = re.compile(r"^(?:in|during)\s+")
_TEAM = re.compile(r"\+|&|\band\b|,|\bwith\b", re.I)
_STAFF_OR_TEAM = re.compile(r"\+|&|\band\b|,|\bwith\b|\b(?:mr|mrs|ms|miss|mx|dr|sir)\b", re.I)


@dataclass(slots=True)
class Incident:
    physical_intervention: bool = False
    hold_type: str | None = None
    place: str | None = None
    staff_involved: str | None = None
    injuries: str | None = None


def is_physical_intervention(msg: Message) -> bool:
    return msg.search(_RPI) is not None


def read_incident(msg: Message) -> Incident:
    f = msg.folded
    out = Incident(physical_intervention=msg.search(_RPI) is not None)
    if out.physical_intervention:
        for m in _HOLD_TYPES.finditer(f):
            words = m.group(1).split()
            if len(words) == 2 and words[1] == "hold" and words[0] in _NOT_HOLD_ADJ:
                continue
            out.hold_type = msg.text[m.start(1) : m.end(1)]
            break
    m = _PLACES.search(f)
    if m:
        place = " ".join(m.group(1).split())
        out.place = _IN_DURING.sub("", place)
    # Every staff reference starts with "me", "myself", a title, or is a
    # name with a "(TA)"-style role: without one, skip the (slow) pattern.
    maybe_staff = "(" in msg.text or not msg.words.isdisjoint(_STAFF_WORDS)
    staff = [
        s for s in (_STAFF.finditer(msg.text) if maybe_staff else ())
        if _STAFF_OR_TEAM.search(s.group(0))
    ]  # fmt: skip
    if staff:
        # "me + Mr Patel" (a team) beats a lone "Mr Smith" (who may be the one hurt).
        teams = [s for s in staff if _TEAM.search(s.group(0))]
        out.staff_involved = (teams or staff)[0].group(0).strip(" ,")
    m = _INJURY.search(f)
    if m:
        out.injuries = msg.text[m.start(1) : m.end(1)].strip()
    return out
