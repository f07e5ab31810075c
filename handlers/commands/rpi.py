"""`/rpi N` and the "Parent text" button: one use-of-force record as the statutory record,
what it still lacks, and the text for its parents/carers.

Shown to whoever logged it and to the SENCO, DSL and admins (the people who may
correct it); every showing is audited against the pupil.
"""

from __future__ import annotations

import re

from sqlmodel import col, select

from handlers.registry import READ_ALL_ROLES, action, command
from handlers.request import Request
from handlers.rpi import PARENT_TEXT_ACTION, informed_line, parent_text, still_needed
from handlers.types import Choice, Reply
from storage.models import BehaviourIncident, IncidentInvolved, Pupil, Staff
from storage.rpi import involved_staff

USAGE = "/rpi N [parents] · N is the record's number; 'parents' gives the text for parents/carers"


def _incident(req: Request, raw: str) -> BehaviourIncident | Reply:
    incident = req.session.get(BehaviourIncident, int(raw)) if raw.isdigit() else None
    if (
        incident is None
        or incident.school_id != req.school_id
        or not incident.physical_intervention
        or incident.withdrawn_at is not None
    ):
        return Reply(text=f"I can't find a use-of-force record with that number. {USAGE}")
    if incident.logged_by_id != req.staff.id and req.staff.role not in READ_ALL_ROLES:
        req.audit("refused", record_type="behaviour", record_id=incident.id, detail="/rpi")
        return Reply(text="Only whoever logged it, or the SENCO, DSL or an admin, can see that.")
    return incident


@command(
    "rpi",
    summary="A use-of-force record: what it still needs, and the text for parents",
    usage=USAGE,
    bare=re.compile(r"\d+(?:\s+parents?)?"),
)
def rpi_command(req: Request, args: str) -> Reply:
    number, _, rest = args.strip().partition(" ")
    found = _incident(req, number)
    if isinstance(found, Reply):
        return found
    if rest.strip().lower().startswith("parent"):
        return _parent_text(req, found)
    req.audit("read", record_type="behaviour", record_id=found.id, pupil_id=found.pupil_id)
    pupil = req.session.get(Pupil, found.pupil_id)
    local = found.occurred_at.astimezone(req.ctx.tz)
    staff = involved_staff(req.session, [found.id or 0]).get(found.id or 0, [])
    others = req.session.exec(
        select(Pupil, IncidentInvolved.role)
        .join(IncidentInvolved, col(IncidentInvolved.pupil_id) == col(Pupil.id))
        .where(IncidentInvolved.incident_id == found.id)
    ).all()
    by = (
        req.session.get(Staff, found.parents_informed_by_id)
        if found.parents_informed_by_id
        else None
    )
    lines = [
        f"Use of force #{found.id} · {pupil.full_name if pupil else '?'}"
        + (f" ({pupil.plan_type})" if pupil else ""),
        f"When: {local:%a} {local.day} {local:%b %Y %H:%M} · Where: {found.place or '—'}",
        f"Staff: {found.staff_involved or '—'}"
        + (f" (accounts: {', '.join(staff)})" if staff else ""),
        "Other pupils: "
        + (", ".join(f"{p.full_name} ({role})" for p, role in others) if others else "none"),
        f"Before: {found.antecedent or '—'}",
        f"De-escalation: {found.deescalation_tried or '—'}",
        f"Force: {found.hold_type or '—'} · degree: {found.degree_of_force or '—'} · "
        f"{found.hold_minutes or '—'} min",
        f"Why necessary: {found.reason_for_force or '—'}",
        f"Injuries: {found.injuries or '—'} · Support after: {found.support_after or '—'}",
        informed_line(found, req.ctx.tz, by.name if by else None),
    ]
    if needed := still_needed(found):
        lines.append(needed)
    return Reply(
        text="\n".join(lines),
        choices=[
            Choice("Edit", f"edit:behaviour:{found.id}"),
            Choice("Parent text", f"{PARENT_TEXT_ACTION}:{found.id}"),
        ],
    )


def _parent_text(req: Request, incident: BehaviourIncident) -> Reply:
    req.audit(
        "read",
        record_type="behaviour",
        record_id=incident.id,
        pupil_id=incident.pupil_id,
        detail="parent text",
    )
    text = parent_text(req.session, incident, req.ctx.tz)
    return Reply(
        text="For the parents/carers (check it, then send it or read it to them; "
        "then record when, how and by whom with Edit):\n\n" + text
    )


@action(PARENT_TEXT_ACTION)
def parent_text_pressed(req: Request, argument: str) -> Reply:
    found = _incident(req, argument)
    return found if isinstance(found, Reply) else _parent_text(req, found)
