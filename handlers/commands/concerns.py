"""`/concerns` and the alert's "Seen" button: the DSL's side of a safeguarding concern.

Only staff with the DSL role (the DSL and deputies) can list alerts and the
words in them; everyone else is refused and the refusal is audited. Each
line says where the alert stands: seen (by whom, when), delivered and not
yet seen, still on its way, or UNDELIVERED (nobody could be reached).

"Seen" is pressed on the alert itself by whoever it was delivered to (a lead
further down the chain may not have the DSL role): it records
`acknowledged_at` and who, audited, and stops it being passed on.
"""

from __future__ import annotations

import re
from datetime import timedelta

from sqlmodel import col, select

from handlers.registry import action, command
from handlers.request import Request
from handlers.safeguarding import SEEN_ACTION
from handlers.types import Reply
from storage.concern_steps import outcome, steps_of
from storage.models import AlertDelivery, OutboxMessage, Pupil, SafeguardingAlert, Staff

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
        .join(Staff, col(Staff.id) == SafeguardingAlert.raised_by_id)
        .outerjoin(Pupil, col(Pupil.id) == SafeguardingAlert.pupil_id)
        .where(SafeguardingAlert.school_id == req.school_id, SafeguardingAlert.raised_at >= since)
        .order_by(col(SafeguardingAlert.raised_at).desc())
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
        return Reply(text=f"No concerns raised through Keyworker in {_last(days)}.")
    lines = [f"Concerns raised in {_last(days)} ({len(rows)}):"]
    names = dict(
        req.session.exec(select(Staff.id, Staff.name).where(Staff.school_id == req.school_id)).all()
    )
    steps = steps_of(req.session, [a.id for a, _, _ in rows if a.id is not None])
    for alert, raised_by, pupil in rows:
        when = alert.raised_at.astimezone(req.ctx.tz)
        about = pupil.full_name if pupil else "pupil not named"
        taken = steps.get(alert.id or 0, [])
        done = outcome(taken)
        life = (
            f"outcome: {done.row.detail}"
            if done
            else f"open, {len(taken)} step(s) recorded"
            if taken
            else "open, nothing recorded yet"
        )
        lines.append(
            f"• [{alert.id}] {when:%a} {when.day} {when:%b %H:%M} · {about} · from {raised_by} · "
            f"{_standing(req, alert, names)} · {life}\n  “{alert.words}”"
        )
    lines.append("See or record what was done: /concern N")
    return Reply(text="\n".join(lines))


def _standing(req: Request, alert: SafeguardingAlert, names: dict[int | None, str]) -> str:
    if alert.acknowledged_at is not None:
        seen = alert.acknowledged_at.astimezone(req.ctx.tz)
        return f"seen by {names.get(alert.acknowledged_by_id, 'a lead')} at {seen:%H:%M %d/%m}"
    if alert.delivery == AlertDelivery.undelivered:
        return f"⚠ UNDELIVERED ({alert.delivery_note or 'nobody could be reached'})"
    if alert.delivery == AlertDelivery.delivered:
        return f"delivered to {alert.routed_to}, not yet marked seen"
    return f"on its way to {alert.routed_to}"


@action(SEEN_ACTION)
def seen_pressed(req: Request, argument: str) -> Reply:
    """A lead presses "Seen" on an alert delivered to them."""
    alert = req.session.get(SafeguardingAlert, int(argument)) if argument.isdigit() else None
    held = (
        alert is not None
        and alert.school_id == req.school_id
        and req.session.exec(
            select(OutboxMessage.id).where(
                OutboxMessage.key == f"safeguarding:{alert.id}:{req.staff.id}"
            )
        ).first()
        is not None
    )
    if alert is None or not (held or req.staff.role == "dsl"):
        req.audit("refused", record_type="safeguarding", detail=f"Seen {argument[:20]}")
        return Reply(text="That button is not for you.")
    if alert.acknowledged_at is None:
        alert.acknowledged_at = req.ctx.now()
        alert.acknowledged_by_id = req.staff.id
        alert.ack_due_at = None
        req.session.add(alert)
        req.audit(
            "acknowledge", record_type="safeguarding", record_id=alert.id, pupil_id=alert.pupil_id
        )
    seen = alert.acknowledged_at.astimezone(req.ctx.tz)
    by = "you" if alert.acknowledged_by_id == req.staff.id else "another safeguarding lead"
    return Reply(
        text=(
            f"✓ Marked seen by {by} at {seen:%H:%M}: it will not be passed on. "
            f"Their words: “{alert.words}”. Record it on the school's safeguarding system."
        )
    )


def _last(days: int) -> str:
    """'the last day' / 'the last 7 days' (never 'last 1 days')."""
    return "the last day" if days == 1 else f"the last {days} days"
