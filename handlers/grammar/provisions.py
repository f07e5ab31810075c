"""Which planned provision a message is about.

A provision is matched among the provisions of the pupils named (for a group,
any of theirs; the roster name of the one that matched is used), and only if
nothing fits there among the whole roster's, so that "Kai phonics" can say
"Phonics isn't on Kai's plan" instead of "which provision?".

How a typed phrase can match a provision name, best first:

* the whole name or a well-known alias ("speech and language" = SALT,
  "bucket time" = Attention Autism);
* words of the name in order, as typed or as prefixes or small typos
  ("zones" = Zones of Regulation, "fine motor" = Fine motor skills,
  "precison teach" = Precision teaching), stop words allowed between;
* the initials ("pt" = Precision teaching, "zor", "ii").

A single word only counts alone if it is distinctive: the first word of the
name ("zones", "lego"), or a word that is not ordinary English ("motor"), and
never a generic word like "therapy", "group", "skills" or "maths" ("threw a
chair in maths" is not Emile maths).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from handlers.grammar.normalise import Message, fold_name
from handlers.grammar.pupils import RosterIndex
from handlers.grammar.roster import RosterProvision
from handlers.grammar.vocab import COMMON_WORDS

STOP = frozenset({"of", "and", "the", "for", "with", "a", "to", "in", "n"})
GENERIC = frozenset(
    """therapy group groups skills skill teaching intervention interventions maths math english
    support session sessions time programme program club work practice training plan box fine big
    good small daily early quick free basic social based one two 1 2 and of the interaction
    regulation reading language""".split()
) - {"reading"}

# Well-known UK SEND programmes and their everyday names. A group applies to a
# provision whose name is (or contains) one of its phrases.
ALIAS_GROUPS: tuple[frozenset[str], ...] = tuple(
    frozenset(g.split("|"))
    for g in (
        "salt|slt|speech and language therapy|speech and language|speech therapy|speech|s and l",
        "ot|occupational therapy|occ therapy",
        "elsa|emotional literacy|emotional literacy support",
        "attention autism|bucket time|bucket",
        "lego therapy|lego based therapy|lego",
        "precision teaching|pt|precision",
        "sensory circuits|sensory circuit|circuits",
        "intensive interaction|ii",
        "drawing and talking|drawing talking|d and t",
        "social skills group|social skills",
        "fine motor skills|fine motor|fms",
        "gross motor skills|gross motor|gms",
        "nurture group|nurture",
        "talk boost|talkboost",
        "read write inc|rwi|read write",
        "five minute box|5 minute box|5mb",
        "social stories|social story",
        "colourful semantics|colorful semantics",
        "physiotherapy|physio",
        "counselling|counseling",
        "zones of regulation|zones|zor",
        "toe by toe|toe 2 toe",
        "lexia|lexia reading",
        "numicon|numicon maths",
        "movement breaks|movement break",
        "emotion coaching|emotion coach",
    )
)


@dataclass(frozen=True)
class Matcher:
    name: str
    content: tuple[str, ...]
    initials: frozenset[str]
    aliases: tuple[tuple[str, ...], ...]
    # First letters a match can start with: every way of matching (exact,
    # prefix, typo, initials, alias) keeps the first letter, so a message
    # word starting with anything else is skipped without scoring it.
    letters: frozenset[str]


def _matcher(name: str) -> Matcher:
    words = fold_name(name)
    content = tuple(w for w in words if w not in STOP) or words
    initials = {"".join(w[0] for w in content), "".join(w[0] for w in words)}
    initials = {i for i in initials if len(i) >= 2}
    joined = " ".join(words)
    aliases: set[tuple[str, ...]] = set()
    for group in ALIAS_GROUPS:
        applies = joined in group or any(
            " " in phrase and f" {phrase} " in f" {joined} " for phrase in group
        )
        if applies:
            for phrase in group:
                aliases.add(tuple(phrase.split()))
    letters = {w[0] for w in content} | {a[0][0] for a in aliases if a and a[0]}
    return Matcher(
        name=name,
        content=content,
        initials=frozenset(initials),
        aliases=tuple(sorted(aliases)),
        letters=frozenset(letters),
    )


def matcher_for(idx: RosterIndex, name: str) -> Matcher:
    m = idx.provision_cache.get(name)
    if m is None:
        m = idx.provision_cache[name] = _matcher(name)
    return m


def _word_score(typed: str, word: str, continuing: bool = False) -> int:
    """3 exact, 2 prefix/plural, 1 typo, 0 no. After a first matched word the
    bar is lower: "zones of reg", "fine motr skills"."""
    if typed == word:
        return 3
    if len(typed) >= (3 if continuing else 4) and word.startswith(typed):
        return 2  # "precis"; "reg" only after "zones of"
    if len(word) >= 4 and typed.startswith(word) and len(typed) - len(word) <= 2:
        return 2  # "circuit" typed as "circuits", "skill" as "skills"
    if len(typed) >= (4 if continuing else 5) and typed[0] == word[0]:
        limit = 1 if len(word) < 8 else 2
        if OSA.distance(typed, word, score_cutoff=limit) <= limit:
            return 1
    return 0


@dataclass
class ProvisionMatch:
    provision: RosterProvision | None = None
    first: int = 0
    last: int = 0
    score: tuple = ()
    ambiguous: list[RosterProvision] = field(default_factory=list)


def _best_for(msg: Message, m: Matcher) -> tuple[tuple, int, int] | None:
    toks = msg.tokens
    n = len(toks)
    best: tuple[tuple, int, int] | None = None

    def consider(score: tuple, a: int, b: int) -> None:
        nonlocal best
        if best is None or score > best[0]:
            best = (score, a, b)

    letters = m.letters
    for i in range(n):
        if msg.owner[i] is not None:
            continue
        t0 = toks[i]
        if t0.norm[:1] not in letters:
            continue
        for alias in m.aliases:
            k = len(alias)
            if i + k <= n and all(
                msg.owner[i + x] is None and toks[i + x].norm == alias[x] for x in range(k)
            ):
                consider((2, k, 3 * k), i, i + k - 1)
        if t0.norm in STOP:
            continue
        # Words of the name, in order.
        j, pos, matched, quality, last, first_k = i, 0, 0, 0, None, None
        while j < n and msg.owner[j] is None:
            w = toks[j].norm
            if matched and w in STOP:
                j += 1
                continue
            if j > i and msg.text[toks[j - 1].end : toks[j].start].strip() not in (
                "",
                "&",
                "-",
                "+",
            ):
                break
            hit = None
            for k in range(pos, len(m.content)):
                s = _word_score(w, m.content[k], continuing=matched > 0)
                if s:
                    hit = (k, s)
                    break
            if hit is None:
                break
            if first_k is None:
                first_k = hit[0]
            pos, matched, quality, last = hit[0] + 1, matched + 1, quality + hit[1], j
            j += 1
        if matched:
            full = matched == len(m.content)
            if matched == 1 and not full:
                w = t0.norm
                name_word = m.content[first_k]
                distinctive = (
                    w not in GENERIC
                    and name_word not in GENERIC  # "teach" for "teaching", "therap" for "therapy"
                    and (first_k == 0 or w not in COMMON_WORDS)
                )
                if not distinctive or quality < 2:
                    matched = 0
            if matched:
                consider((2 if full else 1, last - i + 1, quality), i, last)
        if 2 <= len(t0.norm) <= 5 and t0.norm in m.initials and t0.norm not in COMMON_WORDS:
            consider((2, 1, 2), i, i)
    return best


def match_provision(
    msg: Message, idx: RosterIndex, provisions: list[RosterProvision]
) -> ProvisionMatch | None:
    """The provision among `provisions` the message names, or None. Claims its words."""
    results: list[tuple[tuple, int, int, RosterProvision]] = []
    seen: set[str] = set()
    for prov in provisions:
        if prov.name.casefold() in seen:
            continue  # a group's shared provision: the first pupil's record
        seen.add(prov.name.casefold())
        found = _best_for(msg, matcher_for(idx, prov.name))
        if found:
            results.append((found[0], found[1], found[2], prov))
    if not results:
        return None
    # Best score; then the longer phrase; then the earlier one.
    results.sort(key=lambda r: (r[0], r[2] - r[1], -r[1]), reverse=True)
    top = results[0]
    tied = [r[3] for r in results if r[0] == top[0] and (r[1], r[2]) == (top[1], top[2])]
    msg.claim_tokens(top[1], top[2], "provision")
    if len(tied) > 1:
        return ProvisionMatch(None, top[1], top[2], top[0], ambiguous=tied)
    return ProvisionMatch(top[3], top[1], top[2], top[0])
