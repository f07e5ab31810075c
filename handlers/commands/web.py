"""`/web`: a private, one-time sign-in link to the web pages.

The link is for the person who asked, works once, for 10 minutes
(storage.web_auth); it goes only to them, like every reply naming a pupil.
"""

from __future__ import annotations

from handlers.registry import command
from handlers.request import Request
from handlers.types import Reply
from storage.web_auth import LINK_TTL, issue_signin_link

TURNED_OFF = "The web pages are turned off here. Ask your admin if you need them."


def signin_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/web/signin/{token}"


@command("web", summary="A private sign-in link for the web pages (works once, 10 minutes)")
def web_command(req: Request, args: str) -> Reply:
    base = req.ctx.web_base_url
    if not base:
        return Reply(text=TURNED_OFF)
    token = issue_signin_link(
        req.session,
        req.staff,
        now=req.ctx.now(),
        via=req.inbound.platform,
        issued_by_id=req.staff.id,
    )
    minutes = int(LINK_TTL.total_seconds() // 60)
    return Reply(
        text=(
            f"Your sign-in link for Keyworker's web pages (works once, for {minutes} minutes, "
            f"and only for you, so please don't forward it):\n{signin_url(base, token)}"
        ),
        private=True,
    )
