"""`/start` and `/start CODE`: what the bot is, and linking a chat account with a code.

The one command a stranger may send. With a code (from `keyworker link-code`
or the web pages) it links the sender's account to that member of staff,
once; without one it says what Keyworker is and how to get linked, and a
linked person is greeted by name. It reveals nothing about any pupil.
"""

from __future__ import annotations

from handlers.linking import redeem_code
from handlers.registry import public_command
from handlers.request import PublicRequest
from handlers.types import Reply
from storage.identity import staff_for_chat_user

UNKNOWN = (
    "Keyworker lets SEND key workers and LSAs log sessions, behaviour incidents and "
    "parent contacts in a few seconds.\n\n"
    "To use it, your SENCO or admin links your account: ask them for a link code, "
    "then send /start CODE here. Your {platform} user id is {user_id}, if they would "
    "rather add it to the staff list."
)
LINKED = (
    "Hi {first}, you're linked. Send a log the way you'd say it, e.g.\n"
    "“Sam B phonics 20 mins good focus”\n"
    "or /log on its own for a step-by-step form. /help lists everything."
)


@public_command("start")
def start_command(req: PublicRequest, args: str) -> Reply:
    inbound = req.inbound
    if args:
        outcome = redeem_code(
            req.session,
            args,
            platform=inbound.platform,
            external_id=inbound.user_id,
            chat_id=inbound.chat_id,
            now=inbound.received_at,
        )
        return Reply(text=outcome.message, linked=outcome.linked, role=outcome.role)
    staff = staff_for_chat_user(req.session, inbound.platform, inbound.user_id)
    if staff is None:
        text = UNKNOWN.format(platform=inbound.platform.title(), user_id=inbound.user_id)
        return Reply(text=text, linked=False)
    return Reply(text=LINKED.format(first=staff.name.split()[0]), role=staff.role)
