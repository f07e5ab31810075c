"""Finding the one pupil a command names, or asking which one: never a guess."""

from __future__ import annotations

from collections.abc import Callable

from handlers.grammar.parser import parse_message
from handlers.grammar.roster import RosterPupil
from handlers.request import Request
from handlers.types import Choice, Reply


def one_pupil(
    req: Request, name: str, action: Callable[[RosterPupil], str] | None
) -> RosterPupil | Reply:
    """The pupil `name` means, or a reply: when it could be several, a button per
    candidate (`action(pupil)` as its value; with no action, ask for the full name),
    or a kind 'couldn't find' when it is nobody."""
    found = parse_message(name, roster=req.roster, now=req.now)
    if found.candidates:
        people = next(iter(found.candidates.values()))
        names = ", ".join(p.full_name for p in people)
        if action is None:
            return Reply(text=f"Which one? Use the full name: {names}")
        return Reply(
            text=f"Which one? {names}",
            choices=[Choice(p.full_name, action(p)) for p in people],
        )
    if len(found.pupils) != 1:
        return Reply(text=f"I couldn't find one pupil called “{name.strip()[:60]}”.")
    return found.pupils[0]
