"""Which pupils a message names, resolved against the school's roster.

`RosterIndex` is built once per `Roster` object (cached by identity with a
weakref, so thousands of messages reuse it and a rebuilt roster gets a new
one). It maps every way staff write a name to the pupils it could mean:
full name, first name, preferred name, first name + surname initial
("Sam B"), hyphenated names written with a space or run together
("chloe mae", "chloemae"), any case, with or without accents.

`resolve_pupils()` reads the message left to right:

1. exact forms, longest first, possessives included ("Ava's");
2. close typos of first/preferred names (rapidfuzz optimal string alignment:
   one edit for 4-6 letters, two from 7; same first letter; never for an
   ordinary English word or a provision word);
3. what is left that looks like a name but matches nobody becomes an
   "unknown pupil" problem.

It never guesses: a name two pupils share goes to `candidates`.
"""

from __future__ import annotations

import threading
import weakref
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from handlers.grammar.initials import name_initials
from handlers.grammar.nicknames import short_forms
from handlers.grammar.normalise import Message, Token, fold_name
from handlers.grammar.roster import Roster, RosterProvision, RosterPupil
from handlers.grammar.vocab import COMMON_WORDS, NAME_WORDS, TITLES
from handlers.grammar.wordnames import plainly_a_word

# Rank of a form: a full name beats a first name beats a short form of one
# ("Sam" for Samuel) or part of a hyphenated one ("Chloe" for Chloe-Mae);
# a short form with a surname or its initial ("Sam O") is a full form too.
FULL, FIRST, PART = 3, 2, 1
SHORT = PART
_MAX_FORM = 5


@dataclass
class RosterIndex:
    forms: dict[tuple[str, ...], dict[int, int]]  # words -> {pupil id: rank}
    fuzzy_names: dict[str, list[str]]  # first letter -> first/preferred names
    fuzzy_ids: dict[str, set[int]]  # name -> pupil ids
    surnames: dict[int, tuple[str, ...]]
    pupils: dict[int, RosterPupil]
    provision_words: frozenset[str]  # every word and initials of every provision name
    name_words: frozenset[str]  # every word of every pupil name
    all_provisions: tuple[RosterProvision, ...]  # one per distinct name, roster order
    first_words: dict[str, int]  # first word of a form -> longest form starting with it
    guarded_words: frozenset[str]  # names that are also everyday words ("will", "grace")
    staff_words: frozenset[str]  # every word of every staff name: never a pupil's typo
    # Caches the other modules keep per roster (their keys and values are theirs).
    provision_cache: dict[Any, Any] = field(default_factory=dict)  # used by provisions.py
    plan_cache: dict[Any, Any] = field(default_factory=dict)  # plan names -> provisions._Plan
    options_cache: dict[Any, Any] = field(default_factory=dict)  # ids -> parser._plan_options
    fuzzy_cache: dict[str, Any] = field(default_factory=dict)  # word -> pupil ids (_fuzzy)
    # word -> longest name form that can start with it (0: none), see _starts
    start_cache: dict[str, int] = field(default_factory=dict)
    # word -> is it ordinary English, a provision word or a word-like name
    # (never a typo of a pupil, never an unknown pupil)? See _Ordinary.
    ordinary: dict[str, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.ordinary = _Ordinary(self.provision_words)

    def names_a_thing(self, word: str) -> bool:
        """Can `word` begin a pupil's name or be a word of a provision's?"""
        return word in self.first_words or word in self.provision_words

    def starts(self, t: Token) -> int:
        """How many words the longest name form starting at `t` has; 0 when
        no name can start there. Cached per word: most words are not names,
        and the same words come up message after message."""
        if t.possessive:
            return self._starts_uncached(t.norm, t.base)
        hit = self.start_cache.get(t.norm)
        if hit is None:
            if len(self.start_cache) > 20_000:
                self.start_cache.clear()
            hit = self.start_cache[t.norm] = self._starts_uncached(t.norm, t.norm)
        return hit

    def _starts_uncached(self, norm: str, base: str) -> int:
        if not norm[:1].isalpha():
            return 0
        longest = max(self.first_words.get(norm, 0), self.first_words.get(base, 0))
        if not longest and len(norm) >= 3 and norm.endswith("s") and norm[:-1] in self.first_words:
            return 1  # "Avas mum": maybe a possessive without its apostrophe
        return longest


class _Ordinary(dict[str, bool]):
    """word -> in COMMON_WORDS, NAME_WORDS or the roster's provision words:
    three set lookups made once per word, then a single dict lookup."""

    def __init__(self, provision_words: frozenset[str]) -> None:
        super().__init__()
        self.provision_words = provision_words

    def __missing__(self, w: str) -> bool:
        hit = w in COMMON_WORDS or w in self.provision_words or w in NAME_WORDS
        if len(self) > 20_000:  # bound the memory a stream of junk can take
            self.clear()
        self[w] = hit
        return hit


def _add_with_surname(
    add: Callable[[tuple[str, ...], int, int], None],
    given: tuple[str, ...],
    last: tuple[str, ...],
    pid: int,
    rank: int,
) -> None:
    """A given name alone (at `rank`), and with the surname or its initial (FULL)."""
    add(given, pid, rank)
    if last:
        add(given + last, pid, FULL)
        if len(last) > 1:
            add(given + ("".join(last),), pid, FULL)
        add(given + (last[0][0],), pid, FULL)  # "Sam B"


def _distinctive_surname(last: tuple[str, ...]) -> bool:
    """A surname that can stand alone for its pupil: one word that is not an everyday
    one, or a double-barrelled name ("okafor-reid") with a part that is not."""
    if len(last) == 1:
        return len(last[0]) >= 4 and last[0] not in COMMON_WORDS and last[0] not in NAME_WORDS
    return 2 <= len(last) <= 3 and any(
        len(w) >= 4 and w not in COMMON_WORDS and w not in NAME_WORDS for w in last
    )


def _build(roster: Roster) -> RosterIndex:
    forms: dict[tuple[str, ...], dict[int, int]] = defaultdict(dict)

    def add(words: tuple[str, ...], pid: int, rank: int) -> None:
        if words and len(words) <= _MAX_FORM:
            forms[words][pid] = max(rank, forms[words].get(pid, 0))

    fuzzy_ids: dict[str, set[int]] = defaultdict(set)
    preferred_short: list[tuple[str, int]] = []
    surnames: dict[int, tuple[str, ...]] = {}
    prov_words: set[str] = set()
    name_words: set[str] = set()
    for p in roster.pupils:
        last = fold_name(p.last_name)
        surnames[p.id] = last
        givens = {fold_name(p.first_name)}
        if p.preferred_name:
            givens.add(fold_name(p.preferred_name))
        givens.discard(())
        name_words.update(last)
        first = fold_name(p.first_name)
        for g in givens:
            name_words.update(g)
            variants = {g}
            if len(g) > 1:
                variants.add(("".join(g),))  # "chloemae"
            if (
                g != first
                and len(g) == 1
                and len(first) == 1
                and (g[0] in short_forms(first[0]) or first[0].startswith(g[0]))
            ):
                preferred_short.append((g[0], p.id))
            for v in variants:
                _add_with_surname(add, v, last, p.id, FIRST)
            if len(g) > 1:
                # "Chloe" for Chloe-Mae: weaker than a pupil actually called Chloe.
                add(g[:1], p.id, PART)
                if len(g[0]) >= 3:
                    fuzzy_ids[g[0]].add(p.id)  # "Chole-Mae": a typo in the first part
            for name in variants:
                joined = "".join(name)
                if len(joined) >= 3:
                    fuzzy_ids[joined].add(p.id)
        for g in givens:
            if len(g) == 1:
                for short in short_forms(g[0]):
                    _add_with_surname(add, (short,), last, p.id, SHORT)
        if _distinctive_surname(last):
            add(last, p.id, PART)  # "williams lexia": a surname alone, weaker than any given name
            if len(last) > 1:
                add(("".join(last),), p.id, PART)  # "okaforreid"
        for prov in p.provisions:
            words = fold_name(prov.name)
            prov_words.update(words)
            # "ToD", "PT": a provision's initials are never a pupil's name.
            prov_words.update(name_initials(words))
    # "Sam" typed alone, for Samantha (preferred Sam) and Samuel (preferred
    # Sammy): Sam is Sammy shortened as much as it is Samantha's own name, so
    # it is asked, never guessed. (A pupil with no such preferred name, called
    # by their first name, is not: "Mo" stays the Mohammed called Mo.)
    preferred = {
        p.id: "".join(fold_name(p.preferred_name)) for p in roster.pupils if p.preferred_name
    }
    for w, pid in preferred_short:
        ranks = forms[(w,)]
        if any(
            r == SHORT and preferred.get(other, "").startswith(w) and preferred[other] != w
            for other, r in ranks.items()
            if other != pid
        ):
            ranks[pid] = SHORT
    staff_names = [[w for w in fold_name(name) if w not in TITLES] for name in roster.staff_names]
    staff_words = frozenset(w for name in staff_names for w in name)
    _leave_to_staff(forms, frozenset(name[0] for name in staff_names if name))
    distinct: dict[str, RosterProvision] = {}
    for p in roster.pupils:
        for prov in p.provisions:
            distinct.setdefault(prov.name.casefold(), prov)
    first_words: dict[str, int] = {}
    for form in forms:
        first_words[form[0]] = max(first_words.get(form[0], 0), len(form))
    by_letter: dict[str, list[str]] = defaultdict(list)
    for fuzzy_name in fuzzy_ids:
        by_letter[fuzzy_name[0]].append(fuzzy_name)
    return RosterIndex(
        forms=dict(forms),
        fuzzy_names=dict(by_letter),
        fuzzy_ids=dict(fuzzy_ids),
        surnames=surnames,
        pupils={p.id: p for p in roster.pupils},
        provision_words=frozenset(prov_words),
        name_words=frozenset(name_words),
        all_provisions=tuple(distinct.values()),
        first_words=first_words,
        guarded_words=frozenset(
            w
            for (w,) in (k for k in forms if len(k) == 1)
            if (w in COMMON_WORDS or w in NAME_WORDS) and w not in prov_words
        ),
        staff_words=staff_words,
    )


def _leave_to_staff(
    forms: dict[tuple[str, ...], dict[int, int]], first_names: frozenset[str]
) -> None:
    """A colleague's first name is that colleague when it is only a pupil's short form
    or surname ("fran" with Fran on the staff and Francesca on the roster): a pupil
    whose own first or preferred name it is keeps it. (Colleagues go by first names;
    a surname alone is as often a secondary pupil's, so it stays the pupil's.)"""
    for w in first_names:
        ranks = forms.get((w,))
        if ranks is None:
            continue
        for pid in [pid for pid, rank in ranks.items() if rank < FIRST]:
            del ranks[pid]
        if not ranks:
            del forms[(w,)]


_cache: dict[int, tuple[weakref.ref[Roster], RosterIndex]] = {}
_cache_lock = threading.Lock()


def _drop(key: int, _gone: object) -> None:
    _cache.pop(key, None)


def index_for(roster: Roster) -> RosterIndex:
    """The index of `roster`, built on first use and kept while it lives."""
    key = id(roster)
    hit = _cache.get(key)
    if hit is not None and hit[0]() is roster:
        return hit[1]
    idx = _build(roster)
    with _cache_lock:
        _cache[key] = (weakref.ref(roster, partial(_drop, key)), idx)
    return idx


@dataclass
class PupilMatch:
    pupils: list[RosterPupil] = field(default_factory=list)
    candidates: dict[str, list[RosterPupil]] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    # Token indices each resolved/ambiguous name used (for "next to a name").
    spans: list[tuple[int, int]] = field(default_factory=list)
    # (first token, last token, the pupil) for every name resolved to one pupil, in order.
    named: list[tuple[int, int, RosterPupil]] = field(default_factory=list)


def _next_free(msg: Message, i: int) -> Token | None:
    j = i + 1
    if j < len(msg.tokens) and msg.owner[j] is None:
        t = msg.tokens[j]
        gap = msg.text[msg.tokens[i].end : t.start]
        if gap.strip() in ("", "."):
            return t
    return None


def _initial_a_or_i(msg: Message, idx: RosterIndex, span: list[Token]) -> bool:
    """ "Kai a bit upset", "Sam I think": "a" and "i" are words, unless typed
    "Sam A." / "Kai A", or they settle a first name several pupils share
    ("mohammed i had a knife": Mohammed Iqbal, when there are two Mohammeds)."""
    last = span[-1]
    if msg.text[last.end : last.end + 1] == "." or (last.norm == "a" and last.raw == "A"):
        return True
    if len(span) != 2:
        return False
    alone = idx.forms.get((span[0].norm,), {})
    with_initial = idx.forms.get((span[0].norm, last.base), {})
    return len(alone) > 1 and len(with_initial) == 1


def _after_title(msg: Message, i: int) -> bool:
    """Is token `i` the name after an adult's title ("Mrs May's science", "Mr Grace")?
    Lower-case "miss" after "will"/"to" is the verb ("will miss Kai's session")."""
    if i == 0:
        return False
    prev = msg.tokens[i - 1]
    if prev.norm not in TITLES or msg.text[prev.end : msg.tokens[i].start].strip() not in ("", "."):
        return False
    if prev.norm == "miss" and not prev.cap:
        before = msg.tokens[i - 2].norm if i >= 2 else ""
        return before not in _MISS_IS_A_VERB_AFTER
    return True


_MISS_IS_A_VERB_AFTER = frozenset(
    "will to ll ill shell hell well had have has might may would could did didnt dont not".split()
)


def _exact_pass(msg: Message, idx: RosterIndex) -> list[tuple[int, int, dict[int, int]]]:
    """(first token, last token, {pupil: rank}) for every exact name form."""
    hits = []
    toks = msg.tokens
    i = 0
    n = len(toks)
    owner = msg.owner
    text = msg.text
    # idx.starts(), with its cache read here: most words are not names.
    start_cache = idx.start_cache
    while i < n:
        if owner[i] is not None:
            i += 1
            continue  # taken
        t = toks[i]
        longest = None if t.possessive else start_cache.get(t.norm)
        if longest is None:
            longest = idx.starts(t)
        if not longest or _after_title(msg, i):
            i += 1
            continue  # no name starts with this word, or it is a member of staff
        matched = None
        # How far a name can run from here: over free words, not across
        # punctuation ("Sam, B block" is not Sam B), and with a possessive
        # only at its end. Every shorter span is then possible too.
        run = 1
        limit = min(longest, n - i)
        while run < limit:
            left, right = toks[i + run - 1], toks[i + run]
            if (
                owner[i + run] is not None
                or left.possessive
                or text[left.end : right.start].strip() not in ("", "-", ".")
            ):
                break
            run += 1
        for size in range(run, 0, -1):
            span = toks[i : i + size]
            if size > 1 and span[-1].norm in ("a", "i") and not _initial_a_or_i(msg, idx, span):
                continue
            if size == 1:
                words: tuple[str, ...] = (span[0].base,)
            elif size == 2:  # "Sam B", "Ava Smith's": the usual longer form
                words = (span[0].norm, span[1].base)
            else:
                words = (*(t.norm for t in span[:-1]), span[-1].base)
            ids = idx.forms.get(words)
            before_relation = i + size < n and toks[i + size].norm in _RELATION_AFTER
            if (
                size == 2
                and ids is None
                and len(span[1].norm) == 2
                and span[1].norm[1] == "s"
                and before_relation
            ):
                ids = idx.forms.get((span[0].norm, span[1].norm[0]))  # "jack ts dad"
            if size == 1 and before_relation and span[0].norm.endswith("s"):
                # "williams dad", "tjs mum": a first or preferred name's possessive
                # without its apostrophe beats a surname alone.
                own = idx.forms.get((span[0].norm[:-1],))
                if own and max(own.values()) >= FIRST and (not ids or max(ids.values()) < FIRST):
                    ids = own
            if (
                ids is None
                and size == 1
                and len(span[0].norm) >= 4
                and span[0].norm.endswith("s")
                and not (i > 0 and owner[i - 1] == "pupil?")  # "Oscar Williams": a surname
                and span[0].norm not in idx.name_words
            ):
                # "Avas mum": a possessive typed without the apostrophe.
                ids = idx.forms.get((span[0].norm[:-1],))
                if ids and (span[0].norm in COMMON_WORDS or (span[0].norm,) in idx.forms):
                    ids = None
                if ids and span[0].norm[:-1] in idx.guarded_words and not _owner_of_next(msg, i):
                    ids = None  # "drew roses for", "two marks on": a plural, not "summers arm"
            if not ids:
                continue
            if (
                size == 1
                and span[0].base in idx.guarded_words
                and plainly_a_word(span[0], msg, idx.names_a_thing)
            ):
                continue  # "I will ring", "a red mark", "summer term"
            if size == 1 and len(span[0].norm) == 1:
                continue  # a lone letter is never a name
            matched = (i, i + size - 1, ids)
            break
        if matched:
            hits.append(matched)
            for k in range(matched[0], matched[1] + 1):
                msg.owner[k] = "pupil?"  # provisional; keeps longer forms from overlapping
            i = matched[1] + 1
        else:
            i += 1
    for a, b, _ in hits:
        for k in range(a, b + 1):
            msg.owner[k] = None
    return hits


# Words after a plural, never after a possessive ("roses for mum", "marks on his arm").
_NOT_OWNED = frozenset(
    """in on at to of for with from by into onto out off up down and or but so as if is was are
    were has had have then when while who which that this these those the a an it them him her
    me us today yesterday again too""".split()
)


def _owner_of_next(msg: Message, i: int) -> bool:
    """Could token `i` ("summers", "graces") be a possessive of what follows it?"""
    toks = msg.tokens
    if i + 1 >= len(toks):
        return False
    nxt = toks[i + 1]
    return (
        not msg.text[toks[i].end : nxt.start].strip()
        and nxt.norm.isalpha()
        and nxt.norm not in _NOT_OWNED
    )


def _best_rank(ids: dict[int, int]) -> list[int]:
    top = max(ids.values())
    return [pid for pid, r in ids.items() if r == top]


def _strip_possessive(raw: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if raw.endswith(suffix) and len(raw) > len(suffix):
            return raw[: -len(suffix)]
    return raw


def _typed(msg: Message, a: int, b: int) -> str:
    """The name as the user typed it, without a possessive."""
    last = msg.tokens[b]
    end = last.end
    if last.possessive:
        end = last.start + len(_strip_possessive(last.raw))
    return msg.text[msg.tokens[a].start : end]


def _narrow_by_surname(
    msg: Message, idx: RosterIndex, b: int, ids: list[int]
) -> tuple[int, list[int]]:
    """'Sam Br' / 'Sam Brwon': a following word that fits one surname settles it."""
    nxt = _next_free(msg, b)
    if (
        nxt is None
        or not nxt.is_alpha
        or (nxt.norm in COMMON_WORDS and nxt.norm not in idx.name_words)
    ):
        return b, ids
    word = nxt.base
    fits = [pid for pid in ids if idx.surnames.get(pid) and idx.surnames[pid][0].startswith(word)]
    if not fits and len(word) >= 4:
        fits = [
            pid
            for pid in ids
            if idx.surnames.get(pid)
            and OSA.distance(word, idx.surnames[pid][0], score_cutoff=1) <= 1
        ]
    if fits and (len(fits) < len(ids) or len(word) >= 3):
        return nxt.i, fits
    return b, ids


def _fuzzy(idx: RosterIndex, word: str) -> list[int]:
    """Pupils whose first/preferred name `word` is a close typo of (cached:
    the same words come up message after message)."""
    hit = idx.fuzzy_cache.get(word)
    if hit is None:
        if len(idx.fuzzy_cache) > 20_000:
            idx.fuzzy_cache.clear()
        hit = idx.fuzzy_cache[word] = _fuzzy_uncached(idx, word)
    return list(hit)


def _fuzzy_uncached(idx: RosterIndex, word: str) -> tuple[int, ...]:
    names = idx.fuzzy_names.get(word[0])
    if not names:
        return ()
    limit = 1 if len(word) <= 6 else 2
    found = process.extract(word, names, scorer=OSA.distance, score_cutoff=limit, limit=None)
    if not found:
        return ()
    best = min(d for _, d, _ in found)
    if best == 0:
        return ()  # an exact name would have matched already; don't second-guess
    ids: list[int] = []
    for name, d, _ in found:
        if d == best and abs(len(name) - len(word)) <= limit:
            ids.extend(sorted(idx.fuzzy_ids[name]))
    return tuple(dict.fromkeys(ids))


def _fuzzy_at(msg: Message, idx: RosterIndex, t: Token) -> tuple[int, int, list[int]]:
    """(first token, last token, pupils) of a mistyped name starting at `t`:
    two words typed as a hyphenated name's parts ("chole mae"), one word, or a
    possessive typed without its apostrophe ("arons handwriting")."""
    nxt = _next_free(msg, t.i)
    if (
        nxt is not None
        and nxt.is_alpha
        and (nxt.base in idx.name_words or not idx.ordinary[nxt.base])
    ):
        ids = _fuzzy(idx, t.base + nxt.base)
        if ids:
            return t.i, nxt.i, ids
    ids = _fuzzy(idx, t.base)
    if not ids and t.base.endswith("s") and len(t.base) >= 5 and _possessed_next(msg, t):
        ids = _fuzzy(idx, t.base[:-1])
    return t.i, t.i, ids


def _possessed_next(msg: Message, t: Token) -> bool:
    """A word follows that the name could own ("arons handwriting"), not a
    preposition or a number ("by me and lewis for 2 mins": Lewis, not Levi's)."""
    nxt = msg.tokens[t.i + 1] if t.i + 1 < len(msg.tokens) else None
    return nxt is not None and nxt.is_alpha and nxt.norm not in _NOT_OWNED


_NOT_OWNED = frozenset(
    "for and with w to at in on by then was is were me i from after before but or so".split()
)


# Words a name in a list follows ("w/ jack, jsoh and teddy").
_LIST_WORDS = frozenset({"and", "w", "with", "n", "plus", "also"})
_RELATION_AFTER = frozenset(
    """mum mums mom mam dad dads mummy daddy parent parents carer carers nan gran grandma grandad
    nana nanny auntie aunt uncle foster step stepmum stepdad family""".split()
)


def _typo_slot(msg: Message, t: Token) -> bool:
    """Is a mistyped name believable at `t`? Only where a name is expected:
    typed with a capital or as a possessive, the first free word (after the
    kind word), in a list of names, or before a relation ("arons mum"). A
    lower-case word in the middle of the story is ordinary English however
    close it is to a name ("bad grades" is never Grace, "blending" never Blessing)."""
    if t.cap or t.possessive:
        return True
    toks, owner, text = msg.tokens, msg.owner, msg.text
    if all(owner[k] == "kind" for k in range(t.i)):
        return True
    prev = toks[t.i - 1]
    gap = text[prev.end : t.start]
    if prev.norm in _LIST_WORDS or "&" in gap or "+" in gap or "/" in gap:
        return True
    if "," in gap and owner[prev.i] == "pupil":
        return True
    nxt = toks[t.i + 1] if t.i + 1 < len(toks) else None
    return nxt is not None and nxt.norm in _RELATION_AFTER


def resolve_pupils(msg: Message, idx: RosterIndex) -> PupilMatch:
    """Find and claim every pupil name in the message."""
    out = PupilMatch()
    groups: list[tuple[int, int, list[int]]] = []  # token span -> pupils it may mean

    hits = _exact_pass(msg, idx)
    for a, b, ranked in hits:
        ids = _best_rank(ranked)
        b, ids = _narrow_by_surname(msg, idx, b, ids)
        groups.append((a, b, ids))
        msg.claim_tokens(a, b, "pupil")

    # Typos, for words that are not English and not provision/grammar words.
    # Only msg.rare can qualify: letters only, 3+ long, not common English
    # or a word-like name (a token's norm is letters only exactly when its
    # base is). Of those: 4+ letters, and not a provision word.
    owner, ordinary = msg.owner, idx.ordinary
    for t in msg.rare:
        if owner[t.i] is not None:
            continue
        w = t.base
        if len(w) < 4 or ordinary[w]:
            continue
        prev = msg.tokens[t.i - 1] if t.i else None
        if prev is not None and (
            prev.norm in TITLES
            or (owner[prev.i] == "pupil" and not msg.text[prev.end : t.start].strip())
        ):
            continue  # "Mr Patel" is staff; "Oscar Williams": a surname, not William
        if w in idx.name_words or w in idx.staff_words:
            continue  # an exact word of some pupil's or colleague's name is never a typo
        if not _typo_slot(msg, t):
            continue  # "bad grades", "good blending": a lower-case word mid-story is a word
        first, last_i, ids = _fuzzy_at(msg, idx, t)
        if ids:
            b, ids = _narrow_by_surname(msg, idx, last_i, ids)
            groups.append((first, b, ids))
            msg.claim_tokens(first, b, "pupil")

    groups.sort()
    for a, b, ids in groups:
        out.spans.append((a, b))
        pupils = [idx.pupils[pid] for pid in ids]
        if len(pupils) == 1:
            out.named.append((a, b, pupils[0]))
            if pupils[0] not in out.pupils:
                out.pupils.append(pupils[0])
        else:
            out.candidates.setdefault(_typed(msg, a, b), pupils)
    # A name typed twice ("Ethan ... Ethan absent") is one pupil, and once
    # settled it settles the ambiguous mention of the same word too.
    for typed, pupils in list(out.candidates.items()):
        settled = [p for p in pupils if p in out.pupils]
        if len(settled) == 1:
            del out.candidates[typed]
    return out


def unknown_names(msg: Message, idx: RosterIndex, found: PupilMatch) -> list[str]:
    """Words that look like a pupil's name but match nobody on the roster.

    Run after the provision and duration are claimed, so that what is left is
    free text and a name slot can be recognised."""
    named = {k for a, b in found.spans for k in range(a, b + 1)}
    unknown: list[str] = []
    owner, ordinary = msg.owner, idx.ordinary
    for t in msg.rare:  # letters only, 3+ long, not common: see resolve_pupils
        if owner[t.i] is not None or ordinary[t.base] or t.base in idx.staff_words:
            continue
        if t.raw.isupper() and not t.possessive:
            continue  # an acronym: DSL, RPI, SALT
        prev = msg.tokens[t.i - 1] if t.i else None
        if prev is not None and prev.norm in TITLES:
            continue
        next_to_name = (t.i - 1 in named) or (t.i + 1 in named)
        first_free = all(msg.owner[k] is not None for k in range(t.i))
        if found.pupils or found.candidates:
            # Only a capitalised word in a run of names is a mistyped pupil.
            if next_to_name and (t.cap or t.possessive) and msg.text[t.end : t.end + 1] != ".":
                unknown.append(_strip_possessive(t.raw) if t.possessive else t.raw)
        elif t.possessive or t.cap or (first_free and _in_name_slot(msg, t)):
            unknown.append(_strip_possessive(t.raw) if t.possessive else t.raw)
            break
    return unknown


def _in_name_slot(msg: Message, t: Token) -> bool:
    """Where a name goes: right after the kind word, or right before the
    provision or duration ("session bartholomew phonics", "bartholomew zones 20")."""
    prev_owner = msg.owner[t.i - 1] if t.i > 0 else None
    next_owner = msg.owner[t.i + 1] if t.i + 1 < len(msg.tokens) else None
    return prev_owner == "kind" or next_owner in ("provision", "duration")
