"""The statutory extras of a behaviour incident, above all a restrictive
physical intervention (RPI): was force used, and the details typed about it.

Holds and escorts are recognised by their usual names in Team Teach, MAPA,
PRICE and similar schemes (guide, escort, single/double elbow, T-wrap,
seated hold, restraint, held, physical intervention, positive handling);
a negation ("no physical intervention needed", "no RPI used", "didn't need
to hold") means none was used. Ordinary uses ("held his hand", "guided
reading", "on hold") are not holds.

These rules read the message without claiming words: the notes keep the
whole account, the fields are there so the record, the form and the SENCO
report have them. What the law asks to be recorded and the message did not
say is `RpiDetails.missing`, so the bot can ask for it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import time

from handlers.grammar.dates import Mention
from handlers.grammar.durations import Duration, duration_from
from handlers.grammar.fastre import fast
from handlers.grammar.normalise import Message, WordTest
from handlers.grammar.result import RpiDetails
from handlers.grammar.vocab import COMMON_WORDS

_PERSON = r"(?:him|her|them|@+|the\s+(?:child|pupil|boy|girl))"
_HOLD_NAMES = (
    r"(?:guided|friendly|seated|standing|wrap|cradle|small\s+child|ground|prone|supine|basket|"
    r"figure\s+of\s+four|team\s*teach|mapa|price|one[\s-]person|two[\s-]person|caring\s+c|"
    r"single\s+elbow|double\s+elbow|half\s+shield|t[\s-]?wrap)\s+(?:hold|holds|wrap|guide|escort)"
)
_RPI = fast(
    re.compile(
        r"\b(?:rpi|restrain\w*|restrictive\s+(?:physical\s+)?interventions?|physical\s+interventions?|"
        r"positive\s+handling|reasonable\s+force|team[\s-]?teach(?:\s+\w+)?|mapa\b|"
        rf"{_HOLD_NAMES}|single\s+elbow|double\s+elbow|t[\s-]?wrap|half\s+shield|figure\s+of\s+four|"
        r"caring\s+c(?:\s+guide)?|(?:two|2)[\s-](?:person|staff)\s+(?:escort|hold|guide)|"
        rf"(?<!taxi\s)(?<!bus\s)(?<!transport\s)(?<!minibus\s)escort(?:ed|ing|s)?\b(?!\s+(?:card|pass|list|rota|said|says|told|reported))|guid(?:ed|ing|e)\s+{_PERSON}\s+(?:to|out|back|away|into|from|down|up|off|along)\b|"
        rf"held\s+{_PERSON}\b(?!\s+(?:back\s+a\s+year|hand|hands))|(?:was|were|got|being|been)\s+held\b(?!\s+(?:up|back|in\s+the\s+(?:hall|office|library)|at|on))|held\s+(?:back\s+)?by\s+(?:two|2|three|another|a|the)?\s*(?:staff|adults|members|tas?|lsas?|mr|mrs|miss|ms|me)\b|held\s+(?:in\s+)?(?:a|the)\s+(?:\w+\s+)?hold|held\s+for\s+\d|"
        r"held\s+(?:for\s+)?(?:\d+|a|one|under\s+a|about\s+a)\s*(?:s|secs?|seconds?|m|mins?|minutes?)\b|"
        rf"(?:held|holding)\s+(?:his|her|their|@+'?s?)\s+hands?\s+(?:\w+\s+){{0,2}}?(?:to\s+(?:keep|stop|prevent|protect)|for\s+(?:his|her|their)\s+(?:own\s+)?safety|so\s+(?:he|she|they)\s+(?:couldn'?t|could\s+not|wouldn'?t|didn'?t|can'?t))\b|"
        rf"holding\s+{_PERSON}\b(?!\s+hand)|(?:held|holding|hold)\s+(?:his|her|their|@+'?s?)\s+(?:arms?|wrists?|shoulders?|legs?|head|upper\s+arms?)\b(?!\s+(?:up|out)\b)|"
        r"guided\s+(?:back|out|away|off|down|inside|indoors|outside|in)\b(?!\s+reading)|"
        # hands moved off another child ("guided his hands away from her face")
        r"guid(?:ed|ing|e)\s+(?:his|her|their)\s+hands?\s+(?:away|off|down|back)\b|"
        # Guided to a place (not "guided to the answer"): where a child is moved to.
        r"guided\s+(?:to|into|towards)\s+(?:the\s+)?(?:[a-z]+\s+)?(?:room|base|hub|unit|office|area|corner|bay|suite|classroom|class|hall|corridor|playground|exit|door|gate)\b|(?:with|w|used|using)\s+(?:a|an)\s+(?:\w+\s+)?(?:guide|escort)\b(?!\s+(?:dog|book|sheet))|(?:in|into|a|the|brief|short)\s+hold\b|hold\s+on\s+the\s+(?:floor|ground|mat|beanbag|sofa)\b|hold\s+(?:for\s+)?\d+\s*(?:s|secs?|seconds?|m|mins?|minutes?)\b|"
        rf"\d+\s*(?:secs?|seconds?|mins?|minutes?|m)\s+hold\b|"
        r"taken\s+to\s+the\s+(?:floor|ground)|(?:guided|led|taken|held|moved|walked|pulled)\s+(?:him|her|them|@+\s+)?by\s+(?:the|his|her|their|both)\s+(?:arm|arms|wrist|wrists|elbow|elbows|shoulders?)\b|physically\s+(?:moved|removed|guided|escorted|held|restrained|carried|lifted)|"
        r"(?:price|mapa)\s+(?:hold|guide|escort|technique|trained)|"
        # The wrap by its own name: "held in a wrap", "wrap 3 mins".
        r"(?:in|into)\s+(?:a|the)\s+(?:\w+\s+)?wrap\b|wrap\s+(?:for\s+)?(?:\d+|a|one|under\s+a|about\s+a)\s*(?:s|secs?|seconds?|m|mins?|minutes?)\b)"
    )
)
_NO_RPI = fast(
    re.compile(
        r"\b(?:no|without|not|never|nor)\s+(?:any\s+|the\s+need\s+for\s+|need\s+for\s+|use\s+of\s+)?(?:rpi|physical\s+interventions?|restrictive\s+(?:physical\s+)?interventions?|restraint|restraining|holds?|holding|physical\s+(?:contact|handling)|positive\s+handling|team\s*teach|force|reasonable\s+force|escort)\b"
        r"|\b(?:rpi|physical\s+interventions?|restrictive\s+(?:physical\s+)?interventions?|restraint|holds?|holding|escort|force|reasonable\s+force|positive\s+handling|physical\s+(?:contact|handling)|team\s*teach)\s+(?:was\s+|were\s+|is\s+)?(?:not|wasn'?t|weren'?t|never|isn'?t)\s+(?:needed|used|required|necessary|an\s+option|appropriate)\b"
        r"|\b(?:rpi|physical\s+intervention|restraint|holds?|positive\s+handling|force)\s+(?:was\s+|were\s+)?(?:unnecessary|avoided)\b"
        r"|\b(?:didn'?t|did\s+not|don'?t|didnt|no\s+need\s+to|never|without|not)\s+(?:have\s+to\s+|need\s+to\s+|needing\s+to\s+)?(?:hold|restrain|use\s+(?:rpi|a\s+hold|holds|physical\s+\w+|restraint|force|team\s*teach)|escort|guide\s+(?:him|her|them)|physically)\b[^,.;]*"
        r"|\bavoided\s+(?:a\s+|an\s+|the\s+need\s+for\s+|any\s+)?(?:hold|rpi|restraint|physical\s+\w+|escort)\b"
        r"|\bhands[\s-]off\b|\bnon[\s-]physical\b"
        # Other children holding a child down is an assault on them, never staff's force.
        r"|\b(?:girls|boys|lads|kids|children|pupils|students|others|peers|year\s+\d+s?|gang)\s+(?:\w+\s+){0,4}?"
        r"(?:held|pinned|holding|hold)\s+\S+\s+down\b"
    )
)
# A hold named by its technique ...
_NAMED_HOLDS = (
    r"guided\s+hold|friendly\s+hold|single\s+elbow(?:\s+(?:hold|escort|guide))?|double\s+elbow(?:\s+(?:hold|escort|guide))?|"
    r"figure\s+of\s+four(?:\s+hold)?|half\s+shield|caring\s+c(?:\s+guide)?|cradle\s+hold|t[\s-]?wrap(?:\s+hold)?|"
    r"seated\s+(?:hold|wrap)|standing\s+(?:hold|wrap)|wrap\s+hold|small\s+child\s+hold|ground\s+hold|prone\s+(?:hold|restraint)|"
    r"supine\s+(?:hold|restraint)|(?:one|two|2)[\s-](?:person|staff)\s+(?:escort|hold|guide)|team\s*teach\s+(?:hold|escort|guide)|"
    r"(?:mapa|price)\s+(?:hold|guide|escort)|wrap"
)
# ... is the hold, before a generic verb told earlier ("escorted off the bus
# using a single elbow" is a single elbow).
_HOLD_TYPES = re.compile(
    rf"\b(?:({_NAMED_HOLDS})|(escort\w*|guide|guided|guiding|restrain\w*|positive\s+handling|[a-z]+\s+hold|"
    r"hold(?=\s+on\s+the\s+(?:floor|ground|mat|beanbag|sofa))|"
    r"held(?=\s+(?:for\s+\d|by\b|down\b|(?:him|her|them)\b|(?:his|her|their)\s+(?:arms?|wrists?|hands?|shoulders?|legs?)))))\b"
)
_NOT_HOLD_ADJ = frozenset(
    "a the his her their in into to on brief short and then rpi of put no a any one".split()
)
# Where it happened; "to the calm room" is where they went, not where.
_PLACES = fast(
    re.compile(
        # A gate, a field, an office ... keeps the word that says which ("the school gate",
        # "the front office", "the top corridor").
        r"\b((?:(?:school|front|back|main|side|top|bottom|upstairs|downstairs|junior|juniors|infant|infants|"
        r"lower|upper|middle|ks[1-4]|staff|playground|field|car\s+park|science|maths|english|art|music|"
        r"humanities|languages|mfl|dt|technology|computing|ict|history|geography|pastoral|school|"
        r"[a-z]\s+block|block\s+[a-z])\s+)?"
        r"(?:gates?|field|office|corridor|"
        r"playground|library|yard|stairs|toilets?|entrance)|"
        # a door only with the word that says which ("kicked the door" is no place)
        r"(?:front|back|main|side|fire|classroom|outside|exit|office|hall|staffroom|entrance)\s+doors?|fire\s+exit|"
        r"(?:sixth|6th)\s+form\s+(?:centre|center|block|base|area|room|common\s+room)|"
        r"dining\s+(?:hall|room)|dinner\s+hall|lunch\s+hall|main\s+hall|sports\s+hall|pe\s+hall|hall|classroom|"
        r"loos?|carpet|quiet\s+room|calm\s+room|sensory\s+room|nurture\s+room|reception|"
        r"stairwell|cloakroom|muga|canteen|car\s+park|changing\s+rooms?|courtyard|minibus|gym|"
        r"supermarket|shops?|station|bus\s+stop|cafe|leisure\s+centre|stables|paddock|food\s+tech(?:\s+room)?|"
        r"outside|garden|forest\s+school|lounge|landing|dorm(?:itory)?|bedroom|drive(?:way)?|(?:[a-z]+\s+)?kitchen|soft\s+play(?:\s+room)?|lift|park|farm(?:\s+yard)?|farmyard|(?:hydro\s*|swimming\s+)?pool|"
        r"[a-z]+\s+(?:room|area|base|hub|unit|suite|bay|block|pitch|court|corner|lab|labs|studio|workshop|centre|zone|pod|den)|"
        r"(?:hospital|college|ward)\s+corridor|"
        r"(?:in|during)\s+(?:maths|english|pe|science|assembly|art|music|phonics|lunch|break|playtime|class|history|"
        r"geography|computing|re|dt|french|spanish|swimming))\b"
    )
)
_DESTINATION = re.compile(r"\b(?:to|into|back\s+to|out\s+to)\s+(?:the\s+)?(?:\w+\s+)?$")
_HEADING = re.compile(r"\btowards?\s+(?:the\s+)?(?:\w+\s+)?$")
_STAFF_REF = (
    r"(?:me\b|myself\b|i\b|(?:mr|mrs|ms|miss|mx|dr|sir)\.?\s+[A-Z][\w'-]+|[A-Z][a-z]+\s+\((?:ta|lsa|hlta|senco|dsl|teacher)\)"
    r"|(?:another|a|one|two|three|2|3)\s+(?:other\s+)?(?:members?\s+of\s+staff|staff(?:\s+members?)?|adults|tas?|lsas?)\b)"
)
_STAFF = re.compile(
    rf"(?<![\w]){_STAFF_REF}(?:\s*(?:\+|&|and|,|with)\s*(?:{_STAFF_REF}|(?-i:[A-Z][a-z]+(?:\s+[A-Z][\w'-]+)?)\b(?!\s+(?:hold|held|guide))))*",
    re.I,
)
_INJURY = fast(
    re.compile(
        r"\b(no\s+(?:other\s+)?(?:injur(?:y|ies)|marks|harm|bruis\w*|one\s+(?:hurt|injured)|obvious\s+injur\w*)(?:\s+(?:to|for)\s+(?:anyone|either|staff|pupil|child|him|her))?|"
        r"injur(?:y|ies)\s*[:\-]\s*(?:none|nil|no(?:ne)?)|nobody\s+(?:hurt|injured)|no\s*one\s+(?:was\s+)?(?:hurt|injured)|unhurt|uninjured|"
        r"(?:minor\s+|slight\s+|small\s+)?(?:injur(?:y|ies|ed)|graze[sd]?|cut|scratch(?:es|ed)?|bump|red\s+marks?|carpet\s+burn|bruis\w*|bitten|bite)\b[^,.;]*)"
    )
)
_DEESCALATION = fast(
    re.compile(
        r"\b((?:(?!after\b|before\b|with\b|and\b|the\b|a\b|of\b|then\b|but\b|when\b|no\b)[a-z]+\s+)?(?:de[\s-]?escalation|deescalation)\b[^,.;]*|tried\s+(?!to\b)(?!(?:mum|mam|dad|parents?|home|carers?|nan|gran|calling|ringing|phoning)\b)[^,.;]+|offered\s+[^,.;]+|gave\s+(?:him|her|them|@+)\s+(?:space|time|choices|a\s+choice|take[\s-]?up\s+time)[^,.;]*|"
        r"take[\s-]?up\s+time[^,.;]*|calm\s+(?:voice|script|talk|talking|words|space|box)[^,.;]*|distraction[^,.;]*|"
        r"reduced\s+(?:demands|language|the\s+demand)[^,.;]*|now\s+(?:and|&)\s+next[^,.;]*|first\s+(?:and\s+)?then[^,.;]*|"
        r"planned\s+ignoring[^,.;]*|change\s+of\s+face[^,.;]*|help\s+script[^,.;]*|"
        r"(?:used|using)\s+(?:his|her|their)?\s*(?:zones|visuals|calm\s+box|sensory\s+\w+|fidget\w*|ear\s+defenders|timer)[^,.;]*)"
    )
)
_ANTECEDENT = fast(
    re.compile(
        r"\b(?:after\s+(?:being\s+)?(?:asked|told|given|refusing|losing|a|an|the|he|she)|because|when\s+(?:asked|told|he|she|it|the)|"
        r"triggered\s+by|trigger\b|following\s+(?:a|an|the)|antecedent|started\s+(?:when|after|because)|upset\s+(?:about|because|over|by|at)|"
        r"(?:was|were)\s+asked\s+to|(?:over|about)\s+(?:a|the|his|her)\s+\w+|wanted\s+(?:the|to|his|her)|lost\s+(?:at|a|the))\b"
    )
)
_REASON = fast(
    re.compile(
        r"\b(?:to\s+(?:prevent|stop|keep|protect|ensure|avoid)|for\s+(?:his|her|their|everyone'?s|the\s+safety|safety)|"
        r"(?:risk|danger)\s+(?:of|to)|dangerous|unsafe|heading\s+(?:for|towards|to)\s+(?:the\s+)?(?:road|gate|exit|car\s+park|stairs)|"
        r"(?:as|because)\s+(?:he|she|they)\s+(?:was|were)\s+(?:\w+ing|about\s+to|trying\s+to|going\s+to)|"
        r"(?:was|were)\s+(?:hitting|kicking|punching|attacking|biting|hurting|running|climbing|throwing)|"
        r"(?:hurting|harming|hitting|kicking|attacking)\s+(?:him|her|them)sel(?:f|ves)|(?:hurting|harming|hitting|kicking|attacking)\s+(?:others|staff|peers|a\s+peer)|"
        r"reason\s*(?:for\s+(?:force|rpi|the\s+hold))?\s*[:\-]|necessary\s+because|needed\s+because)"
    )
)
_SUPPORT = fast(
    re.compile(
        r"\b(?:support(?:ed)?\s+(?:after|afterwards|given|offered|with)|support\s*[:\-]|debrief\w*|"
        r"(?:calm|quiet|down|reflection|cool[\s-]?down)\s+time|check(?:ed)?\s+in\s+(?:with|after|later)|restorative|"
        r"reassur\w*|comfort\w*|(?:drink|glass)\s+of\s+water|(?:time|sat)\s+in\s+(?:the\s+)?(?:calm|quiet|sensory|nurture)\s+room|"
        r"talked\s+(?:it\s+)?through|sat\s+with\s+(?:him|her|them)|first\s+aid|elsa\s+after|after(?:wards)?\s*,?\s+(?:he|she|they)\s+(?:was|were)\s+(?:given|offered|supported))\b"
    )
)
_RELATION = (
    r"(?:parents?|mum|mom|mam|mummy|dad|daddy|carers?|foster\s+carers?|home|family|gran|grandma|nan|nana|"
    r"grandad|grandparents?|guardian)"
)
_INFORMED_NOT = fast(
    re.compile(
        rf"\b(?:{_RELATION}|(?:his|her|their)\s+{_RELATION})\s+(?:not|not\s+yet|yet\s+to\s+be|still\s+to\s+be|haven'?t\s+been|hasn'?t\s+been|have\s+not\s+been|has\s+not\s+been|weren'?t|wasn'?t|were\s+not|was\s+not)\s+(?:yet\s+)?(?:informed|told|notified|contacted|called|phoned|rung|updated|aware|made\s+aware)\b"
        rf"|\b(?:not|not\s+yet|haven'?t|hasn'?t|have\s+not|couldn'?t|could\s+not|unable\s+to|yet\s+to|still\s+to|need\s+to|needs\s+to|to|will|going\s+to|must)\s+(?:yet\s+)?(?:inform|informed|tell|told|contact|contacted|call|called|ring|rung|phone|phoned|reach|get\s+hold\s+of|email|text|speak\s+to|let)\s+(?:the\s+|his\s+|her\s+|their\s+|@+'?s?\s+)?{_RELATION}\b"
        rf"|\bno\s+(?:answer|reply|response)\s+(?:from\s+)?(?:the\s+|his\s+|her\s+)?{_RELATION}\b|\bleft\s+(?:a\s+)?(?:voicemail|message|vm)\b"
        # "tried mum at 1.15 no answer", "rang dad 2.45 no answer"
        rf"|\b(?:tried|rang|rung|called|phoned)\s+(?:ringing\s+|calling\s+|phoning\s+)?(?:the\s+|his\s+|her\s+)?{_RELATION}\b[^,;]{{0,20}}?\bno\s+(?:answer|reply|response)\b"
        # "mum rang no answer": the call was ours and nobody took it.
        rf"|\b{_RELATION}(?:\s+(?:rang|rung|called|phoned|tried))?\s*[,-]?\s*(?:but\s+)?(?:no\s+(?:answer|reply|response)|didn'?t\s+(?:answer|pick\s+up)|not\s+answering|unavailable|went\s+to\s+voicemail)\b"
        # "no injuries, not yet informed": on a record of force, who is to be told is the parents.
        r"|\b(?:not\s+yet|yet\s+to\s+be|still\s+to\s+be|not\s+been)\s+(?:informed|told|notified)\b"
    )
)
_INFORMED = fast(
    re.compile(
        rf"\b(?:(?:the\s+|his\s+|her\s+|their\s+|@+'?s?\s+)?{_RELATION}\s+(?:were\s+|was\s+|have\s+been\s+|has\s+been\s+|all\s+)?(?:informed|told|notified|contacted|called|phoned|rung|rang|updated|aware|made\s+aware|spoken\s+to|emailed|texted|messaged)"
        rf"|(?:informed|told|notified|contacted|called|phoned|rang|rung|emailed|texted|messaged|spoke\s+to|spoken\s+to|updated|let)\s+(?:the\s+|his\s+|her\s+|their\s+|@+'?s?\s+)?{_RELATION}(?:\s+know)?)\b"
    )
)
_STAFF_WORDS = frozenset({"me", "myself", "i", "mr", "mrs", "ms", "miss", "mx", "dr", "sir", "staff",
                          "adults", "ta", "tas", "lsa", "lsas", "members", "member"})  # fmt: skip
_IN_DURING = re.compile(r"^(?:in|during)\s+")
_TEAM = re.compile(r"\+|&|\band\b|,|\bwith\b|\bstaff\b|\badults\b|\btas?\b|\blsas?\b", re.I)
_STAFF_OR_TEAM = re.compile(
    r"\+|&|\band\b|,|\bwith\b|\b(?:mr|mrs|ms|miss|mx|dr|sir)\b|\bstaff\b|\badults\b|\btas?\b|\blsas?\b",
    re.I,
)
_A_MINUTE = re.compile(
    r"\b(?:a|one|(a\s+couple\s+of|a\s+couple|couple\s+of|two))\s+(?:mins?|minutes?)\b(?!\s+ago)"
)
_SECONDS = re.compile(r"(\d+)\s*(?:s|secs?|seconds?)\b")


@dataclass(slots=True)
class Incident:
    physical_intervention: bool = False
    place: str | None = None
    injuries: str | None = None
    rpi: RpiDetails | None = None
    informed_mention: Mention | None = None  # the time parents were told, not the incident's
    informed_clock: time | None = None


# Every _RPI match contains a word beginning with one of these. Keep in step.
_RPI_STEMS = tuple(
    """rpi restrain restrict physical positive reasonab team teach mapa price hold wrap twrap guid
    elbow shield figure caring escort held floor ground led taken moved walked pulled""".split()
)
_RPI_WORD = WordTest(lambda w: w.startswith(_RPI_STEMS))


def is_physical_intervention(msg: Message) -> bool:
    """A hold, escort or restraint is named and not negated."""
    if not any(map(_RPI_WORD.__getitem__, msg.words)):
        return False  # the usual case, without a regex pass
    f = msg.folded
    found = msg.search(_RPI)
    if found is None:
        return False
    negated = [m.span() for m in _NO_RPI.finditer(f)]
    if not negated:
        return True
    return any(not any(a <= m.start() < b for a, b in negated) for m in _RPI.finditer(f))


def _place(msg: Message, moved: bool = False) -> str | None:
    """Where it happened ("at the school gate" before "off the minibus", which is
    where it began); failing that, where the child was taken ("escort back to the
    nurture room"). When force `moved` the child, both: "corridor to the calm room"."""
    f = msg.folded
    where = destination = heading = origin = door = activity = None
    for m in _PLACES.finditer(f):
        if any(msg.owner[t.i] == "pupil" for t in msg.tokens_in(m.start(), m.end())):
            continue  # "b bay threw chairs": a pupil's name, not the place
        words = m.group(1).split()
        if words[0] in _NOT_A_PLACE and _PLACES.fullmatch(" ".join(words[1:])):
            words = words[1:]  # "the kitchen": a place by its own name
        elif words[0] in _NOT_A_PLACE:
            if words[0] != "the" or len(words) != 2 or words[1] not in _THE_PLACES:
                continue
            if _PLACES.match(f, m.end() + 1):
                continue  # "the hub sensory room": the room, inside the hub
            words = words[1:]
        place = _IN_DURING.sub("", " ".join(words))
        before = max(0, m.start() - 20)
        if _IN_DURING.match(words[0] + " "):
            activity = activity or place  # "in assembly": the lesson, weaker than the room
        elif _HEADING.search(f, before, m.start()):
            heading = heading or place  # "ran towards the gate": never got there
        elif _DESTINATION.search(f, before, m.start()):
            destination = destination or place
        elif _ORIGIN.search(f, before, m.start()):
            origin = origin or place
        elif place.endswith(_DOORS):
            door = door or place  # "the fire door in the hall": the hall
        else:
            where = where or place
    where = where or door or origin or activity or _class_named(msg)
    destination = destination or heading
    if where and destination and moved and where != destination:
        return f"{where} to the {destination}"
    return where or destination


_DOORS = ("door", "doors", "exit")
# A class by its code ("in 5M", "outside 3V"): year and letter, as schools name them.
_CLASS_CODE = re.compile(r"\b(?:in|outside|into|from|near|by)\s+(\d{1,2}[A-Z]{1,3})\b")


def _class_named(msg: Message) -> str | None:
    m = _CLASS_CODE.search(msg.text)
    return m.group(1) if m else None


_ORIGIN = re.compile(r"\b(?:off|from|out\s+of)\s+(?:the\s+)?(?:\w+\s+)?$")


# "the room", "his area": a room word needs a word that names the room ...
_NOT_A_PLACE = frozenset("the a his her their my this that same other own whole".split())
# ... unless the school calls the place just that ("the base", "the hub").
_THE_PLACES = frozenset("hub base unit lab".split())


def _staff(msg: Message) -> str | None:
    # Every staff reference starts with "me", "myself", a title, a staff word,
    # or is a name with a "(TA)"-style role: without one, skip the pattern.
    if "(" not in msg.text and msg.words.isdisjoint(_STAFF_WORDS) and "2" not in msg.text:
        return _named_colleague(msg)
    found = [
        s
        for s in _STAFF.finditer(msg.text)
        if _STAFF_OR_TEAM.search(s.group(0)) and not s.group(0).endswith(("'s", "\u2019s"))
    ]  # "grabbed Mrs Kaur's lanyard": the one whose lanyard, not who held
    if not found:
        return _named_colleague(msg) or _by_me(msg)
    # Whoever the hold was done "by" or "with" beats anyone else named ("bit Ms Ali ...
    # guide by Mr Obi": Ms Ali was hurt); then "me + Mr Patel" (a team) beats a lone
    # "Mr Smith" (who may be the one hurt).
    doers = [s for s in found if _BY_BEFORE.search(msg.text, max(0, s.start() - 6), s.start())]
    if not doers:
        # "hit mr penhallow ..., then dominik guided him out": who did it, not who was hit
        for m in _NAME_DOES_HOLD.finditer(msg.folded):
            if _a_colleague(msg, m, 1):
                return msg.text[m.start(1) : m.end(1)]
    teams = [s for s in found if _TEAM.search(s.group(0))]
    chosen = (doers or teams or found)[0]
    start = chosen.start()
    # "by carys and mr lumb": a colleague's first name just before the titled one
    before = _NAME_AND_BEFORE.search(msg.folded, max(0, start - 30), start)
    if before is not None and _a_colleague(msg, before, 1):
        start = before.start(1)
    end = chosen.end()
    # "by mr okonjo and carly": a colleague's first name just after it
    after = _AND_NAME_AFTER.match(msg.folded, end)
    if after is not None and _a_colleague(msg, after, 1):
        end = after.end(1)
    return msg.text[start:end].strip(" ,")


# "tomasz used a guide", "gareth and kerry brought her back": colleagues named, then
# what they did.
_NAMES_THEN_DID = re.compile(
    r"\b([a-z][a-z'-]+)(?:\s*(?:,|and|&|\+)\s*([a-z][a-z'-]+))?\s+(?:then\s+)?(?:used|brought|guided|held|"
    r"escorted|walked|took|moved|restrained|carried|led|supported|removed|did|had\s+to)\b"
)


def _colleagues_who_did_it(msg: Message, staff_words: frozenset[str]) -> str | None:
    """Colleagues from the staff list named as doing the hold ("tomasz used a guide");
    a colleague named only as hurt ("bit kerry") is not one."""
    if not staff_words or msg.words.isdisjoint(staff_words):
        return None
    for m in _NAMES_THEN_DID.finditer(msg.folded):
        names = [g for g in (1, 2) if m.group(g)]
        # "the yard, tomasz used": only the name next to the verb may be the colleague
        while names and not all(
            m.group(g) in staff_words and _a_colleague(msg, m, g) for g in names
        ):
            names = names[1:]
        if names:
            return msg.text[m.start(names[0]) : m.end(names[-1])]
    return None


_NAME_DOES_HOLD = re.compile(
    r"(?:\bthen|\band|,)\s+([a-z][a-z'-]+)\s+(?:guided|escorted|held|restrained|walked|carried|moved)\s+"
    r"(?:him|her|them)\b"
)
_AND_NAME_AFTER = re.compile(r"\s+(?:and|&|\+)\s+([a-z][a-z'-]+)\b")
_NAME_AND_BEFORE = re.compile(r"\b([a-z][a-z'-]+)\s+(?:and|&|\+)\s+$")


_BY_BEFORE = re.compile(r"\b(?:by|with|w/|from)\s+$", re.I)


def _by_me(msg: Message) -> str | None:
    """ "held by me": the sender alone did it (a lone "me" elsewhere is not staff)."""
    m = _BY_ME.search(msg.folded)
    return msg.text[m.start(1) : m.end(1)] if m else None


_BY_ME = re.compile(r"\bby\s+(me|myself)\b(?!\s*(?:and|&|\+))")


# "by me and marcus", "femi and me": a colleague's first name typed in lower case.
_BY_NAME = re.compile(
    r"(?:\bby|\bwith|\bw/|\bw(?=\s))\s*([a-z][a-z'-]+)(?:\s+(?!(?:and|&)\b)([a-z][a-z'-]+))?"
    r"(?:\s+(?:and|&|\+)\s+([a-z][a-z'-]+)(?:\s+([a-z][a-z'-]+))?)?\b"
)
_ME_AND = re.compile(
    r"\b(?:me|myself)\s+(?:and|&|\+)\s+([a-z][a-z'-]+)(?:\s+([a-z][a-z'-]+))?\b"
    r"|\b([a-z][a-z'-]+)\s+(?:and|&|\+)\s+(?:me|myself|i)\b"
)


_PAIR_BEFORE_HOLD = re.compile(
    rf"\b([a-z][a-z'-]+)\s+(?:and|&|\+)\s+([a-z][a-z'-]+)\s+(?:{_NAMED_HOLDS}|escort\w*|guided|held|restrain\w*)\b"
)


def _named_colleague(msg: Message) -> str | None:
    for m in _ME_AND.finditer(msg.folded):
        group = 1 if m.group(1) else 3
        if not _a_colleague(msg, m, group):
            continue  # "me and then", or a pupil
        # "by me and liam connolly": the surname too, when it is one
        end = _through_surname(msg, m, 1, 2) if group == 1 else m.end()
        return msg.text[m.start() : end]
    # "marcus and femi double elbow": two first names just before the hold.
    for m in _PAIR_BEFORE_HOLD.finditer(msg.folded):
        if _a_colleague(msg, m, 1) and _a_colleague(msg, m, 2):
            return msg.text[m.start(1) : m.end(2)]
    # "cradle hold 2 mins by marcus": a first name after "by" that is no pupil.
    for m in _BY_NAME.finditer(msg.folded):
        if not _a_colleague(msg, m, 1):
            continue  # "by the door", "with his zones card", or a pupil
        # "by Priya and Dom", "w kerry wragg and jake", "by bev and tom ashby": all of them
        end = _through_surname(msg, m, 1, 2)
        if m.group(3) and _a_colleague(msg, m, 3):
            end = _through_surname(msg, m, 3, 4)
        return msg.text[m.start(1) : end]
    return None


def _through_surname(msg: Message, m: re.Match[str], name: int, surname: int) -> int:
    """Where the colleague named in group `name` ends: after group `surname` when
    that holds a word that may be their surname, else after the first name."""
    if m.group(surname) and _a_colleague(msg, m, surname):
        return m.end(surname)
    return m.end(name)


def _a_colleague(msg: Message, m: re.Match[str], group: int) -> bool:
    """The word in `group` may be a colleague's first name: no common word, no pupil."""
    tok = msg.token_at(m.start(group))
    return m.group(group) not in _NOT_A_COLLEAGUE and tok is not None and msg.owner[tok.i] is None


_NOT_A_COLLEAGUE = COMMON_WORDS | frozenset(
    "phone text email letter hand arm force accident mistake mum dad".split()
)


def _typed(msg: Message, m: re.Match[str], group: int = 1) -> str:
    return msg.text[m.start(group) : m.end(group)].strip(" -:")


def _hold(msg: Message) -> str | None:
    """The named technique; without one, every general word typed for what was
    done, in order ("positive handling, guided")."""
    generic: list[str] = []
    for m in _HOLD_TYPES.finditer(msg.folded):
        if m.group(1):
            return _typed(msg, m, 1)
        words = m.group(2).split()
        if len(words) == 2 and words[1] == "hold" and words[0] in _NOT_HOLD_ADJ:
            continue
        typed = _typed(msg, m, 2)
        if typed.lower() not in (g.lower() for g in generic):
            generic.append(typed)
    return ", ".join(generic) or None


def _informed(msg: Message, mentions: list[Mention]) -> tuple[bool | None, Mention | None]:
    """Were parents told (None: not said), and the mention saying when."""
    f = msg.folded
    if msg.search(_INFORMED_NOT):
        return False, None
    m = msg.search(_INFORMED)
    if m is None:
        return None, None
    # "parents informed 3pm", "rang mum at 3.30": a time within a few words either side.
    for men in mentions:
        if men.clock is None and men.part is None:
            continue
        if m.end() <= men.start <= m.end() + _NEAR or m.start() - 12 <= men.end <= m.start():
            between = f[m.end() : men.start] if men.start >= m.end() else f[men.end : m.start()]
            if not any(c in between for c in ",.;"):
                return True, men
    return True, None


# How far after "informed" its time may be: "informed by Mrs Akhtar at 3.10pm".
_NEAR = 28


def _hold_minutes(msg: Message, duration: Duration | None) -> int | None:
    """The message's duration; but when it comes before the hold and another
    follows it ("talked to him for 10 mins, then guided him down, about 2
    mins"), the one after the hold is how long force was used."""
    if duration is not None:
        hold = msg.search(_RPI)
        if hold is not None and duration.end <= hold.start():
            later = duration_from(msg, hold.start())
            if later is not None:
                return later.minutes
        return duration.minutes
    a_minute = _A_MINUTE.search(msg.folded)
    if a_minute is not None:
        return 2 if a_minute.group(1) else 1  # "for about a min", "a couple of minutes"
    secs = _SECONDS.search(msg.folded)
    if secs is not None and int(secs.group(1)) > 0:
        return max(
            1, math.ceil(int(secs.group(1)) / 60)
        )  # a 30-second hold is recorded as 1 minute
    return None


# How parents were told, from the words that say they were (storage.vocabulary.ContactMethod).
_HOW_TOLD = (
    (re.compile(r"\b(?:called|phoned|rang|rung|ring|call|phone)\b"), "phone"),
    (re.compile(r"\bemail\w*"), "email"),
    (re.compile(r"\b(?:texted|text|messaged)\b"), "text"),
    (
        re.compile(r"\b(?:spoke|spoken|face\s+to\s+face|in\s+person|at\s+pick[\s-]?up)\b"),
        "in_person",
    ),
)
_CLAUSE_END = re.compile(r"[,.;]")


def _clause(msg: Message, m: re.Match[str] | None) -> str | None:
    """The typed words from where `m` starts to the end of its clause."""
    if m is None:
        return None
    end = _CLAUSE_END.search(msg.folded, m.start())
    words = msg.text[m.start() : end.start() if end else len(msg.text)].strip(" -:")
    return words or None


def _how_told(msg: Message) -> str | None:
    m = msg.search(_INFORMED)
    if m is None:
        return None
    words = msg.folded[max(0, m.start() - 12) : m.end() + 20]
    return next((how for pattern, how in _HOW_TOLD if pattern.search(words)), None)


def read_incident(
    msg: Message,
    mentions: list[Mention],
    duration: Duration | None,
    staff_words: frozenset[str] = frozenset(),
) -> Incident:
    """The incident's place and injuries, and an RPI's details when force was used
    (`parents_informed_at` is set by the caller, who knows the incident's day;
    `staff_words` are the words of the school's staff names)."""
    f = msg.folded
    force = is_physical_intervention(msg)
    out = Incident(physical_intervention=force, place=_place(msg, moved=force))
    m = _INJURY.search(f)
    if m:
        out.injuries = _typed(msg, m)
    if not out.physical_intervention:
        return out
    informed, informed_mention = _informed(msg, mentions)
    de = msg.search(_DEESCALATION)
    out.rpi = RpiDetails(
        hold=_hold(msg),
        minutes=_hold_minutes(msg, duration),
        staff=_staff(msg) or _colleagues_who_did_it(msg, staff_words),
        place=out.place,
        deescalation=_typed(msg, de) if de else None,
        injuries=out.injuries,
        parents_informed=informed,
        antecedent=msg.search(_ANTECEDENT) is not None,
        reason=msg.search(_REASON) is not None,
        support=msg.search(_SUPPORT) is not None,
        antecedent_words=_clause(msg, msg.search(_ANTECEDENT)),
        reason_words=_clause(msg, msg.search(_REASON)),
        support_words=_clause(msg, msg.search(_SUPPORT)),
        informed_how=_how_told(msg) if informed else None,
    )
    out.informed_mention = informed_mention
    if informed_mention is not None:
        out.informed_clock = informed_mention.clock or informed_mention.part
    return out
