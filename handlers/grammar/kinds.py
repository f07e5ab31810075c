"""What kind of log a message is: the kind word, the signal word lists, the rule.

* `take_kind_word()` reads an explicit kind at the start ("session", "s",
  "behaviour", "b", "incident", "parent", "p", "contact", "concern:", "sg",
  ...; a ':' or '-' after it is fine) and claims it.
* `record_evidence()` says what else a message with a concern records: a
  contact that happened ("mum rang ... no food in the house"), the pupil's
  own behaviour ("hit peer in the line, then said dad hits him"), a session
  delivered. Words inside the concern itself or inside reported speech are
  not evidence ("said dad hits mum" is not the pupil hitting anyone).
* `infer_kind()` decides (see its docstring for the order). A concern is
  never buried: it is either the whole message (`safeguarding`) or the
  record's kind with the concern routed as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.grammar.fastre import fast
from handlers.grammar.normalise import Message, WordTest
from handlers.grammar.result import Kind

_KIND_WORDS: dict[str, Kind] = {
    "session": "session", "sessions": "session", "sess": "session", "sesh": "session", "s": "session",
    "provision": "session",
    "behaviour": "behaviour", "behavior": "behaviour", "behav": "behaviour", "beh": "behaviour",
    "b": "behaviour", "incident": "behaviour", "inc": "behaviour", "rpi": "behaviour",
    "parent": "parent_contact", "p": "parent_contact", "contact": "parent_contact",
    "pc": "parent_contact", "parents": "parent_contact", "home": "parent_contact",
    "safeguarding": "safeguarding", "sg": "safeguarding", "concern": "safeguarding",
    "worry": "safeguarding",
}  # fmt: skip
_KIND_HEAD = re.compile(
    r"^\s*(?:/log\s+|log\s*:\s*)?(?P<kind>parent\s+contact|parent\s*/\s*carer(?:\s+contact)?|behaviour\s+incident|behavior\s+incident|"
    + "|".join(sorted(map(re.escape, _KIND_WORDS), key=len, reverse=True))
    + r")(?:\s*[:\-–]\s*|\s+|$)"
)
_LOG_ONLY = re.compile(r"^\s*(?:/log|log\s*:)\s*")
# Ordinary words that are only kind words with a colon or a dash after them
# ("concern: ...", "concern - Sian tearful ...").
_COLON_ONLY = frozenset({"home", "concern", "provision", "worry"})
_SEPARATED = re.compile(r":|\s[-–]|[-–]\s")


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
    if len(word) == 1 or word in _COLON_ONLY:
        # A lone letter or an ordinary word is only a kind word when something
        # follows it, and "home"/"concern" need the colon ("concern: ...").
        rest = f[m.end() :].strip()
        if not rest or (word in _COLON_ONLY and not _SEPARATED.search(m.group(0))):
            return None
    if word.startswith("parent"):
        kind: Kind = "parent_contact"
    elif word.startswith(("behaviour", "behavior")):
        kind = "behaviour"
    else:
        kind = _KIND_WORDS[word]
    # "RPI ..." says the kind and is part of the account: kept in the notes.
    msg.claim(0, m.end(), "kind", remove=word != "rpi")
    return kind


# -- behaviour and contact signals ---------------------------------------------------
BEHAVIOUR = fast(
    re.compile(
        r"\b(?:hit|hits|hitting|threw|throw|throws|throwing|thrown|kick(?:ed|ing|s)?|bit|bite|bites|biting|bitten|"
        r"spat|spit|spitting|refus(?:ed|al|ing|es)|ran\s+(?:out|off|away)|runs?\s+(?:out|off|away)|running\s+(?:out|off|away)|"
        r"abscond\w*|eloped?|swore|swear\w*|rpi|restrain\w*|restrictive|held|guided\s+hold|positive\s+handling|"
        r"reasonable\s+force|team[\s-]?teach|punch\w*|push(?:ed|ing)(?!\s+(?:his|her|their)\s+(?:own\s+)?(?:sleeves?|glasses|hair|fringe|hood|plate|tray|book|work))|shov\w*|scratch(?:ed|ing)|pinch\w*|"
        r"head\s?-?butt\w*|slap\w*|damag\w*|broke|smash\w*(?!\s+(?:it|(?:his|her|their|the)\s+(?:\w+\s+)?(?:test|tests|mock|mocks|exam|exams|sats|target|pb|record|score)))|destroy\w*|tantrum|meltdown|dysregulat\w*|"
        r"aggress\w*|violen\w*|fight\w*|fought|threaten\w*|flipped|tore|ripped|screamed|yelled|"
        r"self[\s-]?injur\w*|bang(?:ed|ing)\s+(?:his|her|their)\s+head|hurt\s+(?:a\s+)?(?:peer|peers|staff|adult|child|another|friend|classmate|him|her|them|me|tas?|lsa)|"
        r"left\s+(?:the\s+)?(?:class|classroom|room|lesson)|climb(?:ed|ing)|exclu\w*|incident|"
        r"squar(?:ed|ing)\s+up|swung\s+(?:at|for)|swing(?:s|ing)?\s+(?:at|for)|lash(?:ed|es|ing)\s+out|lung(?:ed|es|ing)\s+at|"
        r"went\s+for\s+(?:a|an|his|her|him|them|another|staff|me|mr|mrs|miss|ms)\b|charg(?:ed|ing)\s+at|barg(?:ed|ing)\s+(?:into|past)|"
        # Filming another child to share it: "filmed jayden upset and put it on his story".
        r"film(?:ed|ing|s)(?=[^.;!?]*\b(?:story|stories|snapchat|snap|tiktok|posted|put\s+it|shared|sent\s+it|round|group\s*chat|gc|online))|"
        r"kicked\s+off|kicking\s+off|trashed|overturned|tipped|barricad\w*|bolted|escaped|"
        # Refusing, by the pupil: not others refusing them ("kids won't sit near him"), and
        # not refusing to go home (a worry, not misbehaviour).
        r"(?<!kids\s)(?<!children\s)(?<!others\s)(?<!peers\s)(?<!they\s)(?<!friends\s)(?<!nobody\s)"
        r"(?:wouldn'?t|won'?t)\s+(?:come|go(?!\s+(?:back\s+)?home)|stop|leave|sit|move|get)|"
        r"tripped\s+(?:up\s+)?(?:a|his|her|him|another)|(?:was|got|been|being)\s+tripped\s+(?:up\s+)?by|spitting|urinat\w*|weed\s+on|stole|stealing|hid|hiding|hides|screaming|shouting|shouted|snatch\w*|grabb\w*|pull(?:ed|ing|s)?\s+(?:\w+(?:\'s)?\s+){1,2}?(?:hair|hood|jumper|coat|bag|chair|ponytail|plaits?)|took\s+\w+\'?s?\s+(?:bag|pencil|phone|snack|lunch|toy|book|ball|coat|hat|things))\b"
    )
)
STRONG_BEHAVIOUR = fast(
    re.compile(
        r"\b(?:rpi|restrain\w*|restrictive|positive\s+handling|reasonable\s+force|team[\s-]?teach|guided\s+hold|"
        r"abscond\w*|assault\w*|head\s?-?butt\w*|punched|kicked|bit\s+(?:a|his|her|their|me|staff|peer)|spat|swore|threw\s+(?:a\s+)?(?:chair|table))\b"
    )
)
# Every BEHAVIOUR / STRONG_BEHAVIOUR match begins a word (or a piece of one
# after an apostrophe: see Message.words) starting with one of these. A
# message with none skips those patterns. Keep in step.
_BEHAVIOUR_HEADS = tuple(
    """hit threw throw kick bit bite spat spit refus ran run abscond elope swore swear rpi restrain
    held guided positive reasonable team punch push shov scratch pinch head slap damag broke smash
    destroy tantrum meltdown dysregulat aggress violen fight fought threaten flipped tore ripped
    scream shout yelled self bang hurt left climb exclu incident trashed overturned tipped barricad
    bolted escaped wouldn won tripped urinat weed stole stealing snatch grabb pull took assault
    hid hiding hides squar swung swing lash lung went charg barg film
    """.split()
)
_BEHAVIOUR_HEAD = WordTest(lambda w: w.startswith(_BEHAVIOUR_HEADS))


def could_behave(msg: Message) -> bool:
    """Could BEHAVIOUR or STRONG_BEHAVIOUR match? (a cheap word test first)"""
    return any(map(_BEHAVIOUR_HEAD.__getitem__, msg.words))


def has_behaviour(msg: Message) -> bool:
    return could_behave(msg) and msg.search(BEHAVIOUR) is not None


def has_strong_behaviour(msg: Message) -> bool:
    return could_behave(msg) and msg.search(STRONG_BEHAVIOUR) is not None


RELATION = fast(
    re.compile(
        r"\b(?:mum|mums|mummy|mom|mam|mother|dad|dads|daddy|father|parents?|carers?|foster\s+carers?|"
        r"grandma|grandmother|grandad|granddad|grandpa|grandfather|gran|granny|nan|nana|nanny|"
        r"aunt|auntie|aunty|uncle|step\s*-?\s*(?:mum|dad)|stepmum|stepdad|guardian|family|home|social\s+worker)\b"
    )
)
CONTACT_VERB = fast(
    re.compile(
        r"\b(?:rang|rung|ring|phoned|phone|called|call|emailed|e-?mail|texted|text|messaged|message|sms|whatsapp(?:ed)?|"
        r"letter|spoke|spoken|speak|talked|chatted|met|meeting|teams|zoom|facetime(?:d)?|video\s+call(?:ed)?|voicemail|answerphone|in\s+person|"
        r"face\s+to\s+face|f2f|home\s+visit|parents'?\s+evening|note|diary|home[\s-]school\s+(?:book|diary)|contact\s+book|"
        r"review|annual\s+review|tac|tac\s+meeting)\b"
    )
)


# Every word a CONTACT_VERB or RELATION match can begin with (a head is
# token norms joined by spaces: no hyphens, no apostrophes). Keep in step.
_OPENING_WORDS = frozenset(
    """rang rung ring phoned phone called call emailed email texted text messaged message sms
    whatsapp whatsapped letter spoke spoken speak talked chatted met meeting teams zoom voicemail
    answerphone mum mums mummy mom mam mother dad dads daddy father parent parents carer carers foster
    grandma grandmother grandad granddad grandpa grandfather gran granny nan nana nanny aunt
    auntie aunty uncle step stepmum stepdad guardian family home in face f2f sent wrote posted
    gave note diary contact facetime facetimed video""".split()
)
_AT_SCHOOL = re.compile(
    r"\b(?:pick\s?-?up|drop\s?-?off|came\s+in(?:to)?|popped\s+in(?:to)?|picked\s+(?:him|her|them|@+)\s+up|"
    r"collected\s+(?:him|her|them)|came\s+to\s+collect|came\s+(?:in\s+)?to\s+(?:the\s+)?(?:office|school|reception|gate|door|classroom))\b"
)
_BEFORE_THE_OPENING = frozenset({"pupil", "kind", "when"})
_STRONG_OPENERS = frozenset(
    {"rang", "rung", "phoned", "emailed", "texted", "messaged", "email", "e", "letter"}
)
# "Mrs O'Connor rang re Niamh's SALT appt": an adult who rings the school about a pupil.
_TITLE_CONTACT = re.compile(
    r"^(?:mrs|mr|ms|miss|mx|dr)\.?\s+[\w'-]+\s+(?:has\s+|had\s+|just\s+)?(?:rang|phoned|called|emailed|"
    r"texted|messaged|came\s+in|popped\s+in|wrote|sent)\b"
)
_TALKED_ABOUT = re.compile(
    r"(?:talked|talk|talking|spoke|spoken|speak|chatted|chat|chatting)\s+(?:a\s+lot\s+|lots\s+|loads\s+)?about\b"
)
_SENT = re.compile(
    r"^(?:sent|wrote|posted|gave)\s+(?:a\s+|the\s+)?(?:letter|email|e-?mail|text|note|message|form)\b"
)


_TO_STAFF = re.compile(r"\s+(?:me|us|staff|the\s+office|school|her\s+teacher|his\s+teacher)\b")


def contact_led(msg: Message) -> bool:
    """Does the message open with a contact ('rang ...', 'email from ...',
    "mum rang", "spoke to dad", "sent letter home", "Mrs O'Connor rang")?
    The opening says what the log is about."""
    owner = msg.owner
    # Past the pupils, the kind word and the time: a provision or a duration
    # there first opened a session ("George write from the start 15 mins,
    # letter formation better" is no letter home).
    first = next((t for t in msg.tokens if owner[t.i] not in _BEFORE_THE_OPENING), None)
    if first is None or owner[first.i] is not None:
        return False
    if first.norm in _STRONG_OPENERS:
        # "sage emailed me": the pupil wrote to staff, no parent was contacted
        return not (
            first.i > 0 and owner[first.i - 1] == "pupil" and _TO_STAFF.match(msg.folded, first.end)
        )
    f = msg.folded
    if first.norm in ("mrs", "mr", "ms", "miss", "mx", "dr") and _TITLE_CONTACT.match(
        f, first.start
    ):
        return True
    if first.norm not in _OPENING_WORDS:
        return False  # neither pattern can match at the start: skip both passes
    if first.norm in ("sent", "wrote", "posted", "gave") and _SENT.match(f, first.start):
        return True
    free = [t for t in msg.tokens[first.i :] if owner[t.i] is None][:5]
    head = " ".join(t.norm for t in free)
    if _TALKED_ABOUT.match(head):
        return False  # "talked about her dad's new car": what the child talked about
    verb = CONTACT_VERB.search(head)
    rel = RELATION.search(head)
    return bool(verb and rel and min(verb.start(), rel.start()) == 0)


# -- what a concern message also records ---------------------------------------------------
_SPEECH = re.compile(
    r"\b(?:said|says|told|tells|disclosed|mentioned|wrote|asked|claims?|claimed|explained|reported)\b"
)
_INBOUND_CONTACT = fast(
    re.compile(
        r"\b(?:mum|mom|mam|dad|parents?|carers?|foster\s+carers?|grandma|grandad|gran|nan|nana|aunt|auntie|uncle|guardian)\s+"
        r"(?:has\s+|had\s+|just\s+)?(?:rang|phoned|called|emailed|texted|messaged|came\s+in(?:to)?|popped\s+in(?:to)?|contacted)\b"
        r"|\b(?:rang|phoned|called|emailed|texted|messaged|spoke\s+(?:to|with)|met\s+(?:with\s+)?)\s+(?:\w+'s\s+)?(?:mum|mom|mam|dad|parents?|carers?|foster\s+carer|gran|grandma|nan|home)\b"
        r"|\b(?:phone\s+call|call|email|e-mail|text|letter|meeting)\s+(?:from|with|to)\s+(?:\w+'s\s+)?(?:mum|mom|mam|dad|parents?|carers?|gran|grandma|nan|home)\b"
    )
)


_NO_BEFORE = re.compile(r"\b(?:no|not|never|without)\s+(?:a\s+|any\s+)?$")


# "mum said", "dad told me": the first one speaking is a parent or carer.
_RELATION_TOLD = re.compile(
    r"\b(?:mum|mom|mam|dad|parents?|carers?|foster\s+carers?|grandma|grandad|gran|nan|nana|aunt|auntie|"
    r"uncle|guardian)\s+(?:has\s+|had\s+|just\s+)?(?:said|says|told|tells|mentioned|explained|reported)\b"
)


_TOLD_DIRECTLY = re.compile(
    r"\s+(?:me|us|staff|the\s+(?:teacher|office|class\s+teacher))?\s*(?:at|during|on|after|before)\s+"
    r"(?:the\s+)?(?:pick[\s-]?up|drop[\s-]?off|(?:school\s+)?gate|door|office|reception|home\s+time|"
    r"collection|parents'?\s+evening|(?:the\s+)?end\s+of\s+(?:the\s+)?day|the\s+start\s+of\s+(?:the\s+)?day)\b"
    r"|\s+(?:me|us)\s+(?:this\s+morning|this\s+afternoon|today|in\s+person|face\s+to\s+face)\b"
    # ... or down the phone ("mum told me on the phone that ...")
    r"|\s+(?:me|us|staff)?\s*(?:on|over|down)\s+the\s+phone\b|\s+(?:me|us)\s+by\s+phone\b"
)


@dataclass(slots=True)
class Evidence:
    """What a message with a concern records besides the concern."""

    contact: bool = False
    behaviour: bool = False
    session: bool = False
    # A parent or carer is the one telling ("mum said at pick up ..."): with
    # the kind word "p" that is the contact the concern came in.
    relation_told: bool = False


def _outside(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return not any(x < b and a < y for x, y in spans)


# An adult at home, or any adult, as the one doing it ("his dad's new partner screams at
# him and throws things", "videos of a man shouting"): what happens to the child, or what
# the child sees, not an incident of theirs.
_ADULT_DOER = re.compile(
    r"\b(?:mum|mummy|mom|mam|dad|daddy|parents?|partner|boyfriend|girlfriend|stepdad|stepmum|"
    r"step-?dad|step-?mum|uncle|aunt|auntie|nan|gran|grandad|grandma|carer|foster\s+carer|"
    r"man|men|woman|women|adults?|stranger|someone|somebody|guy)(?:'?s)?\b"
    r"(?:(?!\b(?:he|she|they|and\s+(?:he|she|they))\b)[^,.;!?])*$"
)


def _adult_does_it(msg: Message, start: int) -> bool:
    """The behaviour word at `start` has an adult as its subject, and
    no pupil is named between them."""
    f = msg.folded
    clause = max(f.rfind(c, 0, start) for c in ",.;!?") + 1
    m = _ADULT_DOER.search(f, clause, start)
    if m is None:
        return False
    return not any(msg.owner[t.i] == "pupil" for t in msg.tokens_in(m.start(), start))


# Inside a concern, hiding is the child's fear ("hid under the table after"), not
# misbehaviour, and "incident" is the concern itself.
_NOT_AN_INCIDENT = frozenset({"incident", "hid", "hiding", "hides"})


def record_evidence(
    msg: Message,
    concern_spans: list[tuple[int, int]],
    *,
    physical: bool,
    session_signal: bool,
) -> Evidence:
    """What else a message carrying a concern is (see the module docstring)."""
    f = msg.folded
    speech = _SPEECH.search(f)
    said_at = speech.start() if speech else len(f)
    ev = Evidence(session=session_signal)
    told = _RELATION_TOLD.search(f)
    ev.relation_told = told is not None and told.start() <= said_at
    # A parent telling staff in person or on the phone ("mum told me at pick up
    # that ...") is the contact the concern came in; "mum says he
    # fell" is only the parent's account, passed on.
    if contact_led(msg) or (
        ev.relation_told and told is not None and _TOLD_DIRECTLY.match(f, told.end())
    ):
        ev.contact = True
    else:
        for m in _INBOUND_CONTACT.finditer(f):
            if _NO_BEFORE.search(f, max(0, m.start() - 8), m.start()):
                continue  # "no call from home": the contact that did not happen
            if m.start() < said_at and _outside(concern_spans, *m.span()):
                ev.contact = True
                break
    if physical:
        ev.behaviour = True
    else:
        for m in BEHAVIOUR.finditer(f) if could_behave(msg) else ():
            if (
                m.start() < said_at
                and _outside(concern_spans, *m.span())
                and m.group() not in _NOT_AN_INCIDENT
                and not _adult_does_it(msg, m.start())
            ):
                ev.behaviour = True
                break
    return ev


def infer_kind(
    msg: Message,
    *,
    explicit: Kind | None,
    concern: bool,
    evidence: Evidence | None,
    provision_found: bool,
    session_signal: bool,
    physical: bool,
    other_provision: bool = False,
    pupil_named: bool = True,
) -> Kind | None:
    """The kind, in this order:

    1. a concern: the record it is also part of (`evidence`, the explicit kind
       first), else safeguarding;
    2. an explicit kind word;
    3. a message that opens with a contact ("rang Harry's mum") -> parent contact;
    4. a hold (RPI, restraint, escort) -> behaviour;
    5. a provision on the pupil's plan plus a duration / missed / time range -> session;
       then serious behaviour words (kicked, spat, swore) -> behaviour;
    6. behaviour words -> behaviour;
    7. a parent/carer word with a contact word -> parent contact;
    8. a provision (the pupil's, or another pupil's: the provision is then asked) -> session;
    9. a duration or "missed" with no provision -> session (the provision is asked), when
       a pupil is named (`pupil_named`: a pupil, a name two pupils share, or a name not on
       the roster); naming neither a pupil nor a provision, a duration or a time says
       nothing of the kind ("fire alarm at lunch, everyone out in 4 mins") -> None.
    """
    if concern:
        if explicit == "safeguarding" or evidence is None:
            return "safeguarding"
        found: dict[Kind, bool] = {
            "parent_contact": evidence.contact,
            "behaviour": evidence.behaviour,
            "session": evidence.session,
        }
        if explicit == "parent_contact" and evidence.relation_told:
            return explicit  # "p amaras mum said at pick up ...": routed as well as stored
        if explicit is not None:
            return explicit if found.get(explicit) else "safeguarding"
        if physical:
            return "behaviour"  # a hold is the record; "dad phoned 3.10" is part of it
        return next((k for k, yes in found.items() if yes), "safeguarding")
    if explicit:
        return explicit
    f = msg.folded
    if contact_led(msg):
        return "parent_contact"
    if physical:
        return "behaviour"  # force or a hold is never a session
    if provision_found and session_signal:
        return "session"  # "hydro 30 mins, kicked his legs": the session is the record
    if has_strong_behaviour(msg):
        return "behaviour"
    if has_behaviour(msg):
        return "behaviour"
    if RELATION.search(f) and (CONTACT_VERB.search(f) or _AT_SCHOOL.search(f)):
        return "parent_contact"
    if provision_found or other_provision or (session_signal and pupil_named):
        return "session"
    return None
