"""Slack's message markup turned back into the plain text a person saw.

Slack sends `<https://example.org|click here>`, `<@U0123>`, `<#C0123|staffroom>`
and `<!here>` where its app showed "click here", "@Amy Lowe", "#staffroom"
and "@here", and escapes `&`, `<` and `>`. Records keep what the person saw,
never the markup (a stored link label could hide where it points).
"""

from __future__ import annotations

import re
from collections.abc import Callable

_TOKEN = re.compile(r"<([^<>]*)>")
_SPECIAL = {"here": "@here", "channel": "@channel", "everyone": "@everyone"}


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def plain_text(text: str, name_of: Callable[[str], str | None] = lambda _user: None) -> str:
    """`text` as Slack displayed it; `name_of(user_id)` names a mentioned person."""

    def shown(match: re.Match[str]) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        if target.startswith("@"):
            name = label or name_of(target[1:]) or "someone"
            return f"@{name.lstrip('@')}"
        if target.startswith("#"):
            return f"#{label or 'a channel'}"
        if target.startswith("!"):
            command = target[1:].split("^", 1)[0]
            return label or _SPECIAL.get(command, "")
        if label:
            return label
        return target.removeprefix("mailto:")

    return unescape(_TOKEN.sub(shown, text))
