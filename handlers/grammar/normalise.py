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
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

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
    text = text.translate(_SPACE_LIKE)
    if _SUSPECT.search(text):
        text = "".join(
            c for c in text if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn")
        )
    return " ".join(text.split())


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in _PUNCT_FOLD:
        return _PUNCT_FOLD[c]
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
    i: int
    start: int
    end: int
    raw: str  # as typed
    norm: str  # folded, apostrophes removed ("o'neill" -> "oneill")
    base: str  # norm without a possessive ("ava's" -> "ava")
    possessive: bool
    cap: bool  # typed with a capital first letter
    initial: bool  # first word of the message or of a sentence

    @property
    def is_alpha(self) -> bool:
        return self.norm.isalpha()


class Message:
    """One message being parsed: cleaned text, folded copy, tokens and claims."""

    __slots__ = ("text", "folded", "tokens", "owner", "_removed")

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold(text)
        self.tokens: list[Token] = []
        for m in _WORD.finditer(self.folded):
            w = m.group()
            possessive = False
            base = w
            if w.endswith("'s") and len(w) > 3:
                base, possessive = w[:-2], True
            elif w.endswith("'"):
                base, possessive = w[:-1], True
            raw = text[m.start() : m.end()]
            j = m.start() - 1
            while j >= 0 and text[j] == " ":
                j -= 1
            self.tokens.append(
                Token(
                    i=len(self.tokens),
                    start=m.start(),
                    end=m.end(),
                    raw=raw,
                    norm=w.replace("'", ""),
                    base=base.replace("'", ""),
                    possessive=possessive,
                    cap=raw[:1].isupper(),
                    initial=not self.tokens or text[j] in ".!?:;",
                )
            )
        # Which rule owns each token (None = free text so far).
        self.owner: list[str | None] = [None] * len(self.tokens)
        self._removed = bytearray(len(text))

    # -- claims -----------------------------------------------------------------
    def is_free(self, start: int, end: int) -> bool:
        """True when no rule has claimed any token overlapping [start, end)."""
        for t in self.tokens:
            if t.end <= start:
                continue
            if t.start >= end:
                break
            if self.owner[t.i] is not None:
                return False
        return True

    def claim(self, start: int, end: int, owner: str, *, remove: bool = True) -> None:
        """Give the tokens in [start, end) to `owner`; `remove` drops the
        characters from the notes (False keeps them, e.g. a date that is part
        of what a parent said, not when the contact happened)."""
        for t in self.tokens:
            if t.end > start and t.start < end and self.owner[t.i] is None:
                self.owner[t.i] = owner
        if remove:
            self._removed[start:end] = b"\x01" * (end - start)

    def claim_tokens(self, first: int, last: int, owner: str, *, remove: bool = True) -> None:
        self.claim(self.tokens[first].start, self.tokens[last].end, owner, remove=remove)

    def unremove(self, start: int, end: int) -> None:
        """Put characters back in the notes (a date that turned out to be content)."""
        self._removed[start:end] = bytes(end - start)

    def free_tokens(self) -> list[Token]:
        return [t for t in self.tokens if self.owner[t.i] is None]

    def token_at(self, pos: int) -> Token | None:
        for t in self.tokens:
            if t.start <= pos < t.end:
                return t
        return None

    def tokens_in(self, start: int, end: int) -> list[Token]:
        return [t for t in self.tokens if t.end > start and t.start < end]

    # -- notes ------------------------------------------------------------------
    def remainder(self) -> str:
        removed = self._removed
        if not any(removed):
            return tidy(self.text)
        # Removed characters become spaces, built from runs, not per character.
        out, i, n = [], 0, len(removed)
        while i < n:
            j = removed.find(b"\x01", i)
            if j < 0:
                out.append(self.text[i:])
                break
            out.append(self.text[i:j])
            k = removed.find(b"\x00", j)
            k = n if k < 0 else k
            out.append(" ")
            i = k
        return tidy("".join(out))


_TIDY_STEPS = (
    (re.compile(r"\(\s*\)|\[\s*\]"), " "),
    (re.compile(r"\s+([,.;:!?)])"), r"\1"),
    (re.compile(r"([,;:])(?:\s*[,;:])+"), r"\1"),
    (re.compile(r"\s*-\s*(?:-\s*)+"), " - "),
    (re.compile(r"([,;:])\s*([.!?])"), r"\2"),
    (re.compile(r"\s{2,}"), " "),
)
_LEAD = re.compile(r"^(?:[\s,.;:!?\-+&/|]+)")
_TRAIL = re.compile(
    r"(?:[\s,;:\-+&/|]+|\s+(?:and|for|at|on|with|of|the|to|re|in|from|by|@))+$", re.I
)


def tidy(s: str) -> str:
    """Squeeze what is left of a message into readable notes."""
    for pattern, repl in _TIDY_STEPS:
        s = pattern.sub(repl, s)
    s = _LEAD.sub("", s)
    prev = None
    while prev != s:
        prev = s
        s = _TRAIL.sub("", s).strip()
    return s.strip()
