"""Safeguarding routing: a possible concern becomes an alert for the DSL, never a log.

Every way text gets into a record (a typed /log, a form's free-text fields,
an edit) is checked here, and a concern is raised instead of stored or
amended. The alert goes, through the outbox so it is never lost, to the
first lead in the school's safeguarding chain who can be reached now
(storage.queries.safeguarding.alert_chain: the DSL, the deputies, the head
or admin, the SENCO; someone with no linked chat account on a configured
platform is skipped). The outbox row is committed with the message and the
urgent sender is woken at once (storage.outbox_bell); schedules.alerts
passes it on down the chain if it is not marked "Seen" in time.

What the sender is told is worked out from who can be reached at that
moment: who it went to (never themselves: a DSL raising one is told the
deputies), who was skipped and why, and, when nobody can be reached, that
the alert is undelivered and they must find the DSL in person now. The
words as typed are kept only in the alert and the recipient's message.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from handlers.grammar.parser import parse_message
from handlers.grammar.roster import RosterPupil
from handlers.request import Request
from handlers.types import Reply
from storage.models import AlertDelivery, OutboxMessage, Role, SafeguardingAlert
from storage.outbox_bell import ring_after_commit
from storage.queries.safeguarding import Lead, alert_chain

log = logging.getLogger(__name__)

SEEN_ACTION = "alert_seen"
NO_ACCOUNT = "no linked chat account on a platform Keyworker is connected to"


def is_concern(req: Request, texts: Iterable[str | None]) -> bool:
    """Whether free text reads as a possible safeguarding concern (the grammar's rules)."""
    joined = " ".join(t for t in texts if t)
    if not joined.strip():
        return False
    return parse_message(joined, roster=req.roster, now=req.now).kind == "safeguarding"


def alert_text(alert: SafeguardingAlert, raised_by: str, about: str) -> str:
    """What a lead receives: who raised it, when, the words as typed, what to do."""
    raised = alert.raised_at.strftime("%H:%M on %a %d %b")
    return (
        f"Possible safeguarding concern{about}, raised by {raised_by} at {raised}.\n"
        f"Their words: “{alert.words}”\n"
        "Please follow it up and make sure it is recorded on the school's safeguarding system. "
        "Press Seen so it is not passed on to the next safeguarding lead."
    )


def queue_for(lead: Lead, alert: SafeguardingAlert, text: str) -> OutboxMessage:
    """The outbox row that takes `alert` to `lead`, with its Seen button."""
    assert lead.staff.id is not None and alert.id is not None
    return OutboxMessage(
        school_id=alert.school_id,
        key=f"safeguarding:{alert.id}:{lead.staff.id}",
        job="safeguarding",
        recipient_id=lead.staff.id,
        text=text,
        # Due from the moment it was raised (the message's own clock), sent at once.
        next_attempt_at=alert.raised_at,
        created_at=alert.raised_at,
        payload={
            "alert_id": alert.id,
            "choices": [
                {"label": "Seen", "value": f"{SEEN_ACTION}:{alert.id}", "style": "primary"}
            ],
        },
    )


def raise_alert(req: Request, pupils: list[RosterPupil], words: str) -> Reply:
    """Store the alert, queue it for the first reachable lead, and tell the sender the truth."""
    chain = alert_chain(
        req.session, req.school_id, req.ctx.delivery_platforms, exclude=req.staff.id
    )
    reachable = [lead for lead in chain if lead.platform is not None]
    first = reachable[0] if reachable else None
    skipped = chain[: chain.index(first)] if first else chain
    pupil = pupils[0] if len(pupils) == 1 else None
    alert = SafeguardingAlert(
        school_id=req.school_id,
        pupil_id=pupil.id if pupil else None,
        raised_by_id=req.staff.id,
        raised_at=req.now,
        platform=req.inbound.platform,
        words=words[:4000],
        routed_to=first.staff.email if first else "",
        delivery=AlertDelivery.pending if first else AlertDelivery.undelivered,
        delivery_note=None if first else _nobody_note(chain),
    )
    req.session.add(alert)
    req.session.flush()
    if first is not None:
        about = f" about {pupil.full_name}" if pupil else ""
        req.session.add(queue_for(first, alert, alert_text(alert, req.staff.name, about)))
        ring_after_commit(req.session)
    req.audit(
        "safeguarding_alert",
        record_type="safeguarding",
        record_id=alert.id,
        pupil_id=alert.pupil_id,
        detail=f"to {first.staff.role} {first.staff.id}"
        if first
        else "undelivered: nobody reachable",
    )
    if first is None:
        log.error(
            "safeguarding alert %s in school %s reached nobody: %s",
            alert.id,
            req.school_id,
            alert.delivery_note,
        )
        return Reply(text=_find_the_dsl(req, chain))
    who = first.label
    if not any(lead.staff.role == Role.dsl for lead in chain) and req.staff.role != Role.dsl:
        who += f" (no DSL is set up, so your {first.title})"
    passed = (
        f" {_names(skipped)} can't be reached through Keyworker ({NO_ACCOUNT}), so it went on."
        if skipped
        else ""
    )
    return Reply(
        text=(
            f"Thank you. I've passed this to {who} straight away; it has not been stored "
            f"as a behaviour log.{passed} If it isn't marked seen soon, it goes to the next "
            "safeguarding lead. Please also record it on the school's safeguarding system "
            "today, and if a child is at immediate risk, speak to the DSL in person now."
        )
    )


def _names(leads: list[Lead]) -> str:
    return " and ".join(lead.label for lead in leads)


def _nobody_note(chain: list[Lead]) -> str:
    if not chain:
        return "no DSL, head/admin or SENCO is set up in Keyworker"
    return f"nobody in the safeguarding chain can be reached: {NO_ACCOUNT}"


def _find_the_dsl(req: Request, chain: list[Lead]) -> str:
    kept = "This reads as a possible safeguarding concern, and I have kept it, but "
    if req.staff.role == Role.dsl:
        others = f" ({_names(chain)})" if chain else ""
        return (
            kept + f"nobody else in the safeguarding chain{others} can be reached through "
            "Keyworker, so nobody else has been told. It is listed in /concerns. Act on it "
            "now and record it on the school's safeguarding system."
        )
    if not chain:
        return (
            kept + "there is no Designated Safeguarding Lead set up for me to pass it to. "
            "Please go to your DSL in person now, and record it on the school's safeguarding "
            "system."
        )
    return (
        kept + f"I can't reach {_names(chain)} through Keyworker ({NO_ACCOUNT}), so NOBODY "
        "has been told yet. Please go to your DSL in person now, and record it on the "
        "school's safeguarding system."
    )
