"""Text cleaning, folding and tokenising for the /log grammar.

Owns the `Message` working object every rule reads from and claims words in:

* `clean()` strips control and zero-width characters and collapses spaces;
* `fold()` lower-cases and removes accents *one character for one character*,
  so a regex match on the folded text has the same offsets in the original
  (that is what lets the notes be rebuilt from what the rules did not claim);
* `Message.claim()` records which rule took which characters; the notes are
  whatever nobody removed, tidied.
"""

from __future__ import annotations

import re
import string
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from handlers.grammar.vocab import COMMON_WORDS, NAME_WORDS

# Characters that are plain noise in a chat message: C0/C1 controls (tab and
# newline become spaces first), zero-width and bidi marks (category Cf).
_SPACE_LIKE = dict.fromkeys(map(ord, "\t\n\r\v\f\u00a0\u2028\u2029"), " ")
_PUNCT_FOLD = {
    "\u2018": "'",
    "\u2019": "'",
    "\u02bc": "'",
    "`": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u2212": "-",
}


_SUSPECT = re.compile(r"[^\x20-\x7e]")


def clean(text: str) -> str:
    """Remove control/format characters and squeeze runs of spaces."""
    if text.isascii() and text.isprintable():
        return " ".join(text.split())  # the usual case: nothing to translate or drop
    text = text.translate(_SPACE_LIKE)
    if _SUSPECT.search(text):
        text = "".join(
            c for c in text if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn")
        )
    return " ".join(text.split())


# Letters Unicode gives no plain base ("Barış", "Łukasz", "Søren"): folded by hand,
# one character each, so offsets still line up.
_LETTER_FOLD = {
    "ı": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ß": "s", "æ": "a",
    "Æ": "a", "œ": "o", "Œ": "o", "þ": "t", "Þ": "t", "ð": "d", "Ð": "d", "ħ": "h", "Ħ": "h",
    "ŀ": "l", "Ŀ": "l",
}  # fmt: skip


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in _PUNCT_FOLD:
        return _PUNCT_FOLD[c]
    if c in _LETTER_FOLD:
        return _LETTER_FOLD[c]
    base = unicodedata.normalize("NFKD", c)
    for b in base:
        if b.isascii() and b.isalnum():
            return b.lower()
    low = c.lower()
    # Keep one character per character so offsets line up with the original.
    return low if len(low) == 1 else c


def fold(text: str) -> str:
    """Lower-case, accent-free copy of `text` with exactly the same length."""
    if text.isascii():
        return text.lower().replace("`", "'")
    return "".join(_fold_char(c) for c in text)


def fold_name(name: str) -> tuple[str, ...]:
    """A roster name as the words people type: 'Chloe-Mae' -> ('chloe', 'mae'),
    "O'Neill" -> ('oneill',), 'Zoë' -> ('zoe',)."""
    f = fold(clean(name))
    return tuple(w.replace("'", "") for w in _WORD.findall(f) if w.replace("'", ""))


# A word: letters/digits with internal apostrophes ("didn't", "o'neill",
# "ava's"), or a trailing possessive apostrophe ("james'"). Hyphens split words,
# so "Chloe-Mae" is two words, as is "de-escalation".
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*'?")


@dataclass(slots=True)
class Token:
    """One word of a message. Only what every rule reads is stored; what a
    few rules read (the word as typed, its capital, whether it starts a
    sentence) is worked out from the text when asked, as a message makes one
    Token per word and most are never asked."""

    i: int
    start: int
    end: int
    norm: str  # folded, apostrophes removed ("o'neill" -> "oneill")
    base: str  # norm without a possessive ("ava's" -> "ava")
    possessive: bool
    text: str  # the whole (cleaned) message

    @property
    def raw(self) -> str:
        """The word as typed."""
        return self.text[self.start : self.end]

    @property
    def cap(self) -> bool:
        """Typed with a capital first letter."""
        return self.text[self.start].isupper()

    @property
    def initial(self) -> bool:
        """First word of the message or of a sentence."""
        if self.i == 0:
            return True
        j = self.start - 1
        while self.text[j] == " ":
            j -= 1
        return self.text[j] in _SENTENCE_END

    @property
    def is_alpha(self) -> bool:
        return self.norm.isalpha()


# Per-word facts (norm, base, possessive, rare) by folded word: the same few
# hundred words come up message after message, so each is worked out once.
# `rare`: a base of 3+ letters that is neither common English nor a name
# that is also a word (vocab.py): what the pupil rules look at for typos
# and unknown names, a few words in a message (see Message.rare).
_WORD_FACTS: dict[str, tuple[str, str, bool, bool]] = {}
_SENTENCE_END = frozenset(".!?:;")


def _word_facts(w: str) -> tuple[str, str, bool, bool]:
    facts = _WORD_FACTS.get(w)
    if facts is None:
        possessive = False
        base = w
        if w.endswith("'s") and len(w) > 2:  # "Ava T's mum": an initial's possessive too
            base, possessive = w[:-2], True
        elif w.endswith("'"):
            base, possessive = w[:-1], True
        base = base.replace("'", "")
        rare = (
            len(base) >= 3
            and base.isalpha()
            and base not in COMMON_WORDS
            and base not in NAME_WORDS
        )
        facts = (w.replace("'", ""), base, possessive, rare)
        if len(_WORD_FACTS) > 50_000:  # bound the memory a stream of junk can take
            _WORD_FACTS.clear()
        _WORD_FACTS[w] = facts
    return facts


V = TypeVar("V")


class WordMemo(dict[str, V]):
    """word -> `compute(word)`, worked out once per word and then a plain dict
    lookup: the same few hundred words come up message after message."""

    def __init__(self, compute: Callable[[str], V]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, w: str) -> V:
        hit = self.compute(w)
        if len(self) > 50_000:  # bound the memory a stream of junk can take
            self.clear()
        self[w] = hit
        return hit


class WordTest(WordMemo[bool]):
    """word -> whether `test(word)` holds, memoised (WordMemo). For the gates that
    ask a question of every word of a message, e.g. `any(map(gate.__getitem__, msg.words))`."""

    def __init__(self, test: Callable[[str], object]) -> None:
        super().__init__(lambda w: bool(test(w)))


_FIRST_DIGIT = re.compile(r"\d")
_ASCII_LETTERS_AT = string.ascii_letters + "@"


def _digits_from(folded: str) -> int:
    """Where a phrase led by a number can start at the earliest: the first
    digit, less the one lead word and spaces before it ("at 9:30", "for 20
    mins"); len(folded) when there is no digit. A pattern whose match must
    contain a digit with at most one word before it can start its scan here
    (`finditer(f, pos)` still sees the text before `pos` for look-behinds)
    and skip the words in front, which is most of a typical message."""
    m = _FIRST_DIGIT.search(folded)
    if m is None:
        return len(folded)
    j = m.start()
    head = folded[:j]
    if head.isascii():
        # The same three steps as the loop below, each one str method in C
        # (in ASCII, isalpha() is exactly the letters).
        return len(head.rstrip().rstrip(_ASCII_LETTERS_AT).rstrip())
    while j > 0 and folded[j - 1].isspace():
        j -= 1
    while j > 0 and (folded[j - 1].isalpha() or folded[j - 1] == "@"):
        j -= 1
    while j > 0 and folded[j - 1].isspace():
        j -= 1
    return j


class Message:
    """One message being parsed: cleaned text, folded copy, tokens and claims."""

    __slots__ = (
        "text", "folded", "tokens", "owner", "norms", "words", "digits_from",
        "ends", "rare", "_removed", "_seen",
    )  # fmt: skip

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = folded = fold(text)
        tokens: list[Token] = []
        ends: list[int] = []  # sorted: lets a span find its tokens by bisection
        norms: set[str] = set()
        rare: list[Token] = []
        # Bound methods in locals: this loop runs for every word of every message.
        find, facts, new = folded.find, _WORD_FACTS.get, Token
        add_token, add_end, add_norm = tokens.append, ends.append, norms.add
        end = 0
        # findall + find is cheaper than a match object per word; words never
        # overlap, so each is the next occurrence after the previous one.
        found = _WORD.findall(folded)
        for i, w in enumerate(found):
            start = find(w, end)
            end = start + len(w)
            norm, base, possessive, is_rare = facts(w) or _word_facts(w)
            token = new(i, start, end, norm, base, possessive, text)
            add_token(token)
            add_end(end)
            add_norm(norm)
            if is_rare:
                rare.append(token)
        self.tokens = tokens
        # The tokens that could be a name nobody on a roster has typed
        # correctly (see _word_facts), in order: the typo and unknown-name
        # rules read these few instead of every token.
        self.rare = rare
        self.ends = ends  # each token's end, sorted: bisect to find tokens by position
        # The words of the message, for the cheap "could this rule apply?"
        # gates. `norms` is every token's norm. `words` adds the pieces
        # between apostrophes ("o'missed" -> "o", "missed"), because a
        # regex's \b also matches after an apostrophe: a gate that must never
        # stop a pattern that could match ("no phrase starts with any of these
        # words") is checked against `words`.
        self.norms = norms
        if "'" in folded:
            words = set(norms)
            for w in found:
                if "'" in w:
                    words.update(w.split("'"))
            self.words = words
        else:
            self.words = norms
        self.digits_from = _digits_from(folded)
        # Which rule owns each token (None = free text so far).
        self.owner: list[str | None] = [None] * len(tokens)
        self._removed = bytearray(len(text))
        self._seen: dict[re.Pattern[str], re.Match[str] | None] = {}

    def search(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        """`pattern.search(self.folded)`, remembered: several rules ask the same
        question of the same text (is there behaviour? a hold?)."""
        seen = self._seen
        if pattern in seen:
            return seen[pattern]
        m = seen[pattern] = pattern.search(self.folded)
        return m

    # -- claims -----------------------------------------------------------------
    def _first_after(self, start: int) -> int:
        """Index of the first token ending after `start`."""
        return bisect_right(self.ends, start)

    def is_free(self, start: int, end: int) -> bool:
        """True when no rule has claimed any token overlapping [start, end)."""
        tokens, owner = self.tokens, self.owner
        for i in range(bisect_right(self.ends, start), len(tokens)):
            if tokens[i].start >= end:
                break
            if owner[i] is not None:
                return False
        return True

    def claim(self, start: int, end: int, owner: str, *, remove: bool = True) -> None:
        """Give the tokens in [start, end) to `owner`; `remove` drops the
        characters from the notes (False keeps them, e.g. a date that is part
        of what a parent said, not when the contact happened)."""
        tokens, owners = self.tokens, self.owner
        for i in range(bisect_right(self.ends, start), len(tokens)):
            if tokens[i].start >= end:
                break
            if owners[i] is None:
                owners[i] = owner
        if remove:
            self._removed[start:end] = b"\x01" * (end - start)

    def claim_tokens(self, first: int, last: int, owner: str, *, remove: bool = True) -> None:
        """`claim()` of the span from token `first` to token `last`: tokens
        never overlap, so those are exactly the tokens it covers."""
        owners = self.owner
        for i in range(first, last + 1):
            if owners[i] is None:
                owners[i] = owner
        if remove:
            start, end = self.tokens[first].start, self.tokens[last].end
            self._removed[start:end] = b"\x01" * (end - start)

    def unclaim_tokens(self, first: int, last: int) -> None:
        """Give tokens `first`..`last` back to the free text (a provision's
        name that turned out to be part of an event: "SALT appt")."""
        for i in range(first, last + 1):
            self.owner[i] = None
        self.unremove(self.tokens[first].start, self.tokens[last].end)

    def unremove(self, start: int, end: int) -> None:
        """Put characters back in the notes (a date that turned out to be content)."""
        self._removed[start:end] = bytes(end - start)

    def kept(self, t: Token) -> bool:
        """The token stays in the notes (claimed with remove=False, or not at all)."""
        return self._removed[t.start] == 0

    def free_tokens(self) -> list[Token]:
        return [t for t in self.tokens if self.owner[t.i] is None]

    def token_at(self, pos: int) -> Token | None:
        i = self._first_after(pos)
        if i < len(self.tokens) and self.tokens[i].start <= pos:
            return self.tokens[i]
        return None

    def tokens_in(self, start: int, end: int) -> list[Token]:
        out = []
        for t in self.tokens[self._first_after(start) :]:
            if t.start >= end:
                break
            out.append(t)
        return out

    def last_two_before(self, pos: int) -> list[Token]:
        """The (at most two) last tokens that end at or before `pos`, in order."""
        k = bisect_right(self.ends, pos)
        return self.tokens[max(0, k - 2) : k]

    # -- notes ------------------------------------------------------------------
    def remainder(self) -> str:
        removed = self._removed
        text = self.text
        if removed.find(1) < 0:
            return tidy(text)
        # Removed characters become one space per run, built from runs, not
        # per character. A preposition left hanging by a removed name
        # ("letter home for [Kai] re: trip") goes with it.
        out: list[str] = []
        i, n = 0, len(removed)
        while i < n:
            j = removed.find(1, i)
            if j < 0:
                out.append(text[i:])
                break
            k = removed.find(0, j)
            k = n if k < 0 else k
            kept = text[i:j]
            # _drop_dangling(), whose test on the last word is made here
            # first: a call per removed run costs more than it.
            if kept.rstrip().rpartition(" ")[2].lower() in _PREPOSITIONS:
                kept = _drop_dangling(kept, text, k)
            out.append(kept)
            out.append(" ")
            i = k
        return tidy("".join(out))


# Words that need an object: left in front of a removed name and followed by
# nothing, punctuation or another such word, they are debris, not notes.
_PREPOSITIONS = frozenset(
    "for to with about at by from of re regarding on in into onto towards".split()
)
_FOLLOWER = re.compile(r"\s*(?:$|[,.;:!?)\]]|(?:" + "|".join(_PREPOSITIONS) + r")\b)", re.I)


def _drop_dangling(kept: str, text: str, gap_end: int) -> str:
    """`kept` without its last word when that word is a preposition whose
    object was removed (the text after the gap at `gap_end` cannot be it)."""
    head, _, last = kept.rstrip().rpartition(" ")
    if last.lower() not in _PREPOSITIONS or not _FOLLOWER.match(text, gap_end):
        return kept
    return head + " " if head else ""


# The kept characters are matched by look-arounds, so every replacement is a
# plain string: Python 3.11 expands a template such as r"\1" in Python code,
# once per match, while a plain string is substituted in C.
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+(?=[,.;:!?)])")  # drop the spaces
_REPEATED_SEPARATORS = re.compile(r"(?<=[,;:])(?:\s*[,;:])+")  # keep the first
_DASH_RUN = re.compile(r"\s*-\s*(?:-\s*)+")
_SEPARATOR_THEN_END = re.compile(r"[,;:]\s*(?=[.!?])")  # keep the end mark
_SPACES = re.compile(r"\s{2,}")


# What may not start the notes: spaces and separators (the text is cleaned,
# so ASCII whitespace is all the whitespace there is).
_LEAD_CHARS = " \t\n\r\f\v,.;:!?-+&/|"
# What may hang off the end: separators, and a last word that needs something
# after it ("... for", "... re:"). Stripped in a loop rather than by one
# '...+$' regex, which would retry at every position of the string.
_TRAIL_CHARS = " \t\n\r\f\v,;:-+&/|"
_TRAIL_WORDS = frozenset("and for at on with of the to re in from by @".split())


def tidy(s: str) -> str:
    """Squeeze what is left of a message into readable notes."""
    # Each step runs only when the characters it needs are there (a str
    # method is far cheaper than a regex pass, and most notes need few steps).
    if "(" in s or "[" in s:
        s = _EMPTY_BRACKETS.sub(" ", s)
    separators = "," in s or ";" in s or ":" in s
    ends = "." in s or "!" in s or "?" in s
    if separators or ends or ")" in s:
        s = _SPACE_BEFORE_PUNCT.sub("", s)
    if separators and s.count(",") + s.count(";") + s.count(":") >= 2:
        s = _REPEATED_SEPARATORS.sub("", s)
    if s.count("-") >= 2:
        s = _DASH_RUN.sub(" - ", s)
    if separators and ends:
        s = _SEPARATOR_THEN_END.sub("", s)
    if "  " in s:
        s = _SPACES.sub(" ", s)
    s = s.lstrip(_LEAD_CHARS)
    while True:
        s = s.rstrip(_TRAIL_CHARS)
        head, space, last = s.rpartition(" ")
        if not (space and last.lower() in _TRAIL_WORDS):
            return s.strip()
        s = head
