"""Safeguarding routing: a possible concern becomes an alert for the DSL.

Every way text gets into a record (a typed /log, a form's free-text fields,
an edit) is checked here. A message that is only a concern is raised instead
of stored; a concern inside another record (a parent's call, an incident) is
raised as well as stored, so it is never buried in that record. The alert
goes at once, through the outbox so it is never lost, to the school's DSLs
(the DSL and deputies); with none active, to the SENCOs, then the admins, and
the sender is told exactly who it reached.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlmodel import select

from handlers.grammar.parser import parse_message
from handlers.grammar.result import ParseResult
from handlers.grammar.roster import RosterPupil
from handlers.request import Request
from handlers.types import Reply
from storage.models import SAFEGUARDING_ROUTE, OutboxMessage, Role, SafeguardingAlert, Staff

log = logging.getLogger(__name__)


def _read(req: Request, texts: Iterable[str | None]) -> ParseResult | None:
    joined = " ".join(t for t in texts if t)
    if not joined.strip():
        return None
    return parse_message(joined, roster=req.roster, now=req.now, timetable=req.ctx.timetable)


def is_concern(req: Request, texts: Iterable[str | None]) -> bool:
    """Whether free text reads as only a possible safeguarding concern (the grammar's rules)."""
    read = _read(req, texts)
    return read is not None and read.kind == "safeguarding"


def carries_concern(req: Request, texts: Iterable[str | None]) -> bool:
    """Whether free text carries a possible concern, alone or inside another record."""
    read = _read(req, texts)
    return read is not None and read.concern is not None


def recipients(req: Request) -> list[Staff]:
    for role in SAFEGUARDING_ROUTE:
        people = list(
            req.session.exec(
                select(Staff)
                .where(Staff.school_id == req.school_id, Staff.role == role, Staff.active)
                .order_by(Staff.id)
            )
        )
        if people:
            return people
    return []


def raise_alert(req: Request, pupils: list[RosterPupil], words: str) -> Reply:
    """Store the alert, queue it for the recipients, and tell the sender who it reached."""
    people = route_concern(req, pupils, words)
    if not people:
        return Reply(text=NOBODY_TO_TELL)
    return Reply(
        text=(
            f"Thank you. I've passed this to {_who(people)} straight away; it has not been stored "
            "as a behaviour log. Please also record it on the school's safeguarding system "
            "today, and if a child is at immediate risk, speak to the DSL in person now."
        )
    )


def also_routed(req: Request, pupils: list[RosterPupil], words: str) -> str:
    """Route a concern found inside a record being stored; the line for the reply."""
    people = route_concern(req, pupils, words)
    if not people:
        return "⚠ " + NOBODY_TO_TELL
    return (
        f"⚠ This also reads as a possible safeguarding concern, so I've passed it to "
        f"{_who(people)} as well. Please record it on the school's safeguarding system today."
    )


NOBODY_TO_TELL = (
    "This reads as a possible safeguarding concern, and I have kept it, but there "
    "is no Designated Safeguarding Lead set up for me to pass it to. Please go to "
    "your DSL in person now, and record it on the school's safeguarding system."
)


def _who(people: list[Staff]) -> str:
    who = " and ".join(p.name for p in people)
    if people[0].role != Role.dsl:
        who += f" (no DSL is set up, so your {people[0].role.upper()})"
    return who


def route_concern(req: Request, pupils: list[RosterPupil], words: str) -> list[Staff]:
    """Store the alert and queue it for the recipients; returns who it went to."""
    people = recipients(req)
    pupil = pupils[0] if len(pupils) == 1 else None
    alert = SafeguardingAlert(
        school_id=req.school_id,
        pupil_id=pupil.id if pupil else None,
        raised_by_id=req.staff.id,
        raised_at=req.now,
        platform=req.inbound.platform,
        words=words[:4000],
        routed_to=", ".join(p.email for p in people),
    )
    req.session.add(alert)
    req.session.flush()
    about = f" about {pupil.full_name}" if pupil else ""
    raised = req.now.strftime("%H:%M on %a %d %b")
    for person in people:
        req.session.add(
            OutboxMessage(
                school_id=req.school_id,
                key=f"safeguarding:{alert.id}:{person.id}",
                job="safeguarding",
                recipient_id=person.id,
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
        detail=f"routed to {len(people)} {people[0].role if people else 'nobody'}",
    )
    if not people:
        log.error(
            "school %s has no active DSL, SENCO or admin to receive safeguarding alert %s",
            req.school_id,
            alert.id,
        )
    return people
