"""The initials a provision's name is abbreviated by: "PT" for Precision
teaching, "ZoR" for Zones of Regulation, "ToD" for the Teacher of the Deaf in
"Teacher of the Deaf visit".

Staff abbreviate the words that carry the name and keep or drop the little
words between them as they please ("SALT" and "SLT", "ZoR" and "ZR"), and
often abbreviate only the head of a longer name and type the rest ("ToD
visit"). So every run of the name's first two or more content words gives
initials, with any choice of the stop words inside it.
"""

from __future__ import annotations

from itertools import combinations

# Words of a provision's name that carry no meaning of their own.
STOP = frozenset({"of", "and", "the", "for", "with", "a", "to", "in", "n"})
# More stop words than this inside a name: only all or none of them are used
# (keeps the variants few for a long name).
_MAX_CHOICES = 3


def name_initials(words: tuple[str, ...]) -> dict[str, int]:
    """initials -> how many of the name's content words they stand for, for
    each leading run of two or more content words (and the whole name, even
    of one content word with stop words: "n" alone never). `words` is the
    folded name (normalise.fold_name)."""
    out: dict[str, int] = {}
    content = [k for k, w in enumerate(words) if w not in STOP]
    if not content:
        return out
    for n_content in range(2, len(content) + 1):
        end = content[n_content - 1]
        stops = [k for k in range(end) if words[k] in STOP and k > content[0]]
        if len(stops) <= _MAX_CHOICES:
            choices = [c for r in range(len(stops) + 1) for c in combinations(stops, r)]
        else:
            choices = [(), tuple(stops)]
        for chosen in choices:
            keep = sorted(content[:n_content] + list(chosen))
            letters = "".join(words[k][0] for k in keep)
            out[letters] = max(out.get(letters, 0), n_content)
    # The whole name's letters, every word ("zor"), as before.
    whole = "".join(w[0] for w in words)
    if len(whole) >= 2:
        out[whole] = max(out.get(whole, 0), len(content))
    return {k: v for k, v in out.items() if len(k) >= 2}
