"""Faster scanning for the grammar's regexes, with exactly the same matches.

Python's regex engine tries a pattern at every position of the text. When a
pattern begins with a literal or a character class it first skips, in C, to
the next position where that could match; when it begins with `\\b`, a
look-behind or an optional lead word ("(?:at\\s*)?9:30") it cannot, and
every position costs a full attempt at a long alternation.

`first_chars()` works out from the parsed pattern which characters a match
can begin with, and `fast()` puts them in front as a look-ahead
(`(?=[ad@0-9])...`). A look-ahead consumes nothing and only rules out
positions where no match could begin, so the matches, their groups and
their order are unchanged; the scan just gets cheap for most positions.
"""

from __future__ import annotations

import re

# The regex parser's private modules: typeshed does not declare them.
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]
from typing import Any

# A parsed pattern's items, as re._parser gives them: (opcode, argument) pairs.
Items = Any

_CATEGORIES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_SPACE: r"\s", C.CATEGORY_WORD: r"\w"}
_ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT} | (
    {C.POSSESSIVE_REPEAT} if hasattr(C, "POSSESSIVE_REPEAT") else set()
)


class _Anything(Exception):
    """The pattern can begin with (almost) anything: no look-ahead helps."""


def _class_items(items: Items) -> set[str]:
    out = set()
    for op, av in items:
        if op is C.LITERAL:
            out.add(re.escape(chr(av)))
        elif op is C.RANGE:
            out.add(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is C.CATEGORY and av in _CATEGORIES:
            out.add(_CATEGORIES[av])
        else:  # NEGATE, \D, \S, \W ...
            raise _Anything
    return out


def _first(items: Items) -> tuple[set[str], bool]:
    """(class items a match of `items` can begin with, can it match empty?)"""
    out: set[str] = set()
    for op, av in items:
        nullable = False
        if op is C.LITERAL:
            chars = {re.escape(chr(av))}
        elif op is C.IN:
            chars = _class_items(av)
        elif op is C.BRANCH:
            chars = set()
            for alt in av[1]:
                f, n = _first(alt)
                chars |= f
                nullable = nullable or n
        elif op is C.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                raise _Anything  # a local flag change: keep it simple
            chars, nullable = _first(sub)
        elif op in _REPEATS:
            low, _high, sub = av
            chars, nullable = _first(sub)
            nullable = nullable or low == 0
        elif op in _ZERO_WIDTH:
            # \b, ^, look-arounds consume nothing; ignoring what they demand
            # only makes the set larger, never wrong.
            chars, nullable = set(), True
        else:  # ANY, NOT_LITERAL, group references, atomic groups ...
            raise _Anything
        out |= chars
        if not nullable:
            return out, False
    return out, True


def first_chars(pattern: re.Pattern[str]) -> str | None:
    """A character class (as regex text) every match of `pattern` begins
    with, or None when there is none worth having (the pattern may match
    the empty string, or begin with almost anything)."""
    try:
        chars, nullable = _first(P.parse(pattern.pattern, pattern.flags))
    except _Anything:
        return None
    if nullable or not chars:
        return None
    return "[" + "".join(sorted(chars)) + "]"


# (original, sped-up) pairs, so the tests can check they always agree.
REGISTRY: list[tuple[re.Pattern[str], re.Pattern[str]]] = []


def fast(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` with a look-ahead on the characters a match can begin with,
    when it has such a set (see the module docstring). Same matches.

    Worth it for patterns that begin with \\b, a look-behind or an optional
    lead word; one that begins with a plain character or class is already
    skipped along in C, and is returned as it is."""
    if pattern.pattern.startswith(("^", "\\A", "(?=")):
        return pattern
    try:
        first_op = P.parse(pattern.pattern, pattern.flags)[0][0]
    except IndexError:
        return pattern
    cls = first_chars(pattern)
    if cls is None or first_op in (C.LITERAL, C.IN):
        return pattern
    sped_up = re.compile(f"(?={cls}){pattern.pattern}", pattern.flags)
    REGISTRY.append((pattern, sped_up))
    return sped_up


# -- the words a match cannot do without ---------------------------------------------
#
# `required_words()` reads a pattern and returns strings of letters and digits
# of which every match contains at least one ("doesn'?t\s+want" -> {"doesn",
# "doesnt"}, or "want" if that is longer). A message without any of them
# cannot match, so the pattern need not run on it. It is derived from the
# pattern itself, so it can never hide a match the pattern would find.

_MAX_EXACT = 32  # the most spellings of a piece followed exactly ("colou?r" -> 2)
_ALNUM_RUN = re.compile(r"[a-z0-9]+")


def _pieces(strings: set[str]) -> frozenset[str] | None:
    """What a match that contains one of `strings` must contain: each one's
    longest run of letters and digits (names masked as '@' and quote marks
    made spaces never turn a run into another); None when one has no run."""
    out = set()
    for s in strings:
        runs = _ALNUM_RUN.findall(s.lower())
        if not runs:
            return None
        out.add(max(runs, key=len))
    # "cd" already answers for "acd" and "bcd".
    return frozenset(s for s in out if not any(t != s and t in s for t in out))


def _strength(req: frozenset[str] | None) -> int:
    return min(map(len, req)) if req else 0


def _stronger(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    return b if _strength(b) > _strength(a) else a


def _req_seq(items: Items) -> tuple[set[str] | None, frozenset[str] | None]:
    """(the exact strings `items` matches, when few; what a match must contain)"""
    exact, clauses = _seq_clauses(items, deep=False)
    best: frozenset[str] | None = None
    for clause in clauses:
        best = _stronger(best, clause)
    return exact, best


def _seq_clauses(items: Items, *, deep: bool) -> tuple[set[str] | None, list[frozenset[str]]]:
    """(the exact strings `items` matches, when few; requirements that each
    hold for every match). A requirement comes from each run of exactly
    known text and from each item that is not; `deep` also reads the
    requirements inside a group or a repeat that must match at least once,
    instead of only the strongest of them."""
    clauses: list[frozenset[str]] = []
    run: set[str] | None = {""}
    exact = True
    for op, av in items:
        e, r = _req_node(op, av)
        if e is not None and run is not None and len(run) * len(e) <= _MAX_EXACT:
            run = {a + b for a in run for b in e}
            continue
        exact = False
        if run is not None and (p := _pieces(run)):
            clauses.append(p)
        if e is not None:
            run = set(e)
            continue
        run = {""}
        if deep and op is C.SUBPATTERN:
            clauses += _seq_clauses(av[3], deep=True)[1]
        elif deep and op in _REPEATS and av[0] >= 1:
            clauses += _seq_clauses(av[2], deep=True)[1]
        elif r:
            clauses.append(r)
    if exact and run is not None:
        p = _pieces(run)
        return run, [p] if p else []
    if run is not None and (p := _pieces(run)):
        clauses.append(p)
    return None, clauses


def _req_node(op: Any, av: Any) -> tuple[set[str] | None, frozenset[str] | None]:
    if op is C.LITERAL:
        ch = chr(av)
        # '@' stands for a masked name in the text the rules read: not a letter to require.
        return (None, None) if ch == "@" else ({ch}, None)
    if op is C.IN:
        if len(av) <= 8 and all(o is C.LITERAL for o, _ in av):
            return {chr(v) for _, v in av}, None
        return None, None
    if op is C.SUBPATTERN:
        return _req_seq(av[3])
    if op is C.BRANCH:
        parts = [_req_seq(alt) for alt in av[1]]
        exacts = [e for e, _ in parts if e is not None]
        if len(exacts) == len(parts) and sum(len(e) for e in exacts) <= _MAX_EXACT:
            exact: set[str] = set().union(*exacts)
            return exact, _pieces(exact)
        reqs = [r for _, r in parts if r is not None]
        if len(reqs) < len(parts):
            return None, None
        return None, frozenset().union(*reqs)
    if op in _REPEATS:
        low, high, sub = av
        e, r = _req_seq(sub)
        if low == 0:
            return ((e | {""}) if e is not None and high == 1 else None), None
        if low == high == 1:
            return e, r
        return None, r
    if op in _ZERO_WIDTH:
        return {""}, None
    return None, None  # ANY, categories, group references ...


def required_words(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings of which every match of `pattern` contains one (as a substring
    of the text searched), or None when no such set could be worked out."""
    _exact, req = _req_seq(P.parse(pattern.pattern, pattern.flags))
    return req


def required_clauses(pattern: re.Pattern[str]) -> tuple[frozenset[str], ...]:
    """Sets of strings such that every match of `pattern` contains one string
    of each set (required_words gives the strongest one): "tired\\s+(?:all|every)"
    -> ({"tired"}, {"all", "every"}). A text lacking every string of any one
    set cannot match. Duplicates are dropped; the order is the pattern's."""
    _exact, clauses = _seq_clauses(P.parse(pattern.pattern, pattern.flags), deep=True)
    return tuple(dict.fromkeys(clauses))
