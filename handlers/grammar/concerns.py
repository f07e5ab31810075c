"""Possible safeguarding concerns, recognised by what a message says.

Staff rarely write "safeguarding": they write what they saw or were told
("said dad hits mum when he's drunk", "no breakfast all week and the same
uniform", "older lads waiting at the gate with a new phone"). The rules
below follow KCSIE's categories and each names the category it is evidence
for (the `concern` field of the parse contract). A message may carry
several; any one routes it to the DSL. Over-routing is the safe direction,
so a rule errs wide, but the ordinary uses of the same words ("said he
enjoyed it", "hit the table", "fell over in the playground, grazed knee,
first aid given", "full marks") stay what they are:

* harm needs a harmer who is an adult or at home ("dad hits", "was hit by
  his uncle", "gets smacked at home"): a pupil hitting a peer is behaviour;
* an injury or mark is a concern unless it is negated ("no marks") or a
  witnessed accident explains it, with no doubt about the story;
* reported speech ("said", "told me", "wrote", "asked me to keep a secret")
  adds `disclosure` to what it reports, and on its own is nothing;
* a cue inside a negation ("no concerns", "didn't disclose anything") is
  dropped, except where the negation is the concern ("not eating").

`find_concerns()` reads the message's folded text with the pupils' names
masked (a name is "@@@", so "Kai said" and "he said" read alike), and
returns the categories and the phrases as typed. Each rule is gated by the
words it cannot match without, derived from its pattern (so a gate can never
hide a match), and most messages cost a few substring tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import partial

from handlers.grammar.fastre import fast, required_clauses, required_words
from handlers.grammar.normalise import WordMemo

# -- vocabulary ---------------------------------------------------------------------
_REL = (
    r"(?:mum|mom|mummy|mam|mother|dad|daddy|father|step\s*-?\s*(?:mum|dad|father|mother)|stepmum|"
    r"stepdad|stepfather|stepmother|parents?|carers?|foster\s+(?:mum|dad|carers?|parents?)|nan|nana|"
    r"nanny|gran|granny|grandma|grandad|granddad|grandpa|grandparents?|uncle|auntie|aunty|aunt|"
    r"brother|sister|cousin|(?:mum|mom|mam)'?s\s+(?:new\s+)?(?:boyfriend|bf|partner|fella|friend)|"
    r"dad'?s\s+(?:new\s+)?(?:girlfriend|gf|partner|friend)|boyfriend|girlfriend|partner|family)"
)
_POSS = r"(?:his|her|their|my|our|the|a|@+'?s?)"
_ADULT = (
    rf"(?:(?:{_POSS}\s+)?(?:older\s+|big\s+|new\s+|step\s*-?\s*)?{_REL}"
    r"|an?\s+(?:older\s+)?(?:man|men|woman|adult|lady|stranger|teenager|bloke|guy)"
    r"|an?\s+older\s+(?:boy|lad|girl|kid|teen|child|pupil)"
    r"|some\s+(?:man|men|woman|adults?|older\s+\w+)|someone|somebody"
    r"|(?:the\s+)?older\s+(?:boys?|lads?|men|kids|teens?|teenagers|youths?|friends?|males?|girls?)"
    r"|(?:mr|mrs|ms|miss|sir)\s+\w+"
    # carers outside the family: respite, a children's home, clubs, transport
    r"|(?:the\s+)?(?:staff|carers?|workers?|people|man|woman|lady)\s+at\s+(?:the\s+)?(?:respite|short\s+breaks|"
    r"children'?s\s+home|care\s+home|the\s+home|club|after\s+school\s+club|holiday\s+club)"
    r"|(?:the\s+)?(?:taxi|bus|minibus)\s+(?:driver|escort))"
)
# Harm done to someone (present or past), and its past participle.
_HARM = (
    r"(?:hit|hits|hitting|hurt|hurts|hurting|smack(?:s|ed|ing)?|slap(?:s|ped|ping)?|punch(?:es|ed|ing)?|"
    r"kick(?:s|ed|ing)?|beat(?:s|en|ing)?|batter(?:s|ed|ing)?|strangl\w*|chok(?:e|es|ed|ing)|throttl\w*|"
    r"burn(?:s|t|ed)|whip(?:s|ped)?|belt(?:s|ed)|shov(?:e|es|ed)|push(?:es|ed)|pinch(?:es|ed)|"
    r"grab(?:s|bed)|drag(?:s|ged)|twist(?:s|ed)|yank(?:s|ed)|bit|bites|threw\s+(?:\w+\s+){1,2}?at|throws\s+(?:\w+\s+){1,2}?at|attack(?:s|ed)?|kill(?:s|ed)?|murder\w*|"
    r"stab(?:s|bed)?|spank\w*|wallop\w*|threaten(?:s|ed|ing)?|lock(?:s|ed)\s+(?:\w+\s+)?(?:in|out)|"
    r"pull(?:s|ed)\s+(?:his|her|my)\s+hair|rough(?:s|ed)?\s+(?:\w+\s+)?up)"
)
_HARMED = (
    r"(?:hit|hurt|smacked|slapped|punched|kicked|beaten|beat|battered|belted|whipped|burnt|burned|"
    r"strangled|choked|locked\s+(?:in|out)|thrown|pushed|shoved|grabbed|dragged|touched|attacked|"
    r"stabbed|spanked|threatened|bitten|told\s+off\s+and\s+hit)"
)
_BODY = (
    r"(?:arms?|upper\s+arms?|forearms?|legs?|neck|face|back|wrists?|hands?|cheeks?|body|ears?|thighs?|"
    r"chest|tummy|stomach|bottom|bum|head|shoulders?|eye|ribs?|side|knees?|shin|ankles?|lip|nose)"
)
# "dad beat him at chess", "hit the table", "mum hurt her back": a thing, a
# game or the harmer's own body, not a person harmed.
_NOT_A_PERSON = (
    r"(?!\s+(?:the|a|an|his|her)\s+(?:table|wall|door|floor|ball|roof|chair|desk|window|button|"
    r"target|bell|jackpot|road|ground|shops|books|nail|note|spot|deck|brakes|record|timer|"
    r"high\s+score|finish)\b)"
    r"(?:(?<=pinched)|(?<=pinches)|(?<=grabbed)|(?<=grabs)|(?<=punched)|(?<=punches)|(?<=kicked)|"
    r"(?<=slapped)|(?<=slaps)|(?<=smacked)|(?<=smacks)|(?<=twisted)|(?<=twists)|(?<=yanked)|(?<=dragged)|"
    rf"(?!\s+(?:his|her|their|my)\s+(?:own\s+)?{_BODY}\b))"
    r"(?!\s+(?:him|her|me|them|us)\s+(?:at|in)\s+(?!home\b)(?:\w+\s+)?(?:chess|football|cards|games?|"
    r"racing|race|tag|fortnite|fifa|uno|monopoly|running|maths|spelling)\b)"
    r"(?!\s+(?:it\s+off|back\b|base|typing|up\s+(?:with|a)))"
    r"(?!\s+to\s+(?:take|ban|stop|confiscate|remove|cancel))"
)
# What may stand between the harmer and the harm: "dad always hits", "mum's
# boyfriend gets angry and hits", never a new subject ("mum said he hit ...").
_FILLER = (
    r"(?:\s+(?:always|often|sometimes|regularly|keeps|kept|has|had|have|would|will|used\s+to|"
    r"(?:gets|got|getting)\s+(?:angry|cross|drunk|mad)\s+and|when\s+(?:drunk|angry)|really|then|also|"
    r"apparently|allegedly|just|even|again|still|once|twice|was|is|did|does|might|may|"
    r"constantly|repeatedly|hard|to|going\s+to|gonna|threatened\s+to|tried\s+to|wants\s+to|would|"
    rf"{_HARM}\s+(?:the|a)\s+\w+\s+(?:then|and(?:\s+then)?))){{0,3}}?"
)
_CHILD_OBJ = r"(?:him|her|them|me|us|@+)"
# Where a pupil's masked name ends ("of @@@@ on her story"): '@' is no word character,
# so no \b follows it; and not their things ("@@@'s model").
_AFTER_MASK = r"(?![@\w'])"
_SPEECH = re.compile(
    r"\b(?:said|says|saying|say|told|tells|telling|tell|disclos\w*|mention(?:ed|s)?|let\s+slip|"
    r"confided|opened\s+up|admitted|whisper\w*|wrote|written|writes|drew|drawn|draws|asked|asks|"
    r"explained|claims?|claimed|reported|shared|talked\s+about|spoke\s+about|signed\s+(?:to\s+(?:me|us)\s+)?that)\b"
)
_SENTENCE_END = re.compile(r"[.;!?]|\s-\s|\n")
_NEGATED_BEFORE = re.compile(
    r"(?:\bno|\bnot|\bnever|\bwithout|\bnor|\bdenied|\bdenies|\bdeny|\bnothing|n't|\bnone\s+of)\s+(?:\w+\s+){0,2}$"
)
_NEGATED_AFTER = re.compile(r"\s*[,:\-–]?\s*(?:none|nil|n/?a|not\s+(?:seen|found|present))\b")
# A witnessed accident explains a mark ... unless the story is doubted or the
# explanation is only the child's ("says she fell").
ACCIDENT = re.compile(
    # (falling asleep is no fall)
    r"\b(?:(?:fell|falls?|falling|fallen)(?!\s+asleep)|tripped|trips?|slipped|slips?|bumped|bump|collided|collision|"
    r"banged\s+(?:it|his|her|their|into)|knocked|walked\s+into|ran\s+into|crashed|accident\w*|"
    r"first\s+aid|ice\s+pack|plaster|caught\s+(?:it|his|her)|scissors|from\s+the\s+hold|carpet\s+burns?|friction\s+burns?|"
    r"during\s+the\s+hold|in\s+the\s+hold|trapped|shut\s+(?:it|his|her|their)\s+\w+\s+in|"
    # the child's own equipment ("red marks on her shins from the AFOs")
    r"from\s+(?:the|her|his|their)\s+(?:new\s+)?(?:weighted\s+)?(?:afos?|splints?|straps?|(?:wrist\s+)?bands?|"
    r"processor(?:\s+magnet)?|magnet|coil|ear\s*moulds?|hearing\s+aids?|implant|goggles|glasses|wheelchair|chair|brace|harness|standing\s+frame|"
    r"stander|hoist|sling|cast|orthotics?|boots?|helmet|seat\s*belt|gaiters?|lycra\s+suit|peg|button)|"
    # seen happening by the adult writing it
    r"(?:saw|seen|watched)\s+(?:it\s+happen|(?:him|her|them|@+)\s+(?:do|catch|trap|pinch|bang|knock|trip|fall|slip)))\b"
)
_CHILD_SAYS = re.compile(
    r"\b(?:says|said|claims?|claimed|told\s+(?:me|us)|according\s+to\s+(?:him|her|@+))\s+(?:that\s+)?(?:['\"]\s*)?(?:he|she|they|i|@+)"
    + _AFTER_MASK
)
# Doubt about how a mark happened: the strong forms route a message on their
# own; with the weak ones too, a mark is never "explained" by an accident.
_DOUBT_STRONG = (
    r"\b(?:doesn'?t|does\s+not|didn'?t|did\s+not|don'?t)\s+add\s+up\b|"
    r"\b(?:story|stories|explanation|account)s?\s+(?:changed|keeps?\s+changing|changing|inconsistent|"
    r"don'?t\s+match|doesn'?t\s+match|differ\w*)\b|"
    r"\binconsistent\s+(?:story|stories|explanation|account)s?\b|\bdifferent\s+(?:story|stories|explanation|account)s?\b|"
    r"\bchanged\s+(?:his|her|their)\s+story\b|\bunexplained\b|\bno\s+explanation\b|"
    r"\b(?:couldn'?t|could\s+not|can'?t|cannot|won'?t|wouldn'?t|didn'?t|did\s+not|refused\s+to|unable\s+to|"
    r"reluctant\s+to)\s+(?:explain|say|tell\s+(?:me|us))\s+how\s+(?:he|she|they|it|@+)"
    + _AFTER_MASK
)
# A story the child was told to tell: doubt about any account, and a concern.
_COACHED = (
    r"\b(?:said|says|told|tells|telling|make|makes|made)\s+(?:me|him|her|them|us|@+)?\s*(?:i|he|she|they)?\s*(?:to|have\s+to|has\s+to|had\s+to|got\s+to|must|should)\s+(?:say|tell\s+(?:you|people|everyone|teachers?|school|staff|anyone))\s+(?:that\s+)?(?:i|he|she|they|it|@+|we)\b"
    r"|\b(?:was|were|been|got|get|gets|being)\s+(?:told|taught|coached)\s+(?:to\s+say|what\s+to\s+say)\b"
    r"|\b(?:supposed|meant)\s+to\s+say\s+(?:that\s+)?(?:i|he|she|they|it)\b"
    r"|\bnot\s+(?:allowed|supposed|meant)\s+to\s+(?:say|tell)\s+(?:anyone\s+|you\s+|anybody\s+)?(?:what|how|who|where)\s+(?:happened|really|it\s+happened|did)"
)
_DOUBT_RE = re.compile(
    _DOUBT_STRONG
    + "|"
    + _COACHED
    + r"|\b(?:doesn'?t|didn'?t)\s+(?:make\s+sense|match)\b|\bvague\b|\bevasive\b|\b(?:not|un)\s*sure\s+how\b"
    r"|\b(?:don'?t|didn'?t)\s+know\s+how\b|\bnot\s+the\s+first\s+time\b|\b(?:another|again|more)\s+(?:bruis\w*|marks?)\b"
    r"|\b(?:couldn'?t|could\s+not|can'?t|won'?t|wouldn'?t|didn'?t|refused\s+to)\s+(?:explain|say)\b"
    # a child who will not meet the adult's eye while telling it
    r"|\b(?:wouldn'?t|won'?t|couldn'?t|didn'?t|would\s+not|did\s+not|refused\s+to)\s+look\s+(?:at\s+)?(?:me|us|anyone|him|her)\b"
    r"|\b(?:kept|keeps)\s+looking\s+(?:at\s+the\s+(?:floor|ground)|down|away)\b|\b(?:no|avoid\w*)\s+eye\s+contact\b"
)
# Someone other than the child was hurt ("bruise on staff arm", "scratched Mrs Khan").
_OTHER_PERSON = (
    r"(?:staff|ta|tas|lsa|teacher|adult|mr\s+\w+|mrs\s+\w+|miss\s+\w+|ms\s+\w+|peer|peers|"
    r"another\s+(?:child|pupil|boy|girl)|friend|classmate)"
)
# "on staff", "to Mrs Khan", "on my hand": a mark said to be on someone else.
# A colleague's first name is masked as '#' (parser._masked): no \b after it.
_COLLEAGUE = r"#+(?:'?s\b)?"
_ON_OTHER = (
    rf"(?:on|to|across)\s+(?:the\s+|a\s+|an\s+)?(?:(?:{_OTHER_PERSON}|my|me)\b|{_COLLEAGUE})"
)
# The mark is on them, not the child: "bruise on staff arm", "scratched Mrs Khan",
# "a mark on my hand" (never just "me" nearby: "fresh marks ..., told me").
_STAFF_HURT = re.compile(
    rf"\b{_ON_OTHER}"
    rf"|(?:\b{_OTHER_PERSON}|#+)'?s?\s+(?:\w+\s+)?(?:arms?|hands?|face|legs?|wrists?|neck|back|fingers?|cheek)\b"
    # The person hurt is named after the verb: "scratched Mrs Khan", "bit me", never
    # the verb alone ("scratched her wrists" is the child's own injury).
    rf"|\b(?:scratch\w*|bit|bites|bitten|hit|hits|kick\w*|punch\w*|pinch\w*)\s+(?:me\b|#|(?:an?\s+|the\s+)?{_OTHER_PERSON}\b)"
)
# A mark said to be on someone else, straight after it ("bite mark on staff"): even a mark
# no accident explains is then not the child's injury.
_ON_SOMEONE_ELSE = re.compile(rf"\s+{_ON_OTHER}")
# Older children are a flag for exploitation where the message also says
# where or what ("older lads waiting at the gate"), not playing football.
_EXPLOIT_CONTEXT = re.compile(
    r"\b(?:gates?|cars?|van|park|money|cash|phones?|gifts?|drugs|weed|vapes?|cigarettes|street|shops?|"
    r"outside|waiting|hang(?:ing|s)?\s+(?:around|out)|after\s+school|late|night|errands?|packages?|"
    r"parcels?|flat|house|party|parties|alcohol|drink|meet|met|lifts?|trainers|secret)\b"
)
# Tablets to swallow, not the class iPads ("the tablets", "class tablets").
_PILLS = (
    r"(?:(?<!\bthe\s)(?<!\bclass\s)(?<!\bschool\s)(?<!\bour\s)(?<!\bipad\s)tablets|pills|paracetamol|"
    r"painkillers)"
)
# Where messages from someone online are found or told of.
_ONLINE_MEDIUM = re.compile(
    r"\b(?:online|internet|messages?|messag(?:ed|ing)|texts?|text(?:ed|ing)|chat\w*|dms?|apps?|snapchat|snap|"
    r"tiktok|instagram|insta|whatsapp|facebook|discord|roblox|fortnite|minecraft|xbox|playstation|ps\d|"
    r"ipad|tablet|phone|laptop|computer|headset|profile|account|games?|gaming)\b"
)
# Messages online told of, outside a lesson about staying safe online (where the class
# talks of people "pretending to be children").
_GROOMING_TOLD = re.compile(
    r"^(?!.*\b(?:e-?safety|online\s+safety|internet\s+safety|safe\s+online|role[\s-]?play\w*|pshe|rshe)\b)"
    r"(?=.*" + _ONLINE_MEDIUM.pattern + r")",
    re.S,
)
_ABSENT_CONTEXT = re.compile(
    r"\b(?:absent|absence|not\s+(?:been\s+)?in(?:\s+school)?|hasn'?t\s+been\s+in|off\s+school|missing|"
    r"not\s+attended|attendance|no\s+sign\s+of|not\s+seen|\d+\s+days?\s+(?:off|away))\b"
)
_ONLINE_CONTEXT = re.compile(
    r"\b(?:online|snapchat|snap|tiktok|instagram|insta|whatsapp|facebook|discord|roblox|fortnite|minecraft|xbox|headset|"
    r"playstation|ps\d|games?|gaming|internet|apps?|man|men|stranger|adult|older|someone|somebody|"
    r"boyfriend|girlfriend|\d\d\s*(?:year\s+old|yo))\b"
)


@dataclass(frozen=True)
class _Rule:
    categories: tuple[str, ...]
    pattern: re.Pattern[str]
    gate: frozenset[str]  # every match contains one of these (as a substring)
    negatable: bool = True  # "no bruising": a cue in a negation is no cue
    injury: str | None = None  # "weak": a witnessed accident explains it
    disclosure: bool = False  # the rule is itself a disclosure
    needs: re.Pattern[str] | None = None  # ... and only counts when the message has this too
    also: frozenset[str] | None = None  # ... and a word of this set too (a harmer and a harm)
    fallback: bool = False  # a wide net, tried only when no other rule found anything
    # Every match also contains one word of each of these sets (fastre.required_clauses):
    # a rule whose gate word is there runs only when these are there too.
    clauses: tuple[frozenset[str], ...] = ()


def _branches(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern ("a|b(c|d)" -> ["a", "b(c|d)"])."""
    out, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out


def _rule(
    categories: str,
    pattern: str,
    *,
    negatable: bool = True,
    injury: str | None = None,
    disclosure: bool = False,
    needs: re.Pattern[str] | None = None,
    also: str | None = None,
    fallback: bool = False,
) -> list[_Rule]:
    """One rule per alternative of `pattern`, each gated by the words it
    cannot match without (worked out from the pattern, see
    fastre.required_words), so a message runs the few small patterns its
    text can satisfy, not every one."""
    out = []
    for branch in _branches(pattern):
        compiled = re.compile(branch)
        gate = required_words(compiled)
        if gate is None:
            raise ValueError(f"concern rule with no word it needs: {branch[:60]}")
        out.append(
            _Rule(
                tuple(categories.split()),
                fast(compiled),
                gate,
                negatable,
                injury,
                disclosure,
                needs,
                frozenset(also.split()) if also else None,
                fallback,
                tuple(c for c in required_clauses(compiled) if c != gate),
            )
        )
    return out


# Something shared round ("put it on her story", "airdropped a pic round year 9").
_SHARED_ROUND = (
    r"\b(?:put|puts|posted|posting|shared|sharing|sent|spread|airdropp?(?:ed|ing)|leaked|forwarded)\s+"
    r"(?:(?:a|the|her|his|their)\s+)?(?:photos?|pictures?|pics?|images?|videos?|clips?|nudes?|it)\b"
    r"(?:\s+\S+){0,8}?\s+(?:in|on|into|round|around|to)\s+(?:(?:a|the|their|his|her)\s+)?"
    r"(?:group\s*chats?|gc|story|stories|snapchat|whatsapp|instagram|everyone|(?:whole\s+)?(?:year|class|school)"
    r"(?:\s+group)?|year\s+\d+)\b"
)

# What a child may hurt themselves with.
_SHARP = (
    r"(?:compass|pin|safety\s+pin|needle|scissors|sharpener|blade|glass|ruler|paperclip|paper\s+clip|"
    r"staple|nail\s+file|knife|pen|pencil)"
)

_ADULT_WORDS = """mum mom mummy mam mother dad daddy father step stepmum stepdad stepfather stepmother
parent parents carer carers foster nan nana nanny gran granny grandma grandad granddad grandpa
grandparent grandparents uncle auntie aunty aunt brother sister cousin boyfriend bf girlfriend gf
partner family man men woman adult adults lady stranger teenager bloke guy someone somebody older
mr mrs ms miss sir mums moms dads nans grans"""
_VICTIM_ADULT = (
    r"(?:mum|mom|mummy|mam|mother|dad|daddy|nan|nana|gran|granny|auntie|aunt|uncle|"
    r"(?:his|her|their|my|@+'?s?)\s+(?:mum|mom|mummy|mam|mother|dad|daddy|nan|gran|step\w*|partner|"
    r"girlfriend|boyfriend|wife|husband))"
)


_GROUPS = (
    r"(?:muslims|jews|christians|immigrants|foreigners|black\s+people|white\s+people|gays|gay\s+people|"
    r"refugees|asylum\s+seekers|migrants|pakis|hindus|sikhs|poles|romanians|gypsies|travellers|arabs|"
    r"asians|infidels|kafirs|non[\s-]?believers)"
)
# A people named by nationality, ethnicity or faith ("polish people", "the romanians",
# "muslim families"), beside the plural names above: hostility is told of them the same way.
_NATIONS = (
    r"(?:polish|romanian|bulgarian|lithuanian|latvian|estonian|slovak|czech|hungarian|albanian|"
    r"kosovan|serbian|ukrainian|russian|turkish|kurdish|syrian|iraqi|iranian|afghan|pakistani|indian|"
    r"bangladeshi|sri\s+lankan|nepali|chinese|vietnamese|filipino|african|nigerian|ghanaian|somali|"
    r"sudanese|eritrean|ethiopian|congolese|zimbabwean|jamaican|caribbean|arab|moroccan|algerian|"
    r"egyptian|portuguese|spanish|italian|french|german|irish|scottish|welsh|english|european|"
    r"eastern\s+european|foreign|asian|black|brown|white|mixed\s+race|muslim|jewish|christian|hindu|"
    r"sikh|catholic|gypsy|roma|traveller|gay|trans)"
)
_PEOPLES = (
    rf"(?:{_GROUPS}|{_NATIONS}\s+(?:people|kids|children|families|family|lot|ones|men|women|lads|"
    r"boys|girls|folk|neighbours)|(?:bulgarians|lithuanians|latvians|slovaks|czechs|albanians|"
    r"ukrainians|russians|turks|kurds|syrians|iraqis|iranians|afghans|pakistanis|indians|"
    r"bangladeshis|somalis|nigerians|africans|europeans|blacks|catholics|roma))"
)
_PEOPLES_RE = re.compile(rf"\b{_PEOPLES}\b")
# What a child needs to hear, see, move or speak: taken from them it is a punishment.
_AIDS = (
    r"(?:hearing\s+aids?|aids|cochlear\s+(?:implant|processor)s?|processors?|glasses|specs|wheelchair|chair|"
    r"walker|walking\s+frame|frame|crutches|splints?|communication\s+(?:aid|book|board|device|app)|"
    r"aac(?:\s+device)?|talker|device|ipad|tablet|pecs(?:\s+book)?|symbols?|inhaler|medication|meds)"
)
_RULES_BY_CATEGORY: tuple[list[_Rule], ...] = (
    # -- physical harm, and injuries and marks ---------------------------------------------
    _rule(
        "physical_abuse",
        rf"\b{_ADULT}{_FILLER}\s+{_HARM}\b{_NOT_A_PERSON}(?!\s+{_VICTIM_ADULT}\b)",
        negatable=False,
    ),
    _rule(
        "domestic_abuse",
        rf"\b{_ADULT}{_FILLER}\s+{_HARM}\b\s+{_VICTIM_ADULT}\b|\b(?:her|his|their|my|mum'?s|dad'?s)\s+(?:new\s+)?(?:partner|boyfriend|husband|wife|girlfriend|fella|ex|ex[\s-](?:partner|husband|wife|boyfriend))\s+(?:\w+\s+){{0,2}}?{_HARM}\b{_NOT_A_PERSON}|\bin\s+front\s+of\s+(?:the|her|his|their)\s+(?:kids|children|child)\b",
        negatable=False,
    ),
    _rule(
        "physical_abuse",
        rf"\b(?:gets?|got|getting|been|being|was|were|is|are)\s+(?:\w+\s+)?{_HARMED}\s+(?:by\s+{_ADULT}|at\s+home|when\s+(?:he|she|they|i)\s+(?:is|was|are|get|gets|got)\s+(?:home|naughty|bad))",
        negatable=False,
        also=_ADULT_WORDS + " home naughty bad",
    ),
    _rule(
        "physical_abuse",
        rf"\b{_HARM}\s+{_CHILD_OBJ}\s+(?:at\s+home|with\s+(?:a|the|his|her)\s+(?:belt|slipper|stick|spoon|wooden\s+spoon|shoe|cable|wire|lead|hanger))\b|\bwith\s+(?:a|the|his|her)\s+belt\b|\b(?:hit|hits|smacked|smacks|whacked|whacks|beaten|beat|belted|hurt|slapped|spanked|strapped)\s+(?:\w+\s+)?with\s+(?:a|the|his|her|their|mum'?s|dad'?s)\s+(?:slipper|belt|stick|wooden\s+spoon|spoon|shoe|cable|wire|lead|hanger|ruler|strap|cane)\b",
        negatable=False,
        also="home belt slipper stick spoon shoe cable wire lead hanger ruler strap cane with",
    ),
    _rule(
        "physical_abuse disclosure",
        rf"\b(?:said|says|told\s+(?:me|us|\w+)|disclosed|wrote|admitted|mentioned)\s+(?:that\s+)?(?:he|she|they|i|@+)\s+(?:gets?|got|getting|was|were|is|has\s+been|had\s+been|been|being|will\s+get|would\s+get|might\s+get)\s+(?:\w+\s+)?{_HARMED}\b",
        negatable=False,
    ),
    _rule(
        "physical_abuse",
        r"\b(?:hand|finger|fingertip|grip|belt|slap|rope|strap|ligature|thumb)[\s-]*(?:shaped\s+|print\s+)?marks?\b|\b(?:hand|finger)[\s-]*prints?\b|\bcigarette\s+burns?\b|\bbite\s+marks?\b|\bwelts?\b|\bmarks?\s+(?:like|in\s+the\s+shape\s+of)\s+(?:a\s+)?(?:hand|fingers?|finger\s*tips|fingertips|finger\s*prints|thumbs?|belt|grip)\b",
        injury="strong",
    ),
    _rule(
        "physical_abuse",
        rf"\bbruis\w*|\bblack\s+eye\b|\b(?:burn|scald)\s+marks?\b|\b(?:burns?|scalds?)\s+(?:mark\s+)?(?:on|to)\s+(?:the\s+(?:back|front|side|top|palm|inside)\s+of\s+)?(?:his|her|their)\b|\b(?:small|round|circular|little|fresh|new)\s+burns?\b|\b(?:red|purple|blue|yellow|strange|odd|unexplained|several|lots\s+of|fresh|circular|round|linear|raised|dark)\s+marks?\b(?!\s+(?:out\s+of|for))|\bmarks?\s+(?:on|around|across|to|under)\s+(?:his|her|their|the|both)?\s*(?:\w+\s+)?{_BODY}\b|\bswollen\s+{_BODY}|\bswelling\s+(?:on|to|around|under)\b|\blump\s+on\s+(?:his|her|their)\s+head\b|\bfractur\w*|\bbroken\s+(?:arm|wrist|leg|finger|bone|rib|nose)\b|\blimping\b|\bunexplained\s+injur\w*|\b(?:split|fat|burst|busted|swollen|cut)\s+lips?\b",
        injury="weak",
    ),
    _rule(
        "physical_abuse",
        r"\b(?:an?\s+|some\s+)?injur(?:y|ies)\s+(?:to|on)\s+(?:his|her|their)\s+\w+|\binjured\s+(?:his|her|their)\s+\w+",
        injury="weak",
    ),
    _rule(
        "self_harm physical_abuse",
        rf"\b(?:cuts?|scratches|scratch\s+marks|scars?)\s+(?:on|to|across|along|up)\s+(?:his|her|their|both)\s+(?:\w+\s+)?{_BODY}\b|\b(?:cuts?|scratches|scars?)\b(?=(?:\s+\S+){{0,8}}?\s+(?:sleeves?|hid(?:ing|es)?|cover(?:ing|s|ed)?|long\s+sleeves))",
        injury="weak",
    ),
    _rule(
        "self_harm",
        r"\b(?:cut(?:s|ting)?|scratch(?:es|ed|ing)?|burn(?:s|t|ed|ing)?)\s+(?:him|her|them|my)sel(?:f|ves)\b",
        injury="weak",
    ),
    _rule(
        "sexual_abuse",
        rf"\b{_ADULT}{_FILLER}\s+(?:touch(?:es|ed|ing)?|kiss(?:es|ed|ing)?|undress\w*|film(?:s|ed)|photograph\w*)\s+{_CHILD_OBJ}\b(?!\s+(?:on\s+the\s+(?:shoulder|arm|back|head)|goodbye|goodnight))|\btouch(?:ed|es|ing)?\s+(?:him|her|them|me|us|@+)?\s*(?:on\s+|in\s+)?(?:his|her|their|my|the)?\s*(?:privates?|private\s+parts|bottom|bum|willy|penis|vagina|chest|breasts?|boobs|down\s+there|between\s+(?:his|her|their|my)\s+legs)\b|\binappropriate(?:ly)?\s+touch\w*|\btouched\s+(?:him|her|them|me|@+)\s+inappropriately\b|\bprivate\s+(?:parts|areas?|bits)\b|\bdown\s+there\b|\bsexual\w*|\bsex\b|\brap(?:e|ed|ing)\b|\bmolest\w*|\bshow(?:s|ed)?\s+(?:him|her|them|me|@+)\s+(?:his|her|their)\s+(?:privates?|willy|penis|body|bits)\b|\b(?:made|makes|make|making|forces?|forced)\s+(?:him|her|them|me|@+)\s+(?:touch|watch|undress|take\s+(?:off\s+)?(?:his|her|their)\s+clothes)\b|\b(?:films?|videos?|movies?|programmes?|shows?|pictures?|games?)\s+(?:for|meant\s+for)\s+(?:grown[\s-]?ups|adults)\b|\b(?:adult|x-rated|dirty|rude)\s+(?:films?|videos?|movies?)\b|\bmasturbat\w*|\bhands?\s+(?:down|in|inside|into)\s+(?:his|her|their|the\s+front\s+of\s+(?:his|her))\s+(?:trousers|pants|knickers|underwear|nappy|shorts)\b|\bnaked\b|\b(?:sleeps?|sleeping|slept)\s+in\s+(?:\w+'?s\s+)+bed\b|\bhumping\b|\bsimulat\w*\s+sex\w*|\b(?:sore|bleeding|pain|itchy|hurts?)\s+(?:in\s+(?:his|her|their)\s+)?(?:down\s+there|privates?|private\s+parts|vagina|penis|willy)\b",
    ),
    _rule(
        "self_harm",
        r"\bself[\s-]?harm\w*|\b(?:harm(?:s|ed|ing)?|starv(?:e|es|ed|ing)|hate(?:s|d)?)\s+(?:him|her|them|my)sel(?:f|ves)\b|\bhurt(?:ing|s)\s+(?:him|her|them|my)sel(?:f|ves)\b|\bmak(?:e|es|ing)\s+(?:him|her|them|my)sel(?:f|ves)\s+sick\b|\bhurt\s+(?:him|her|them|my)sel(?:f|ves)\s+on\s+purpose\b",
    ),
    _rule(
        "self_harm",
        r"\b(?:want(?:s|ed|ing)?|wanna|wish(?:es|ed)?|try(?:ing)?|tried|would\s+rather)\s+(?:to\s+)?(?:die|be\s+dead|kill\s+(?:him|her|them|my)sel(?:f|ves)|end\s+(?:it|it\s+all|(?:his|her|their|my)\s+life)|disappear|not\s+(?:be\s+here|exist|be\s+alive|wake\s+up))\b|\bwish(?:es|ed)?\s+(?:he|she|they|i)\s+(?:was|were|had)\s+(?:dead|never\s+been\s+born|not\s+born)\b|\brather\s+(?:be\s+dead|die)\b|\bnever\s+wake\s+up\b|\b(?:want(?:s|ed|ing)?|tried|trying|try|going|gonna|threaten(?:s|ed|ing)?)\s+to\s+(?:hurt|harm|cut|strangle|choke|hang|suffocate|starve|drown|stab)\s+(?:him|her|them|my)sel(?:f|ves)\b|\b(?:strangl\w*|chok\w*|hang(?:s|ed|ing)?|suffocat\w*)\s+(?:him|her|them|my)sel(?:f|ves)\b|\b(?:scratch|pick|bit|bite|bang|dig)\w*\s+(?:at\s+)?(?:his|her|their)\s+\w+\s+(?:till|until|so\s+(?:hard|much)\s+(?:that\s+)?)\s*(?:it|they)\s+bleed|\bkill(?:s|ing)?\s+(?:him|her|them|my)sel(?:f|ves)\b|\bsuicid\w*|\bend\s+(?:it\s+all|(?:his|her|their|my)\s+life)\b|\b(?:doesn'?t|does\s+not|don'?t|didn'?t|can'?t|cannot|no\s+longer)\s+(?:see\s+)?(?:the\s+|any\s+)?point\s+(?:any\s*more|in\s+(?:living|life|anything|being\s+here|going\s+on|trying)|of\s+(?:living|life|anything|being\s+here))\b|\b(?:doesn'?t|does\s+not|don'?t|didn'?t)\s+see\s+the\s+point\s*(?:$|[.!?]|\s+and\b)|\bno\s+point\s+(?:in\s+)?(?:living|any\s*more|being\s+(?:here|alive)|in\s+life|to\s+life)\b|\bbetter\s+off\s+(?:dead|without\s+(?:him|her|me|them))\b|\b(?:doesn'?t|does\s+not|don'?t|didn'?t)\s+want\s+to\s+(?:be\s+here|be\s+alive|live|exist|wake\s+up)(?:\s+any\s*more)?\b|\boverdos\w*|\btook\s+(?:some\s+|a\s+lot\s+of\s+|loads\s+of\s+|(?:mum'?s|dad'?s|nan'?s|gran'?s|someone'?s)\s+)?(?:tablets|pills|paracetamol)\b(?!\s+(?:at|with|before|after)\s+(?:lunch|break|breakfast|the\s+office|the\s+nurse|school|home|tea|dinner))|\bligature\w*|\bnoose\b|\bjump\s+off\s+(?:a|the)\s+(?:bridge|roof|building|cliff)\b",
        negatable=False,
    ),
    _rule(
        "self_harm neglect",
        r"\b(?:not|isn'?t|hasn'?t|has\s+not|hadn'?t|barely|hardly|won'?t|doesn'?t|didn'?t)\s+(?:been\s+)?(?:eating|eat|eaten)\b(?:\s+(?:for|since|at\s+all|anything|properly|much|well|enough|in\s+days|all\s+(?:day|week))|\s*(?:$|[.,;!?]))|\bstopped\s+eating\b|\brefus(?:es|ed|ing)\s+to\s+eat\s+(?:anything|at\s+all|for)\b",
        negatable=False,
    ),
    _rule(
        "neglect",
        r"\bno\s+(?:breakfast|tea|dinner|food|supper)\b(?!\s+(?:today\s+)?(?:club|money|order|token|hall))|\b(?:hasn'?t|hadn'?t|has\s+not|had\s+not|not)\s+(?:had|eaten)\s+(?:any\s+|anything\s+|much\s+)?(?:breakfast|food|tea|dinner|anything|since)\b|\b(?:always|very|really|so|constantly|starving|again|often|still)\s+hungry\b(?!\s+caterpillar)(?![^.;!?]*\b(?:could\s+eat\s+a\s+horse|like\s+everyone(?:\s+else)?|before\s+lunch|after\s+(?:pe|forest\s+school|swimming)))|\bhungry\s+(?:all|every|again|constantly|a\s+lot|most\s+days|when\s+(?:he|she|they)\s+(?:arrive|arrives|come|comes|came))\b|\b(?:said|says|told\s+me)\s+(?:that\s+)?(?:he|she|they|@+)\s+(?:was|is|were|are|'?s)\s+(?:hungry|starving)\b(?!\s+(?:before|by|at|after)\s+(?:lunch|break|dinner|playtime|pe|the\s+end))|\b(?:came|comes|coming|arrived|arrives|arriving)\s+(?:in(?:to\s+school)?\s+)?hungry\b|\bno\s+food\s+(?:in|at)\b|\bnothing\s+(?:to\s+eat|in\s+the\s+(?:fridge|cupboards?|house))\b|\b(?:taking|took|stealing|stole|hiding|hid|hoarding|eating|ate)\s+(?:other\s+\w+\s+)?food\s+(?:from|off|out\s+of)\b|\bfood\s+(?:from|out\s+of)\s+(?:the\s+)?bins?\b|\bfood\s+bank\b|\bneglect\w*",
    ),
    _rule(
        "neglect",
        r"\b(?:same|dirty|unwashed|smelly|stained|filthy|torn|ripped|grubby)\s+(?:school\s+)?(?:uniform|clothes|clothing|jumper|top|trousers|shirt|socks|pe\s+kit)\b|\b(?:same|soiled|dirty|unchanged|soaked|sodden|full|leaking)\s+(?:\w+\s+)?(?:pad|pads|nappy|nappies|pull[\s-]?ups?)\b|\b(?:pad|pads|nappy|nappies)\s+(?:was\s+|were\s+|is\s+)?(?:soaked|sodden|full|soiled|leaking|heavy|not\s+changed)\b|\b(?:nasty|bad|severe|sore|raw|bleeding|open)\s+(?:nappy\s+)?rash\b|\b(?:wasn'?t|was\s+not|hasn'?t\s+been|not\s+been|never|not)\s+(?:been\s+)?changed\s+(?:overnight|since|all|at\s+home|for)\b|\bsmell(?:s|ed|t|ing)?\s+(?:\w+ly\s+)?(?:of|like)\s+(?:smoke|urine|wee|pee|poo|alcohol|drink|booze|beer|wine|weed|cannabis|damp|cigarettes|sweat|body\s+odour|bo)\b|\b(?:unsteady\s+on\s+(?:his|her|their)\s+feet|slurr(?:ing|ed)\s+(?:his|her|their\s+)?(?:words|speech)?|stank\s+of|reeked\s+of|reeking\s+of)\b|\bsmelly\b|\b(?:he|she|they|@+)\s+(?:smells|smelt|smelled)\b|\b(?:strong|bad|unpleasant)\s+smell\b|\b(?:body\s+)?odour\b|\bunkempt\b|\bmatted\s+hair\b|\b(?:no|without\s+a)\s+coat\b(?!\s+peg)|\b(?:holes\s+in|split)\s+(?:his|her|their)\s+(?:shoes|trainers)\b|\b(?:shoes|trainers)\s+(?:with\s+holes|falling\s+apart|too\s+small|split)\b|\bfalling\s+asleep\s+(?:in|at|during)\b|\btired\s+(?:all\s+the\s+time|every\s+day|all\s+week|constantly|most\s+days)\b|\b(?:up|awake)\s+(?:all|most\s+of\s+the)\s+night\b|\b(?:up|awake|playing|gaming|online|out)\s+(?:\w+\s+){0,4}?(?:until|till|til|at|past)\s+(?:[1-4](?::\d\d|\.\d\d)?\s*(?:am\b|a\.m\.?|in\s+the\s+morning)|midnight\b)|\byoung\s+carer\b|\b(?:caring|cares|looks\s+after|looking\s+after|look\s+after|looked\s+after)\s+(?:for\s+)?(?:(?:his|her|their)\s+)?(?:mum|dad|mom|mother|father|brother|sister|siblings|baby\s+\w+|little\s+\w+|younger\s+\w+|nan|gran|grandma|parents?)\b|\bhome\s+alone\b|\b(?:left|been|was|is)\s+(?:at\s+home\s+)?alone\s+(?:at\s+home|in\s+the\s+(?:house|flat)|overnight|all\s+(?:day|night|weekend|evening)|for\s+(?:hours|the\s+(?:night|weekend|evening)))\b|\bon\s+(?:his|her|their)\s+own\s+at\s+home\b|\b(?:made|makes|making|cook(?:s|ed|ing)?|get(?:s|ting)?|got)\s+(?:his|her|their)\s+own\s+(?:tea|dinner|food|breakfast|meals?|supper)\b|\bnot\s+allowed\s+(?:to\s+eat|food|any\s+food|dinner|tea|breakfast)\b|\b(?:doesn'?t|don'?t|didn'?t|does\s+not|not|never)\s+(?:get|gets|given|got|have|had)\s+(?:any\s+)?(?:dinner|tea|food|breakfast|meals?|supper|lunch)\s+(?:if|when|unless|as\s+a\s+punishment|at\s+home)\b|\b(?:asking|asks|asked|begs|begging|begged)\s+(?:\w+\s+)?for\s+(?:food|snacks?|more\s+food|bread)\b|\b(?:hiding|hides|hid|hoarding|hoards|stashing|stashes|stealing|steals|stole|taking|takes|took)\s+(?:\w+\s+){0,2}?(?:bread|food|snacks|fruit|biscuits|crisps)\s+(?:in|into|from|under|out\s+of)\b|\b(?:nobody|no\s*one|nobody'?s)\s+(?:feeds|cooks|makes\s+(?:him|her|them)\s+(?:tea|dinner|food|breakfast))\b|\bno\s*(?:one|body)\s+(?:(?:was|is|were)\s+)?(?:at\s+home|home|in\s+(?:at\s+home|the\s+house)|picked\s+(?:him|her|them|@+)\s+up|came\s+to\s+(?:collect|pick)|to\s+collect)\b|\bnot\s+(?:been\s+)?(?:collected|picked\s+up)\b|\b(?:toothache|tooth\s+ache|dental\s+pain|rotten\s+teeth)\b|\b(?:no|hasn'?t\s+got|doesn'?t\s+have|without)\s+(?:(?:his|her|their)\s+)?(?:glasses|medication|meds|inhaler|epipen)\b|\b(?:missed|missing)\s+(?:\w+\s+){0,2}?(?:medical|hospital|doctor'?s?|dentist|dental|camhs|paediatric|paed)\s+(?:appointments?|appts?)\b|\bnot\s+(?:being\s+)?(?:fed|washed|bathed)\b|\b(?:no|without)\s+(?:heating|electric|electricity|gas|hot\s+water)\b",
    ),
    _rule(
        "exploitation",
        r"\bcounty\s+lines?\b|\bgoing\s+country\b|\brunning\s+(?:errands\s+|stuff\s+|things\s+|packages\s+|bits\s+)?for\s+(?:his|her|their|an?|some|the)\s+(?:older\s+)?(?:cousin|brother|uncle|mates?|friends?|lads?|boys?|man|men|people|guy|guys|bloke|gang)\b|\b(?:take|took|taking|takes|deliver\w*|drop(?:ped|ping)?\s+off|bring|brought)\s+(?:a|the|some)\s+(?:bag|package|parcel|box|envelope)\s+to\s+(?:a|an|some|someone'?s|this|that)?\s*(?:house|flat|address|man|person|car|bloke|guy)\b|\bcarr(?:y|ying|ied|ies)\s+(?:a\s+|the\s+|some\s+)?(?:package|packages|parcel|parcels|bag|bags|drugs|stuff|things)\s+(?:\w+\s+){0,4}?(?:for|to\s+(?:houses|people|flats))\b|\b(?:makes?|made|making|forces?|forced|gets?|got)\s+(?:him|her|them|@+)\s+(?:to\s+)?(?:carry|deliver|sell|hide|drop\s+off|take\s+(?:packages|parcels|bags|stuff))\b|\b(?:holding|minding|keeping|hiding)\s+(?:it|them|this|stuff|things|drugs|money|cash)\s+for\s+(?:someone|somebody|an?\s+older|his|her|their|a\s+mate|a\s+friend|them)\b|\bgift\s+cards?\b|\b(?:getting|got|gets|get)\s+(?:in|into)\s+(?:(?:a|an|the|someone'?s|his|their|different|strangers'?|older\s+\w+'?s?)\s+)?(?:cars?|vans?)\b|\b(?:(?:a|an|some|the|with)\s+)?(?:man|men|woman|stranger|strangers|guy|guys|bloke|blokes|lady|adult|adults|older\s+\w+)\s+in\s+(?:a|an|the)\s+(?:car|van)\b|\b(?:won'?t|wouldn'?t|can'?t|couldn'?t|doesn'?t|didn'?t|refus(?:es|ed)\s+to)\s+(?:say|explain|tell\s+(?:me|us|anyone))\s+where\s+(?:from|(?:it|they|the\s+\w+|he|she|these|that|the\s+money)\s+(?:came|come|comes|got|get|gets|is\s+from|are\s+from|was\s+from))\b|\b(?:a\s+lot\s+of|loads\s+of|lots\s+of|large\s+amounts?\s+of|wads?\s+of|rolls?\s+of|bundles?\s+of)\s+(?:cash|money|notes)\b|\b(?:talking|chatting|messaging|speaking|seeing|going\s+out|meeting)\s+(?:to|with|up\s+with)\s+(?:an?\s+)?(?:(?:1[89]|[2-5]\d)\s*(?:year\s+old|yr\s+old|yo|y/o)|older)\s*(?:boy|man|guy|lad|girl|woman|men|boys)?\b|\b(?:doesn'?t|don'?t|didn'?t|not|never)\s+(?:go|come|going|coming)\s+home\s+(?:some|most|at|all|until|till|on)\b|\bstay(?:s|ed|ing)?\s+(?:\w+\s+){0,4}?(?:until|till|til)\s+(?:late|midnight|\d+)|\b(?:an?\s+)?older\s+(?:man|male|guy|bloke)\b|\b(?:boyfriend|girlfriend|bf|gf)\s+(?:\S+\s+){0,10}?(?:he'?s|she'?s|who'?s|is|aged|age)\s+(?:1[89]|[2-5]\d)\b|\b(?:drugs|weed|cannabis|skunk|cocaine|drug\s+deal\w*|dealers?)\b|\b(?:money|cash|£\s*\d+|wads?\s+of\s+(?:cash|money)|gifts?|phones?|trainers)\s+(?:that\s+)?(?:he|she|they|@+)?\s*(?:can'?t|couldn'?t|won'?t|wouldn'?t|didn'?t|cannot)\s+(?:explain|account\s+for|say\s+where)|\bunexplained\s+(?:money|cash|gifts?|phones?|items|trainers)\b|\bgifts?\s+from\s+(?:an?\s+)?(?:older|man|men|adult|someone|boyfriend|stranger)\b|\b(?:man|men|woman|stranger|older\s+\w+|someone|somebody|adult|guy|bloke|boyfriend|girlfriend|teenagers?|teens?|lads)\b(?:\s+\S+){0,12}?\s+(?:given|gives|giving|gave|buys|bought|offers|offered|offering|sends|sending|sent|asked\s+(?:him|her|them|@+)\s+if\s+(?:he|she|they)\s+wanted)\s+(?:(?:him|her|them|@+|me|the\s+kids|children|kids)\s+)?(?:(?:a|an|some)\s+)?(?:sweets|gifts?|money|cash|phones?|trainers|vapes?|cigarettes|alcohol|presents?|lifts?|weed|them|it|things|stuff|everything|clothes|nails|gift\s+cards?|lolly|lollies|lollipops?|chocolate|crisps|toys?|games?|fortnite\s+\w+|robux|v-?bucks)\b|\b(?:man|men|woman|stranger|adult|older\s+\w+|guy|bloke)\b(?:\s+\S+){0,8}?\s+(?:wants?|wanted)\s+to\s+be\s+(?:his|her|their)\s+(?:friend|best\s+friend|boyfriend|girlfriend|mate)\b|\b(?:our|their|a|his|her|it'?s\s+(?:our|their|a))\s+(?:little\s+|special\s+|big\s+)?secret\b(?!\s+(?:santa|agent|garden|code|door|passage|mission|spy))|\b(?:picked\s+up|collected|driven)\s+(?:by|in)\s+(?:an?\s+)?(?:car|van|older|man|men|unknown|stranger)\b|\b(?:car|van|cars|men|lads|boys|strangers?)\s+(?:waiting|hanging\s+around)\s+(?:at|outside|by)?\s*(?:the\s+)?(?:school\s+)?gates?\b|(?:\b(?:he|she|they|has|had)|@+)\s+(?:went|goes|gone|go|going|was|been|is)\s+missing\b|\bmissing\s+from\s+home\b|\bkeeps?\s+(?:on\s+)?going\s+missing\b|\b(?:been|is|was|were|has\s+been)\s+going\s+missing\b|\breported\s+missing\b|\bstay(?:s|ed|ing)?\s+out\s+(?:all\s+night|late|overnight|till)\b|\bdidn'?t\s+(?:come|go)\s+home\b|\bgangs?\b|\bmachete\b|\bweapons?\b|\btrap\s*house\b|\bowes?\s+(?:money|a\s+debt|them|someone)|\bin\s+debt\s+to\b|\bgroom(?:ed|ing)\b|\bexploit\w*|\bcse\b|\bcce\b|\bolder\s+(?:men|males|boyfriend|girlfriend)\b|\bboyfriend\s+(?:is|who'?s|who\s+is|aged)\s+(?:1[89]|2\d|nineteen|eighteen|twenty\w*|older|an\s+adult)\b",
    ),
    _rule(
        "exploitation",
        r"\bolder\s+(?:boys?|lads?|kids|teens?|teenagers|youths?|friends?|people|group|girls?)\b",
        needs=_EXPLOIT_CONTEXT,
    ),
    _rule(
        "online_harm",
        r"\bnudes?\b|\bnaked\s+(?:pictures?|photos?|pics|images?|selfies?|videos?)\b|\bsext\w*|\bporn\w*|\bexplicit\s+(?:images?|pictures?|videos?|photos?|content|messages?)\b|\b(?:pictures?|photos?|pics|images?|videos?)\s+of\s+(?:him|her|them|my)sel(?:f|ves)\b|\b(?:someone|somebody|a\s+man|an?\s+(?:older\s+)?(?:adult|stranger|boy|girl|person|lad|guy)|a\s+\d\d\s*(?:year\s+old|yo))\s+(?:\w+\s+){0,5}(?:online|on\s+(?:snapchat|snap|tiktok|instagram|insta|whatsapp|facebook|discord|roblox|fortnite|xbox|playstation|ps\d|youtube|the\s+internet|an?\s+app|a\s+game|minecraft|telegram))\b|\b(?:online|on\s+(?:snapchat|snap|tiktok|instagram|insta|whatsapp|facebook|discord|roblox|fortnite|xbox|playstation|ps\d|the\s+internet|minecraft|telegram))\s+(?:\w+\s+){0,4}(?:man|men|adult|stranger|older|someone\s+(?:he|she|they)\s+(?:doesn'?t|does\s+not|didn'?t)\s+know|meet|met\s+up|asked\s+(?:him|her|them|@+)\s+(?:for|to)|boyfriend|girlfriend|groom\w*|threat\w*|bull(?:y|ied|ying)|nasty|horrible|rude|sexual|inappropriate)\b|\bmet\s+(?:him|her|them|someone|somebody|a\s+\w+|an\s+\w+)\s+online\b|\b(?:plays?|playing|played|gaming|games|talks?|talking|chats?|chatting|messag\w*|speaks?|speaking)\s+(?:\w+\s+){0,4}?with\s+(?:adults|grown[\s-]?ups|men|a\s+man|strangers|older\s+(?:men|boys|lads|people|kids)|people\s+(?:he|she|they)\s+(?:don'?t|doesn'?t|didn'?t)\s+know)\b|\bonline\s+(?:friend|boyfriend|girlfriend|bf|gf)\b|\bcyber\s*-?\s*bull\w*|\b(?:inappropriate|rude|sexual|adult|violent|18\+?|x-rated)\s+(?:content|videos?|games?|images?|pictures?|films?|websites?|sites?|messages?|chats?)\b|\bwatch(?:es|ed|ing)?\s+(?:porn|adult\s+\w+|inappropriate|18)",
    ),
    _rule(
        "online_harm",
        r"\b(?:sent|send|sending|share|shared|sharing|asked\s+(?:for|(?:him|her|them|@+)\s+(?:for|to\s+send))|asking\s+(?:for|(?:him|her|them|@+)\s+(?:for|to\s+send))|wants?\s+(?:him|her|them|@+)\s+to\s+send)\s+(?:him|her|them|@+|me)?\s*(?:some\s+|a\s+)?(?:pictures?|photos?|pics|images?|videos?|selfies?)\b",
        needs=_ONLINE_CONTEXT,
    ),
    _rule(
        "forced_marriage",
        r"(?<!mum\s)(?<!dad\s)(?<!aunt\s)(?<!auntie\s)(?<!uncle\s)(?<!sister\s)(?<!brother\s)(?<!cousin\s)(?<!mum's\s)(?<!mums\s)(?<!nan\s)(?<!\bis\s)(?<!\bare\s)\b(?:to\s+|going\s+to\s+|gonna\s+|will\s+|she'?ll\s+|he'?ll\s+)?(?:get|getting|be|being|gets|got)\s+married\b|\b(?:get|getting|gets|got)\s+engaged\b(?!\s+(?:in|with|well|throughout|fully|really|more|better|nicely|during|for|and|by|today|this|when|once|after|straight|quickly|again|the|a|at\s+(?!1\d|fifteen|sixteen|fourteen)))|\b(?:going\s+to|gonna|has\s+to|have\s+to|will|to)\s+marry\b(?![^.;!?]*\bwhen\s+(?:she|he|they|i)\s*(?:'s|is|are|am|'m)?\s*(?:grown[\s-]?up|older|big|bigger|a\s+grown[\s-]?up))|\bengaged\s+to\s+(?:be\s+married|a\s+man|an\s+older|her\s+cousin|his\s+cousin|someone|a\s+\w+)\b|\b(?:arranged|forced)\s+marriage\b|\b(?:made|forced|has|have|must|promised)\s+to\s+marry\b|\bmarry\s+(?:a\s+man|an\s+older|her\s+cousin|his\s+cousin|a\s+\w+\s+man|a\s+stranger)\b|\b(?:husband|wife)\s+(?:lined\s+up|chosen|picked|found|waiting)\b|\b(?:find|finds|found|finding|choose|chose|chosen|pick|picked|arrang\w+|lined\s+up|got)\s+(?:him|her|them|@+)\s+(?:a\s+)?(?:husband|wife|fianc\w*|man\s+to\s+marry|girl\s+to\s+marry)\b|\b(?:promised|betrothed)\s+to\b|\bown\s+(?:wedding|engagement|marriage)\b|\bmarriage\s+(?:abroad|overseas|back\s+home)\b|\b(?:married|engaged)\s+(?:at|by)\s+(?:1[0-7]|\w+teen)\b|\b(?:going|go|taken|travel\w*|flying|fly)\s+(?:abroad|overseas|back\s+home|to\s+\w+)\s+(?:\w+\s+){0,4}?(?:married|engaged|wedding|husband|marry)\b",
    ),
    _rule(
        "fgm",
        r"\bfgm\b|\bfemale\s+genital\w*|\bcircumcis\w*|\bcutting\s+(?:ceremony|celebration)\b|\b(?:special|traditional|cutting)\s+(?:ceremony|procedure)\b|\b(?:becom\w*|be\s+made)\s+a\s+woman\b|\b(?:difficulty|trouble|pain|painful|problems?|struggling|struggles)\s+(?:when\s+)?(?:weeing|urinating|peeing|going\s+to\s+the\s+(?:toilet|loo)|walking|sitting\s+down|to\s+(?:wee|pee|walk|sit))\b|\b(?:long|extended)\s+(?:time|periods?)\s+in\s+the\s+(?:toilet|loo|toilets)\b",
    ),
    _rule(
        "domestic_abuse",
        rf"\b(?:mum|mom|mummy|mam|dad|daddy|parents|{_REL})\s+(?:and|&|n)\s+(?:\w+\s+)?(?:\w+'?s\s+)?{_REL}\s+(?:were\s+|are\s+|was\s+|keep\s+|always\s+|had\s+a\s+)?(?:fighting|fight|fought|arguing|argue|argued|rowing|row|shouting|screaming|hitting|hurting)\b|\b(?:(?:his|her|their|my)\s+)?(?:parents|mum\s+and\s+dad|mam\s+and\s+dad)\s+(?:have\s+been\s+|had\s+been\s+|are\s+|were\s+|keep\s+|always\s+|was\s+)?(?:fighting|arguing|screaming|shouting|rowing|hitting|throwing\s+things)\b|\b(?:mum|mom|mummy|nan|gran)\s+(?:had|has|with)\s+(?:a\s+)?(?:black\s+eye|bruises?|bruised\s+\w+)\b",
        also="fighting fight fought arguing argue argued rowing row shouting screaming hitting hurting throwing black bruise bruises bruised",
        negatable=False,
    ),
    _rule(
        "domestic_abuse",
        rf"\b(?:fighting|arguing|shouting|screaming|rows?)\s+at\s+home\b|\b(?:throwing|threw|throws|smashing)\s+things\s+(?:at\s+each\s+other|at\s+home|every\s+night|around)\b|\bpolice\s+(?:came|come|comes)\s+(?:round|to\s+(?:the|his|her|their)\s+(?:house|home|flat)|home|at\s+night|last\s+night|again)\b|\bpolice\s+(?:were\s+called|called|at\s+(?:the\s+|his\s+|her\s+)?(?:house|home|flat)|came\s+round|turned\s+up|took\s+(?:dad|mum|\w+'?s\s+dad|him\s+away))\b|\b(?:mum|mom|mummy|dad|daddy|nan|gran|{_REL})\s+(?:is|was|were|gets|got|comes\s+home|came\s+home|being|always)\s+(?:really\s+|very\s+)?drunk\b|\bwhen\s+(?:he'?s|she'?s|dad'?s|mum'?s|he\s+is|she\s+is|they'?re|they\s+are)\s+drunk\b|\b(?:he|she|they)\s+(?:was|is|were|sounded|seemed|appeared)\s+(?:\w+\s+)?(?:drunk|intoxicated|high|under\s+the\s+influence)\b|\b(?:mum|mom|dad|parents?|carers?|nan|gran|stepdad|stepmum|step-dad|step-mum|uncle|aunt|auntie|aunty|he|she)\s+(?:was|were|became|got|is)\s+(?:\w+\s+)?(?:verbally\s+)?(?:abusive|threatening|aggressive)\s+(?:on\s+the\s+phone|on\s+phone|to\s+(?:me|staff|us)|at\s+(?:pick\s?up|the\s+gate|reception))|\b(?:mum|dad|{_REL})\s+(?:drinks|drinking)\s+(?:a\s+lot|too\s+much|every|all)\b|\bdomestic\s+(?:abuse|violence|incident|argument)\b|\bdv\b|\brefuge\b|\brestraining\s+order\b|\bnon[\s-]?molestation\b|\b{_ADULT}{_FILLER}\s+smash(?:ed|es|ing)?\s+(?:up\s+)?(?:the\s+)?(?:house|flat|things|plates|windows?|tv|\w+'?s\s+\w+)\b",
    ),
    # Shut or locked in somewhere at home, whoever did it.
    _rule(
        "physical_abuse emotional_abuse",
        r"\b(?:shut|shuts|shutting|locks?|locked|locking|trapped|trapping|kept|keeps|keeping|left|leaves|leaving)\s+(?:him|her|them|me|@+)\s+(?:\w+\s+){0,2}?(?:in|inside|out(?:side)?(?:\s+of)?|under)\s+(?:the\s+|his\s+|her\s+|their\s+|my\s+|a\s+)?(?:cupboard|cellar|basement|garage|shed|bathroom|garden|dark|cage|loft|attic|stairs|cupboard\s+under\s+the\s+stairs|car\s+(?:all|for|overnight))\b|\b(?:shut|shuts|shutting|locks?|locked|locking|trapped)\s+(?:him|her|them|me|@+)\s+(?:in|inside)\s+(?:his|her|their|my)\s+(?:bed)?room\b|\b(?:shut|locked|left)\s+(?:out\s+of|outside)\s+(?:the|his|her|their)\s+(?:house|home|flat)\b",
        negatable=False,
    ),
    # The child puts a hurt on an adult at home: "he says it was dad", "his brother did it".
    _rule(
        "physical_abuse disclosure",
        rf"\b(?:says?|said|told\s+(?:me|us|\w+)|claims?|claimed|admitted)\s+(?:that\s+)?(?:it\s+was|(?:it\s+)?(?:was\s+)?done\s+by)\s+{_ADULT}\b|\b{_ADULT}\s+(?:did|done|caused)\s+(?:it|that|this|them)\b",
        negatable=False,
    ),
    # An adult's caution or conviction for harming children; schedule 1.
    _rule(
        "physical_abuse general",
        r"\bschedule\s+(?:1|one)\s+offen\w*|\bchild\s+cruelty\b"
        r"|\b(?:cautions?|cautioned|convictions?|convicted|charged|arrested|prison|jail|sentenced|served\s+time|record|investigated)\s+(?:\w+\s+){0,3}?(?:for|of)\s+(?:\w+\s+){0,2}?(?:hurting|harming|assaulting|abusing|hitting|neglecting|cruelty|offences?|assault|abuse|harm|grooming|attacking)\s+(?:\w+\s+){0,2}?(?:children|child|kids|kid|baby|babies|minors?|toddlers?|a\s+minor)\b"
        r"|\b(?:not\s+allowed|banned|barred)\s+(?:to\s+be\s+)?(?:near|around|with|contact\s+with)\s+(?:children|kids)\b|\b(?:a\s+)?risk\s+to\s+children\b",
        negatable=False,
    ),
    # A child coached in a story ("mum said to say I fell off the trampoline").
    _rule(
        "physical_abuse disclosure",
        _COACHED,
        negatable=False,
    ),
    # -- emotional harm and fear -----------------------------------------------------------
    # Name-calling by an adult at home, however it is worded ("calls him a freak"),
    # and the words of rejection wherever they come ("a waste of space", "never been born").
    _rule(
        "emotional_abuse",
        rf"\b{_ADULT}{_FILLER}\s+(?:calls?|called|calling)\s+{_CHILD_OBJ}\s+(?!(?:in|back|over|up|for|to|at|down|home|on|out|every|each|about|when|because|after|before|and|at|from|by|with|sometimes|often|a\s+lot|loads)\b)(?:an?\s+)?\w+",
        negatable=False,
    ),
    _rule(
        "emotional_abuse",
        r"\bwaste\s+of\s+(?:space|air|oxygen)\b|\bworthless\b|\bnever\s+(?:been|be|was)\s+born\b|\b(?:was|is|were)\s+a\s+mistake\b|\b(?:no\s*(?:one|body)|nobody)\s+(?:wants|loves|likes|cares\s+about|would\s+miss)\s+(?:him|her|them|me|@+)"
        + _AFTER_MASK
        + r"|\b(?:doesn'?t|don'?t|didn'?t|never)\s+(?:love|want|like)s?\s+(?:him|her|them|me)\b(?!\s+to\b)|\b(?:hates|hated)\s+(?:him|her|them|me)\b(?!\s+(?:for|when|if))",
        negatable=False,
    ),
    _rule(
        "emotional_abuse",
        r"\b(?:freak|retard\w*|thick|stupid|useless|pathetic|fat\s+(?:cow|pig|bitch)|ugly|idiot|loser|disgusting|evil|devil|little\s+shit|bitch|bastard)\b",
        also=_ADULT_WORDS,
        needs=re.compile(
            r"\b(?:call(?:s|ed|ing)?|says?\s+(?:he|she|they)\s+(?:is|was|are)|told\s+(?:him|her|them|@+)\s+(?:he|she|they)|tells\s+(?:him|her|them|@+))"
            + _AFTER_MASK
        ),
    ),
    # Fear of a particular adult: a strong reaction whenever he is near.
    _rule(
        "emotional_abuse general",
        r"\b(?:cr(?:ies|ied|ying|y)|screams?|screamed|screaming|hides?|hid|hiding|freezes|froze|frozen|freezing|goes\s+rigid|went\s+rigid|shak(?:es|ing)|shook|trembl\w*|flinch\w*|panics?|panicked|panicking|grips?|gripped|gripping|clings?|clung|clinging|sobs?|sobbed|sobbing|cowers?|cowered|runs?\s+away|ran\s+away|refuses?\s+to\s+go|refused\s+to\s+go|wets?\s+(?:him|her|them)self|wet\s+(?:him|her|them)self|terrified|petrified|scared|frightened)\b"
        r"(?=(?:\s+\S+){0,10}?\s+(?:when|whenever|every\s+time|as\s+soon\s+as|if)\s+(?:(?:he|she|they|@+)\s+(?:sees?|saw|hears?|heard|has\s+to\s+go\s+with)\s+(?:him|her|them|"
        + _ADULT
        + r")|"
        + _ADULT
        + r"\s+(?:\w+\s+)?(?:comes?|came|walks?|walked|arrives?|arrived|collects?|collected|picks?|picked|gets?|goes|went|is|was)\b))",
        negatable=False,
        also=_ADULT_WORDS,
    ),
    # An adult taking away what the child needs to hear, see, move or speak, as a punishment.
    _rule(
        "emotional_abuse neglect",
        rf"\b{_ADULT}{_FILLER}\s+(?:takes?|took|taken|taking|removes?|removed|removing|confiscat\w*|hides?|hid|hiding|"
        rf"locks?\s+away|locked\s+away|keeps?|kept|puts?\s+away|put\s+away|withholds?|withheld)\s+"
        rf"(?:(?:his|her|their|@+'?s?)\s+)?{_AIDS}\b"
        rf"|\b{_AIDS}\s+(?:\w+\s+)?(?:taken|taken\s+(?:off|away\s+from)\s+(?:him|her|them)|confiscated|removed|hidden|locked\s+away|withheld)\b",
        negatable=False,
        needs=re.compile(
            r"\b(?:naughty|bad|punish\w*|as\s+a\s+punishment|in\s+trouble|for\s+(?:days|a\s+week|weeks|the\s+weekend|ages)|"
            r"(?:can'?t|cant|cannot|couldn'?t|unable\s+to)\s+(?:hear|see|walk|move|talk|speak|communicate|get\s+about)|"
            r"won'?t\s+give\s+(?:it|them)\s+back|misbehav\w*|answer\w*\s+back|cheeky|doesn'?t\s+listen|didn'?t\s+listen)\b"
        ),
    ),
    # -- sexual harm -----------------------------------------------------------------------
    # Sexualised drawing or play, and the words of grooming ("special games").
    _rule(
        "sexual_abuse",
        r"\b(?:drew|draws|drawing|drawn|draw|acting\s+out|acted\s+out|acts\s+out|played|playing|plays|role[\s-]?play\w*|showed|showing)\s+(?:\w+\s+){0,7}?(?:in\s+(?:a|the|his|her|their|one)\s+bed|naked|with\s+no\s+clothes|no\s+clothes\s+on|(?:private|rude)\s+(?:parts|bits)|willy|willies|penis|vagina|sex|humping|lying\s+on\s+top)\b|\b(?:special|secret|naughty|tickle|tickling|rude|grown[\s-]?up)\s+(?:games?|cuddles?|touch\w*|kisses|sleepovers?)\b|\bthat'?s\s+what\s+(?:his\s+|her\s+|my\s+)?(?:uncle|dad|daddy|mum|mummy|stepdad|step\s+dad|brother|cousin|grandad|nan|auntie|man|he|she|they|\w+'?s\s+(?:boyfriend|friend|mate))\s+(?:\w+\s+)?(?:does|did|do)\b",
        negatable=False,
    ),
    # Sexual harassment, by anyone (child-on-child included, KCSIE part five): touching
    # another's intimate parts, and the words that blame the one touched.
    _rule(
        "sexual_abuse",
        r"\b(?:grab(?:s|bed|bing)?|touch(?:es|ed|ing)?|pinch(?:es|ed|ing)?|slap(?:s|ped|ping)?|smack(?:s|ed|ing)?|"
        r"feel(?:s|ing)?|felt|grop(?:e|es|ed|ing)|squeez(?:e|es|ed|ing)|rubb(?:ed|ing)|rubs)\s+"
        r"(?:(?:her|his|their|my)\s+|@+'?s?\s+|(?:other\s+)?(?:girls?|boys?|kids?|pupils?)'?s?\s+)"
        r"(?:bum|bottom|backside|arse|ass|breasts?|boobs?|chest(?!\s+(?:strap|harness|pocket|of\s+drawers|high|pass))|crotch|privates|private\s+(?:parts|area)|groin|willy|penis|vagina)\b"
        r"|\bgrop(?:e|es|ed|ing)\b|\b(?:she|he|they|@+)\s*(?:'s|'re|is|was|were|are)?\s+(?:just\s+)?asking\s+for\s+it\b"
        r"|\b(?:up|under)\s+(?:her|his|their)\s+(?:skirt|dress|shorts)\b",
    ),
    # A gesture at the body with a word ("pointed at her bottom and said 'sore'").
    _rule(
        "sexual_abuse",
        r"\b(?:point(?:s|ed|ing)?|gestur\w*|touch(?:es|ed|ing)?|rubb(?:ed|ing)|rubs|held|holding|grabb(?:ed|ing)|patted|showed|showing)\s+(?:at\s+|to\s+|towards\s+)?(?:her|his|their)\s+(?:own\s+)?(?:bottom|bum|privates|private\s+(?:parts|area)|willy|vagina|penis|groin|crotch|knickers|pants|nappy)\b|\bbetween\s+(?:her|his|their)\s+legs\b",
        negatable=False,
        needs=re.compile(
            r"\b(?:sore|hurt|hurts|hurting|ouch|ow|pain|painful|owie|poorly|cried|crying|scared|secret|uncle|daddy|dad|mummy|mum|man|brother|cousin|grandad|nan|stepdad|boyfriend)\b"
        ),
    ),
    # -- neglect, young carers and a home without the basics -------------------------------
    # Medical neglect and want: health appointments missed again and again,
    # aids and medicine left unfixed for weeks, no money for food or the bus.
    _rule(
        "neglect",
        r"\b(?:missed|missing|didn'?t\s+(?:attend|go\s+to|make)|not\s+(?:brought|taken)\s+to)\s+(?:(?:his|her|their|the|an?|another|@+'?s?)\s+)?(?:\w+\s+){0,2}?(?:appts?|appointments?|check[\s-]?ups?|clinic|hearing\s+test|eye\s+test)\b(?=[^.;!?]*\b(?:again|another|\d+(?:st|nd|rd|th)|second|third|fourth|several|repeatedly|twice|three\s+times)\b)"
        r"|\b(?:\d+|two|three|four|several|multiple)\s+(?:\w+\s+)?(?:appts?|appointments?)\s+(?:now\s+)?(?:missed|not\s+attended|dna'?d?)\b"
        r"|\b(?:hearing\s+aids?|glasses|specs|inhaler|epi[\s-]?pen|medication|meds|wheelchair|splints?|prescription)\s+(?:still\s+)?(?:not|hasn'?t\s+been|haven'?t\s+been|never|not\s+been)\s+(?:\w+\s+)?(?:fixed|replaced|repaired|collected|renewed|sent\s+in|brought\s+in)\s+(?:for|in|since)\s+(?:\w+\s+)?(?:weeks?|months?|ages|term)\b"
        r"|\bno\s+money\s+for\s+(?:the\s+)?(?:food|bus|bus\s+fare|electric\w*|gas|heating|rent|nappies|uniform|shoes|meals?|dinner|tea)\b",
        negatable=False,
    ),
    _rule(
        "emotional_abuse",
        rf"\b{_ADULT}{_FILLER}\s+(?:calls?|called|calling)\s+{_CHILD_OBJ}\s+(?:stupid|names|useless|fat|ugly|thick|worthless|horrible\s+names|an?\s+idiot|a\s+waste)|\b{_ADULT}{_FILLER}\s+(?:shout(?:s|ed|ing)?|scream(?:s|ed|ing)?|yell(?:s|ed|ing)?|swear(?:s|ing)?|swore)\s+at\s+{_CHILD_OBJ}\b|\b{_ADULT}{_FILLER}\s+(?:told|tells|says|said)\s+{_CHILD_OBJ}\s+(?:that\s+)?(?:he|she|they)\s+(?:is|was|are|were|'?s|'?re)\s+(?:stupid|useless|worthless|a\s+waste|unwanted|not\s+wanted|unloved)\b|\b(?:isn'?t|wasn'?t|never\s+been|not)\s+(?:wanted|loved)\b(?!\s+to\b)|\bthreaten(?:s|ed)?\s+to\s+(?:send|kick|throw|put|give)\s+{_CHILD_OBJ}\s+(?:away|out|into\s+care)|\blocked\s+(?:in|out\s+of)\s+(?:his|her|their|the|my)\s+(?:room|house|bedroom|cupboard|flat|garden)\b|\b(?:scared|frightened|afraid|terrified|petrified)\s+(?:of\s+)?(?:{_POSS}\s+)?(?:{_REL}|going\s+home|home|what\s+(?:will|would)\s+happen\s+(?:at\s+home|when))\b|\b(?:scared|frightened|afraid|terrified)\s+(?:to\s+go(?:ing)?|of\s+going)\s+home\b|\b(?:doesn'?t|didn'?t|does\s+not|did\s+not|won'?t|don'?t|not)\s+(?:want(?:s|ing)?\s+to\s+|wanna\s+)go(?:ing)?\s+home\b(?!(?:\s+\S+){{0,8}}?\s+(?:because|as|cos|coz)\s+(?:he|she|they)\s+(?:loves?|likes?|enjoy\w*|was\s+having|were\s+having|wanted\s+to\s+(?:stay|play|finish)))|\bnot\s+safe\s+(?:at\s+home|with\s+\w+|there)\b|\b(?:scared|frightened|worried|anxious|nervous|afraid|terrified|petrified|panicked|panicking|panics|panic)\b[^.;!?]*?\b(?:{_POSS}\s+)?{_REL}\s+(?:will|would|'ll|is\s+going\s+to|gonna|might)\s+(?:be\s+)?(?:angry|cross|mad|furious|kill|hit|hurt|shout|smack|beat)\b|\b(?:scared|frightened|afraid|terrified|petrified|panicked|panicking|distressed|crying|cried|shaking|hid|hiding)\b(?:\s+\S+){{0,6}}?\s+(?:when|if|as|because|that|once)\s+(?:{_ADULT}|he|she)\s+(?:came|comes|arrived|arrives|is\s+coming|was\s+coming|picks?|picked|collects?|collected|gets\s+home|got\s+home|finds\s+out|found\s+out|will\s+find|would\s+find|sees|saw|heard|hears)\b|\b(?:wouldn'?t|refused\s+to|didn'?t\s+want\s+to|won'?t)\s+(?:go|leave)\s+(?:home\s+)?with\s+(?:{_POSS}\s+)?{_REL}\b|\b(?:send|sending|sent)\s+(?:him|her|them|@+)\s+(?:back\s+to|away|into\s+care|to\s+live\s+with)\b|\b(?:flinch\w*|cower\w*)\b",
        negatable=False,
    ),
    _rule(
        "radicalisation",
        r"\bradicali[sz]\w*|\bextremis\w*|\bextreme\s+(?:views|videos|content|beliefs|material|ideas|groups?)\b|\bterroris\w*|\bisis\b|\bisil\b|\bdaesh\b|\bjihad\w*|\bal[\s-]?qaeda\b|\bnazis?\b|\bneo[\s-]?nazis?\b|\bswastikas?\b|\bhitler\s+was\s+right\b|\bwhite\s+(?:power|pride|supremac\w*)\b|\bfar[\s-]right\b|\bkkk\b|\b(?:kill|killing|bomb|bombing|hate|hates|hated|get\s+rid\s+of|shoot|blow\s+up)\s+(?:all\s+)?(?:the\s+)?(?:muslims|jews|christians|immigrants|foreigners|black\s+people|white\s+people|gays|gay\s+people|infidels|kafirs|non[\s-]?believers|refugees|asylum\s+seekers)\b|\b(?:all\s+)?(?:the\s+)?(?:muslims|jews|christians|immigrants|foreigners|black\s+people|white\s+people|gays|gay\s+people|refugees|asylum\s+seekers|pakis|hindus|sikhs|polish\s+people)\s+(?:should|must|need\s+to|deserve\s+to|ought\s+to)\s+(?:all\s+)?(?:be\s+)?(?:die|killed|shot|bombed|gassed|deported|wiped\s+out|burn\w*|go\s+back|get\s+out)\b|\binfidels?\b|\bkafirs?\b|\bkuffar\b|\bprevent\s+(?:referral|concern|officer|duty|team)\b|\bbehead\w*|\bmartyr\w*|\b(?:racist|homophobic|antisemitic|anti-semitic|islamophobic)\s+(?:views|propaganda|material|videos|ideology|beliefs|content|leaflets|stickers|symbols)\b|\b(?:join|fight\s+for)\s+(?:isis|the\s+taliban|a\s+jihad|the\s+jihad)\b|\bpropaganda\b|\bjoin\s+(?:\w+\s+){0,3}?(?:fighting|fighters|the\s+fight|the\s+war|the\s+cause|the\s+caliphate)\b|\bfight(?:ing|s)?\s+(?:in|for)\s+(?:syria|iraq|afghanistan|somalia|the\s+caliphate|allah|god|the\s+cause|the\s+ummah)\b",
    ),
    _rule(
        "missing_education",
        r"\b(?:not\s+(?:been\s+)?(?:in|seen|attended|at\s+school)|hasn'?t\s+(?:been\s+(?:in|seen|at\s+school)|attended|come\s+in)|haven'?t\s+seen|no\s+sign\s+of|off\s+school|absent|missing|not\s+in\s+school|out\s+of\s+school|not\s+attending|hasn'?t\s+been\s+in\s+school|(?:still\s+)?not\s+back|not\s+returned|hasn'?t\s+(?:come\s+back|returned))\s+(?:\w+\s+){0,3}?(?:(?:for|since|in|over)\s+)?(?:the\s+)?(?:(?:over\s+)?(?:a|one|two|three|four|five|six|seven|eight|nine|ten|several|a\s+few|a\s+couple\s+of|\d+)\s+(?:weeks?|wks?|months?)|(?:five|six|seven|eight|nine|ten|[5-9]|\d\d)\s+(?:school\s+)?days|half\s+term|the\s+holidays?|christmas|easter|the\s+summer|september|october|november|december|january|february|march|april|may|june|july)\b",
        negatable=False,
    ),
    _rule(
        "missing_education",
        r"\b(?:can'?t|cannot|couldn'?t|could\s+not|unable\s+to|not\s+able\s+to)\s+(?:get\s+hold\s+of|reach|contact|get\s+through\s+to|trace|locate|find)\s+(?:mum|dad|home|the\s+family|family|parents|anyone|the\s+parents|(?:his|her|their)\s+(?:mum|dad|family|parents|carers?))\b(?=.*\b(?:absent|absence|not\s+(?:been\s+)?in|off|missing|attendance|away|hasn'?t\s+been)\b)|\bno\s+(?:answer|response|reply|contact)\s+(?:from|at)\s+(?:home|mum|dad|the\s+family|family|parents|the\s+house)\b(?=.*\b(?:absent|absence|not\s+(?:been\s+)?in|off|missing|attendance|away|hasn'?t\s+been|days|weeks?)\b)|\bmoved\s+(?:\w+\s+){0,3}?(?:without\s+(?:telling|notice|informing|saying)|and\s+(?:not|hasn'?t)\s+(?:told|informed|started|enrolled|registered)|no\s+forwarding)|\bleft\s+the\s+country\b|\b(?:gone|went|taken|moved)\s+(?:abroad|overseas|back\s+(?:home|to\s+\w+))\s+(?:\w+\s+){0,4}?(?:not|hasn'?t|haven'?t|no|never)\s+(?:come\s+back|returned|back|heard)\b|\bwhereabouts\s+(?:unknown|not\s+known)\b|\bchildren\s+missing\s+(?:from\s+)?education\b|\bcme\b|\bmissing\s+(?:from\s+)?education\b|\boff[\s-]?roll(?:ed)?\b|\b(?:not|never)\s+(?:returned|came\s+back|come\s+back)\s+(?:to\s+school\s+)?(?:after|from)\s+(?:the\s+)?(?:holidays?|half\s+term|summer|christmas|easter)\b",
        negatable=False,
    ),
    _rule(
        "sexual_abuse",
        rf"\b{_ADULT}{_FILLER}\s+(?:comes|coming|came|goes|going|went|walks|walking|walked|gets|got|climbs|climbing|climbed|creeps|creeping|crept)\s+(?:into|in)\s+(?:his|her|their|my|the)\s+(?:room|bedroom|bed|bathroom|shower|toilet)\b|\b(?:sleeps?|sleeping|slept)\s+in\s+(?:the\s+same\s+bed\s+as|\w+'?s\s+bed\s+with)\b",
    ),
    _rule(
        "online_harm",
        r"\b(?:asked|asking|asks|wants?|wanted)\s+(?:him|her|them|@+)?\s*(?:for\s+)?(?:his|her|their)\s+(?:home\s+)?(?:address|phone\s+number|number|location|postcode|school)\b|\b(?:to\s+)?meet\s+(?:up\s+)?(?:in\s+person|irl)\b",
        needs=_ONLINE_CONTEXT,
    ),
    _rule(
        "missing_education",
        r"\b(?:not|nobody|no\s*one)\s+(?:answering|picking\s+up|responding|replying)\b|\bno\s+(?:contact|answer|response|reply|calls?|phone\s+calls?|word|news)\b|\b(?:might|may|must|could)\s+have\s+(?:gone|moved|left)\b|\b(?:gone|moved|went)\s+(?:abroad|overseas|away|out\s+of\s+the\s+area)\b"
        # gone from where they lived ("the flat is empty", "packed up overnight"), or a
        # number dead, while the child is off
        r"|\b(?:house|flat|home|caravan|holiday\s+let|place)\s+(?:looks?\s+|is\s+|was\s+|seems?\s+|now\s+)?"
        r"(?:empty|abandoned|boarded(?:\s+up)?|cleared\s+out|let\s+to\s+(?:someone|tourists)|booked\s+by\s+tourists)\b"
        r"|\b(?:packed\s+up|moved\s+out|left)\s+(?:overnight|in\s+the\s+night|without\s+(?:a\s+word|telling))\b"
        r"|\b(?:[5-9]|1\d|\d\d)\s+(?:school\s+)?days\s+(?:absent|off|missed|away|not\s+in)\b"
        r"|\b(?:not\s+(?:been\s+)?(?:seen|in)|absent|off)\s+since\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"
        r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*"
        r"|\b(?:phone|number|mobile)\s+(?:\w+\s+)?(?:is\s+|was\s+)?(?:dead|disconnected|not\s+recognised|"
        r"goes\s+(?:straight\s+)?to\s+voicemail|went\s+(?:straight\s+)?to\s+voicemail)\b",
        negatable=False,
        needs=_ABSENT_CONTEXT,
    ),
    # Home without the basics (a bed, heating, the electric, a coat), and an adult in the
    # child's bed.
    _rule(
        "neglect",
        r"\bsleep(?:s|ing)?\s+on\s+(?:the|a)\s+(?:floor|sofa|settee|couch)\b|\bslept\s+on\s+(?:the|a)\s+(?:floor|sofa|settee|couch)\b|\bno\s+(?:bed|mattress|bedding|heating|electric\w*|gas|hot\s+water|running\s+water|money\s+for\s+food)\b|\busing\s+candles\b|\b(?:electric|gas|heating|power)\s+(?:has\s+been\s+|was\s+|got\s+)?(?:cut\s+off|off\s+for)\b"
        # run out on the meter, and no coat for the cold
        r"|\b(?:electric\w*|gas|heating|power|meter)\s+(?:has\s+|had\s+)?(?:ran|run|running|gone)\s+out\b"
        r"|\b(?:no|without)\s+(?:credit|money|gas|electric)\s+(?:on|for)\s+the\s+meter\b"
        r"|\b(?:hasn'?t|has\s+not|doesn'?t\s+have|does\s+not\s+have|never\s+has|without)\s+(?:got\s+)?(?:a\s+)?"
        r"(?:winter\s+|warm\s+|proper\s+|big\s+)?coat\b(?!\s+peg)",
        negatable=False,
    ),
    _rule(
        "sexual_abuse",
        rf"\b{_ADULT}{_FILLER}\s+(?:\w+\s+){{0,2}}?(?:sleep(?:s|ing)?|slept|gets?|got|getting|lies|lying|lay|climb(?:s|ed|ing)?)\s+(?:in|into)\s+(?:her|his|their|my)\s+bed\b",
        negatable=False,
    ),
    # A carer the child could not wake, or found on the floor: drink, drugs or illness, and
    # nobody looking after the child.
    _rule(
        "neglect",
        rf"\b{_ADULT}{_FILLER}\s+(?:\w+\s+)?(?:asleep|lying|collapsed|passed\s+out|unconscious|sleeping)\s+on\s+the\s+(?:floor|kitchen\s+floor|bathroom\s+floor|stairs)\b"
        r"|\b(?:wouldn'?t|couldn'?t|would\s+not|could\s+not|won'?t|can'?t|didn'?t)\s+wake\s+(?:up|him|her|them|mum|dad|mummy|daddy)\b",
        negatable=False,
        also=_ADULT_WORDS + " mummy daddy",
    ),
    # A parent drinking or using, and a child left alone.
    _rule(
        "neglect",
        rf"\b{_ADULT}{_FILLER}\s+(?:\w+\s+)?(?:drinking|drunk|drinks\s+(?:a\s+lot|every|all|too)|using\s+(?:again|drugs)|on\s+drugs|taking\s+drugs|doing\s+drugs|stoned|high\s+(?:all|again|every)|passed\s+out|hungover|wasted|off\s+(?:his|her|their)\s+face|smok(?:es|ing)\s+(?:weed|crack|drugs))\b",
        negatable=False,
    ),
    _rule(
        "neglect",
        r"\b(?:left|leaves|leaving|leave)\s+(?:him|her|them|@+)\s+(?:\w+\s+){0,2}?(?:on\s+(?:his|her|their)\s+own|alone|by\s+(?:him|her|them)sel(?:f|ves)|home\s+alone|with\s+(?:no\s*one|nobody|no\s+adult))\b|\bhome\s+alone\b|\bon\s+(?:his|her|their)\s+own\s+(?:at\s+night|overnight|all\s+night|all\s+weekend|all\s+day|until|till|for\s+hours|at\s+home|in\s+the\s+house)\b|\bno\s*(?:one|body)\s+(?:at\s+home|to\s+look\s+after|looking\s+after|else\s+(?:to|at|there|who)|else\b)|\bnobody\s+(?:at\s+home|to\s+look\s+after|else)\b"
        # left at home on their own, or not collected
        r"|\b(?:stays?|stayed|staying|left|leaves|is\s+left|gets\s+left)\s+(?:at\s+)?home\s+(?:on\s+(?:his|her|their)\s+own|"
        r"alone|by\s+(?:him|her|them)sel(?:f|ves))\b|\b(?:nobody|no\s*one|no\s+body)\s+(?:came\s+to\s+)?collect(?:ed)?\s+"
        r"(?:him|her|them|@+)" + _AFTER_MASK,
        negatable=False,
    ),
    # A young carer: looking after a parent or siblings, up in the night, the chores.
    _rule(
        "neglect",
        r"\b(?:look(?:s|ing|ed)?\s+after|car(?:es|ing|ed)\s+for|has\s+to\s+(?:look\s+after|care\s+for|mind|watch)|minding|in\s+charge\s+of|up\s+(?:all\s+night|in\s+the\s+night|at\s+night|late|every\s+night|most\s+nights|half\s+the\s+night)\s+(?:with|w/))\s+(?:(?:his|her|their|my|the)\s+)?(?:\w+\s+)?(?:mum|dad|mam|mom|mummy|mother|father|nan|gran|grandma|brothers?|sisters?|siblings|baby|twins)\b|\bup\s+(?:all\s+night|in\s+the\s+night|at\s+night|every\s+night)\s+(?:looking|caring|helping|because|bc|cos|as|with)\b|\b(?:does|doing|did|do)\s+(?:all\s+)?(?:the\s+)?(?:cooking|cleaning|shopping|washing|ironing)\s+(?:at\s+home|for|because|bc|cos|as)\b|\bputs?\s+(?:her|his|their)\s+(?:mum|dad|mam|brothers?|sisters?|siblings)\s+to\s+bed\b|\bcleans?\s+up\s+(?:the\s+|her\s+|his\s+)?(?:sick|vomit|mess)\b|\bgets?\s+(?:his|her|their)\s+(?:\w+\s+)?(?:sisters?|brothers?|siblings)\s+(?:to\s+school|ready|up)\b|\byoung\s+carer\b",
        negatable=False,
    ),
    # Neglect seen on the child: hygiene, teeth, clothes, hunger at home.
    _rule(
        "neglect",
        r"\b(?:smells?|smelt|stinks?|stank|reeks?|reeking)\s+(?:\w+\s+)?(?:strongly|badly|bad|again|really|very|awful|terrible|horrible|unwashed|dirty|of\s+(?:wee|urine|pee|poo|faeces|smoke|cigarettes|weed|cannabis|alcohol|damp|sweat|bo))\b|\b(?:@+|he|she|they)\s+(?:smells|stinks|smelt|stank|reeks)\b|\bsmelly\b|\bbody\s+odou?r\b|\bunwashed\b|\b(?:rotten|black|decayed|decaying|rotting)\s+teeth\b|\bteeth\s+(?:\w+\s+){0,3}?(?:rotten|black|decayed|decaying|rotting)\b|\btoothache\b|\b(?:never|not)\s+(?:been\s+)?(?:to|seen|taken\s+to)\s+(?:a|the)\s+dentist\b|\bclothes\s+(?:\w+\s+){0,2}?(?:too\s+(?:small|big|tight)|dirty|torn|wet|soaked)\b|\b(?:too\s+small|holes\s+in\s+(?:his|her|their))\s+(?:shoes|clothes|uniform|trousers)\b|\bno\s+(?:coat|jumper|socks|shoes|jacket)\s+(?:again|on|in\s+(?:this|the)\s+(?:cold|rain|snow|weather)|today)\b|\b(?:fridge|cupboards?)\s+(?:is\s+|are\s+|was\s+|were\s+)?(?:empty|bare)\b|\bno\s+food\s+(?:in|at)\s+(?:the\s+house|home)\b|\bnothing\s+to\s+eat\b|\b(?:lost|losing)\s+(?:a\s+lot\s+of\s+|loads\s+of\s+|lots\s+of\s+)?weight\b|\b(?:stealing|steals|stole|taking|takes|hiding|hides|hoarding|hoards)\s+food\b|\bnot\s+allowed\s+(?:to\s+eat|food)\b|\b(?:without|no)\s+(?:food|dinner|tea|breakfast|meals?)\s+(?:as|for|again|when|at\s+home|all)\b",
        negatable=False,
    ),
    # Food kept back to take home ("put her toast in her coat pocket for her brother"), and a
    # home with nothing in it to eat ("says there's nothing in at home"): hunger at home.
    _rule(
        "neglect",
        r"\b(?:hid|hides|hiding|hidden|put|puts|putting|stuffed|stuffs|stuffing|saved|saves|saving|"
        r"kept|keeps|keeping|pocketed|pocketing|slipped|wrapped|wraps|wrapping|took|takes|taking|sneaked|"
        r"snuck)\s+(?:\w+\s+){0,4}?(?:toast|bread|sandwich\w*|fruit|apples?|bananas?|biscuits?|"
        r"crackers|leftovers|rolls?|food|dinner|lunch|yoghurts?|yogurts?|crisps)\b"
        r"(?=[^.;!?]*?\b(?:for\s+(?:his|her|their|my)\s+(?:\w+\s+)?(?:brothers?|sisters?|siblings|mum|mam|dad|"
        r"nan|tea|dinner|later\s+at\s+home)|to\s+take\s+home|for\s+home|for\s+(?:tonight|the\s+weekend)|"
        r"nothing\s+(?:\w+\s+)?at\s+home)\b)"
        r"|\b(?:there'?s|there\s+is|theres|is|was|got|have|has)\s+nothing\s+(?:in\s+)?(?:at\s+home|in\s+the\s+"
        r"(?:house|flat|cupboards?|fridge))\b(?!\s+to\s+(?:report|worry|mention|add|say|tell))",
        negatable=False,
    ),
    # Clothes and shoes that let the weather in: no coat fit for winter, shoes with holes.
    _rule(
        "neglect",
        r"\bno\s+(?:winter|warm|proper|waterproof|thick)\s+(?:coat|jacket|clothes|shoes|boots)\b"
        r"|\b(?:shoes|trainers|boots|school\s+shoes)\s+(?:\w+\s+){0,2}?(?:holes|split|splitting|falling\s+apart|"
        r"soaked\s+through|let\s+(?:the\s+)?(?:rain|water)\s+in)\b",
        negatable=False,
    ),
    # A parent on the phone who cannot speak while someone is there ("she can't talk while
    # he's home"): someone at home the parent is afraid of.
    _rule(
        "domestic_abuse",
        r"\b(?:can'?t|cannot|couldn'?t|could\s+not|not\s+able\s+to|unable\s+to)\s+(?:talk|speak)\s+"
        r"(?:\w+\s+){0,2}?(?:while|when|whilst|with|in\s+case)\s+(?:he|she|him|her|they|them|\w+'?s\s+"
        r"(?:partner|boyfriend|dad|husband))\s+(?:is|was|'?s|are|were|around|there|in|home|listening|"
        r"about|here)\b",
        negatable=False,
    ),
    # An adult drunk or high at collection or drop-off.
    _rule(
        "neglect",
        r"\b(?:drunk|intoxicated|under\s+the\s+influence|stoned|off\s+(?:his|her|their)\s+face|slurring|smelling\s+(?:strongly\s+)?of\s+(?:alcohol|drink|booze|beer|weed|cannabis)|(?:seemed|looked|was|appeared|clearly|obviously|very|really)\s+(?:to\s+be\s+)?(?:high|wasted|out\s+of\s+it))\b",
        also=_ADULT_WORDS,
        needs=re.compile(
            r"\b(?:collect\w*|pick(?:ed|ing|s)?\s+(?:\w+\s+)?up|pick[\s-]?ups?|school\s+run|turned\s+up|came\s+(?:in|into\s+school|to\s+school|to\s+the)|at\s+the\s+(?:gate|door|office|reception)|drop[\s-]?offs?|dropp(?:ed|ing)\s+(?:\w+\s+)?off|drove|driving|home\s+time|let\s+(?:him|her|them)\s+go)\b"
        ),
    ),
    # A family that cannot afford what the child's care needs.
    _rule(
        "neglect",
        r"\b(?:can'?t|cannot|couldn'?t|could\s+not|unable\s+to|struggling\s+to|not\s+able\s+to|no\s+longer)\s+afford\s+(?:to\s+)?(?:\w+\s+){0,2}?(?:electric\w*|gas|heating|heat|food|feeds?|feed|formula|milk|meals?|eat|medicine|medication|meds|prescriptions?|nappies|pads|rent|bills|meter|topping\s+up|top\s+up|shoes|coat|charge|run|the\s+pump)\b"
        r"|\b(?:skip(?:s|ped|ping)?|rationing|rations?|cutting\s+down|cutting\s+back\s+on|stretching|watering\s+down)\s+(?:some\s+(?:of\s+)?)?(?:his|her|their|the)?\s*(?:feeds?|medication|meds|doses|insulin|formula|milk)\b",
        negatable=False,
    ),
    # A family without a home or beds.
    _rule(
        "neglect",
        r"\bhomeless\w*|\bsofa[\s-]?surf\w*|\bsofa\s+hopping\b|\bevict\w*|(?<!youth\s)\bhostels?\b(?!\s+(?:trip|residential|visit|stay\s+on\s+the\s+trip))"
        r"|\b(?:temporary|emergency)\s+(?:accommodation|housing|flat|room)\b|\bbed\s+and\s+breakfast\b"
        r"|\bnowhere\s+(?:to\s+|else\s+to\s+)?(?:live|stay|sleep|go\s+tonight)\b"
        r"|\b(?:sleep(?:s|ing)?|slept|living|lives|live|stay(?:s|ing|ed)?)\s+in\s+(?:the|a|their|his|her|mum'?s|dad'?s)\s+(?:car|van)\b"
        r"|\bno\s+beds\b|\b(?:don'?t|doesn'?t|haven'?t|hasn'?t|do\s+not|does\s+not)\s+(?:have|got)\s+(?:a\s+|any\s+)?beds?\b"
        r"|\b(?:kicked|thrown|turfed)\s+out\s+of\s+(?:their|the|his|her)\s+(?:house|flat|home)\b"
        r"|\blost\s+(?:their|the)\s+(?:house|flat|home|tenancy)\b",
    ),
    # A young carer: a child doing an adult's caring at home.
    _rule(
        "neglect",
        r"\b(?:sorting|doing|giving|handing\s+out|managing)\s+(?:out\s+)?(?:all\s+)?(?:her|his|their)\s+"
        r"(?:mum|mam|mom|dad|nan|gran|nana|grandad)'?s\s+(?:tablets|pills|meds|medication|medicine|injections?)\b"
        r"|\b(?:doing|does|did)\s+all\s+(?:of\s+)?the\s+(?:shopping|cooking|cleaning|washing|housework|tablets|meds|medication)\b"
        r"(?!\s+(?:in|at|for)\s+(?:food|class|school|the\s+(?:lesson|club|sale)|cookery|breakfast\s+club))"
        r"|\b(?:getting|puts?|putting)\s+(?:her|his|their)\s+(?:little\s+|baby\s+|younger\s+)?"
        r"(?:brothers?|sisters?|siblings)\s+(?:\w+\s+){0,2}?(?:to\s+bed|ready\s+for\s+school|to\s+school)\b",
        negatable=False,
    ),
    # The same clothes day after day.
    _rule(
        "neglect",
        r"\bsame\s+(?:\w+\s+){0,2}?(?:clothes|uniform|shirt|polo|jumper|top|trousers|socks|hoodie)\s+"
        r"(?:on\s+)?(?:all|every|for\s+(?:days|a\s+week|weeks|\d+\s+days))\b",
        negatable=False,
    ),
    # An adult photographing or filming a child undressed or in the bath, or a "game" kept
    # between them; a peer pulling another's clothes down (harmful sexual behaviour); a
    # child's own engagement or wedding; people "who don't pray like us" to be punished;
    # a child abroad for weeks with no dates or leave; an adult angry when the child cries;
    # a child who says or signs "no home" at home time.
    _rule(
        "sexual_abuse",
        rf"\b{_ADULT}{_FILLER}\s+(?:takes|took|taking|take|films|filmed|filming|records|recorded)\s+"
        r"(?:\w+\s+)?(?:pictures|photos|pics|photographs|videos?|selfies)\s+of\s+(?:him|her|them|@+)"
        + _AFTER_MASK
        + r"(?=[^.;!?]*\b(?:bath|shower|naked|undressed|nothing\s+on|no\s+clothes|pants|knickers|bed|bedroom|"
        r"secret|game|don'?t\s+tell)\b)"
        r"|\b(?:their|our)\s+(?:little\s+|special\s+)?(?:game|secret)\b",
        negatable=False,
        also=_ADULT_WORDS,
    ),
    _rule(
        "sexual_abuse",
        r"\bpull(?:ed|s|ing)?\s+(?:(?:his|her|their|@+'?s?)\s+(?:trousers|pants|shorts|knickers|skirt|"
        r"underwear|joggers|bottoms|leggings)\s+(?:down|off)|down\s+(?:his|her|their|@+'?s?)\s+(?:trousers|"
        r"pants|shorts|knickers|skirt|underwear|joggers|bottoms|leggings))\b",
        negatable=False,
        needs=re.compile(
            r"^(?![\s\S]*\b(?:chang\w*|pads?|nappy|nappies|personal\s+care|wet|soiled)\b)"
        ),
    ),
    _rule(
        "forced_marriage",
        r"\b(?:her|his|their)\s+(?:own\s+)?(?:engagement|wedding|nikah|marriage)\b(?!\s+(?:to\s+)?(?:photos|dress\s+up|topic))",
        negatable=False,
    ),
    _rule(
        "radicalisation",
        r"\bpeople\s+who\s+(?:don'?t|do\s+not|won'?t|dont)\s+(?:pray|believe|worship|dress)\s+(?:like\s+us|the\s+same|"
        r"properly)\b",
        negatable=False,
    ),
    _rule(
        "missing_education",
        r"\b(?:abroad|overseas|out\s+of\s+the\s+country)\b(?=[^.;!?]*?\b(?:no\s+(?:return\s+)?dates?|no\s+leave|"
        r"without\s+(?:leave|permission|asking)|not\s+(?:authorised|agreed)|no\s+return)\b)",
        negatable=False,
    ),
    _rule(
        "emotional_abuse",
        rf"\b{_ADULT}\s+(?:\w+\s+){{0,5}}?(?:gets|got|getting|is|was|goes|went)\s+(?:really\s+|very\s+|so\s+)?"
        r"(?:angry|cross|mad|furious|nasty|raging)\s+(?:when|if|whenever)\s+(?:he|she|they|@+)\s+"
        r"(?:cries|cried|crying|wets|wet|wakes|makes\s+noise|screams)\b"
        r"|\b(?:sign(?:s|ed|ing)?|said|saying|says|kept\s+(?:signing|saying))\s+['\"]?no\s+(?:go\s+)?home\b",
        negatable=False,
    ),
    # -- self-harm and suicidal thoughts ---------------------------------------------------
    # Self-harm typed without "himself"/"herself" ("been cutting again"), and its tools.
    _rule(
        "self_harm",
        r"\bcutting\s+(?:again|(?:his|her|their|my)\s+(?:own\s+)?(?:arms?|wrists?|legs?|thighs?|skin|stomach|tummy|body))\b|\b(?:been|is|was|keeps?|kept|started|starting|still|has\s+been|have\s+been|again)\s+(?:\w+\s+)?cutting\b(?!\s+(?:out|up|the|round|around|along|shapes?|paper|card|skills|and\s+sticking|practice))|\b(?:razors?|razor\s+blades?|blades?\s+(?:from|out\s+of)\s+(?:a|his|her|the)\s+(?:pencil\s+)?sharpener|sharpener\s+blades?)\b",
        negatable=False,
    ),
    # Lines, scratches or cuts across a wrist, forearm or thigh, seen when a sleeve goes up:
    # the marks of cutting, whether or not the word is typed.
    _rule(
        "self_harm",
        r"\b(?:lines|scratches|scratch\s+marks|cuts|scars|nicks|marks)\s+(?:\w+\s+){0,1}?(?:on|across|up|along|"
        r"down)\s+(?:the\s+inside\s+of\s+)?(?:(?:his|her|their|@+'?s?|both)\s+)?(?:wrists?|forearms?|"
        r"thighs?|inner\s+arms?|lower\s+arms?)\b",
        negatable=True,
        # lines left by the child's own splints or straps are the equipment's
        needs=re.compile(
            r"^(?![\s\S]*\b(?:splints?|straps?|afos?|brace|cast|gaiters?|wrist\s+bands?)\b)"
        ),
    ),
    # Tablets hidden or saved up, and a note saying sorry or goodbye beside the means: signs
    # of a plan to die, found at home or in school ("found pills hidden under her pillow and a
    # note saying sorry to mum"). "The tablets", "class tablets" are the iPads.
    _rule(
        "self_harm",
        rf"\b{_PILLS}\s+(?:\w+\s+){{0,2}}?(?:hidden|hid|stashed|stockpiled|saved\s+up|hoarded|tucked\s+away|"
        r"squirrelled\s+away|under\s+(?:his|her|their|the)\s+(?:bed|pillow|mattress))\b"
        r"|\b(?:hidden|hid|hiding|hides|stash(?:ed|es|ing)?|stockpil\w*|hoard(?:ed|s|ing)?|sav(?:ed|es|ing)\s+up)\s+"
        rf"(?:\w+\s+){{0,3}}?{_PILLS}\b"
        rf"|\b(?:stash|pile|bag|box|load|loads|handful|packets|boxes)\s+of\s+(?:\w+\s+)?{_PILLS}\b"
        r"(?=[^.;!?]*\b(?:hidden|hid|hiding|found|under|in\s+(?:his|her|their)\s+(?:room|bedroom|bag|drawer)))",
        # a store found, not one dose kept back ("hid his tablets in his cheek at lunch")
        needs=re.compile(
            r"\b(?:found|finds|find|discovered|room|bedroom|bed|pillow|mattress|drawers?|wardrobe|cupboard|"
            r"under|behind|stash\w*|stockpil\w*|saved\s+up|saving\s+up|hoard\w*|box|boxes|packets?|loads?|lots)\b"
        ),
    ),
    _rule(
        "self_harm",
        r"\b(?:note|letter|message)\s+(?:\w+\s+){0,2}?(?:saying|says|said|that\s+said|to\s+say)\s+(?:\w+\s+){0,3}?"
        r"(?:sorry|goodbye|good\s+bye|bye|love\s+you|forgive)\b"
        r"|\b(?:sorry|goodbye)\s+(?:note|letter)\b",
        negatable=False,
        needs=re.compile(
            r"\b(?:tablets|pills|paracetamol|painkillers|medicine|razors?|blades?|rope|ligature|cord|"
            r"bridge|die|dead|dying|kill|end\s+it)\b"
        ),
    ),
    # Suicidal thoughts in everyday words: "ending it", "a plan to take tablets", "whats the point".
    _rule(
        "self_harm",
        r"\b(?:end|ending|ended)\s+it(?:\s+all)?\b(?!\s+(?:early|there|here|after|at|with|now|on|for\s+(?:the|today)))|\bend\s+(?:his|her|their|my)\s+(?:own\s+)?life\b|\bsuicid\w*|\boverdos\w*|\b(?<!forgot\sto\s)(?<!forget\sto\s)(?<!remember\sto\s)(?<!remembered\sto\s)(?<!need\sto\s)(?<!needs\sto\s)(?<!refused\sto\s)(?<!time\sto\s)(?:take|took|taking|swallow(?:ed|ing)?|stockpil\w*|sav(?:e|ing|ed)\s+up)\s+(?:[\w']+\s+){0,3}?(?:tablets|pills|paracetamol|painkillers)\b(?=.*\b(?:plan|planning|want|wants|wanted|going\s+to|gonna|thinking|thought|tried|try|load|all|whole|packet|box|lots|bunch|die|dead|end)\b)|\b(?:plan(?:s|ned|ning)?|going|gonna|wants?|wanted)\s+to\s+(?:take|swallow|down)\s+(?:[\w']+\s+){0,3}?(?:tablets|pills|paracetamol|painkillers)\b|\bthink(?:s|ing)?\s+(?:about|of)\s+(?:ending|killing|dying|death|suicide|not\s+being\s+(?:here|alive|around)|hurting\s+(?:him|her|them|my)sel(?:f|ves))\b|\bwhat'?s\s+the\s+point\b|\b(?:no|not\s+any|don'?t\s+see\s+the|doesn'?t\s+see\s+the|can'?t\s+see\s+the)\s+point\s+(?:in\s+)?(?:living|being\s+alive|going\s+on|anymore|any\s+more|of\s+(?:living|life|being\s+here))\b|\bbetter\s+off\s+(?:dead|without\s+(?:him|her|me|them))\b|\b(?:don'?t|doesn'?t|didn'?t|do\s+not|does\s+not)\s+want\s+to\s+(?:be\s+here|live|be\s+alive|exist|wake\s+up|be\s+around)\b|\b(?:everyone|everybody|people|my\s+family|(?:his|her|their)\s+family|the\s+world)\s+would\s+be\s+(?:\w+\s+)?(?:happier|better)\b|\b(?:if|when)\s+(?:she|he|they|i)\s+(?:just\s+)?(?:wasn'?t|weren'?t|was\s+not|were\s+not)\s+(?:here|around|alive|born)\b|\b(?:jump(?:ing)?|throw(?:ing)?\s+(?:him|her|them|my)sel(?:f|ves))\s+(?:off|in\s+front\s+of|from|out\s+of)\s+(?:a|the)\s+(?:\w+\s+)?(?:bridge|roof|building|train|car|bus|cliff|window|balcony|railings?|banisters?|ledge|stairwell|top\s+floor|multi[\s-]?storey)\b|\bthreaten(?:s|ed|ing)?\s+to\s+jump\b(?!\s+(?:on|at|him|her|them|the\s+queue|in))|\b(?:hang|hanging|hanged|strangl\w*)\s+(?:him|her|them|my)sel(?:f|ves)\b|\b(?:goodbye|suicide)\s+(?:note|letter|message)\b",
        negatable=False,
    ),
    # Self-injury told by its effect or its reason ("until they bled", "says he deserves it").
    _rule(
        "self_harm",
        r"\b(?:scratch|cut|pick|bit|bite|biting|bang|hit|punch|pinch|claw|dig|digging|rub|rubb)\w*\s+(?:\w+\s+){0,4}?(?:until|till|til|so\s+(?:hard|much)\s+(?:that\s+)?)\s+(?:it|they|he|she|@+|his\s+\w+|her\s+\w+)\s+(?:\w+\s+)?(?:bled|bleed|bleeds|bleeding|went\s+raw|was\s+raw|were\s+raw|bruise[sd]?|bruising|mark(?:ed|s)?)\b|\bdeserve[sd]?\s+(?:it|to\s+(?:be\s+hurt|die|be\s+dead|be\s+punished|suffer|feel\s+pain|be\s+in\s+pain)|bad\s+things|pain|to\s+be\s+hit)\b|\bbang(?:s|ed|ing)\s+(?:his|her|their)\s+head\s+(?:\w+\s+){0,4}?(?:on\s+purpose|deliberately|to\s+hurt|until|till)\b",
        negatable=False,
    ),
    # Hurting their own body, in the words staff use ("scratched her wrists with a compass").
    _rule(
        "self_harm",
        r"\b(?:scratched|scratches|scratching|cut|cuts|cutting|carved|carving|"
        r"stabbed|stabbing|picked\s+at|picking\s+at)\s+"
        r"(?:at\s+)?(?:the\s+(?:tops?|backs?|insides?|fronts?|sides?)\s+of\s+)?(?:her|his|their)\s+(?:own\s+)?"
        # "cut his leg on the fence": an accident says what did it.
        r"(?:wrists?|arms?|forearms?|legs?|thighs?|skin|stomach|tummy|belly)\b"
        r"(?!\s+(?:on|against|in|at)\s+(?:the|a|an|some)\b)",
        # "cut his leg in PE, first aid given": a witnessed accident explains it.
        injury="weak",
    ),
    # Hurting their own body with a point or an edge, or hiding that they do ("scratching
    # her legs w/ a compass at night so nobody sees").
    _rule(
        "self_harm",
        rf"\b(?:scratch\w*|cut\w*|scor(?:e|es|ed|ing)|dig\w*|stab\w*|carv\w*|pick\w*|prick\w*)\s+(?:\w+\s+){{0,3}}?"
        rf"(?:his|her|their|my)\s+(?:own\s+)?(?:\w+\s+)?{_BODY}\s+(?:\w+\s+){{0,3}}?"
        rf"(?:with|w/|using)\s+(?:a|an|the|his|her|their)\s+(?:\w+\s+)?{_SHARP}\b"
        # "digging the end of a paperclip into his wrist"
        r"|\b(?:dig\w*|stab\w*|press\w*|jab\w*|push\w*|stick\w*|pok\w*)\s+(?:the\s+(?:end|point|tip|edge)\s+of\s+)?"
        rf"(?:a|an|the|his|her|their)\s+(?:\w+\s+)?{_SHARP}\s+into\s+(?:his|her|their|my)\s+(?:own\s+)?(?:\w+\s+)?{_BODY}"
        r"|\b(?:scratch\w*|cut\w*|marks?|hurt\w*|harm\w*)\b(?:\s+\S+){0,10}?\s+so\s+(?:that\s+)?(?:no\s*one|nobody|no\s+body|"
        r"mum|dad|people|staff|anyone)\s+(?:can\s+|could\s+|will\s+|would\s+)?(?:sees?|saw|knows?|notices?|finds?\s+out)\b",
        negatable=False,
    ),
    # Medicine kept back and saved up ("spitting her tablets out and saving them up in a sock").
    _rule(
        "self_harm",
        rf"\b{_PILLS}\b(?:\s+\S+){{0,6}}?\s+(?:and\s+)?(?:sav(?:e|es|ed|ing)|hid(?:e|es|den|ing)?|stash(?:es|ed|ing)?|"
        r"hoard(?:s|ed|ing)?|keep(?:s|ing)?|kept|collect(?:s|ed|ing)?)\s+(?:them|it)\s+(?:up\s+)?(?:in|under|behind|inside)\b"
        # Someone else's tablets taken or hidden ("hiding his mums sleeping tablets"), or tablets
        # counted up ("says hes got 15 now"); spitting out their own is refusing medicine.
        r"|\b(?:sav(?:e|es|ed|ing)|hid(?:e|es|den|ing)?|stash(?:es|ed|ing)?|hoard(?:s|ed|ing)?|collect(?:s|ed|ing)?|"
        r"taking|took|nick(?:s|ed|ing)?|steal(?:s|ing)?|stole)\s+(?:(?:his|her|their)\s+)?"
        r"(?:mum|mam|mom|dad|nan|nana|gran|grandma|grandad|brother|sister|aunt\w*|uncle)'?s?\s+(?:\w+\s+)?"
        rf"{_PILLS}\b"
        r"|\b(?:sav(?:e|es|ed|ing)|hid(?:e|es|den|ing)?|stash(?:es|ed|ing)?|hoard(?:s|ed|ing)?|collect(?:s|ed|ing)?|"
        rf"taking|took)\s+(?:\w+'?s?\s+){{0,3}}?{_PILLS}\b"
        r"(?=[^.;!?]*\b(?:got\s+(?:about\s+|around\s+)?\d+|\d+\s+(?:now|saved|so\s+far)|loads\s+(?:now|saved)))",
        negatable=False,
    ),
    # An adult who goes on from one thing to hurting the child, in one breath ("dad was
    # shouting at the nurses then grabbed him by the wrist").
    _rule(
        "physical_abuse",
        rf"\b{_ADULT}\s+(?:(?!(?:he|she|they|@+|i|we|said|says|told|tells)\b)[\w']+\s+){{1,10}}?"
        rf"(?:then|and\s+then|and)\s+{_HARM}\s+{_CHILD_OBJ}(?!\w){_NOT_A_PERSON}",
        negatable=False,
    ),
    # Fear of an adult shown, not said: quiet, frozen or hiding whenever they come.
    _rule(
        "emotional_abuse",
        r"\b(?:goes|went|going|gets|got|is|was|becomes|became)\s+(?:really\s+|very\s+|so\s+|all\s+)?"
        r"(?:quiet|silent|withdrawn|still|stiff|tense|pale)\b(?:\s+\S+){0,3}?\s+(?:when|whenever|every\s+time|as\s+soon\s+as)\s+"
        rf"{_ADULT}\s+(?:\w+\s+)?(?:comes?|came|arrives?|arrived|collects?|collected|picks?|picked|is\s+mentioned|"
        r"gets\s+home|is\s+home|turns\s+up|turned\s+up|walks\s+in|walked\s+in)\b"
        r"|\b(?:freezes|froze|freeze|flinch\w*|hid|hides|hiding|cower\w*)\b(?:\s+\S+){0,3}?\s+(?:when|whenever|every\s+time|as\s+soon\s+as)\s+"
        rf"{_ADULT}\s+(?:\w+\s+)?(?:comes?|came|arrives?|arrived|collects?|collected|picks?|picked|turns\s+up|turned\s+up)\b"
        r"|\b(?:hid|hides|hiding|stayed|stays)\b(?:\s+\S+){0,5}?\s+(?:till|until|til)\s+(?:he|she|they|"
        rf"{_ADULT})\s*(?:had|'d|has)?\s+(?:gone|left)\b",
        negatable=False,
    ),
    # -- domestic abuse --------------------------------------------------------------------
    # Violence to the home itself, and children hiding from it ("dad smashed the telly and
    # the kids were hiding upstairs"); a row heard down the phone on a call home.
    _rule(
        "domestic_abuse",
        rf"\b{_ADULT}\s+(?:\w+\s+){{0,2}}?(?:smashed|smashes|smashing|trashed|wrecked|broke|breaks|punched|"
        r"kicked\s+in|put\s+(?:his|her)\s+fist\s+through|threw|throws|throwing)\s+(?:up\s+)?(?:the|a|all\s+the|"
        r"our|their|his|her|mum'?s|dad'?s)\s+(?:\w+\s+)?(?:telly|tv|television|door|doors|wall|walls|window|"
        r"windows|plates|cups|furniture|house|flat|kitchen|phone|things|stuff|table|chairs?|car)\b"
        r"(?=[^.;!?]*\b(?:home|house|flat|night|kids|children|scared|hiding|hid|police|upstairs|again|"
        r"drunk|angry|row|argument|fight)\b)"
        r"|\b(?:kids|children|boys|girls|they|we|he|she|@+)\s+(?:were|was|are|is|had\s+to\s+go|went)\s+"
        r"(?:\w+\s+)?(?:hiding|hid|hide)\s+(?:upstairs|in\s+(?:the|their|his|her|a)\s+(?:bedroom|room|"
        r"cupboard|wardrobe|bathroom))\b",
        negatable=False,
    ),
    _rule(
        "domestic_abuse",
        r"\b(?:could|can|did|i)?\s*(?:hear|heard)\s+(?:\w+\s+){0,4}?(?:shouting|screaming|yelling|crying|"
        r"sobbing|arguing|a\s+row|an\s+argument|a\s+fight|banging|smashing|swearing)\b"
        r"(?=[^.;!?]*\b(?:background|on\s+the\s+(?:phone|line|call)|down\s+the\s+phone|behind\s+(?:him|her|them)|"
        r"hung\s+up|put\s+the\s+phone\s+down|cut\s+off|call\s+ended)\b)",
        negatable=False,
        needs=re.compile(r"\b(?:rang|phoned|called|call|phone|line|on\s+the\s+phone)\b"),
    ),
    # A child who has not slept at home and whose parent does not know where they are.
    _rule(
        "exploitation missing_education",
        r"\b(?:hasn'?t|has\s+not|hadn'?t|not|never|didn'?t|did\s+not)\s+(?:been\s+)?(?:slept|sleeping|sleep|"
        r"stayed|come|came|been)\s+(?:at\s+)?home\s*(?:since|for|all|last|in|at\s+the\s+moment|now|any\s*more|lately|recently|$|[,.;!?])"
        r"|\b(?:doesn'?t|does\s+not|don'?t|didn'?t|did\s+not|no\s*one|nobody)\s+(?:\w+\s+)?knows?\s+where\s+"
        r"(?:he|she|they|@+)\s*(?:is|are|'s|'re|was|were|has\s+been|goes|went)?\s*(?:staying|sleeping|stays|sleeps|"
        r"going|living|at\s+night|overnight)\b",
        negatable=False,
    ),
    # An adult at home taken by the police ("dad was arrested after hurting her").
    _rule(
        "domestic_abuse",
        rf"\b{_ADULT}\s+(?:was|got|has\s+been|had\s+been|have\s+been|were|is|been)\s+(?:\w+\s+)?(?:arrested|taken\s+away\s+by\s+(?:the\s+)?police|in\s+custody|charged|remanded|locked\s+up|sent\s+to\s+prison)\b",
        negatable=False,
    ),
    # Domestic abuse: "does that to mummy", violence named, protective orders.
    _rule(
        "domestic_abuse",
        rf"\b{_ADULT}\s+(?:\w+\s+){{0,2}}?(?:does|did|do|done|doing)\s+(?:that|this|it|the\s+same(?:\s+thing)?)\s+to\s+{_VICTIM_ADULT}\b",
        negatable=False,
    ),
    _rule(
        "physical_abuse",
        rf"\b{_ADULT}\s+(?:\w+\s+){{0,2}}?(?:does|did|do|done|doing)\s+(?:that|this|it|the\s+same(?:\s+thing)?)\s+to\s+(?:him|her|them|me|@+){_AFTER_MASK}",
        negatable=False,
    ),
    # Hands round someone's neck or throat: strangulation, of a parent or of the child.
    _rule(
        "domestic_abuse",
        rf"\bhands?\s+(?:round|around|on|over|across)\s+{_VICTIM_ADULT}'?s?\s+(?:neck|throat|mouth)\b"
        rf"|\b(?:strangl\w*|chok(?:e|es|ed|ing)|throttl\w*)\s+{_VICTIM_ADULT}\b",
        negatable=False,
    ),
    _rule(
        "physical_abuse domestic_abuse",
        rf"\b{_ADULT}{_FILLER}\s+(?:put|puts|putting|had|has|got|wrapped|wraps|held|holds|grabbed|grabs)\s+"
        r"(?:his|her|their|both)\s+(?:\w+\s+)?hands?\s+(?:round|around|on|over)\s+(?:his|her|their|my|@+'?s?)\s+(?:neck|throat)\b",
        negatable=False,
    ),
    # An adult at home who is violent, and a family who left because of it.
    _rule(
        "domestic_abuse",
        rf"\b{_ADULT}\s+(?:has\s+been|had\s+been|have\s+been|is|was|were|gets|got|getting|can\s+be|became|becomes|"
        r"turned|turns|being|been|'s)\s+(?:really\s+|very\s+|so\s+|quite\s+|getting\s+|more\s+|a\s+bit\s+)?(?:violent|abusive)\b"
        rf"|\b(?:violent|abusive)\s+(?:ex\b|{_REL})"
        r"|\b(?:dad|father|mum|mother|stepdad|partner|boyfriend|husband|uncle|brother)'?s\s+(?:violence|abuse|temper)\b"
        r"|\b(?:fled|flee|fleeing|escaped|escaping|left|leaving|moved\s+out)\s+(?:\w+\s+){0,3}?because\s+(?:of\s+)?(?:\w+\s+){0,3}?(?:violence|abuse|violent|abusive)\b",
    ),
    # -- exploitation ----------------------------------------------------------------------
    # Exploitation: debts, drop-offs, threats of violence, missing from home, weapons, gangs.
    _rule(
        "exploitation",
        r"\bowe[sd]?\b|\bowing\b|\bin\s+debt\b|\bdebts?\b|\bpay\s+(?:them|him|it|that)\s+back\b",
        needs=re.compile(
            r"£|\b(?:money|cash|\d{2,}|pounds|quid|older|lads|men|man|stuff|drugs|gang|or\s+else|hurt|batter|stab|lost|them)\b"
        ),
        negatable=False,
    ),
    _rule(
        "exploitation",
        r"\bdrop(?:ping|ped|s)?\s+(?:\w+\s+){0,2}?(?:bags?|parcels?|packages?|stuff|things|boxes?|envelopes?)\s+off\b|\bdrop(?:ping|ped|s)?\s+off\s+(?:\w+\s+){0,2}?(?:bags?|parcels?|packages?|stuff|things|envelopes?)\b|\b(?:gangs?|postcode\s+war|opps|trap\s+house|cuckoo\w*|going\s+country)\b|\bcounty\b(?!\s+(?:cricket|football|rugby|netball|hockey|tennis|athletics|swimming|chess|cross[\s-]country|squad|team|side|trials?|championships?|level|cup|final|match|games|show|fair|council|court|hall|library|records|sports|music|orchestra|choir|schools?))|\b(?:went|gone|go|goes|going|was|been|reported|is)\s+missing\b(?!\s+(?:from\s+(?:class|lessons?|the\s+(?:class|lesson))|a\s+|his\s+|her\s+|some\s+))|\bmissing\s+(?:from\s+(?:home|care|(?:the|his|her)\s+(?:children'?s\s+|care\s+|foster\s+)?(?:home|placement))|overnight|all\s+night|last\s+night|over\s+the\s+weekend|for\s+(?:\d+|two|three)\s+(?:days|nights))\b|\b(?:two|2|second|extra|another|burner)\s+phones?\b|\bwon'?t\s+say\s+where\s+(?:it|they|the\s+\w+|from|he\s+got|she\s+got)\b",
        negatable=False,
    ),
    _rule(
        "exploitation general",
        r"\b(?:will|gonna|going\s+to|would|'ll|ll|threaten(?:ed|s|ing)?\s+to|said\s+they'?d)\s+(?:stab|shoot|kill|batter|jump|beat\s+up|cut|hurt|get)\s+(?:him|her|them|me|@+|his\s+\w+|her\s+\w+)\b|\b(?:had|has|have|carr(?:y|ies|ying|ied)|brought|brings?|bringing|found|hid|hides|hiding|conceal\w*|showed|showing|pulled\s+out|holding)\s+(?:\w+\s+){0,3}?(?:knife|knives|machete|blade|gun|weapon)s?\b|\b(?:knife|knives|machete|gun|weapon)s?\s+(?:in|inside)\s+(?:his|her|their|a|the)\s+(?:bag|pocket|coat|blazer|waistband|locker|sock)\b|\bzombie\s+knife\b",
        negatable=False,
    ),
    # Carrying for someone older, and what comes with it.
    _rule(
        "exploitation",
        r"\b(?:running|run|ran|carrying|carry|carried|delivering|dropping\s+off)\s+"
        r"(?:bags|parcels|packages|packets|stuff|things|drugs|errands|food|money)\s+for\b"
        r"|\b(?:(?:picks?|picked|picking)\s+(?:her|him|them|@+)\s+up|(?:gets?|got|getting|is|was|being)\s+"
        r"picked\s+up)\s+in\s+(?:different|lots\s+of|loads\s+of|various|new|other\s+people'?s)\s+cars\b"
        r"|\bnew\s+phones?\s+(?:that\s+|which\s+)?(?:she|he|they|@+)\s+"
        r"(?:hides?|hid|hiding|keeps?\s+hidden|won'?t\s+show)\b",
        negatable=False,
    ),
    # -- online harm -----------------------------------------------------------------------
    # Someone online passing for a child, or asking the child to meet: grooming, whoever
    # tells it ("dad found messages on her tablet from someone pretending to be a girl her
    # age asking to meet up"). A meeting needs the messages and someone not known to say it.
    _rule(
        "online_harm",
        # (the pupil passing for older, "Kai pretended to be 13 on the app", is not it)
        r"(?<!@\s)\b(?:pretend(?:s|ed|ing)?|pos(?:es|ed|ing)|claim(?:s|ed|ing)?)\s+(?:to\s+be|as)\s+"
        r"(?:an?\s+|only\s+|just\s+|another\s+)?(?:kid|kids|child|children|girl|boy|teen|teenager|pupil|"
        r"(?:\d{1,2}|ten|eleven|twelve|thirteen|fourteen|fifteen)(?:\s*(?:years?\s+old|yrs?\s+old|yo|y/o))?|"
        r"younger|(?:his|her|their)\s+age|the\s+same\s+age)\b"
        r"|\bfake\s+(?:profile|account|age)\b",
        negatable=False,
        needs=_GROOMING_TOLD,
    ),
    _rule(
        "online_harm",
        r"\b(?:ask(?:s|ed|ing)?|want(?:s|ed|ing)?|begg(?:ed|ing)|begs|invit(?:es|ed|ing)|tr(?:ying|ied|ies)\s+to\s+get|"
        r"keeps?\s+asking|kept\s+asking)\s+(?:him|her|them|@+|me)?\s*(?:if\s+(?:he|she|they)\s+(?:would|could|wanted\s+to)\s+|to\s+)"
        r"meet(?:\s+up)?\b",
        negatable=False,
        needs=re.compile(
            _GROOMING_TOLD.pattern + r"(?=.*\b(?:someone|somebody|stranger|man|men|woman|adult|"
            r"older|person|account|profile|pretend\w*|doesn'?t\s+know|didn'?t\s+know|don'?t\s+know|unknown|"
            r"online\s+friend|never\s+met)\b)",
            re.S,
        ),
    ),
    # A stranger met online who wants the child on camera, alone or in the bedroom.
    _rule(
        "online_harm",
        r"\b(?:video\s*-?\s*calls?|video\s*-?\s*call(?:ing|ed)|video\s*-?\s*chat\w*|facetim\w*|webcam|"
        r"(?:camera|cam)\s+on|on\s+(?:camera|cam)|live\s*-?\s*stream\w*)\b",
        negatable=False,
        needs=re.compile(
            r"\b(?:a|an|some|this|the)\s+(?:older\s+)?(?:man|men|stranger|adult|guy|bloke|person|lad|boy|girl|woman)\s+"
            r"(?:\w+\s+){0,3}?(?:met|knows?|talks?\s+to|chats?\s+(?:to|with)|plays?\s+with)\b"
            r"|\b(?:met|meets|meeting)\s+(?:\w+\s+){0,3}?(?:online|on\s+(?:a|an|the)\s+(?:\w+\s+){0,2}?(?:app|game|site|website|chat|server))\b"
            r"|\b(?:stranger|online\s+friend|\d\d\s*(?:year\s+old|yo)|older\s+(?:man|men|boy|lad|guy))\b"
        ),
    ),
    # Met on an app, a game or a site, whatever words stand before it ("a deaf chat app").
    _rule(
        "online_harm",
        r"\b(?:a|an|some|this)\s+(?:older\s+)?(?:man|men|stranger|adult|guy|bloke|woman)\s+(?:\w+\s+){0,3}?"
        r"(?:met|meets|talks?\s+to|chats?\s+(?:to|with)|messag\w*|speaks?\s+to)\s+(?:\w+\s+){0,2}?"
        r"on\s+(?:a|an|the)\s+(?:\w+\s+){0,3}?(?:apps?|game|site|website|chat|server|forum)\b",
        negatable=False,
    ),
    # -- forced marriage and honour-based abuse, FGM ---------------------------------------
    # FGM: a girl to "be cut" when travelling or by family, "become a proper woman".
    _rule(
        "fgm",
        r"\b(?:be|get|getting|gets|being|been|was|were|got|had\s+been)\s+cut\b(?!\s+(?:by\s+(?:the\s+)?(?:glass|knife|scissors|fence|paper)|on|from|with|off|short|out|down|up|back|in\s+half|free|loose))|\b(?:become|becoming|becomes|be\s+made|make\s+her|made\s+into|turn\s+into)\s+(?:a\s+)?(?:proper|real|true|grown\s+up|clean|pure)\s+(?:woman|lady|girl)\b|\b(?:special|traditional|family|secret|cleansing)\s+(?:ceremony|celebration|procedure|operation)\b",
        needs=re.compile(
            r"\b(?:holidays?|summer|abroad|back\s+home|country|ceremony|auntie?s?|aunts?|aunty|grandma|gran|nan|sister|like\s+(?:her|@+|me|she)|when\s+she\s+was|nigeria|somalia|sudan|egypt|ethiopia|eritrea|sierra\s+leone|gambia|guinea|mali|kenya|djibouti|yemen|iraq|indonesia|senegal|chad|liberia|woman|lady|girl|special)\b"
        ),
    ),
    # Honour-based control: a relative watching a girl's phone or company, and
    # the threat of being sent away if she is seen with a boy.
    _rule(
        "forced_marriage emotional_abuse",
        rf"\b{_ADULT}\s+(?:\w+\s+)?(?:checks?|checking|checked|goes\s+through|going\s+through|went\s+through|reads?|monitors?|monitoring|tracks?|tracking|takes?|took)\s+(?:all\s+)?(?:her|his|their|my)\s+(?:phone|messages|texts|snapchat|whatsapp|chats?)\b"
        r"|\b(?:be|get|being|getting|been)\s+(?:sent|taken|shipped|packed\s+off)\s+(?:back\s+)?(?:home|abroad|away|overseas|to\s+(?:pakistan|bangladesh|india|somalia|afghanistan|iraq|iran|yemen|nigeria|morocco|turkey|egypt|syria|(?:his|her|their)\s+(?:\w+\s+)?(?:country|family|village|relatives|grandparents)))\s+(?:\w+\s+){0,2}?if\b",
        negatable=False,
        also=_ADULT_WORDS + " boy boys boyfriend",
    ),
    _rule(
        "forced_marriage emotional_abuse",
        r"\b(?:seen|caught|found|spotted)\s+(?:talking\s+|speaking\s+|messaging\s+|texting\s+)?(?:to\s+|with\s+)(?:a\s+|any\s+)?(?:boys?|boyfriend|lads?|a\s+man)\b"
        r"|\bnot\s+allowed\s+(?:to\s+)?(?:talk\s+to|speak\s+to|be\s+friends\s+with|have\s+friends\s+who\s+are|be\s+seen\s+with|sit\s+(?:next\s+to|with))\s+(?:any\s+)?(?:boys|lads)\b",
        negatable=False,
        needs=re.compile(
            r"\b(?:sent|taken|shipped|married|marry|honou?r|shame|shamed|beaten|kill|punish\w*|trouble|home|abroad|family|brothers?|uncles?|dad|father|checks?|watch\w*|follow\w*)\b"
        ),
    ),
    # -- radicalisation --------------------------------------------------------------------
    # Radicalisation: hostility to a group, violence glorified, far-right markers.
    _rule(
        "radicalisation",
        r"\b(?:all\s+)?(?:the\s+)?(?:muslims|jews|christians|immigrants|foreigners|black\s+people|white\s+people|gays|gay\s+people|refugees|asylum\s+seekers|pakis|hindus|sikhs|migrants|poles|romanians|gypsies|travellers|arabs|asians)\s+(?:should|must|need\s+to|deserve\s+to|ought\s+to|are\s+(?:taking\s+over|invading|ruining|scum|vermin|animals|the\s+problem|evil|dirty)|all\s+(?:need|should|deserve))\b|\b(?:send|sent|kick|kicked|get|throw|thrown|ship|shipped|deport|deported)\s+(?:all\s+)?(?:the\s+)?(?:muslims|jews|immigrants|foreigners|refugees|asylum\s+seekers|migrants|pakis|black\s+people)\s+(?:back|out|home)\b|\b(?:england|britain|this\s+country|the\s+uk|uk|europe)\s+(?:is|should\s+be|must\s+be)\s+(?:only\s+)?for\s+(?:white|english|british|christians?)\b|\bwhite\s+people\s+only\b|\bpure\s+(?:race|blood)\b|\b(?:great\s+replacement|white\s+genocide|race\s+war|remigration|1488|14\s+88|hitler\s+(?:had\s+a\s+point|was\s+(?:good|a\s+hero|right))|holocaust\s+(?:was\s+fake|didn'?t\s+happen|never\s+happened))\b",
        negatable=False,
    ),
    _rule(
        "radicalisation",
        r"\b(?:shoot(?:er|ers|ing|ings)|gunman|gunmen|bomber|bombers|bombing|bombings|massacre|terror\s+attack|attacker|attackers|mass\s+shooting|school\s+shooting|killers?(?!\s+(?:dolls?|clowns?|sharks?|whales?|bees?|robots?|zombies?|sudoku|queen|heels|instinct|move|app|games?))|executions?|beheadings?)\b",
        negatable=False,
        needs=re.compile(
            r"\b(?:hero|heroes|heroic|legend|legends|right|deserved|brave|martyrs?|cool|idol|good\s+thing|funny|inspir\w*|wants?\s+to\s+(?:do|be)|videos?|footage|clips?|watching|watched|shared|sharing)\b"
        ),
    ),
    _rule(
        "radicalisation",
        r"\b(?:march|marches|rally|rallies|demo|protest|meeting|group\s+chat)\b",
        negatable=False,
        needs=re.compile(
            r"\b(?:immigrants|foreigners|muslims|jews|refugees|asylum|migrants|far[\s-]right|nazis?|white\s+(?:power|pride)|extrem\w*|swastikas?|memes?\s+about|pakis)\b"
        ),
    ),
    # Violence against a group: joining those who will fight them, wanting to hurt them.
    _rule(
        "radicalisation",
        r"\b(?:fight|fighting|fights|fought|attack|attacking|attacks|beat\s+up|beating\s+up|batter|battering|"
        r"sort\s+out|deal\s+with|take\s+on|stand\s+up\s+to|war\s+(?:on|against)|hurt|hurting|burn|burning|"
        r"get\s+rid\s+of|chase\s+out|drive\s+out|kick\s+out|stab|stabbing|smash)\s+"
        rf"(?:all\s+)?(?:the\s+|those\s+|these\s+)?{_GROUPS}\b"
        rf"|\bagainst\s+(?:the\s+)?{_GROUPS}\b(?=[^.;!?]*\b(?:fight\w*|war|join\w*|group|army|attack\w*|videos?)\b)",
        negatable=False,
    ),
    # A people to be put out of the country or hurt, and their shops, homes or places of
    # worship to be burnt ("all polish people should be kicked out ... burn their shops
    # down", "send the romanians back"): hostility to a group, whichever group it names.
    # What should happen to them is hostile, never a plan for the day ("muslim children
    # will go home early for eid", "polish families should be sent the letter").
    _rule(
        "radicalisation",
        rf"\b{_PEOPLES}\s+(?:should|must|need\s+to|needs\s+to|ought\s+to|deserve\s+to)\s+(?:all\s+)?"
        r"(?:be\s+|get\s+)?(?:(?:kicked|thrown|chucked|booted|driven|forced|sent)\s+(?:out|back|home|away)|"
        r"shipped\s+(?:out|back|off)|deported|banned|locked\s+up|got\s+rid\s+of|removed|burn\w*|killed|shot|"
        r"hanged|beaten|battered|attacked|stabbed|wiped\s+out|die|go\s+back\s+(?:to\s+(?:their\s+own|their\s+country|"
        r"where\s+they)|home)|get\s+out\s+of\s+(?:here|england|britain|scotland|wales|the\s+country|this\s+country|"
        r"our\s+country|the\s+uk|uk))\b"
        r"|\b(?:kick|kicking|kicked|throw|throwing|chuck|chucking|send|sending|ship|drive|driving|boot|"
        rf"booting|force|forcing)\s+(?:all\s+)?(?:the\s+|those\s+|these\s+)?{_PEOPLES}\s+(?:out|back|home)\b"
        r"(?!\s+(?:a|an|the|some|letters?|forms?|info\w*|newsletters?|reports?|packs?))",
        negatable=False,
    ),
    # A people said to be taking over or invading the country ("immigrants are taking over and
    # we have to fight back"): the replacement story extremists tell.
    _rule(
        "radicalisation",
        rf"\b{_PEOPLES}\s+(?:are|is|'re|were)\s+(?:\w+\s+)?(?:taking\s+over|invading|replacing\s+(?:us|the\s+\w+)|"
        r"out\s+to\s+get\s+us|destroying\s+(?:this|our|the)\s+country|ruining\s+(?:this|our|the)\s+country)\b"
        r"(?:[^.;!?]*?\bfight\s+(?:back|them))?",
        negatable=False,
    ),
    _rule(
        "radicalisation",
        r"\b(?:burn|burns|burnt|burned|burning|torch|torched|torching|smash|smashed|smashing|bomb|bombed|"
        r"bombing|blow\s+up|set\s+fire\s+to|setting\s+fire\s+to|wreck|wrecked|trash|trashed|attack|"
        r"attacked|attacking)\s+(?:down\s+|up\s+)?(?:all\s+)?(?:their|them|those|the)\s+(?:shops?|houses?|"
        r"homes?|mosques?|church|churches|synagogues?|temples?|gurdwaras?|restaurants?|businesses|cafes?|"
        r"flats?|cars?)\b",
        negatable=False,
        needs=_PEOPLES_RE,
    ),
    # Being readied for a fight in the name of a faith, a race or a cause, and what a
    # recruiter says of school and the country ("told them schools here are haram and they
    # need to get ready to fight"). A fight alone is a fight: it needs the cause.
    _rule(
        "radicalisation",
        r"\b(?:race|holy)\s+war\b|\bcaliphate\b",
        negatable=False,
    ),
    _rule(
        "radicalisation",
        r"\b(?:get|getting|got|be|being|need\s+to\s+be)\s+(?:ready|prepared|trained|training)\s+(?:to|for)\s+"
        r"(?:fight|war|battle|jihad|the\s+(?:war|fight|battle))\b"
        r"|\bprepar\w*\s+(?:to|for)\s+(?:fight|war|battle|jihad)\b",
        negatable=False,
        needs=re.compile(
            r"\b(?:haram|kuffar|kafirs?|kufr|infidels?|unbelievers?|non[\s-]?believers|the\s+west|"
            r"our\s+(?:people|race|faith|brothers|country)|the\s+enemy|allah|god|religion|faith|mosque|"
            r"church|study\s+group|brothers|white|race|traitors|martyr\w*|them\s+all)\b"
        ),
    ),
    _rule(
        "radicalisation",
        r"\b(?:schools?|teachers?|education|this\s+country|the\s+west|british\s+values|democracy)\s+"
        r"(?:here\s+)?(?:is|are)\s+(?:all\s+)?(?:haram|kufr|evil|the\s+enemy)\b",
        negatable=False,
        needs=re.compile(
            r"\b(?:told|tells|says|said|man|men|group|online|videos?|channel|preacher)\b"
        ),
    ),
    # Wishing a group of people gone ("some people should be wiped out").
    _rule(
        "radicalisation",
        r"\bshould\s+(?:all\s+)?(?:be\s+)?(?:wiped\s+out|exterminated|got\s+rid\s+of|gassed|killed|die)\b"
        r"|\b(?:sent|send|go)\s+back\s+(?:to\s+)?where\s+they\s+(?:came|come)\s+from\b"
        rf"|\b{_GROUPS}\b(?:\s+\S+){{0,4}}?\s+deserve[sd]?\s+(?:what'?s\s+coming|to\s+die|it|everything)\b",
        negatable=False,
    ),
    # -- missing education -----------------------------------------------------------------
    # Missing education: off or away for a long time, whereabouts unknown, taken out of school.
    _rule(
        "missing_education",
        r"\b(?:off|absent|away|missing|missed|not\s+(?:been\s+)?in|not\s+(?:been\s+)?seen|hasn'?t\s+been\s+(?:in|seen)|no\s+show|not\s+attended|out\s+of\s+school|not\s+(?:been\s+)?at\s+school)\s+(?:\w+\s+){0,3}?(?:for\s+|since\s+|over\s+)?(?:(?:a|one|two|three|four|five|six|\d+|several|a\s+few|a\s+couple\s+of)\s+(?:weeks?|wks?|months?)|(?:[5-9]|1\d|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:school\s+)?days)\b|\b(?:no\s*(?:one|body)|nobody)\s+knows\s+where\b|\b(?:don'?t|doesn'?t|do\s+not)\s+know\s+where\s+(?:the\s+family|they|he|she|@+|the\s+\w+)\s+(?:is|are|has|have|went|gone|live|lives|moved)\b|\bhouse\s+(?:looks?\s+|is\s+|was\s+|seems?\s+)?(?:empty|abandoned|boarded)\b|\b(?:taking|take|taken|took|pulling|pulled|withdraw\w*)\s+(?:him|her|them|@+)\s+out\s+of\s+(?:school|education)\b|\bno\s+(?:new\s+)?school\s+(?:place\s+)?(?:lined\s+up|arranged|found|sorted|yet|to\s+go\s+to)\b|\bhome[\s-]?(?:educat\w*|school(?:ed|ing))\b|\belective\s+home\b|\behe\b",
        negatable=False,
    ),
    _rule(
        "missing_education",
        r"\b(?:moving|moved|relocat\w*|emigrat\w*|going\s+back|gone\s+back|went\s+back|left\s+(?:the\s+)?(?:area|country))\b",
        negatable=False,
        needs=_ABSENT_CONTEXT,
    ),
    # A long stay abroad in term time, or home schooling instead of school.
    _rule(
        "missing_education",
        r"\b(?:going|gone|went|go|goes|travel\w*|flying|flew|fly|off|away|staying|taking\s+(?:him|her|them|@+))\s+(?:back\s+)?(?:to\s+[a-z]+(?:\s+[a-z]+)?|abroad|overseas|out\s+of\s+the\s+country)\s+for\s+(?:(?:a|one|two|three|four|five|six|several|a\s+few|a\s+couple\s+of|\d+)\s+months?|(?:[3-9]|1\d|three|four|five|six|seven|eight|several|a\s+few)\s+weeks|the\s+(?:whole\s+|rest\s+of\s+(?:the\s+)?)?(?:term|year)|an?\s+(?:long|extended)\s+\w+)\b"
        r"|\b(?:extended|long)\s+(?:holiday|trip|visit|stay)\s+(?:abroad|overseas|to|in|back)\b"
        r"|\b(?:to|will|'ll|going\s+to|gonna|plan(?:s|ning)?\s+to|wants?\s+to|try\s+to|and)\s+home[\s-]?(?:school|educate|teach)\s+(?:him|her|them|@+)"
        + _AFTER_MASK,
        negatable=False,
    ),
    # Leaving for family abroad with no return to school.
    _rule(
        "missing_education",
        r"\b(?:staying|stay|living|live|going\s+to\s+live|moving|moved|sent)\s+"
        r"(?:\w+\s+){0,3}?(?:abroad|overseas)\b",
        needs=re.compile(
            r"\bwon'?t\s+be\s+(?:back|returning|coming\s+back|in)\b|\bnot\s+(?:be\s+)?coming\s+back\b"
            r"|\bleaving\s+(?:the\s+|this\s+)?school\b|\bwon'?t\s+return\b"
        ),
        negatable=False,
    ),
    # A child out of school where nobody will say where they are.
    _rule(
        "missing_education",
        r"\b(?:won'?t|wouldn'?t|will\s+not|refuses?\s+to|refused\s+to|can'?t|couldn'?t)\s+"
        r"(?:give|say|tell\s+(?:us|me|school))\s+(?:us\s+)?(?:an?\s+|the\s+|his\s+|her\s+)?"
        r"(?:address|where\s+(?:he|she|they)\s+(?:is|are|lives?|is\s+staying))\b",
        negatable=False,
    ),
    # -- what the child tells, and words that mean "worry" ---------------------------------
    # Threats that keep a child quiet, and being told someone will be taken away.
    _rule(
        "disclosure general",
        r"\bif\s+(?:he|she|they|i|@+|you)\s+(?:ever\s+)?(?:tells?|told|says?\s+anything|says?\s+something|speaks?\s+up|grasses|snitch\w*|tell\s+anyone)\b|\b(?:go|goes|going|be\s+sent|get\s+sent|end\s+up)\s+(?:to|in)\s+(?:prison|jail)\b|\b(?:get|be|being|got)\s+taken\s+away\b|\bgets?\s+(?:him|her|them)\s+into\s+trouble\s+if\b",
        negatable=False,
    ),
    # A parent in crisis, and made to sleep or stay somewhere as a punishment.
    _rule(
        "general",
        r"\bsectioned\b|\bpsychiatric\b|\bmental\s+health\s+(?:unit|crisis|ward|team|hospital)\b|\b(?:nervous\s+)?breakdown\b|\b(?:can'?t|cannot|not|isn'?t|struggling\s+to)\s+cop(?:e|ing)\b|\battempted\s+suicide\b",
        negatable=False,
    ),
    _rule(
        "emotional_abuse neglect",
        r"\b(?:mak(?:e|es|ing)|made)\s+(?:him|her|them|me|@+)\s+(?:sleep|stay|stand|sit|eat|wait|live|kneel)\s+(?:\w+\s+){0,3}?(?:garage|shed|garden|floor|car|cold|corner|cupboard|outside|dark|bath|for\s+hours|all\s+night|on\s+(?:his|her|their)\s+own)\b",
        negatable=False,
    ),
    # The child tells of an adult or family member and of harm or fear: a
    # disclosure, however it is worded.
    _rule(
        "disclosure general",
        r"(?<!\bwas\s)(?<!\bwere\s)(?<!\bbeen\s)(?<!\bmum\s)(?<!\bdad\s)(?<!\bparents\s)(?<!\bcarer\s)(?<!\bnan\s)"
        r"\b(?:said|says|saying|told|tells|telling|disclosed|mentioned|wrote|admitted|confided|whispered)\b"
        r"(?!\s+(?:at|by|off|via|later|after|when|on\s+the\s+phone|in\s+person|to\s+(?:stop|sit|go|leave|move|calm|wait)))",
        also=_ADULT_WORDS,
        fallback=True,
        needs=re.compile(
            r"\b(?:hit|hits|hitting|hurt|hurts|hurting|smack\w*|slap\w*|punch\w*|kick(?:s|ed|ing)?|beat(?:s|en|ing)?|scared|frightened|afraid|terrified|petrified|shouts|screams|drunk|police|prison|jail|breathe|held\s+down|pinned|garage|not\s+allowed|won'?t\s+let|makes?\s+(?:him|her|me)|punish\w*|locked|secret|touch\w*|bruis\w*|blood|bleeding|knife|kill\w*|choke\w*|strangl\w*|grab(?:s|bed)|threw|throws|naked|bed|cupboard|shut|starv\w*|hungry|alone|crying|cried)\b"
        ),
        negatable=False,
    ),
    _rule(
        "domestic_abuse",
        r"\b(?:violent|violence|abusive|abuse[ds]?)\b(?=.*\b(?:mum|mummy|dad|daddy|partner|boyfriend|girlfriend|husband|wife|stepdad|home|house|family|parents?)\b)|\b(?:restraining|non[\s-]?molestation|protection)\s+order\b|\binjunction\b|\b(?:must\s+not|mustn'?t|not\s+allowed\s+to|can'?t|cannot)\s+(?:collect|pick\s+(?:him|her|them)\s+up|have\s+contact|contact|see\s+(?:him|her|them))\b",
        negatable=False,
    ),
    _rule(
        "disclosure general",
        r"\bdisclos(?:ed|es|ing|ure|ures)\b|\b(?:said|says|told\s+(?:me|us)|mentioned|wrote|shared)\s+something\s+(?:\w+\s+){0,6}?(?:worr\w*|concern\w*|upsetting|odd|strange|troubling|alarming)|\b(?:asked|asking|begged|begging|made)\s+(?:me|us|@+|staff)?\s*(?:if|whether|to|not\s+to)?\s*(?:i|we)?\s*(?:could|would|can|will)?\s*(?:keep|kept)\s+(?:a|it\s+a|it|the|this|his|her)\s+secret\b|\bkeep(?:s|ing)?\s+(?:a\s+|it\s+a\s+|this\s+a\s+|the\s+|this\s+|their\s+|our\s+)?secrets?\b|\b(?:told|tell)\s+(?:me|us|you)\s+a\s+secret\b|\b(?:don'?t|do\s+not|not\s+to|mustn'?t|never|won'?t)\s+tell\s+(?:anyone|anybody|mum|dad|my\s+mum|my\s+dad|(?:his|her|their)\s+(?:mum|dad|parents)|teachers?|the\s+teacher|the\s+police)\b|\b(?:asked|begged)\s+(?:me\s+|us\s+)?(?:not\s+to|to\s+not)\s+tell\b|\bscared\s+to\s+tell\b",
        disclosure=True,
    ),
    _rule(
        "general",
        r"\bdsls?\b|\bddsl\b|\bdesignated\s+safeguarding|\bsafeguarding\b|\bcpoms\b|\bmy\s?concern\b|\b(?:welfare|cp|child\s+protection|wellbeing|well-being)\s+concerns?\b|\bchild\s+protection\b|\bsocial\s+services\b|\bmash\s+referral\b|\blado\b|\b(?:i'?m|i\s+am|am|we\s+are|we'?re|staff\s+are|really|very|quite|a\s+bit|bit|slightly|getting|becoming|so|increasingly)\s+(?:worried|concerned)\s+(?:about|for|by)\s+(?:him|her|them|@+|this|what|how|his\s+(?:welfare|safety|wellbeing|home|mum|dad|family)|her\s+(?:welfare|safety|wellbeing|home|mum|dad|family))\b|\b(?:worried|concerned)\s+(?:about|for)\s+(?:him|her|them|@+)"
        + _AFTER_MASK
        + r"|\bworried\s+me\b|\b(?:it'?s|that'?s|is|was|very|really|quite)\s+worrying\b|\b(?:is|was|it'?s|that'?s|very|really|quite|a\s+bit|bit|more|most|deeply)\s+concerning\b|\b(?:a|some|my|real|serious|ongoing|new|raised\s+a|have\s+a)\s+concerns?\b(?!\s+(?:about|re|with|over|regarding|for)\s+(?:his|her|their)?\s*(?:reading|writing|spelling|maths|progress|homework|learning|handwriting|speech|behaviour|attendance|sensory|transition|the\s+trip|timetable|phonics|levels|targets|uniform|kit|work))|\b(?:passed|pass|passing|report(?:ed)?|refer(?:red)?|flag(?:ged)?|logged|log)\s+(?:it\s+|this\s+|on\s+)?(?:on\s+)?(?:to|with|on)\s+(?:the\s+)?(?:dsl|safeguarding|cpoms|myconcern|designated)\b|\bnot\s+(?:him|her|them)sel(?:f|ves)\b|\bnot\s+(?:his|her|their)\s+usual\s+self\b|\bsomething\s+(?:isn'?t|is\s+not|not|wasn'?t)\s+right\b|"
        + _DOUBT_STRONG
        + r"|\b(?:very|really|extremely|quite|unusually|more)\s+withdrawn\b|\bwithdrawn\s+(?:and|today|recently|lately|all)\b|\b(?:being|been|getting|is|was|got|gets)\s+bullied\b",
    ),
    # A knife or a blade named, outside cooking and craft ("chopped onions w the sharp knife").
    _rule(
        "exploitation",
        r"(?<!butter\s)(?<!plastic\s)\b(?:knife|knives)\b(?!\s+(?:and|&|n)\s+forks?)|(?<!shoulder\s)\bblade\b",
        needs=re.compile(
            r"^(?!.*\b(?:chop\w*|slic\w*|onions?|vegetables?|veg|cook\w*|food\s+tech|life\s+skills|spread\w*|"
            r"peel\w*|bread|cake|sandwich\w*|fruit|baking|recipe|kitchen\s+skills|whittl\w*|forest\s+school|"
            r"bushcraft|tent\s+pegs?|sticks?)\b)",
            re.S,
        ),
    ),
    # The child on the receiving end of other children's violence, again or filmed ("a video
    # of him getting slapped at the bus stop", "got jumped after school").
    _rule(
        "physical_abuse general",
        r"\b(?:him|her|them|@+)\s+(?:getting|being|get|got)\s+(?:slapped|punched|beaten(?:\s+up)?|battered|"
        r"jumped|kicked|attacked|robbed|mugged|stabbed|rushed|spat\s+on|beat\s+up|filmed)\b"
        r"|\b(?:got|gets|getting|been|was|were)\s+(?:jumped|robbed|mugged|stabbed|rushed|beaten\s+up|"
        r"beat\s+up|spat\s+on)\b",
        negatable=False,
    ),
    # Someone online passing for a child, or wanting to meet ("says hes 14, wants to meet him").
    _rule(
        "online_harm",
        r"\b(?:says|said|claims?|claimed|pretends?|pretending|reckons)\s+(?:to\s+be\s+|(?:he|she|they)\s*(?:'s|s|is|are|was)\s+)"
        r"(?:only\s+)?(?:1[0-7]|a\s+kid|a\s+child|a\s+girl|a\s+boy|in\s+year\s+\d+)\b"
        r"|\b(?:wants?|wanted|asked|asking|asks|trying)\s+(?:to\s+)?meet\s+(?:up\s+with\s+)?(?:him|her|them|@+)"
        + _AFTER_MASK,
        needs=_ONLINE_CONTEXT,
    ),
    # Pulling out their own hair, and goodbye letters written when they "can't do this".
    _rule(
        "self_harm",
        r"\bpull(?:s|ed|ing)?\s+(?:out\s+)?(?:his|her|their|my)\s+(?:own\s+)?(?:hair|eyelashes|lashes|eyebrows)"
        r"(?:\s+out)?\b(?!\s+(?:tie|band|bobble|clip|back))|\bbald\s+patch(?:es)?\b"
        r"|\b(?:written|wrote|writing|left)\s+(?:\w+\s+){0,2}?(?:letters?|notes?|goodbyes?)\s+(?:to|for)\s+"
        r"(?:(?:his|her|their|my)\s+)?(?:family|mum|dad|parents|everyone|friends|each\s+of)\b"
        r"(?=[^.;!?]*\b(?:can'?t|cannot|any\s*more|goodbye|sorry|tired|give\s+up|end)\b)",
        negatable=False,
    ),
    _rule(
        "self_harm",
        r"\bcan'?t\s+(?:do|take|cope\s+with|go\s+on\s+with|handle)\s+(?:this|it|life|anything)\s+any\s*more\b",
        negatable=False,
        needs=re.compile(
            r"\b(?:letters?|notes?|goodbye|family|everyone|life|tablets|pills|die|dead|end|alone)\b"
        ),
    ),
    # Held down and hurt by other children, again and again.
    _rule(
        "physical_abuse general",
        r"\b(?:hold|holds|held|holding|pin|pins|pinned|pinning)\s+(?:him|her|them|@+)\s+down\s+and\s+"
        r"(?:hit|hits|punch\w*|kick\w*|slap\w*|sit\s+on|sat\s+on|spit\w*|take|took|hurt\w*)\b",
        negatable=False,
    ),
    # Images of the child shared round without consent (online harm), sexual when they
    # are nudes or taken while changing.
    _rule(
        "online_harm",
        _SHARED_ROUND,
        negatable=False,
        needs=re.compile(
            # a pupil's masked name (no \b after it), not their things ("a photo of @'s model")
            r"\bof\s+@+(?![@\w]|'?\s?s\b)|\bfilm(?:s|ed|ing)?\s+@+(?![@\w]|'?\s?s\b)"
            r"|\b(?:sent\s+(?:him|her|them)|of\s+(?:him|her|them)|film(?:s|ed|ing)?\s+(?:him|her|them)|"
            r"ex|boyfriend|girlfriend|without\s+(?:asking|consent|permission))\b"
        ),
    ),
    _rule(
        "online_harm sexual_abuse",
        _SHARED_ROUND
        + r"|\b(?:photos?|pictures?|pics?|videos?|clips?)\s+of\s+(?:him|her|them|@+)\s+"
        r"(?:getting\s+changed|changing|naked|undress\w*|in\s+the\s+shower|topless|in\s+(?:his|her|their)\s+underwear)\b",
        negatable=False,
        needs=re.compile(
            r"\b(?:nudes?|naked|changing|changed|undress\w*|topless|private|underwear|shower)\b"
        ),
    ),
    _rule(
        "sexual_abuse online_harm",
        r"\b(?:filmed|filming|films|recorded|photographed|took\s+(?:a\s+)?(?:photos?|pictures?|pics?|videos?)\s+of)\s+"
        r"(?:him|her|them|@+)\s+(?:(?:while|whilst|when|as)\s+(?:he|she|they)\s+(?:was|were)\s+)?(?:getting\s+changed|"
        r"changing|undress\w*|in\s+the\s+(?:shower|showers|changing\s+rooms?)|naked|topless|"
        r"in\s+(?:his|her|their)\s+underwear)\b",
        negatable=False,
    ),
    # Carrying for older people ("asked to take it to seaham on the train"), a bag kept for
    # lads, favours owed to an older "mate".
    _rule(
        "exploitation",
        r"\b(?:asked|told|made|paid|pressured|being\s+asked|getting\s+asked|wants?\s+(?:him|her|them|@+)|"
        r"want\s+(?:him|her|them|@+))\s+to\s+(?:take|carry|drop(?:\s+off)?|deliver|hold|mind|move)\s+"
        r"(?:it|them|a\s+bag|the\s+bag|bags|stuff|things|a\s+package|packages|parcels?|a\s+parcel)\s+(?:to|for|on|round)\b"
        r"|\b(?:keeps?|keeping|kept|holding|hiding|stashing)\s+(?:a|the)\s+(?:bag|package|parcel)\s+(?:\w+\s+){0,3}?"
        r"for\s+(?:some\s+|the\s+|older\s+)?(?:lads|boys|men|people|guys|someone|mates|friends)\b"
        r"|\b(?:1[89]|[2-5]\d)\s*(?:year|yr)s?\s*old\s+(?:\w+\s+){0,7}?(?:buy(?:s|ing)?|bought|gives?|giving|gave|"
        r"pays?|paid|wants?\s+(?:him|her|them|@+)\s+to)\b"
        r"|\b(?:do|doing|did)\s+(?:him|her|them|someone|a\s+mate)\s+a\s+favour\b(?=[^.;!?]*\b(?:older|mate|lads|"
        r"metro|train|bus|bag|money|cash|\d\d\s*(?:yr|year)))",
        negatable=False,
    ),
    # Health appointments missed again ("thats the 3rd one missed").
    _rule(
        "neglect",
        r"\b(?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth|another)\s+(?:one|appt|appointment|time)s?\s+"
        r"(?:\w+\s+)?(?:missed|not\s+attended|dna'?d?|cancelled\s+by\s+(?:mum|dad|home|the\s+family))\b",
        negatable=False,
        needs=re.compile(
            r"\b(?:appts?|appointments?|paediatrician|clinic|hospital|dentist|optician|audiology|hearing|"
            r"physio|camhs|doctor|gp|consultant)\b"
        ),
    ),
    # A cleansing "ceremony" abroad for the girls ("to make them clean and proper").
    _rule(
        "fgm",
        r"\b(?:make|makes|making|made)\s+(?:them|her|the\s+girls|us|me)\s+(?:\w+\s+)?(?:clean|pure|proper)\b"
        r"(?:\s+and\s+(?:clean|pure|proper))?",
        negatable=False,
        needs=re.compile(
            r"\b(?:ceremony|girls?|back\s+home|abroad|summer|holiday|aunt\w*|cousin|family|cut|cutting)\b"
        ),
    ),
    # Fed by mouth at home against a nil-by-mouth plan, or medicine stopped by a parent.
    _rule(
        "neglect",
        r"\bnil\s+by\s+mouth\b(?=[^.;!?]*\b(?:giv\w*|gave|fed|feed\w*|eat\w*|ate|drink\w*|by\s+mouth\s+at\s+home))"
        r"|\b(?:giv\w*|gave|fed|feed\w*)\s+(?:him|her|them|@+)\s+(?:\S+\s+){0,5}?by\s+mouth\b(?=[^.;!?]*\bnil\s+by\s+mouth)"
        r"|\b(?:stopped|stopping|stops|won'?t\s+give|not\s+giving|refus\w+\s+to\s+give)\s+(?:(?:giving|putting|doing)\s+)?"
        r"(?:his|her|their)\s+(?:meds|medication|medicine|tablets|inhaler|baclofen|insulin|epilim|keppra|melatonin|feeds?|"
        r"eye\s+drops|drops|cream|patches)\b"
        r"|\bpray(?:er|ers|ing)?\s+(?:will|would|can|is\s+going\s+to)\s+(?:fix|heal|cure|sort)\b",
        negatable=False,
    ),
    # An adult who hurts or names the child, told in the next clause ("the escort lifted
    # him in by his arms, she yanked him in, then called him a lazy lump").
    _rule(
        "physical_abuse",
        rf"\b{_ADULT}\b(?:(?!\b(?:said|says|told|tells|saying)\b)[^.;!?]){{0,80}}?[,;]?\s+(?:he|she|they)\s+"
        rf"(?:then\s+)?{_HARM}\s+{_CHILD_OBJ}(?!\w){_NOT_A_PERSON}",
        negatable=False,
    ),
    _rule(
        "emotional_abuse",
        r"\b(?:called|calls|calling)\s+(?:him|her|them|@+)\s+(?:a\s+|an\s+)?(?:lazy|stupid|useless|fat|ugly|thick|worthless|"
        r"pathetic|disgusting|dumb|idiot|freak|lump|waste|baby|cripple|spastic|retard\w*|vegetable)\b",
        negatable=False,
        needs=re.compile(
            r"\b(?:escort|driver|carer|staff|mum|mam|dad|stepdad|stepmum|nan|gran|uncle|aunt\w*|partner|boyfriend|"
            r"teacher|mr|mrs|ms|miss|sir|nurse|man|woman|adult|she|he)\b"
        ),
    ),
    # Not caring whether they live ("said he doesnt care if he dies").
    _rule(
        "self_harm",
        r"\b(?:doesn'?t|does\s+not|don'?t|didn'?t|wouldn'?t|won'?t|not\s+bothered|couldn'?t)\s+(?:care|mind|matter)\s+"
        r"(?:if|whether)\s+(?:he|she|they|i|@+)\s+(?:dies|die|died|lives|live|is\s+dead|was\s+dead|gets?\s+killed|wakes?\s+up)\b",
        negatable=False,
    ),
    # Hungry at home, seen in school: food hidden "for later", the same clothes all week.
    _rule(
        "neglect",
        r"\b(?:came|comes|coming|arrived|arrives)\s+in\s+(?:\w+\s+)?(?:starving|hungry|famished)\s+(?:again|every\s+day|most\s+days)\b"
        r"|\bsame\s+(?:joggers|trousers|clothes|top|jumper|uniform|shirt|tracksuit|hoodie|socks|leggings)\s+"
        r"(?:all\s+week|every\s+day|for\s+(?:days|a\s+week|\w+\s+days)|since\s+\w+)\b"
        r"|\b(?:hid|hides|hiding|put|puts|stuffed|kept|saved)\s+(?:some|it|food|toast|bread|fruit|the\s+rest)\s+"
        r"(?:\w+\s+){0,3}?(?:in|into)\s+(?:his|her|their)\s+(?:pocket|bag|coat|sleeve|tray)\s+for\s+later\b",
        negatable=False,
    ),
    # Sent abroad to stay ("wont be coming back after the holiday", "sent to stay for good").
    _rule(
        "missing_education",
        r"\b(?:won'?t|wont|will\s+not|isn'?t|not)\s+(?:be\s+)?(?:coming|going\s+to\s+come)\s+back\b"
        r"(?=[^.;!?]*\b(?:holiday|abroad|trip|summer|christmas|xmas|back\s+home|for\s+good|country|visit))"
        r"|\b(?:being\s+|getting\s+|is\s+|was\s+)?sent\s+(?:back\s+|away\s+)?(?:to\s+(?:live|stay)\s+)?(?:\w+\s+){0,6}?for\s+good\b",
        negatable=False,
    ),
    # Driving out a group, or burning what is theirs ("foreign crews should be run out").
    _rule(
        "radicalisation",
        r"\b(?:foreign\w*(?:\s+\w+)?|immigrants|migrants|refugees|asylum\s+seekers|eastern\s+europeans|poles|romanians|"
        r"gypsies|travellers|muslims|jews|pakis)\s+(?:\w+\s+){0,4}?(?:should|ought\s+to|need\s+to|must|want)\s+"
        r"(?:be\s+)?(?:run|kicked|sent|chased|driven|thrown|burnt|burned|got)\s+out\b"
        r"|\b(?:torch|burn|firebomb|petrol\s+bomb|smash\s+up)\s+(?:their|the)\s+(?:vans?|houses?|homes?|cars?|boats?|"
        r"caravans?|mosque|shops?)\b",
        negatable=False,
        needs=re.compile(
            r"\b(?:foreign\w*|immigrants|migrants|refugees|asylum|poles|romanians|gypsies|travellers|muslims|jews|pakis|their\s+own\s+country)\b"
        ),
    ),
    # Someone else holds the young person's money: the card, the wages, the benefits
    # ("her boyfriend keeps her bank card", "never sees any of the money").
    _rule(
        "exploitation",
        r"\b(?:keeps?|keeping|kept|has|had|took|takes|taken|taking|holds?|holding|controls?|controlling)\s+"
        r"(?:(?:his|her|their)\s+)?(?:bank\s+card|debit\s+card|card\s+and\s+pin|pin\s+number|wages|benefits|pip|"
        r"bursary|universal\s+credit|placement\s+money|pay\s+packet)\b"
        r"|\bnever\s+(?:sees|gets|has|touches)\s+(?:any\s+of\s+)?(?:the|his|her|their)\s+(?:money|wages|pay|benefits|bursary)\b"
        r"|\bhas\s+to\s+ask\s+(?:him|her|them)\s+for\s+(?:\w+\s+)?money\b",
        negatable=False,
        needs=re.compile(
            r"\b(?:boyfriend|girlfriend|partner|bf|gf|uncle|aunt\w*|cousin|brother|sister|mates?|friends?|lads?|"
            r"man|men|someone|he|she|they|him|them)\b"
        ),
    ),
    # Phones, cash or gifts from older lads, for favours or for "looking after" things.
    _rule(
        "exploitation",
        r"\b(?:gives?|gave|giving|hands?|handed|passes|passed)\s+(?:him|her|them|@+)\s+(?:them|it|stuff|things|"
        r"phones?|bags?|packages?|parcels?)\s+to\s+(?:look\s+after|mind|hold|keep|stash|hide)\b"
        r"|\bfor\s+doing\s+(?:him|her|them|someone|a\s+mate|the\s+lads)\s+(?:a\s+)?favours?\b"
        r"|\b(?:pays?|paid|paying|gives?|gave|giving|gets|earns?|earned)\s+(?:(?:him|her|them|@+)\s+)?£\s?\d+\s+"
        r"(?:a|each|per)\s+(?:time|go|drop|trip|run|job)\b"
        r"|\b(?:\d|two|three|four|five|several|loads\s+of)\s+(?:different\s+)?(?:new\s+)?phones\b",
        negatable=False,
        needs=re.compile(
            r"\b(?:lads?|boys|men|man|older|mates?|friends?|someone|estate|rec|park|\d\d|favours?|gives?|gave|"
            r"look\s+after|this\s+week|says|said)\b"
        ),
    ),
    # An adult's hand where it should not be ("the driver puts his hand on her leg").
    _rule(
        "sexual_abuse",
        r"\b(?:puts?|putting|rests?|rested|resting|places?|placed|keeps\s+putting|kept\s+putting|had|has)\s+"
        r"(?:his|her|their)\s+hands?\s+(?:on|up|down|inside)\s+(?:(?:her|his|their|my)\s+)?(?:leg|legs|thigh|thighs|"
        r"knee|knees|bum|bottom|chest|boobs|breasts?|waist|skirt|shorts|top|lap|trousers|crotch)\b",
        negatable=False,
        needs=re.compile(
            r"\b(?:driver|escort|man|men|uncle|cousin|stepdad|teacher|coach|neighbour|lad|boy|boyfriend|he|his)\b"
        ),
    ),
    # Held down by others and filmed, hit or left crying.
    _rule(
        "physical_abuse online_harm general",
        r"\b(?:held|holds|holding|pinned|pins|pinning)\s+(?:him|her|them|@+)\s+down\b"
        r"(?=[^.;!?]*\b(?:film\w*|video\w*|record\w*|photo\w*|pics?|snapchat|story|crying|laughing\s+at)\b)",
        negatable=False,
        needs=re.compile(
            r"\b(?:boys|girls|lads|others|kids|year\s+\d+|some|older|gang|they|friends)\b"
        ),
    ),
    # Someone moved into the young person's home, people in and out at night (cuckooing).
    _rule(
        "exploitation",
        r"\b(?:a\s+man|a\s+guy|a\s+bloke|a\s+lad|some\s+lads|some\s+men|someone|people|strangers|an?\s+older\s+\w+|"
        r"(?:his|her|their)\s+mates?)\s+(?:has\s+|have\s+)?moved\s+(?:in\s+(?:to|with)|into)\s+(?:(?:his|her|their|the)\s+)?"
        r"(?:flat|house|place|room|home|bedsit)\b"
        r"|\b(?:people|men|lads|strangers)\s+(?:\w+\s+)?in\s+and\s+out\s+(?:of\s+(?:the|his|her|their)\s+(?:flat|house|home)\s+)?"
        r"(?:all\s+(?:night|day)|at\s+all\s+hours|every\s+night|at\s+night)\b",
        negatable=False,
    ),
    # A row at home that breaks things ("daddy shouts and throws plates").
    _rule(
        "domestic_abuse",
        rf"\b(?:mum|mummy|mom|mam|dad|daddy|{_REL})\s+(?:\w+\s+){{0,2}}?(?:shouts|screams|yells|shouting|screaming)\s+"
        r"(?:\w+\s+){0,2}?and\s+(?:throws|smashes|breaks|threw|smashed|broke|throwing|smashing)\s+(?:the\s+)?"
        r"(?:plates|cups|things|stuff|glasses|the\s+tv|furniture|chairs)\b",
        negatable=False,
    ),
    # A child's aids left broken, letters unanswered, the clinic missed again.
    _rule(
        "neglect",
        r"\b(?:hearing\s+aids?|glasses|processor|splints?|wheelchair|walker|frame|specs)\s+(?:\w+\s+){0,2}?"
        r"(?:broken|lost|missing|not\s+(?:replaced|fixed|repaired|working))\s+(?:since|for)\b"
        r"|\bmissed\s+(?:his|her|their|the)?\s*(?:\w+\s+)?(?:appointment|appt|audiology|clinic|hospital|dentist|"
        r"optician|physio|camhs|paediatrician)\s+again\b"
        r"|\b(?:appointment|appt|clinic)\s+(?:was\s+|were\s+|got\s+)?missed\s+again\b",
        negatable=False,
        needs=re.compile(
            r"\b(?:mum|dad|parents?|home|letters?|answer\w*|again|chas\w*|\d(?:st|nd|rd|th))\b"
        ),
    ),
    # Words chosen on a talker or device: an adult and a hurt or a touch.
    _rule(
        "disclosure",
        r"\b(?:typed|typing|types|pressed|pressing|chose|selected|spelled|spelt)\b",
        also=_ADULT_WORDS + " daddy mummy",
        needs=re.compile(
            r"\b(?:talker|device|aac|communication\s+(?:aid|book|device)|eye[\s-]?gaze|grid|symbols?|ipad)\b"
            r"(?=[\s\S]*\b(?:touch\w*|hurt\w*|sore|bed|secret|hit|scared|pain|cry\w*|no|stop|bad)\b)"
            r"|\b(?:touch\w*|hurt\w*|sore|bed|secret|hit|scared|pain)\b(?=[\s\S]*\b(?:talker|device|aac|eye[\s-]?gaze|grid|ipad)\b)"
        ),
    ),
    # Head lice that persist or go untreated (a class letter about nits is routine).
    _rule(
        "neglect",
        r"\b(?:nits|head\s+lice|lice)\b",
        negatable=False,
        needs=re.compile(
            r"^(?![\s\S]*\bletter)[\s\S]*\b(?:again|always|still|constant\w*|crawling|weeks|months|untreated|"
            r"never\s+treated|every\s+week|bad|covered|sores|alive|scratching)\b"
        ),
    ),
    # A parent who seems drunk or high at the door, a baby left outside.
    _rule(
        "neglect",
        r"\b(?:out\s+of\s+it|off\s+(?:her|his|their)\s+face|pin[\s-]?pricks?|pinned\s+pupils|slurr\w*|"
        r"smel(?:t|led|ls?)\s+(?:strongly\s+)?of\s+(?:alcohol|drink|booze|weed|cannabis)|stank\s+of\s+(?:alcohol|drink|booze|weed)|"
        r"under\s+the\s+influence|unsteady\s+on\s+(?:her|his|their)\s+feet)\b"
        r"|\bleft\s+(?:\w+'?s?\s+)?(?:the\s+|her\s+|his\s+|their\s+)?(?:baby|toddler|little)\s+(?:brother|sister|one)?\s*"
        r"(?:\w+\s+){0,3}?(?:outside|alone|on\s+(?:her|his|their)\s+own|in\s+the\s+car|unattended)\b",
        negatable=False,
        needs=re.compile(
            r"\b(?:mum|mam|mom|dad|parent|carer|nan|gran|uncle|aunt\w*|stepdad|partner|drop\s+off|pick\s+up|gate|baby|brother|sister)\b"
        ),
    ),
    # Gambling: sent to place bets, or betting on a parent's account.
    _rule(
        "exploitation general",
        r"\b(?:gambl(?:e|es|ed|ing)|bookies|betting\s+(?:app|site|shop|account)|put\s+(?:his|her|their)\s+bets\s+on|"
        r"place\s+(?:his|her|their)\s+bets|slot\s+machines?|online\s+casino)\b",
        negatable=False,
    ),
    # An adult who says they wish the child had never been born.
    _rule(
        "emotional_abuse",
        rf"\b{_ADULT}\s+(?:\w+\s+){{0,2}}?(?:says|said|tells|told\s+(?:me|her|him|them))\s+(?:that\s+)?(?:she|he|they)\s+"
        r"wish(?:es|ed)?\s+(?:i|he|she|they|@+)\s+(?:was|were|had|'d)\s+never\s+(?:been\s+)?born\b",
        negatable=False,
    ),
    # Self-injury that is new, or hard ("started banging her head really hard, never done
    # this before").
    _rule(
        "self_harm",
        r"\bbang(?:s|ed|ing)\s+(?:his|her|their)\s+head\b(?=[^.;!?]*\b(?:really\s+hard|so\s+hard|never\s+(?:done|did)\s+"
        r"(?:this|that|it)\s+before|new|lump|bleed\w*|bled|bruis\w*))"
        r"|\b(?:has\s+)?(?:started|begun)\s+(?:\w+\s+)?(?:banging|hitting|biting|scratching|pinching|hurting)\s+"
        r"(?:his|her|their)\s+(?:own\s+)?(?:head|arms?|legs?|hands?|face|skin|self)\b",
        negatable=False,
    ),
    # Eating too little on purpose: calories counted, "so thin now", a faint.
    _rule(
        "self_harm neglect",
        r"\b\d{3,4}\s+calories\b|\bcounting\s+(?:her|his|their)?\s*calories\b|\blets?\s+(?:him|her|them)sel(?:f|ves)\s+"
        r"(?:have|eat)\b|\bso\s+thin\s+(?:now|lately|recently)\b|\blost\s+(?:a\s+lot\s+of|so\s+much|loads\s+of)\s+weight\b",
        negatable=False,
    ),
    # Still not back, weeks after leaving ("flew to the philippines 5 weeks ago").
    _rule(
        "missing_education",
        r"\b(?:still\s+)?not\s+back\b(?=[^.;!?]*\b(?:\d+|two|three|four|five|six|several)\s+(?:weeks?|months?)\s+ago\b)",
        negatable=False,
    ),
    # Not feeling safe at home, or with an adult.
    _rule(
        "general emotional_abuse",
        r"\b(?:doesn'?t|does\s+not|don'?t|didn'?t|never)\s+feels?\s+safe\s+(?:at\s+home|with\s+(?:his|her|their|my)\s+\w+|"
        r"there|around\s+(?:his|her|their|my)\s+\w+|when\s+(?:he|she|they)\s+(?:is|are|'s)\s+home)\b",
        negatable=False,
    ),
    # Distress told through AAC, symbols or signing: an adult and a hurt chosen.
    _rule(
        "disclosure",
        r"\b(?:chose|choosing|chooses|choose|pointed|pointing|points|point|pressed|pressing|presses|selected|selecting|selects|signed|signing|signs|tapped|tapping|taps|picked|picking|touched|touching|exchanged|exchanging|eye[\s-]?pointed|looked\s+at|kept\s+going\s+to)\b",
        also=_ADULT_WORDS + " daddy mummy",
        needs=re.compile(
            # (quotes are gone from the masked text: 'sad' 'daddy' 'no' reads sad daddy no)
            r"^(?=.*\b(?:sad|hurt|hurts|ouch|sore|pain|scared|frightened|stop|no)\b)"
            r"(?=.*\b(?:cried|cry|crying|upset|distressed|sobb\w*|tearful|tears|screamed|screaming)\b)"
            r"|^(?=.*\b(?:sad|hurt|hurts|ouch|sore|pain|scared|frightened)\b)"
            r"(?=.*\b(?:over\s+and\s+over|again\s+and\s+again|kept|keeps|repeatedly)\b)",
            re.S,
        ),
    ),
    # Afraid to go home, or unable to because of someone there.
    _rule(
        "general",
        r"\b(?:can'?t|cannot|doesn'?t\s+want\s+to|does\s+not\s+want\s+to|won'?t|scared\s+to|"
        r"afraid\s+to|frightened\s+to|too\s+scared\s+to)\s+go\s+(?:back\s+)?home\b",
        negatable=False,
    ),
)

RULES: tuple[_Rule, ...] = tuple(r for rules in _RULES_BY_CATEGORY for r in rules)
# Every gate word is a run of letters and digits (fastre.required_words), so
# each of its occurrences lies inside one run of letters and digits of the
# message: the rules a message may match are the union, over its runs, of the
# rules with a gate word inside that run. The same holds for the words of each
# of a rule's other clauses, which must all be there too. Both are worked out
# once per run (the same words come up message after message) and then are a
# dict lookup.
_CLAUSE_IDS: dict[frozenset[str], int] = {}  # the same clause is shared by many rules
_NEEDS: list[frozenset[int]] = []  # by rule: the ids of its clauses other than the gate
_GATE_WORDS: dict[str, tuple[int, ...]] = {}
_CLAUSE_WORDS: dict[str, tuple[int, ...]] = {}
for _n, _r in enumerate(RULES):
    for _w in _r.gate:
        _GATE_WORDS[_w] = (*_GATE_WORDS.get(_w, ()), _n)
    _NEEDS.append(frozenset(_CLAUSE_IDS.setdefault(_c, len(_CLAUSE_IDS)) for _c in _r.clauses))
for _c, _id in _CLAUSE_IDS.items():
    for _w in _c:
        _CLAUSE_WORDS[_w] = (*_CLAUSE_WORDS.get(_w, ()), _id)


def _by_letter(
    words: dict[str, tuple[int, ...]],
) -> dict[str, tuple[tuple[str, tuple[int, ...]], ...]]:
    """`words` by the first letter of each word: a run only tests the words
    starting with one of its letters."""
    out: dict[str, tuple[tuple[str, tuple[int, ...]], ...]] = {}
    for w, ids in words.items():
        out[w[0]] = (*out.get(w[0], ()), (w, ids))
    return out


_GATES_BY_LETTER = _by_letter(_GATE_WORDS)
_CLAUSES_BY_LETTER = _by_letter(_CLAUSE_WORDS)
_NOTHING: frozenset[int] = frozenset()


def _ids_in_run(
    run: str, table: dict[str, tuple[tuple[str, tuple[int, ...]], ...]]
) -> frozenset[int]:
    """The ids `table` lists for the words inside `run` (a run of letters/digits)."""
    found: set[int] = set()
    for letter in set(run):
        for w, ids in table.get(letter, ()):
            if w in run:
                found.update(ids)
    return frozenset(found) if found else _NOTHING


# Run -> the rules with a gate word inside it; run -> the clauses with a word inside it.
_RUN_RULES = WordMemo(partial(_ids_in_run, table=_GATES_BY_LETTER))
_RUN_CLAUSES = WordMemo(partial(_ids_in_run, table=_CLAUSES_BY_LETTER))


def _candidates(words: Collection[str]) -> set[int]:
    """The rules one of whose gate words is in the message, and a word of each
    of whose other clauses. `words`: every run of letters and digits of the
    folded message (Message.words holds them all, with a few more; a word
    too many can only add a candidate, never hide one)."""
    # Unions of memoised sets, in C: most messages have no gate word at all.
    gated = _NOTHING.union(*map(_RUN_RULES.__getitem__, words))
    if not gated:
        return set()
    clauses = _NOTHING.union(*map(_RUN_CLAUSES.__getitem__, words))
    needs = _NEEDS
    return {n for n in gated if needs[n] <= clauses}


ORDER = (
    "disclosure", "physical_abuse", "emotional_abuse", "sexual_abuse", "neglect", "self_harm",
    "domestic_abuse", "exploitation", "online_harm", "forced_marriage", "fgm", "radicalisation",
    "missing_education", "general",
)  # fmt: skip


@dataclass
class Concern:
    """What `find_concerns` recognised: categories in contract order, and the phrases."""

    categories: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.categories)


def _sentence_before(text: str, start: int) -> str:
    begin = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        begin = m.end()
    return text[begin:start]


def _clause(text: str, start: int, end: int) -> str:
    """The sentence around [start, end)."""
    begin = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        begin = m.end()
    stop = _SENTENCE_END.search(text, end)
    return text[begin : stop.start() if stop else len(text)]


def is_negated(text: str, start: int, end: int) -> bool:
    """Is the cue at [start, end) of `text` negated ("no bruising", "injuries: none")?"""
    before = _sentence_before(text, start)[-40:]
    return bool(_NEGATED_BEFORE.search(before) or _NEGATED_AFTER.match(text, end))


def _explained_accident(text: str, start: int, end: int) -> bool:
    """A mark a witnessed accident accounts for, with no doubt about the story,
    or a mark on someone other than the child ("bruise on staff arm")."""
    clause = _clause(text, start, end)
    if _DOUBT_RE.search(clause) or _CHILD_SAYS.search(clause):
        return False
    near = text[max(0, start - 25) : end + 25]
    if _STAFF_HURT.search(near):
        return True
    return bool(ACCIDENT.search(clause))


# Ordinary things children are afraid of, and a secret that is a treat being
# planned: blanked (same length) before the rules read the message, so "she
# said he is scared of the dark" or "told me a secret - they're making mum a
# birthday cake" are no disclosure. Whatever else the message says is read as usual.
_ORDINARY_GATE = ("scared", "afraid", "frighten", "terrified", "secret")
_ORDINARY = re.compile(
    r"\b(?:scared|afraid|frightened|terrified)\s+(?:of\s+)?(?:the\s+)?(?:dark|dogs?|spiders?|thunder|storms?|"
    r"lightning|fireworks|the\s+dentist|dentists?|needles|injections|jabs?|loud\s+noises|hand\s*dryers?|"
    r"monsters?|ghosts?|clowns?|heights|bees|wasps|insects|birds|balloons|the\s+hoover|hoovers?|"
    r"(?:the\s+)?big\s+slide|going\s+on\s+stage|the\s+(?:nativity|play|show|test)|tests?|sats|exams?|"
    r"swimming|deep\s+water|masks?|(?:the\s+)?toilets?\s+flushing)\b"
    # A secret that is a celebration for someone in the family or at school:
    # both told in the same sentence after it.
    r"|\bsecrets?\b(?=[^.;!?]*\b(?:surprise|birthday|christmas|mother'?s\s+day|father'?s\s+day|anniversary)\b)"
    r"(?=[^.;!?]*\b(?:mum|mummy|mom|dad|daddy|nan|nanny|gran|granny|grandma|grandad|sister|brother|auntie|"
    r"aunty|uncle|teacher|miss|sir)(?:'?s)?\b)"
)


# A secret that is a thing children make or play at ("built a secret hideout for their
# minifigures", "a secret code for the den"): no secret kept with anyone, unless an adult is
# in the same sentence ("his uncle has a secret den for them").
_PLAY_SECRET = re.compile(
    r"\bsecret\s+(?:hide[\s-]?outs?|hideaways?|dens?|bases?|clubs?|forts?|camps?|tunnels?|passages?|"
    r"passageways?|doors?|gardens?|santa|agents?|spy|spies|codes?|passwords?|handshakes?|maps?|treasure|"
    r"missions?|levels?|islands?|lairs?|hq|headquarters|potions?|recipes?|ingredients?|compartments?|"
    r"drawers?|castles?|caves?|worlds?|super\s*powers?|powers?|weapons?|room)\b"
)
_ADULT_WORD = re.compile(r"\b(?:" + "|".join(_ADULT_WORDS.split()) + r")\b")


def _blank(m: re.Match[str]) -> str:
    return " " * (m.end() - m.start())


def _blank_play_secret(text: str, m: re.Match[str]) -> str:
    if _ADULT_WORD.search(_clause(text, m.start(), m.end())):
        return m.group()
    return _blank(m)


# A list of topic words being taught ("romans topic words: invade, attack, weapon").
_WORD_LIST = re.compile(
    r"\b(?:words?|vocab(?:ulary)?|spellings?|keywords?)\s*[:\-]\s*[a-z'-]+(?:\s*,\s*[a-z'-]+){2,}(?:\s*(?:,|and)\s*[a-z'-]+)?"
)


# A parent away for work ("his dad is away on the trawler"), a bruised ego: not the
# child's absence, not a bruise.
_NOT_THE_CHILD = re.compile(
    r"\b(?:his|her|their)\s+(?:dad|mum|mam|step-?dad|step-?mum|brother|sister|uncle|grandad|nan)\s+"
    r"(?:is|was|'s|has\s+been|will\s+be)\s+(?:working\s+)?away\b"
    r"|\bbruised\s+(?:ego|pride|feelings)\b"
)


def _blank_ordinary(text: str) -> str:
    if ":" in text or "-" in text:
        text = _WORD_LIST.sub(_blank, text)
    if "away" in text or "bruised" in text:
        text = _NOT_THE_CHILD.sub(_blank, text)
    if not any(w in text for w in _ORDINARY_GATE):
        return text
    text = _ORDINARY.sub(_blank, text)
    if "secret" in text:
        text = _PLAY_SECRET.sub(partial(_blank_play_secret, text), text)
    return text


# A colleague from the staff list (masked '#') who hurts the child: an allegation about
# a member of staff ("fran grabbed him by the neck") is the DSL's at once. Run only when
# a colleague is named: its words alone (hit, kicked) are in every other incident.
_COLLEAGUE_HARMS = re.compile(
    rf"#+(?:'?s)?\s+(?:then\s+|just\s+|really\s+)?{_HARM}\s+{_CHILD_OBJ}(?!\w){_NOT_A_PERSON}"
)


def find_concerns(
    folded: str,
    masked_text: Callable[[], str],
    words: frozenset[str] | set[str],
    typed: str,
    *,
    colleague_named: bool = False,
) -> Concern:
    """The concern categories in `masked_text()` (the `folded` message with
    pupils' names masked, see module docstring; built only when a rule may
    apply), with the phrases as `typed` (same offsets)."""
    out = Concern()
    candidates = _candidates(words)
    if not candidates and not colleague_named:
        return out  # the usual case: no word any rule needs
    masked = _blank_ordinary(masked_text())
    found: set[str] = set()
    for m in _COLLEAGUE_HARMS.finditer(masked) if colleague_named else ():
        found.add("physical_abuse")
        out.phrases.append(typed[m.start() : m.end()])
        out.spans.append(m.span())
    speech = None
    fallbacks = []
    for n in sorted(candidates):
        rule = RULES[n]
        if rule.fallback:
            fallbacks.append(rule)
            continue
        if rule.also is not None and words.isdisjoint(rule.also):
            continue
        if rule.needs is not None and not rule.needs.search(masked):
            continue
        for m in rule.pattern.finditer(masked):
            a, b = m.span()
            if rule.negatable and is_negated(masked, a, b):
                continue
            if rule.injury == "weak" and _explained_accident(masked, a, b):
                continue
            if rule.injury == "strong" and _ON_SOMEONE_ELSE.match(masked, b):
                continue
            found.update(rule.categories)
            out.phrases.append(typed[a:b])
            out.spans.append((a, b))
            if not rule.disclosure and "disclosure" not in found:
                if speech is None:
                    speech = [s.start() for s in _SPEECH.finditer(masked)]
                if any(s < a and not _SENTENCE_END.search(masked, s, a) for s in speech):
                    found.add("disclosure")
    if not found:
        for rule in fallbacks:
            if rule.also is not None and words.isdisjoint(rule.also):
                continue
            if rule.needs is not None and not rule.needs.search(masked):
                continue
            hit = rule.pattern.search(masked)
            if hit is not None:
                found.update(rule.categories)
                out.phrases.append(typed[hit.start() : hit.end()])
                out.spans.append(hit.span())
                break
    out.categories = [c for c in ORDER if c in found]
    return out
