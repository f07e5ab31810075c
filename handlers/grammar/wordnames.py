"""When a pupil's name that is also a word is the word: "I will ring", "may need".

A first name such as Summer, Grace, Rose, Jack, Will, Teddy or Mark is the
pupil in any case when the roster has such a pupil ("summer zones 15",
"lego therapy w/ jack, josh and teddy"), unless the words around it plainly
make it the ordinary word. `plainly_a_word()` says when:

* a determiner, possessive or adjective before it ("a mark", "his teddy",
  "the summer", "red mark", "gold star");
* the word's own uses: a modal before a verb ("will ring", "may need"), after
  a subject ("mum will", "he may"); a month in a date ("in May", "5 June");
  fixed phrases ("summer term", "art lesson", "max 10", "mark on his arm",
  "hope to", "ed psych", "no joy", "drew a picture", "chase up mum");
* a compound noun the word is bound into, a material, an activity, a place or
  a plant ("modelling clay", "forest school", "bay window", "may day",
  "poison ivy"): the word joined to a noun it commonly compounds with, the
  name word in lower case (or both words capitalised, "Forest School"). A
  name word typed with a capital mid-sentence before a lower-case noun stays
  the pupil, and so does one beside any other word ("forest and clay lego 30",
  "clay zones 15").
"""

from __future__ import annotations

from collections.abc import Callable

from handlers.grammar.normalise import Message, Token
from handlers.grammar.vocab import PROVISION_HEADS

_DETERMINERS = frozenset(
    """a an the his her their my your our this that these those some any no every each such what
    which red small big little gold good great nice new old full half first last next another
    same one two three black blue green pink purple yellow white brown dark light""".split()
)
# Before a noun phrase ("new air max", "his old teddy"), unlike "that hit Max".
_PHRASE_DETERMINERS = frozenset("a an the his her their my your our new old some".split())
_SUBJECTS = frozenset(
    """i we you he she they it mum dad staff who that which this there everyone someone nobody
    she'll he'll they'll we'll ill hell shell well youll theyll""".split()
)
# Base forms of verbs that follow "will"/"may"/"might" in a log.
_VERBS = frozenset(
    """be have do need ring call phone try follow see email text speak talk check chase send come go
    get make take update let keep continue monitor pass add start finish catch meet write look ask
    tell review bring sort arrange book put give share attend discuss repeat return work practise
    practice use carry move stay aim hopefully probably also not just then still definitely
    def always never sit stand join help pop collect pick plan feed read show print contact
    notify inform log record set find think want like love enjoy benefit struggle manage""".split()
)
_MONTH_BEFORE = frozenset(
    """in on of since until till by during early late mid end next last this from before after
    around""".split()
)
# word -> (words after it that make it the word, words before it that do)
_USES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "summer": (
        frozenset("term holiday holidays hols fair born camp break school show trip time".split()),
        frozenset("this last next in over during all the".split()),
    ),
    "art": (
        frozenset("lesson lessons class therapy room club work teacher group session".split()),
        frozenset("in during at for from after before".split()),
    ),
    "grace": (frozenset("period of".split()), frozenset("saving by".split())),
    "rose": (frozenset("to up from by above again".split()), frozenset("temperature".split())),
    "joy": (frozenset("of".split()), frozenset("no with such of pure for".split())),
    # "faith in him" is said after "have"/"lost" (below); "Faith in tears" is Faith
    "faith": (frozenset("school".split()), frozenset("in lost keep have good bad".split())),
    "hope": (
        frozenset("to that so he she it they you we this the hes shes its theyre".split()),
        frozenset("i we in".split()),
    ),
    "mark": (
        frozenset("on the his her their it work books register down off".split()),
        frozenset("to".split()),
    ),
    "max": (frozenset("of out".split()), frozenset("to at".split())),
    "chase": (
        frozenset(
            """up mum dad him her them it the his this parents home mon monday tue tues tuesday
            wed weds wednesday thu thur thurs thursday fri friday tomorrow tmrw next later""".split()
        ),
        frozenset("will to ll need".split()),
    ),
    "drew": (
        frozenset("a the his her their some on pictures picture round around over up".split()),
        frozenset("he she they i we".split()),
    ),
    "miles": (
        frozenset("away better off from ahead round around to of".split()),
        frozenset("walked walks walking ran run running cycled drove travelled".split()),
    ),
    "pat": (frozenset("on".split()), frozenset()),
    "frank": (frozenset("conversation discussion chat talk".split()), frozenset()),
    "teddy": (frozenset("bear".split()), frozenset()),
    "buddy": (
        frozenset("system bench scheme stop reader".split()),
        frozenset("playground reading lunch play".split()),
    ),
    "star": (
        frozenset("chart of reward sticker board award".split()),
        frozenset("gold".split()),
    ),
    "sunny": (
        frozenset("day morning weather spell afternoon".split()),
        frozenset("was is so very".split()),
    ),
    "dawn": (frozenset(), frozenset("at since till".split())),
    "ray": (frozenset(), frozenset("x".split())),
    "ed": (
        frozenset("psych psychologist psychology".split()),
        frozenset("special phys further higher sex".split()),
    ),
    "dot": (frozenset("to".split()), frozenset()),
    "kit": (
        frozenset("bag list".split()),
        frozenset("pe swimming swim football sports rugby netball gym art spare".split()),
    ),
    "amber": (frozenset("zone card warning light".split()), frozenset("on to".split())),
    "daisy": (frozenset("chain chains".split()), frozenset()),
    "bear": (frozenset("hunt".split()), frozenset("teddy".split())),
    "rain": (frozenset(), frozenset("in".split())),
    "will": (frozenset(), frozenset()),
    "may": (frozenset(), frozenset()),
}
# word -> (nouns after it, words before it) it commonly compounds with: in lower
# case, joined to one of these, the word is part of a thing's name, not a pupil.
# Only nouns that name a material, an activity, a place or a plant: never a
# word a log puts after a pupil ("clay zones", "forest lego", "may session").
_COMPOUNDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "clay": (
        frozenset("pot pots tile tiles model models figure figures sculpture sculptures oven kiln".split()),
        frozenset("modelling modeling air dry soft potters pottery polymer baking".split()),
    ),
    "forest": (
        frozenset("school schools walk walks trail den dens floor fire site camp leader".split()),
        frozenset("rain pine enchanted".split()),
    ),
    "bay": (
        frozenset("window windows leaf leaves tree trees".split()),
        frozenset("sick medical loading parking bus".split()),
    ),
    "may": (frozenset("day pole fair holiday holidays".split()), frozenset()),
    "willow": (
        frozenset("tree trees weaving den tunnel dome structure".split()),
        frozenset("weeping".split()),
    ),
    "ivy": (frozenset("leaves leaf plant".split()), frozenset("poison".split())),
    "holly": (frozenset("bush leaves leaf tree wreath berries".split()), frozenset()),
    "hazel": (frozenset("nut nuts tree".split()), frozenset("witch".split())),
    "poppy": (frozenset("appeal field fields seeds wreath".split()), frozenset("remembrance".split())),
    "robin": (frozenset("redbreast".split()), frozenset("round".split())),
    "hunter": (frozenset("wellies boots".split()), frozenset("treasure bug".split())),
    "river": (frozenset("bank banks walk study".split()), frozenset()),
    "autumn": (frozenset("term leaves leaf walk fair".split()), frozenset()),
    "honey": (
        frozenset("""bee bees pot jar biscuits biscuit flapjack flapjacks cake cakes toast sandwich
        sandwiches cookies buns loaf""".split()),
        frozenset("runny set manuka".split()),
    ),
    "winter": (
        frozenset("""coat coats jacket jackets boots clothes uniform hat hats gloves term holidays
        hols fair concert wonderland walk festival""".split()),
        frozenset("mid".split()),
    ),
    "chase": (frozenset("game games".split()), frozenset("playing play played plays kiss car".split())),
    "ginger": (frozenset("biscuits biscuit bread cake nut nuts snaps".split()), frozenset()),
    "olive": (frozenset("oil oils tree trees branch".split()), frozenset("green black".split())),
    "sky": (frozenset("blue".split()), frozenset("night starry blue clear cloudy evening".split())),
    "spring": (frozenset("term holidays hols fair concert onions bulbs".split()), frozenset()),
    "storm": (frozenset("damage warning".split()), frozenset("thunder snow".split())),
    "rain": (frozenset("coat coats mac boots".split()), frozenset()),
}  # fmt: skip
_MODALS = frozenset({"will", "may", "might"})
# Verbs done to someone: a modal never follows one ("kicked Will then said", "pushed may").
_ACTS_ON = frozenset(
    """hit hits kicked kicks pushed pushes bit bites punched punches scratched pinched slapped
    shoved tripped grabbed hugged chased followed blamed bullied thumped elbowed headbutted
    nipped spat poked teased""".split()
)
# What a pupil called Will or May does in a log ("will hit Kai", "may threw"):
# after one of these, the name reading stays.
_STORY_VERBS = frozenset(
    """hit hits kicked kicked threw pushed bit spat swore refused ran punched scratched pinched
    slapped cried shouted screamed said told asked was is had has did enjoyed worked drew took
    came went got made wrote broke tore ate sat stood lost won""".split()
)
# Past tenses that are not "-ed" ("will kept hitting" is Will): a modal never takes one.
_IRREGULAR_PAST = frozenset(
    """kept left felt sat stood ran came went got made took gave told said saw found lost won broke
    bit spat swore tore wore fell put cut shut drew wrote ate did had was were knew thought brought
    caught taught fought bought sent spent built held led read slept swept began sang rang drank
    sank swam hid rode threw hit upset hurt stuck struck stole forgot""".split()
)
# Words that never follow a modal verb: "spat at may in the queue" is May,
# "Will off sick" / "will absent today" is Will, "letter for may about her
# exercises" is May.
_NOT_AFTER_MODAL = frozenset(
    """in on at to of for with from by into onto the a an his her their my our your and or but
    so as if is was are were has had and then when while who which that this these those x
    off absent sick poorly ill unwell away late out about over after before during around
    without because since until till through near re""".split()
)
_MONTHS = frozenset({"may", "june", "april", "august"})


def plainly_a_word(tok: Token, msg: Message, names_a_thing: Callable[[str], bool]) -> bool:
    """True when the words around `tok` make it the ordinary word, not a name.
    `names_a_thing(word)`: the word can start a pupil's name or a provision's
    ("will lego 45" is Will; "will message mum" is the modal)."""
    toks = msg.tokens
    prev = toks[tok.i - 1] if tok.i > 0 else None
    nxt = toks[tok.i + 1] if tok.i + 1 < len(toks) else None
    word = tok.base
    if tok.possessive:
        return False  # "Will's mum", "Grace's reading": a name
    if prev is not None and prev.norm in _DETERMINERS:
        return True
    if word in _COMPOUNDS and _in_compound(tok, prev, nxt, _COMPOUNDS[word]):
        return True  # "modelling clay", "forest school", "bay window"
    if (
        tok.i > 1
        and not tok.cap
        and prev is not None
        and toks[tok.i - 2].norm in _PHRASE_DETERMINERS
        # "her precious teddy": a name word after the determiner is its adjective
        and (not names_a_thing(prev.norm) or not prev.cap)
        and msg.text[toks[tok.i - 2].end : tok.start].strip(" ") == prev.raw
    ):
        return True  # "new air max", "his old teddy": a word after a determiner's phrase
    if word in _MODALS:
        if prev is not None and prev.norm in _ACTS_ON:
            return False  # "kicked Will then ...": the one kicked, never a modal
        if nxt is not None and nxt.norm in _VERBS:
            return True
        joined = prev is not None and msg.text[prev.end : tok.start].strip() == ""
        if (
            joined
            and prev is not None
            and (prev.norm in _SUBJECTS or msg.owner[prev.i] in ("pupil", "pupil?"))
            # a modal takes a verb: "Kai Amelia Will 30 mins" is three pupils
            and (nxt is None or nxt.norm.isalpha())
        ):
            return True  # "mum will", "Kai will" (but "Jack & Will" is two pupils)
        if (
            not (tok.cap and not tok.initial)  # "rang mum about Will" is the name
            and nxt is not None
            and msg.text[tok.end : nxt.start].strip() == ""  # "Will: letter home" is the name
            and nxt.norm.isalpha()
            and len(nxt.norm) > 1
            and not names_a_thing(nxt.norm)
            and nxt.norm not in PROVISION_HEADS
            and nxt.norm not in _STORY_VERBS
            and nxt.norm not in _IRREGULAR_PAST
            and nxt.norm not in _NOT_AFTER_MODAL
            and not nxt.possessive
            # a modal takes the bare verb: "will drew", "will kicking" are Will
            and not nxt.norm.endswith(("ed", "ing"))
        ):
            return True  # "will message mum", "mates will stab him", "will redo weds"
    if word in _MONTHS:
        if prev is not None and (prev.norm in _MONTH_BEFORE or prev.norm.isdigit()):
            return True
        if nxt is not None and nxt.norm[:1].isdigit():
            return True
    uses = _USES.get(word)
    if uses is None:
        return False
    after, before = uses
    # Only words joined to it count: "for hope, she was ..." is Hope.
    text = msg.text
    return (nxt is not None and nxt.norm in after and text[tok.end : nxt.start].strip() == "") or (
        prev is not None and prev.norm in before and text[prev.end : tok.start].strip() == ""
    )


def _in_compound(
    tok: Token,
    prev: Token | None,
    nxt: Token | None,
    partners: tuple[frozenset[str], frozenset[str]],
) -> bool:
    """Is `tok` bound into a compound noun with the word joined to it (a space or a
    hyphen between)? A capital the pupil's name has mid-sentence ("ran off with
    Forest school bag") says it is the name unless its partner has one too."""
    after, before = partners
    text = tok.text
    named = tok.cap and not tok.initial
    return (
        nxt is not None
        and nxt.norm in after
        and text[tok.end : nxt.start] in (" ", "-")
        and (not named or nxt.cap)
    ) or (
        prev is not None
        and prev.norm in before
        and text[prev.end : tok.start] in (" ", "-")
        and (not named or prev.cap)
    )
