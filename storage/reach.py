"""Who can be reached by chat, and on which platform: one rule for the handlers and the sender.

A member of staff is reachable when they are active and have a linked chat
account on a platform this Keyworker is configured for (Slack, Telegram).
Their `/platform` choice wins when that account qualifies, else their first
linked account that does. `platforms=None` means "every platform counts"
(callers that do not know the configuration, such as tests of the jobs).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence


def pick_platform(
    linked: Sequence[str], preferred: str | None, platforms: Collection[str] | None
) -> str | None:
    """The platform a message to someone linked on `linked` goes by, or None if none can carry it."""
    usable = [p for p in linked if platforms is None or p in platforms]
    if preferred in usable:
        return preferred
    return usable[0] if usable else None
