"""Turns an understood message into stored records, inside the request's transaction.

One log is one transaction: every row of a group session, its audit entries and
any outbox message are committed together or not at all (the dispatcher owns
the transaction). Safeguarding concerns are never stored as behaviour: they
become an alert for the DSL, with the words kept only there.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

from sqlmodel import select

from handlers.grammar.result import ParseResult
from handlers.grammar.roster import RosterProvision, RosterPupil
from handlers.request import Request
from storage.models import (
    BehaviourIncident,
    OutboxMessage,
    ParentContact,
    RecordBase,
    Role,
    SafeguardingAlert,
    SessionLog,
    Staff,
)

_VIOLENT = re.compile(r"\b(hit|hits|kick\w*|threw|throw\w*|bit|bite\w*|punch\w*|spat|assault\w*|hurt)\b", re.I)
_NO_INJURY = re.compile(r"\bno\s+injur", re.I)


@dataclass
class Stored:
    records: list[RecordBase] = field(default_factory=list)
    alert: SafeguardingAlert | None = None
    dsl_names: list[str] = field(default_factory=list)


def provision_for(pupil: RosterPupil, chosen: RosterProvision | None) -> RosterProvision | None:
    """The pupil's own provision with the chosen one's name (group sessions share a name)."""
    if chosen is None:
        return None
    for provision in pupil.provisions:
        if provision.id == chosen.id:
            return provision
    wanted = chosen.name.casefold()
    return next((p for p in pupil.provisions if p.name.casefold() == wanted), None)


def store_parsed(req: Request, result: ParseResult, extra: dict | None = None) -> Stored:
    """Store the records; `extra` carries form-only fields (ABC, RPI details)."""
    if result.kind == "safeguarding":
        return _store_alert(req, result)
    common = {
        "school_id": req.school_id,
        "occurred_at": result.occurred_at or req.now,
        "notes": result.notes[:4000],
        "logged_by_id": req.staff.id,
        "logged_at": req.ctx.now(),
        "platform": req.inbound.platform,
        "source_text": result.text[:4000],
    }
    records: list[RecordBase] = []
    if result.kind == "session":
        group_id = str(uuid.uuid4()) if len(result.pupils) > 1 else None
        for pupil in result.pupils:
            provision = provision_for(pupil, result.provision)
            duration = result.duration_minutes
            if duration is None and result.status != "missed" and provision is not None:
                duration = provision.minutes_per_session
            records.append(
                SessionLog(
                    pupil_id=pupil.id,
                    provision_id=provision.id if provision else None,
                    group_id=group_id,
                    status=result.status or "delivered",
                    missed_reason=result.missed_reason,
                    duration_minutes=duration,
                    **common,
                )
            )
    elif result.kind == "behaviour":
        for pupil in result.pupils:
            records.append(
                BehaviourIncident(
                    pupil_id=pupil.id,
                    behaviour=result.notes[:2000],
                    place=result.place,
                    severity=_severity(result),
                    physical_intervention=result.physical_intervention,
                    staff_involved=result.staff_involved,
                    hold_type=result.hold_type,
                    hold_minutes=result.hold_minutes,
                    injuries=result.injuries,
                    **common,
                )
            )
    elif result.kind == "parent_contact":
        for pupil in result.pupils:
            records.append(
                ParentContact(
                    pupil_id=pupil.id,
                    contact_with=result.contact_with,
                    method=result.contact_method,
                    direction=result.contact_direction or "outbound",
                    summary=result.notes[:4000],
                    follow_up_on=result.follow_up_on,
                    **common,
                )
            )
    else:
        raise ValueError(f"cannot store a record of kind {result.kind!r}")
    for record in records:
        for name, value in (extra or {}).items():
            if name in type(record).model_fields:
                setattr(record, name, value)
    req.session.add_all(records)
    req.session.flush()
    for record in records:
        req.audit("write", record_type=result.kind, record_id=record.id, pupil_id=record.pupil_id)
    return Stored(records=records)


def _severity(result: ParseResult) -> int:
    """3 for any restrictive intervention or injury, 2 for violence, else 1."""
    injured = bool(result.injuries) and not _NO_INJURY.search(result.injuries or "")
    if result.physical_intervention or injured:
        return 3
    return 2 if _VIOLENT.search(result.text) else 1


def safeguarding_leads(req: Request) -> list[Staff]:
    return list(
        req.session.exec(
            select(Staff).where(
                Staff.school_id == req.school_id, Staff.role == Role.dsl, Staff.active
            ).order_by(Staff.id)
        )
    )


def _store_alert(req: Request, result: ParseResult) -> Stored:
    leads = safeguarding_leads(req)
    pupil = result.pupils[0] if len(result.pupils) == 1 else None
    alert = SafeguardingAlert(
        school_id=req.school_id,
        pupil_id=pupil.id if pupil else None,
        raised_by_id=req.staff.id,
        raised_at=req.now,
        platform=req.inbound.platform,
        words=result.text[:4000],
        routed_to=", ".join(lead.email for lead in leads),
    )
    req.session.add(alert)
    req.session.flush()
    about = f" about {pupil.full_name}" if pupil else ""
    raised = req.now.strftime("%H:%M on %a %d %b")
    for lead in leads:
        req.session.add(
            OutboxMessage(
                school_id=req.school_id,
                key=f"safeguarding:{alert.id}:{lead.id}",
                job="safeguarding",
                recipient_id=lead.id,
                text=(
                    f"Possible safeguarding concern{about}, raised by {req.staff.name} at {raised}.\n"
                    f"Their words: “{alert.words}”\n"
                    "Please follow it up and make sure it is recorded on the school's "
                    "safeguarding system."
                ),
                payload={"alert_id": alert.id},
            )
        )
    req.audit(
        "safeguarding_alert",
        record_type="safeguarding",
        record_id=alert.id,
        pupil_id=alert.pupil_id,
        detail=f"routed to {len(leads)} DSL(s)",
    )
    return Stored(alert=alert, dsl_names=[lead.name for lead in leads])
