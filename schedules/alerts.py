"""Safeguarding alerts delivered at once, down the chain, truthfully.

* **At once.** The urgent sender (schedules.alert_sender) runs in every bot process (not only the elected
  scheduler): it waits on storage.outbox_bell, rung when a message's
  transaction that queued an alert commits, and polls every `POLL_SECONDS`
  for unsent urgent rows (another process's alert, a retry, a lease run out).
  On PostgreSQL with several processes no LISTEN/NOTIFY is needed: the
  process that commits an alert is always one running a sender, and the
  short poll covers a process that died right after committing. (LISTEN
  would also need a connection per process held outside any pool, which
  PgBouncer's transaction pooling breaks, as it breaks the advisory lock.)
* **Down the chain.** An alert goes to one lead at a time
  (storage.queries.safeguarding.alert_chain, skipping anyone who cannot be
  reached). It moves on to the next reachable lead when the current one's
  copy cannot be delivered (no account any more, left, refused, failing), or
  when it was delivered but nobody pressed "Seen" within `ack_after` during
  school hours (`escalate_unacknowledged`). Copies already held by someone
  else count: nobody is sent the same alert twice by the chain.
* **Truthfully.** `delivery` on the alert is `delivered` only once a copy
  is on someone's platform; when the chain runs out before that, it is
  `undelivered` and the person who raised it is sent a notice (job
  `safeguarding_notice`, never the words) to find the DSL in person now. If
  it was delivered but nobody in the whole chain pressed Seen, they are told
  that too.

Alerts are at-least-once: a process killed after the platform accepted a
copy and before marking it sent re-sends it when its short lease
(`outbox.URGENT_LEASE`) runs out. Better twice than never.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from schedules.config import ScheduleConfig
from storage import outbox_bell
from storage.db import session_scope
from storage.models import (
    AlertDelivery,
    OutboxMessage,
    SafeguardingAlert,
    Staff,
    awaiting_acknowledgement,
)
from storage.queries.safeguarding import Lead, alert_chain

log = logging.getLogger(__name__)

LIVE = ("pending", "sending", "sent")
PASSED_ON = "Passed on to you because "
NOTICE_JOB = "safeguarding_notice"


def key_prefix(alert_id: int) -> str:
    return f"safeguarding:{alert_id}:"


def _insert_if_new(session: Session, values: dict[str, object]) -> bool:
    # ON CONFLICT DO NOTHING: another sender may be passing the same alert on right now.
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    table = OutboxMessage.__table__
    done = session.connection().execute(
        dialect.insert(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(table.c.id)
    )
    return bool(done.all())


def _row(key: str, job: str, school_id: int, to: int, text: str, payload: dict, now: datetime):
    return {
        "key": key,
        "job": job,
        "school_id": school_id,
        "recipient_id": to,
        "text": text,
        "payload": payload,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


def _base_text(text: str) -> str:
    """The alert's own text, without a "Passed on to you because ..." line before it."""
    return text.split("\n", 1)[1] if text.startswith(PASSED_ON) and "\n" in text else text


def delivered(session: Session, row: OutboxMessage, now: datetime, config: ScheduleConfig) -> None:
    """A copy reached its lead: the alert is delivered, and their time to press Seen starts."""
    alert = _alert_of(session, row)
    if alert is None:
        return
    alert.delivery = AlertDelivery.delivered
    alert.delivery_note = None
    if alert.acknowledged_at is None:
        alert.ack_due_at = now + config.ack_after
    session.add(alert)


def _alert_of(session: Session, row: OutboxMessage) -> SafeguardingAlert | None:
    alert_id = (row.payload or {}).get("alert_id")
    return session.get(SafeguardingAlert, alert_id) if alert_id is not None else None


def pass_on(
    session: Session,
    row: OutboxMessage,
    why: str,
    now: datetime,
    config: ScheduleConfig,
    *,
    even_if_held: bool = False,
) -> Lead | None:
    """Take the alert of `row` to the next reachable lead who has no copy yet; returns them.

    Unless `even_if_held` (nobody pressed Seen), a live copy someone else
    already holds counts as reached and nobody new is added. When the chain
    runs out, an alert never delivered becomes `undelivered` and its sender
    is told to find the DSL in person.
    """
    alert = _alert_of(session, row)
    if alert is None or alert.acknowledged_at is not None:
        return None
    prefix = key_prefix(alert.id)
    held = dict(
        session.exec(
            select(OutboxMessage.key, OutboxMessage.status).where(
                OutboxMessage.key.startswith(prefix, autoescape=True)
            )
        ).all()
    )
    chain = alert_chain(session, alert.school_id, config.platforms, exclude=alert.raised_by_id)
    if not even_if_held and any(
        held.get(f"{prefix}{lead.staff.id}") in LIVE
        for lead in chain
        if lead.staff.id != row.recipient_id
    ):
        return None
    for lead in chain:
        if lead.platform is None or f"{prefix}{lead.staff.id}" in held:
            continue
        text = f"{PASSED_ON}{why}.\n{_base_text(row.text)}"
        payload = {**(row.payload or {}), "passed_on_from": row.id}
        values = _row(
            f"{prefix}{lead.staff.id}",
            "safeguarding",
            alert.school_id,
            lead.staff.id,
            text,
            payload,
            now,
        )
        if _insert_if_new(session, values):
            alert.routed_to = ", ".join(
                e for e in (*alert.routed_to.split(", "), lead.staff.email) if e
            )
            session.add(alert)
            outbox_bell.ring_after_commit(session)
            log.warning(
                "safeguarding alert %s passed on to staff %s (%s)", alert.id, lead.staff.id, why
            )
        return lead
    _chain_ran_out(session, alert, why, now, config)
    return None


def _chain_ran_out(
    session: Session, alert: SafeguardingAlert, why: str, now: datetime, config: ScheduleConfig
) -> None:
    raised = alert.raised_at.astimezone(config.tz).strftime("%H:%M on %a %d %b")
    if alert.delivery == AlertDelivery.delivered:
        reason = "unseen"
        text = (
            f"Your safeguarding concern raised at {raised} reached "
            f"{_names(session, alert.routed_to)}, but nobody has marked it seen. "
            "Please find the DSL in person now."
        )
    else:
        alert.delivery = AlertDelivery.undelivered
        alert.delivery_note = why[:500]
        session.add(alert)
        reason = "undelivered"
        text = (
            f"Your safeguarding concern raised at {raised} could NOT be delivered "
            "to anyone through Keyworker. Please find the DSL in person now, and record it on "
            "the school's safeguarding system."
        )
    log.error("safeguarding alert %s: the chain ran out (%s); telling its sender", alert.id, reason)
    _insert_if_new(
        session,
        _row(
            f"safeguarding-notice:{alert.id}:{reason}",
            NOTICE_JOB,
            alert.school_id,
            alert.raised_by_id,
            text,
            {"alert_id": alert.id},
            now,
        ),
    )
    outbox_bell.ring_after_commit(session)


def _names(session: Session, routed_to: str) -> str:
    emails = [e for e in routed_to.split(", ") if e]
    staff = {s.email: s.name for s in session.exec(select(Staff).where(Staff.email.in_(emails)))}
    return " and ".join(staff.get(e, e) for e in emails) or "nobody"


def escalate_unacknowledged(engine: Engine, now: datetime, config: ScheduleConfig) -> int:
    """Alerts whose lead has not pressed Seen in time go to the next lead (school hours only)."""
    if not config.in_school_hours(now):
        return 0
    passed = 0
    with session_scope(engine) as session:
        overdue = list(
            session.exec(
                select(SafeguardingAlert).where(
                    awaiting_acknowledgement(), SafeguardingAlert.ack_due_at <= now
                )
            )
        )
    for alert in overdue:
        with session_scope(engine) as session:
            # Claim it: only one sender (of any process) escalates each deadline.
            claimed = session.connection().execute(
                update(SafeguardingAlert)
                .where(
                    SafeguardingAlert.id == alert.id,
                    SafeguardingAlert.ack_due_at == alert.ack_due_at,
                    SafeguardingAlert.acknowledged_at.is_(None),
                )
                .values(ack_due_at=None)
            )
            if claimed.rowcount != 1:
                continue
            last = session.exec(
                select(OutboxMessage)
                .where(
                    OutboxMessage.key.startswith(key_prefix(alert.id), autoescape=True),
                    OutboxMessage.status == "sent",
                )
                .order_by(OutboxMessage.sent_at.desc(), OutboxMessage.id.desc())
            ).first()
            if last is None:
                continue
            who = session.get(Staff, last.recipient_id)
            minutes = int(config.ack_after.total_seconds() // 60)
            why = f"{who.name if who else 'the last lead'} did not press Seen within {minutes} minutes"
            if pass_on(session, last, why, now, config, even_if_held=True) is not None:
                passed += 1
    return passed
