"""Finding the one pupil a command names, or asking which one: never a guess."""

from __future__ import annotations

from collections.abc import Callable

from handlers.grammar.parser import parse_message
from handlers.grammar.roster import RosterPupil
from handlers.request import Request
from handlers.types import Choice, Reply


def one_pupil(req: Request, name: str, action: Callable[[RosterPupil], str]) -> RosterPupil | Reply:
    """The pupil `name` means, or a reply: a button per candidate (`action(pupil)` as its
    value) when it could be several, or a kind 'couldn't find' when it is nobody."""
    found = parse_message(name, roster=req.roster, now=req.now)
    if found.candidates:
        people = next(iter(found.candidates.values()))
        return Reply(
            text="Which one? " + ", ".join(p.full_name for p in people),
            choices=[Choice(p.full_name, action(p)) for p in people],
        )
    if len(found.pupils) != 1:
        return Reply(text=f"I couldn't find one pupil called “{name.strip()[:60]}”.")
    return found.pupils[0]
