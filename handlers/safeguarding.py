"""Safeguarding routing: a possible concern becomes an alert for the DSL.

Every way text gets into a record (a typed /log, a form's free-text fields,
an edit) is checked here. A message that is only a concern is raised instead
of stored; a concern inside another record (a parent's call, an incident) is
raised as well as stored, so it is never buried in that record. The alert goes, through the outbox so it is never lost, to the
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
from dataclasses import dataclass

from handlers.grammar.parser import parse_message
from handlers.grammar.result import ParseResult
from handlers.grammar.roster import RosterPupil
from handlers.request import Request
from handlers.types import Reply
from storage.models import AlertDelivery, OutboxMessage, Role, SafeguardingAlert
from storage.outbox_bell import ring_after_commit
from storage.queries.safeguarding import Lead, alert_chain

log = logging.getLogger(__name__)

SEEN_ACTION = "alert_seen"
ACT_ACTION = "concern_act"  # handlers.commands.concern's "Record action" button
NO_ACCOUNT = "no linked chat account on a platform Keyworker is connected to"


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
                {"label": "Seen", "value": f"{SEEN_ACTION}:{alert.id}", "style": "primary"},
                # The DSL's side (handlers.commands.concern): only they may record it.
                *(
                    [{"label": "Record action", "value": f"{ACT_ACTION}:{alert.id}"}]
                    if lead.staff.role == Role.dsl
                    else []
                ),
            ],
        },
    )


@dataclass(frozen=True)
class Routed:
    """An alert stored and queued: who it went to first, who was passed over."""

    alert: SafeguardingAlert
    chain: list[Lead]
    first: Lead | None
    skipped: list[Lead]


def route_concern(req: Request, pupils: list[RosterPupil], words: str) -> Routed:
    """Store the alert and queue it for the first lead in the chain who can be reached now."""
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
        raised_by_id=req.staff_id,
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
    return Routed(alert, chain, first, skipped)


def _passed_to(req: Request, routed: Routed) -> str:
    """'Beth Moss (DSL)', with why when it is not the DSL, and who was skipped."""
    assert routed.first is not None
    who = routed.first.label
    no_dsl = not any(lead.staff.role == Role.dsl for lead in routed.chain)
    if no_dsl and req.staff.role != Role.dsl:
        who += f" (no DSL is set up, so your {routed.first.title})"
    if routed.skipped:
        who += (
            f". {_names(routed.skipped)} can't be reached through Keyworker ({NO_ACCOUNT}), "
            "so it went on"
        )
    return who


def raise_alert(req: Request, pupils: list[RosterPupil], words: str) -> Reply:
    """Store the alert, queue it for the first reachable lead, and tell the sender the truth."""
    routed = route_concern(req, pupils, words)
    if routed.first is None:
        return Reply(text=_find_the_dsl(req, routed.chain))
    return Reply(
        text=(
            f"Thank you. I've passed this to {_passed_to(req, routed)} straight away; it has not "
            "been stored as a behaviour log. If it isn't marked seen soon, it goes to the next "
            "safeguarding lead. Please also record it on the school's safeguarding system "
            "today, and if a child is at immediate risk, speak to the DSL in person now."
        )
    )


def also_routed(req: Request, pupils: list[RosterPupil], words: str) -> str:
    """Route a concern found inside a record being stored; the line for the reply."""
    routed = route_concern(req, pupils, words)
    if routed.first is None:
        return "⚠ " + _find_the_dsl(req, routed.chain)
    return (
        "⚠ This also reads as a possible safeguarding concern, so I've passed it to "
        f"{_passed_to(req, routed)} as well. Please record it on the school's "
        "safeguarding system today."
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
