"""Wording every platform shows for the same situation, defined once.

Adapters never write their own text for these: they pass what happened to the
dispatcher (as an `Inbound`) or render these strings, so Slack, Telegram, the
console and later platforms say the same thing the same way.
"""

from __future__ import annotations

# One limit for a typed message, everywhere: the longest text a record keeps
# (the database's notes and source-text columns hold 4,000 characters).
MAX_MESSAGE_CHARS = 4000


def too_long(length: int) -> str:
    return (
        f"That message is too long ({length:,} characters). Please keep a log under "
        f"{MAX_MESSAGE_CHARS:,} characters, or split it into separate logs."
    )


NOT_TEXT = "I can only read text, so nothing was stored. Type your log, or send /log for a form."
FORWARDED = (
    "I don't log forwarded messages: they would be stored as yours, timed now. Nothing was "
    "stored. If it is something you saw or did, type it in your own words; if it worries you "
    "about a child, tell me in your own words and I'll pass it to the DSL."
)
EDIT_NOT_APPLIED = (
    "I don't apply edits to a message you've already sent, so nothing was changed. To correct "
    "a log, press Edit on my reply to it (or /undo within 15 minutes and send it again)."
)


def group_refusal(link: str | None = None) -> str:
    """The answer in a group chat: it names nobody and says where to go instead."""
    where = f" ({link})" if link else ""
    return (
        "I only log or show pupil records in a private chat with me, never in a group, because "
        f"everyone in the group could read it. Message me directly instead{where}."
    )


# A delivery the database could not take in time, kept in the spool (bot.intake).
HELD = (
    "Got it. The records database is slow just now, so I'm holding this safely and will "
    "confirm as soon as it's stored. No need to send it again."
)
MAY_HAVE_FAILED = (
    "Sorry, something went wrong on my side, so that may not have been saved. "
    "Check /today before you send it again."
)
