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
* the initials ("pt" = Precision teaching, "zor", "ii"), or the initials of
  the name's head followed by the rest of it ("ToD visit" = Teacher of the
  Deaf visit; see initials.py).

A single word only counts alone if it is distinctive: the first word of the
name ("zones", "lego"), or a word that is not ordinary English ("motor"), and
never a generic word like "therapy", "group", "skills" or "maths" ("threw a
chair in maths" is not Emile maths).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter

from rapidfuzz.distance import OSA

from handlers.grammar.initials import STOP, name_initials
from handlers.grammar.normalise import Message, fold_name
from handlers.grammar.pupils import RosterIndex
from handlers.grammar.roster import RosterProvision
from handlers.grammar.vocab import ALIAS_GROUPS, COMMON_WORDS

GENERIC = frozenset(
    """therapy group groups skills skill teaching intervention interventions maths math english
    support session sessions time programme program club work practice training plan box fine big
    good small daily early quick free basic social based one two 1 2 and of the interaction
    regulation reading language""".split()
) - {"reading"}


# A phrase's score, compared as a tuple: (whole name or not, words, quality).
Score = tuple[int, ...]


class _Starts(dict[str, bool]):
    """Message word -> can a match of one provision name begin with it?
    Worked out on first sight of each word (`starts[w]`, a plain dict lookup
    after that): the same words come up message after message, so the
    scoring in `_best_for` runs only where a match can begin."""

    def __init__(self, matcher: Matcher) -> None:
        super().__init__()
        self.matcher = matcher

    def __missing__(self, w: str) -> bool:
        m = self.matcher
        # Necessary for every `consider()` in `_best_for`: an alias starting
        # with w, a name word w scores against, or w as the initials.
        hit = (
            any(a[0] == w for a in m.aliases)
            or (w not in STOP and any(_word_score(w, c) for c in m.content))
            or (
                2 <= len(w) <= 5
                and (w in m.initials or w in m.head_initials)
                and w not in COMMON_WORDS
            )
        )
        if len(self) > 20_000:  # bound the memory a stream of junk can take
            self.clear()
        self[w] = hit
        return hit


@dataclass(frozen=True)
class Matcher:
    name: str
    key: str  # the name casefolded: one provision however a plan spells it
    content: tuple[str, ...]
    initials: frozenset[str]
    aliases: tuple[tuple[str, ...], ...]
    # initials of the name's first content words -> how many ("tod" -> 2 in
    # Teacher of the Deaf visit): the rest of the name follows them.
    head_initials: dict[str, int] = field(default_factory=dict)
    starts: _Starts = field(init=False, compare=False, repr=False)
    # first word -> the aliases that begin with it, in `aliases` order
    aliases_from: dict[str, tuple[tuple[str, ...], ...]] = field(
        init=False, compare=False, repr=False
    )
    # (typed word, first name word it may match, continuing?) -> (name word
    # matched, score) or None: the scan `_best_for` does for each word, kept.
    hits: dict[tuple[str, int, bool], tuple[int, int] | None] = field(
        init=False, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", _Starts(self))
        object.__setattr__(self, "hits", {})
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for a in self.aliases:
            by_first.setdefault(a[0], []).append(a)
        object.__setattr__(self, "aliases_from", {w: tuple(v) for w, v in by_first.items()})


# Single words of an alias group too common in other provisions' names to
# say which programme it is ("Speech sounds group" is not SALT).
_SHARED_WORDS = frozenset({"speech", "typing", "reading", "occupational", "occ", "precision"})


def _distinctive(word: str, name: str) -> bool:
    """Does one word of an alias group, found in a provision's name, name the
    programme? A long distinctive word does; a short one only in capitals ("OT")."""
    if word in GENERIC or word in _SHARED_WORDS:
        return False
    return len(word) >= 4 or word.upper() in name.split()


def _matcher(name: str) -> Matcher:
    words = fold_name(name)
    content = tuple(w for w in words if w not in STOP) or words
    letters = name_initials(words)
    initials = {i for i, n in letters.items() if n >= len(content)}
    head = {i: n for i, n in letters.items() if n < len(content)}
    joined = " ".join(words)
    aliases: set[tuple[str, ...]] = set()
    for group in ALIAS_GROUPS:
        # The group names this provision: its whole name, a phrase of the
        # group inside the name ("Zones of Regulation (ZoR)"), or a
        # distinctive word of the group among the name's words ("OT - fine motor").
        applies = joined in group or any(
            f" {phrase} " in f" {joined} " and (" " in phrase or _distinctive(phrase, name))
            for phrase in group
        )
        if applies:
            for phrase in group:
                aliases.add(tuple(phrase.split()))
    # "workstation" for TEACCH work station: two words of the name typed as one.
    for a, b in zip(words, words[1:], strict=False):
        if a not in STOP and b not in STOP:
            aliases.add((a + b,))
    return Matcher(
        name=name,
        key=name.casefold(),
        content=content,
        initials=frozenset(initials),
        aliases=tuple(sorted(a for a in aliases if a)),
        head_initials=head,
    )


def matcher_for(idx: RosterIndex, name: str) -> Matcher:
    m = idx.provision_cache.get(name)
    if m is None:
        m = idx.provision_cache[name] = _matcher(name)
    return m


# Short forms of a name's word: a digit for a number word and "mins" for
# "minute" ("5 mins box" = Five minute box).
_SAME_WORD = dict(
    zip(
        "1 2 3 4 5 6 7 8 9 10 mins".split(),
        "one two three four five six seven eight nine ten minute".split(),
        strict=True,
    )
)
# Words that make a number a duration: "5 min" on its own is five minutes.
_UNITS = frozenset("m mn min mins minute minutes minuet minuets h hr hrs hour hours".split())


def _singular(w: str) -> str:
    """A plural's singular, near enough to compare two forms of one word."""
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


@lru_cache(maxsize=8192)
def _word_score(typed: str, word: str, continuing: bool = False) -> int:
    """3 exact, 2 prefix/plural, 1 typo, 0 no. After a first matched word the
    bar is lower: "zones of reg", "fine motr skills". Pure, so cached: the
    same (word, name word) pairs are scored message after message."""
    if typed == word or _SAME_WORD.get(typed) == word:
        return 3
    if len(typed) >= (3 if continuing else 4) and word.startswith(typed):
        return 2  # "precis"; "reg" only after "zones of"
    if len(word) >= 4 and typed.startswith(word) and len(typed) - len(word) <= 2:
        return 2  # "circuit" typed as "circuits", "skill" as "skills"
    if len(typed) >= 4 and typed[:3] == word[:3] and _singular(typed) == _singular(word):
        return 2  # "social story" for Social stories, "activities" for Activity
    if _contraction(typed, word):
        return 1  # "attn autism", "soc skills grp": the vowels left out
    if len(typed) >= (4 if continuing else 5) and typed[0] == word[0]:
        limit = 1 if len(word) < 8 else 2
        if OSA.distance(typed, word, score_cutoff=limit) <= limit:
            return 1
    return 0


def _contraction(typed: str, word: str) -> bool:
    """`typed` is `word` with its vowels (and maybe more) left out: the same first
    letter, no vowel after it, the rest in order ("attn" for attention)."""
    if len(typed) < 3 or len(word) < 5 or typed[0] != word[0] or typed in COMMON_WORDS:
        return False
    if any(c in "aeiouy" for c in typed[1:]) or not typed.isalpha():
        return False
    rest = iter(word[1:])
    return all(c in rest for c in typed[1:])


@dataclass
class ProvisionMatch:
    provision: RosterProvision | None = None
    first: int = 0
    last: int = 0
    score: Score = ()
    ambiguous: list[RosterProvision] = field(default_factory=list)


def _next_hit(m: Matcher, key: tuple[str, int, bool]) -> tuple[int, int] | None:
    """The first name word from `pos` on that `w` scores against, and the
    score, remembered in `m.hits` (see Matcher)."""
    w, pos, continuing = key
    hit = None
    for k in range(pos, len(m.content)):
        s = _word_score(w, m.content[k], continuing=continuing)
        if s:
            hit = (k, s)
            break
    if len(m.hits) > 20_000:  # bound the memory a stream of junk can take
        m.hits.clear()
    m.hits[key] = hit
    return hit


def _best_for(msg: Message, m: Matcher, starts: list[int]) -> tuple[Score, int, int] | None:
    """The best-scoring phrase for `m` beginning at one of the token indices
    `starts` (the free words a match can begin with), as (score, first, last)."""
    toks = msg.tokens
    n = len(toks)
    hits = m.hits
    best: tuple[Score, int, int] | None = None

    def consider(score: Score, a: int, b: int) -> None:
        nonlocal best
        if best is None or score > best[0]:
            best = (score, a, b)

    for i in starts:
        t0 = toks[i]
        for alias in m.aliases_from.get(t0.norm, ()):
            k = len(alias)
            if i + k > n:
                continue
            for x in range(1, k):
                if msg.owner[i + x] is not None or toks[i + x].norm != alias[x]:
                    break
            else:
                # A shade below the name typed in full: "phonics" is the plan's
                # Phonics before it is Read Write Inc.
                consider((2, k, 3 * k - 1), i, i + k - 1)
        if t0.norm in STOP:
            continue
        # Words of the name, in order.
        j, pos, matched, quality, last, first_k = i, 0, 0, 0, i, 0
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
            key = (w, pos, matched > 0)
            hit = hits[key] if key in hits else _next_hit(m, key)
            if hit is None:
                break
            if not matched:
                first_k = hit[0]
            pos, matched, quality, last = hit[0] + 1, matched + 1, quality + hit[1], j
            j += 1
        if matched and t0.norm.isdigit() and (matched == 1 or toks[last].norm in _UNITS):
            # A lone "5", or "5 min", is a count or a duration; "5 min box" or
            # "5 box" names the provision (and wins over the duration reading).
            matched = 0
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
        if 2 <= len(t0.norm) <= 5 and t0.norm not in COMMON_WORDS:
            if t0.norm in m.initials:
                consider((2, 1, 2), i, i)
            elif t0.norm in m.head_initials:
                found = _after_head(msg, m, i, m.head_initials[t0.norm])
                if found is not None:
                    consider(*found)
    return best


def _after_head(msg: Message, m: Matcher, i: int, covered: int) -> tuple[Score, int, int] | None:
    """'ToD visit': the initials at token `i` stand for the name's first
    `covered` content words; the rest of the name is typed after them (the
    whole name: full marks). The initials alone count only typed in capitals
    and three letters or more ("ToD 60 mins"), weaker than any whole name."""
    toks, owner = msg.tokens, msg.owner
    j, pos, last = i + 1, covered, i
    while j < len(toks) and owner[j] is None and pos < len(m.content):
        gap = msg.text[toks[j - 1].end : toks[j].start].strip()
        if gap not in ("", "-", "&", "+"):
            break
        w = toks[j].norm
        if w in STOP:
            j += 1
            continue
        s = _word_score(w, m.content[pos], continuing=True)
        if not s:
            break
        pos, last = pos + 1, j
        j += 1
    if pos == len(m.content):
        return (2, last - i + 1, 3 * (last - i + 1)), i, last
    raw = toks[i].raw
    if len(raw) >= 3 and sum(c.isupper() for c in raw) >= 2:
        return (1, 1, 2), i, i
    return None


class _Plan:
    """The distinct provisions of one list (a pupil's plan, a group's, the
    whole roster's), with one table for all of them: message word -> which
    of their matchers a phrase can begin with. Built once per list of names
    and kept in the roster index, so a message costs one dict lookup per
    free word instead of one per word and provision."""

    __slots__ = ("matchers", "positions", "starts")

    def __init__(self, idx: RosterIndex, provisions: list[RosterProvision]) -> None:
        matchers: list[Matcher] = []
        positions: list[int] = []  # where each matcher's provision is in the list
        seen: set[str] = set()
        for n, prov in enumerate(provisions):
            m = matcher_for(idx, prov.name)
            if m.key in seen:
                continue  # a group's shared provision: the first pupil's record
            seen.add(m.key)
            matchers.append(m)
            positions.append(n)
        self.matchers = tuple(matchers)
        self.positions = tuple(positions)
        self.starts = _PlanStarts(self.matchers)


class _PlanStarts(dict[str, tuple[int, ...]]):
    """word -> the numbers (in plan order) of the matchers a phrase can begin
    with it; () for most words. Filled on first sight of each word."""

    def __init__(self, matchers: tuple[Matcher, ...]) -> None:
        super().__init__()
        self.matchers = matchers

    def __missing__(self, w: str) -> tuple[int, ...]:
        hit = tuple(k for k, m in enumerate(self.matchers) if m.starts[w])
        if len(self) > 20_000:  # bound the memory a stream of junk can take
            self.clear()
        self[w] = hit
        return hit


_NAME = attrgetter("name")


def _plan_for(idx: RosterIndex, provisions: list[RosterProvision]) -> _Plan:
    key = tuple(map(_NAME, provisions))
    cache = idx.plan_cache
    plan = cache.get(key)
    if plan is None:
        if len(cache) > 5_000:  # group plans are combinations: keep them bounded
            cache.clear()
        plan = cache[key] = _Plan(idx, provisions)
    return plan


def match_provision(
    msg: Message, idx: RosterIndex, provisions: list[RosterProvision]
) -> ProvisionMatch | None:
    """The provision among `provisions` the message names, or None. Claims its words."""
    plan = _plan_for(idx, provisions)
    plan_starts = plan.starts
    # The free words each matcher's phrase may begin at, by matcher number.
    starts: dict[int, list[int]] = {}
    owner = msg.owner
    for t in msg.tokens:
        if owner[t.i] is None:
            for k in plan_starts[t.norm]:
                if k in starts:
                    starts[k].append(t.i)
                else:
                    starts[k] = [t.i]
    if not starts:
        return None
    results: list[tuple[Score, int, int, RosterProvision]] = []
    matchers, positions = plan.matchers, plan.positions
    for k in sorted(starts):  # plan order, which breaks ties below
        found = _best_for(msg, matchers[k], starts[k])
        if found:
            results.append((found[0], found[1], found[2], provisions[positions[k]]))
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
