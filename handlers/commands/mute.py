"""`/mute nudges`, `/unmute nudges`, `/platform slack|telegram`: how reminders reach me."""

from __future__ import annotations

import re

from sqlmodel import select

from handlers.registry import command
from handlers.request import Request
from handlers.types import Reply
from storage.models import ChatIdentity

NUDGES = re.compile(r"nudges?", re.IGNORECASE)

PLATFORMS = ("slack", "telegram", "teams")
CHOOSE_ONE = ", ".join(f"/platform {p}" for p in PLATFORMS[:-1]) + f" or /platform {PLATFORMS[-1]}"


def _toggle(req: Request, args: str, mute: bool) -> Reply:
    verb = "mute" if mute else "unmute"
    if args.strip().lower() not in ("nudges", "nudge"):
        return Reply(text=f"I can {verb} the provision nudges: /{verb} nudges")
    req.staff.mute_nudges = mute
    req.session.add(req.staff)
    req.audit("settings", detail=f"{verb} nudges")
    if mute:
        return Reply(
            text="Nudges muted: no more 'behind pace' messages. /unmute nudges to have them back."
        )
    return Reply(
        text="Nudges back on: I'll tell you at lunchtime when a pupil's provision falls behind."
    )


@command("mute", summary="Stop the daily provision nudges", usage="/mute nudges", bare=NUDGES)
def mute_command(req: Request, args: str) -> Reply:
    return _toggle(req, args, True)


@command("unmute", summary="Get the provision nudges again", usage="/unmute nudges", bare=NUDGES)
def unmute_command(req: Request, args: str) -> Reply:
    return _toggle(req, args, False)


@command(
    "platform",
    summary="Choose where reminders reach you",
    usage="/platform " + "|".join(PLATFORMS),
    bare=re.compile("|".join(PLATFORMS), re.IGNORECASE),
)
def platform_command(req: Request, args: str) -> Reply:
    linked = sorted(
        set(
            req.session.exec(
                select(ChatIdentity.platform).where(ChatIdentity.staff_id == req.staff.id)
            )
        )
    )
    wanted = args.strip().lower()
    current = req.staff.preferred_platform or (f"first linked ({linked[0]})" if linked else "none")
    if not wanted:
        return Reply(
            text=f"Reminders go to: {current}. Linked: {', '.join(linked) or 'none'}. "
            f"Change with {CHOOSE_ONE}."
        )
    if wanted in ("auto", "default", "any"):
        req.staff.preferred_platform = None
    elif wanted not in PLATFORMS:
        return Reply(text=f"Choose {CHOOSE_ONE}.")
    elif wanted not in linked:
        return Reply(
            text=f"Your {wanted.title()} account isn't linked yet, so I can't send reminders there."
        )
    else:
        req.staff.preferred_platform = wanted
    req.session.add(req.staff)
    req.audit("settings", detail=f"platform {req.staff.preferred_platform or 'auto'}")
    return Reply(
        text=f"OK: reminders and digests will come to {req.staff.preferred_platform or 'your first linked account'}."
    )
