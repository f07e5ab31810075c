"""What kind of log a message is: the kind word, the signal word lists, the rule.

* `take_kind_word()` reads an explicit kind at the start ("session", "s",
  "behaviour", "b", "incident", "parent", "p", "contact", ...; a ':' or '-'
  after it is fine) and claims it.
* `safeguarding_flags()` finds disclosure or worry words. Safeguarding wins
  over everything, even an explicit kind word: a possible concern must reach
  the DSL, never sit in a behaviour log.
* `infer_kind()` decides for everything else (see its docstring for the order).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from handlers.grammar.fastre import fast
from handlers.grammar.normalise import Message, WordTest
from handlers.grammar.result import Kind

_KIND_WORDS: dict[str, Kind] = {
    "session": "session", "sessions": "session", "sess": "session", "sesh": "session", "s": "session",
    "provision": "session",
    "behaviour": "behaviour", "behavior": "behaviour", "behav": "behaviour", "beh": "behaviour",
    "b": "behaviour", "incident": "behaviour", "inc": "behaviour",
    "parent": "parent_contact", "p": "parent_contact", "contact": "parent_contact",
    "pc": "parent_contact", "parents": "parent_contact", "home": "parent_contact",
    "safeguarding": "safeguarding", "sg": "safeguarding", "concern": "safeguarding",
}  # fmt: skip
_KIND_HEAD = re.compile(
    r"^\s*(?:/log\s+|log\s*:\s*)?(?P<kind>parent\s+contact|parent\s*/\s*carer(?:\s+contact)?|behaviour\s+incident|behavior\s+incident|"
    + "|".join(sorted(map(re.escape, _KIND_WORDS), key=len, reverse=True))
    + r")(?:\s*[:\-–]\s*|\s+|$)"
)
_LOG_ONLY = re.compile(r"^\s*(?:/log|log\s*:)\s*")


def take_kind_word(msg: Message) -> Kind | None:
    """The kind the message starts with, if any (claimed and removed from notes)."""
    f = msg.folded
    m = _KIND_HEAD.match(f)
    if not m:
        lm = _LOG_ONLY.match(f)
        if lm and lm.end():
            msg.claim(0, lm.end(), "kind")
        return None
    word = " ".join(m.group("kind").split())
    if len(word) == 1 or word in ("home", "concern", "provision"):
        # A lone letter or an ordinary word is only a kind word when something
        # follows it, and "home"/"concern" need the colon ("concern: ...").
        rest = f[m.end() :].strip()
        if not rest or (word in ("home", "concern", "provision") and ":" not in m.group(0)):
            return None
    if word.startswith("parent"):
        kind: Kind = "parent_contact"
    elif word.startswith(("behaviour", "behavior")):
        kind = "behaviour"
    else:
        kind = _KIND_WORDS[word]
    msg.claim(0, m.end(), "kind")
    return kind


# -- safeguarding --------------------------------------------------------------------
_PERSON = r"(?:mum|mummy|mom|dad|daddy|step\s*-?\s*(?:mum|dad)|nan|nana|gran|granny|grandad|grandma|uncle|auntie?|brother|sister|cousin|(?:mum|mom)'?s\s+(?:boyfriend|partner)|dad'?s\s+(?:girlfriend|partner)|boyfriend|girlfriend|someone|somebody|a man|a woman|an adult)"
_SAFEGUARDING = fast(
    re.compile(
        r"\b(?:said\s+something|says\s+something|disclos\w*|told\s+me|bruis\w*|marks|burn\s+marks?|"
        r"(?:scared|frightened|afraid|terrified|doesn'?t\s+want|didn'?t\s+want|does\s+not\s+want|won'?t)\s+(?:to\s+go(?:ing)?|of\s+going)\s+home|"
        r"(?:scared|frightened|afraid|terrified)\s+of\s+(?:his|her|their|my)\s+" + _PERSON + r"|"
        r"worried\s+me|worrying|worried\s+about\s+(?:him|her|them|his|her|their)|"
        r"dsl|dsls|safeguarding|self[\s-]?harm\w*|cutting\s+(?:him|her|them)sel\w*|suicid\w*|"
        r"neglect\w*|abus\w*|unexplained|fgm|cpoms|my\s?concern|welfare\s+concern|cp\s+concern|"
        r"not\s+safe\s+at\s+home|no\s+food\s+at\s+home|"
        r"said\s+(?:that\s+)?(?:his|her|their|my)\s+" + _PERSON + r"|"
        r"said\s+(?:that\s+)?(?:he|she|they)\s+(?:was|were|is|are|gets?|got|had\s+been|has\s+been)\s+(?:hit|hurt|smacked|kicked|punched|touched|locked|left|beaten|hungry|scared|slapped)|"
        r"(?:hit|hurt|hits|smack\w*|slap\w*|beat\w*|punch\w*|kick\w*|touch\w*)\s+(?:him|her|them|me)\s+at\s+home|"
        r"inappropriate\s+touch\w*|touched\s+(?:him|her|them)\s+inappropriately)\b"
    )
)
# A _SAFEGUARDING match begins a word, or a piece of one after an apostrophe
# (both in `Message.words`), and each phrase begins with a word whose first
# three letters (two for "my", "cp", "no") are here. Keep in step.
_SAFEGUARDING_HEADS3 = frozenset(
    """sai say dis tol bru mar bur sca fri afr ter doe did won wor dsl saf sel cut sui neg abu une
    fgm wel hit hur sma sla bea pun kic tou ina""".split()
)
_SAFEGUARDING_HEADS2 = frozenset({"my", "cp", "no"})
_SAFEGUARDING_HEAD = WordTest(
    lambda w: w[:3] in _SAFEGUARDING_HEADS3 or w[:2] in _SAFEGUARDING_HEADS2
)
# "no marks" / "no bruising" after a hold is the statutory post-incident check.
_NEGATED_INJURY = fast(re.compile(r"\bno\s+(?:marks|bruis\w*)\b"))


def safeguarding_flags(msg: Message, physical_intervention: Callable[[], bool]) -> list[str]:
    """The disclosure / concern phrases in the message, as typed.

    `physical_intervention()` says whether force was used; it is only asked
    when a flag is found, as most messages have none."""
    if not any(map(_SAFEGUARDING_HEAD.__getitem__, msg.words)):
        return []  # the usual case: no word can begin a phrase
    f = msg.folded
    flags = []
    physical = None
    for m in _SAFEGUARDING.finditer(f):
        if physical is None:
            physical = physical_intervention()
        if physical:
            ctx = f[max(0, m.start() - 3) : m.end()]
            if _NEGATED_INJURY.search(ctx):
                continue
        flags.append(msg.text[m.start() : m.end()])
    return flags


# -- behaviour and contact signals ---------------------------------------------------
BEHAVIOUR = fast(
    re.compile(
        r"\b(?:hit|hits|hitting|threw|throw|throws|throwing|thrown|kick(?:ed|ing|s)?|bit|bite|bites|biting|"
        r"spat|spit|spitting|refus(?:ed|al|ing|es)|ran\s+(?:out|off|away)|runs?\s+(?:out|off|away)|running\s+(?:out|off|away)|"
        r"abscond\w*|eloped?|swore|swear\w*|rpi|restrain\w*|restrictive|held|guided\s+hold|positive\s+handling|"
        r"reasonable\s+force|team[\s-]?teach|punch\w*|push(?:ed|ing)|shov\w*|scratch(?:ed|ing)|pinch\w*|"
        r"head\s?-?butt\w*|slap\w*|damag\w*|broke|smash\w*|destroy\w*|tantrum|meltdown|dysregulat\w*|"
        r"aggress\w*|violen\w*|fight\w*|fought|threaten\w*|flipped|tore|ripped|screamed|yelled|"
        r"self[\s-]?injur\w*|bang(?:ed|ing)\s+(?:his|her|their)\s+head|hurt\s+(?:a\s+)?(?:peer|peers|staff|adult|child|another|friend|classmate|him|her|them|me|tas?|lsa)|"
        r"left\s+(?:the\s+)?(?:class|classroom|room|lesson)|climb(?:ed|ing)|exclu\w*|incident)\b"
    )
)
STRONG_BEHAVIOUR = fast(
    re.compile(
        r"\b(?:rpi|restrain\w*|restrictive|positive\s+handling|reasonable\s+force|team[\s-]?teach|guided\s+hold|"
        r"abscond\w*|assault\w*|head\s?-?butt\w*|punched|kicked|bit\s+(?:a|his|her|their|me|staff|peer)|spat|swore|threw\s+(?:a\s+)?(?:chair|table))\b"
    )
)
RELATION = fast(
    re.compile(
        r"\b(?:mum|mums|mummy|mom|mother|dad|dads|daddy|father|parents?|carers?|foster\s+carers?|"
        r"grandma|grandmother|grandad|granddad|grandpa|grandfather|gran|granny|nan|nana|nanny|"
        r"aunt|auntie|aunty|uncle|step\s*-?\s*(?:mum|dad)|stepmum|stepdad|guardian|family|home)\b"
    )
)
CONTACT_VERB = fast(
    re.compile(
        r"\b(?:rang|rung|ring|phoned|phone|called|call|emailed|e-?mail|texted|text|messaged|message|sms|whatsapp(?:ed)?|"
        r"letter|spoke|spoken|speak|talked|chatted|met|meeting|teams|zoom|voicemail|answerphone)\b"
    )
)


# Every word a CONTACT_VERB or RELATION match can begin with (a head is
# token norms joined by spaces: no hyphens, no apostrophes). Keep in step.
_OPENING_WORDS = frozenset(
    """rang rung ring phoned phone called call emailed email texted text messaged message sms
    whatsapp whatsapped letter spoke spoken speak talked chatted met meeting teams zoom voicemail
    answerphone mum mums mummy mom mother dad dads daddy father parent parents carer carers foster
    grandma grandmother grandad granddad grandpa grandfather gran granny nan nana nanny aunt
    auntie aunty uncle step stepmum stepdad guardian family home""".split()
)
_AT_SCHOOL = re.compile(r"\b(?:pick\s?-?up|drop\s?-?off|came\s+in|popped\s+in)\b")
_STRONG_OPENERS = frozenset(
    {"rang", "rung", "phoned", "emailed", "texted", "messaged", "email", "e", "letter"}
)


def contact_led(msg: Message) -> bool:
    """Does the message open with a contact ('rang ...', 'email from ...',
    "mum rang", "spoke to dad")? The opening says what the log is about."""
    owner = msg.owner
    first = next((t for t in msg.tokens if owner[t.i] is None), None)
    if first is None:
        return False
    if first.norm in _STRONG_OPENERS:
        return True
    if first.norm not in _OPENING_WORDS:
        return False  # neither pattern can match at the start: skip both passes
    free = [t for t in msg.tokens[first.i :] if owner[t.i] is None][:5]
    head = " ".join(t.norm for t in free)
    verb = CONTACT_VERB.search(head)
    rel = RELATION.search(head)
    return bool(verb and rel and min(verb.start(), rel.start()) == 0)


def infer_kind(
    msg: Message,
    *,
    explicit: Kind | None,
    safeguarding: bool,
    provision_found: bool,
    session_signal: bool,
    other_provision: bool = False,
) -> Kind | None:
    """The kind, in this order:

    1. safeguarding words -> safeguarding (always);
    2. an explicit kind word;
    3. a message that opens with a contact ("rang Harry's mum") -> parent contact;
    4. force/hold/serious behaviour words (RPI, restraint, kicked, spat) -> behaviour;
    5. a provision on the pupil's plan plus a duration / missed / time range -> session;
    6. behaviour words -> behaviour;
    7. a parent/carer word with a contact word -> parent contact;
    8. a provision (the pupil's, or another pupil's: the provision is then asked) -> session;
    9. a duration or "missed" with no provision -> session (the provision is asked).
    """
    if safeguarding:
        return "safeguarding"
    if explicit:
        return explicit
    f = msg.folded
    if contact_led(msg):
        return "parent_contact"
    if msg.search(STRONG_BEHAVIOUR):
        return "behaviour"  # force or a hold is never a session
    if provision_found and session_signal:
        return "session"
    if msg.search(BEHAVIOUR):
        return "behaviour"
    if RELATION.search(f) and (CONTACT_VERB.search(f) or _AT_SCHOOL.search(f)):
        return "parent_contact"
    if provision_found or other_provision or session_signal:
        return "session"
    return None
