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

# What an unanswered question was waiting to know, by its `awaiting` kind.
_WAITING_FOR = {
    "pupil": "which pupil it was for",
    "provision": "which provision it was",
    "kind": "what kind of log it was",
    "group": "who was in the group",
    "duration": "how long it lasted",
}


def dropped_question(awaiting: str, text: str, routed: bool) -> str:
    """Said (before the new reply) when a new message ends a question unanswered."""
    if awaiting == "amend":
        return "You didn't send a correction, so the record you were editing is unchanged."
    what = _WAITING_FOR.get(awaiting, "more about it")
    shown = text if len(text) <= 80 else text[:79] + "…"
    passed = " (the worry in it was already passed to the DSL)" if routed else ""
    return (
        f"Not stored: your earlier message “{shown}”{passed}, because I was still asking "
        f"{what}. Send it again if it's needed."
    )


def number_for_earlier(question: str) -> str:
    """A bare number typed after other replies came since the question: nothing is used."""
    return (
        "I haven't used that number: other replies came after my question, so it could mean "
        f"something else. Here is the question again:\n{question}"
    )


# What a log looks like, for a message that is empty or has nothing in it to log.
LOG_EXAMPLE = "Sam B phonics 20 mins good focus"
EMPTY_MESSAGE = f"Your message was empty. Type a log, e.g. “{LOG_EXAMPLE}”, or /help for more."
NOTHING_TO_LOG = (
    "I couldn't find a pupil or anything to log in that, so nothing was stored. A log names "
    f"the pupil and what happened, e.g. “{LOG_EXAMPLE}”. /help has more examples."
)


def amend_prompt(was: str) -> str:
    """After Edit where no form can be shown: the next message typed is the correction."""
    shown = f" It was: “{was}”." if was else ""
    return (
        f"Send the corrected message, the whole log as it should read, and I'll update the "
        f"record.{shown} The previous version is kept. /cancel keeps it as it is."
    )


def correction_refused(text: str, problems: list[str], was: str) -> str:
    """A correction that doesn't read as the log: why, never an empty list."""
    reasons = "\n".join(f"• {p}" for p in problems) or (
        "• It doesn't read as a log: send the whole log as it should read, not just the change."
    )
    shown = f"\nIt was: “{was}”." if was else ""
    return (
        f"I couldn't use “{text[:80]}” as the correction, so the record is unchanged:\n"
        f"{reasons}{shown}\nSend it again, or /cancel."
    )


def account_not_active(helpers: list[str]) -> str:
    """To someone whose staff account was deactivated: not 'link your account' (it is)."""
    who = " or ".join(helpers) if helpers else "your SENCO or the school's Keyworker admin"
    return (
        "Your Keyworker account is not active, so I can't show or log anything. If that's a "
        f"mistake, ask {who} to reactivate it."
    )
