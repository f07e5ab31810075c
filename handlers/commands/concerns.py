"""`/concerns`: the DSL's list of safeguarding concerns raised through the bot.

Only staff with the DSL role (the DSL and deputies) can read an alert and the
words in it; everyone else is refused and the refusal is audited.
"""

from __future__ import annotations

import re
from datetime import timedelta

from sqlmodel import select

from handlers.registry import command
from handlers.request import Request
from handlers.types import Reply
from storage.models import Pupil, SafeguardingAlert, Staff

DEFAULT_DAYS = 7


@command(
    "concerns",
    summary="Safeguarding concerns raised in the last 7 days (DSL only)",
    usage="/concerns [days]",
    roles=frozenset({"dsl"}),
    bare=re.compile(r"\d*"),
)
def concerns_command(req: Request, args: str) -> Reply:
    days = int(args) if args.strip().isascii() and args.strip().isdigit() else DEFAULT_DAYS
    days = max(1, min(days, 366))
    since = req.ctx.now() - timedelta(days=days)
    rows = req.session.exec(
        select(SafeguardingAlert, Staff.name, Pupil)
        .join(Staff, Staff.id == SafeguardingAlert.raised_by_id)
        .outerjoin(Pupil, Pupil.id == SafeguardingAlert.pupil_id)
        .where(SafeguardingAlert.school_id == req.school_id, SafeguardingAlert.raised_at >= since)
        .order_by(SafeguardingAlert.raised_at.desc())
    ).all()
    for alert, _, pupil in rows:
        req.audit(
            "read",
            record_type="safeguarding",
            record_id=alert.id,
            pupil_id=pupil.id if pupil else None,
            detail="/concerns",
        )
    if not rows:
        return Reply(text=f"No concerns raised through Keyworker in the last {days} days.")
    lines = [f"Concerns raised in the last {days} days ({len(rows)}):"]
    for alert, raised_by, pupil in rows:
        when = alert.raised_at.astimezone(req.ctx.tz)
        about = pupil.full_name if pupil else "pupil not named"
        lines.append(
            f"• {when:%a} {when.day} {when:%b %H:%M} · {about} · from {raised_by}\n  “{alert.words}”"
        )
    return Reply(text="\n".join(lines))
