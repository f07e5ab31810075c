"""Safeguarding alerts that cannot reach their recipient go to someone who can act.

A concern must never be dropped. When the outbox finds that the member of
staff an alert was queued for has been deactivated since, or that it has
failed to reach them for `outbox.GIVE_UP_AFTER`, it passes the alert on, in
the same order handlers.safeguarding routes a new one: the school's other
active DSLs, else its SENCOs, else its admins.

Each person gets the alert under the key the handler would have used
(`safeguarding:<alert>:<staff>`), so nobody is sent it twice; those who
already hold a live copy (pending, sending or sent) count as reached. A tier
whose people have all been tried and failed gives way to the next. The new
rows go into the outbox in the caller's transaction, so they exist exactly
when the original row is closed.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from storage.models import SAFEGUARDING_ROUTE, OutboxMessage, Staff

log = logging.getLogger(__name__)

LIVE = ("pending", "sending", "sent")


def _key_prefix(row: OutboxMessage) -> str:
    alert_id = (row.payload or {}).get("alert_id")
    return f"safeguarding:{alert_id}:" if alert_id is not None else f"safeguarding:outbox{row.id}:"


def _insert_if_new(session: Session, values: dict) -> None:
    # ON CONFLICT DO NOTHING: another sender may be passing the same alert on right now.
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.connection().execute(
        dialect.insert(OutboxMessage.__table__)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["key"])
    )


def pass_on(
    session: Session, row: OutboxMessage, why: str, now: datetime, *, level: int = logging.WARNING
) -> list[Staff]:
    """Queue a copy of safeguarding outbox `row` for the fallback people; returns who now holds it."""
    prefix = _key_prefix(row)
    held = dict(
        session.exec(
            select(OutboxMessage.key, OutboxMessage.status).where(
                OutboxMessage.key.startswith(prefix, autoescape=True)
            )
        ).all()
    )
    intended = session.get(Staff, row.recipient_id)
    name = intended.name if intended else "the person it was sent to"
    for role in SAFEGUARDING_ROUTE:
        people = list(
            session.exec(
                select(Staff)
                .where(
                    Staff.school_id == row.school_id,
                    Staff.role == role,
                    Staff.active,
                    Staff.id != row.recipient_id,
                )
                .order_by(Staff.id)
            )
        )
        reached = [p for p in people if held.get(f"{prefix}{p.id}") in LIVE]
        new = [p for p in people if f"{prefix}{p.id}" not in held]
        for person in new:
            _insert_if_new(
                session,
                {
                    "key": f"{prefix}{person.id}",
                    "job": row.job,
                    "school_id": row.school_id,
                    "recipient_id": person.id,
                    "text": f"Passed on to you because it could not reach {name} ({why}).\n{row.text}",
                    "payload": {**(row.payload or {}), "passed_on_from": row.id},
                    "status": "pending",
                    "attempts": 0,
                    "next_attempt_at": now,
                    "created_at": now,
                },
            )
        if reached or new:
            log.log(
                level,
                "safeguarding outbox %s (%s): passed on to %s",
                row.id,
                why,
                ", ".join(p.email for p in reached + new),
            )
            return reached + new
    log.error(
        "safeguarding outbox %s (%s): no other active DSL, SENCO or admin to pass it to; "
        "tell the DSL in person",
        row.id,
        why,
    )
    return []
