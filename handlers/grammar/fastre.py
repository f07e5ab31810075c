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

try:  # Python 3.11+
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

_CATEGORIES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_SPACE: r"\s", C.CATEGORY_WORD: r"\w"}
_ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT} | (
    {C.POSSESSIVE_REPEAT} if hasattr(C, "POSSESSIVE_REPEAT") else set()
)


class _Anything(Exception):
    """The pattern can begin with (almost) anything: no look-ahead helps."""


def _class_items(items) -> set[str]:
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


def _first(items) -> tuple[set[str], bool]:
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
