"""`/pupil NAME`: a pupil's planned provision and what was delivered this week.

LSAs and teachers see their key pupils; the SENCO, DSL and admins see any
pupil in their school. Every look is audited.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from sqlmodel import select

from handlers.lookup import one_pupil
from handlers.registry import ALONE, READ_ALL_ROLES, action, command
from handlers.request import Request
from handlers.types import Reply
from storage.ids import stored_id
from storage.models import Pupil
from storage.records import delivered_by_provision

# A pupil's name as people type it: one to three words ("Sam", "Sam B", "Chloe Mae O'Neill").
A_NAME = re.compile(r"\S+(?:\s+\S+){0,2}")


@command(
    "pupil",
    summary="Planned vs delivered provision this week",
    usage="/pupil Sam B",
    bare=A_NAME,
)
def pupil_command(req: Request, args: str) -> Reply:
    if not args.strip():
        return Reply(text="Which pupil? For example: /pupil Sam B")
    pupil = one_pupil(req, args, lambda p: f"pupil:{p.id}")
    return pupil if isinstance(pupil, Reply) else pupil_summary(req, pupil.id)


def pupil_summary(req: Request, pupil_id: int) -> Reply:
    pupil = req.session.get(Pupil, pupil_id)
    if pupil is None or pupil.school_id != req.school_id:
        return Reply(text="I can't find that pupil.")
    if req.staff.role not in READ_ALL_ROLES and pupil.key_worker_id != req.staff.id:
        req.audit("refused", pupil_id=pupil.id, detail="/pupil: not their key pupil")
        return Reply(text="You can see the summary for your key pupils only. Ask your SENCO.")
    return Reply(text=_week_lines(req, pupil, "/pupil summary"))


def _week_lines(req: Request, pupil: Pupil, why: str) -> str:
    """A pupil's plan against this week's delivery, audited as a read."""
    req.audit("read", pupil_id=pupil.id, detail=why)
    monday = req.now.date() - timedelta(days=req.now.weekday())
    start = datetime.combine(monday, time.min, tzinfo=req.ctx.tz)
    rows = delivered_by_provision(req.session, stored_id(pupil), start, start + timedelta(days=7))
    name = pupil.full_name + (f" ({pupil.preferred_name})" if pupil.preferred_name else "")
    header = f"{name} · Year {pupil.year_group} · {pupil.plan_type}"
    if pupil.annual_review_due:
        header += f" · annual review due {pupil.annual_review_due:%d/%m/%Y}"
    if not rows:
        return header + "\nNo provisions are planned for this pupil."
    lines = [header, f"This week (from Mon {monday.day} {monday:%b}):"]
    for provision, delivered, minutes, missed in rows:
        line = (
            f"• {provision.name}: {delivered} of {provision.sessions_per_week} sessions "
            f"({minutes} of {provision.sessions_per_week * provision.minutes_per_session} min)"
        )
        if missed:
            line += f", {missed} missed"
        lines.append(line)
    return "\n".join(lines)


@command("mypupils", summary="Your key pupils' provision this week", bare=ALONE)
def my_pupils_command(req: Request, args: str) -> Reply:
    pupils = req.session.exec(
        select(Pupil)
        .where(Pupil.key_worker_id == req.staff.id, Pupil.active)
        .order_by(Pupil.last_name, Pupil.first_name)
    ).all()
    if not pupils:
        return Reply(text="You have no key pupils on the roster.")
    return Reply(text="\n\n".join(_week_lines(req, p, "/mypupils") for p in pupils))


@action("pupil")
def pupil_action(req: Request, raw_id: str) -> Reply:
    return (
        pupil_summary(req, int(raw_id))
        if raw_id.isdigit()
        else Reply(text="I can't find that pupil.")
    )
