"""The outbox: messages stored once by key, then delivered with retries.

`enqueue` inserts each PendingMessage unless its idempotency key is already
there (INSERT ... ON CONFLICT DO NOTHING), so a job run twice stores once.

`deliver_pending` sends what is due. Each row is claimed first with a
conditional UPDATE (pending -> sending, with a lease in `next_attempt_at`)
and committed before the platform is called, so two senders never send one
row, and a process that dies mid-send leaves a `sending` row that is retried
only when its lease runs out. A failed send goes back to `pending` with
exponential back-off (30 s doubling, capped at 15 minutes) until
`GIVE_UP_AFTER` has passed since the message was created, then `failed`.

The one window this cannot close: the platform accepted the message and the
process died before marking it sent. Slack and Telegram have no idempotency
keys, so that message (one HTTP round trip's worth) would be sent again after
the lease: at-least-once with the narrowest possible window.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from schedules import charts
from schedules.jobs import PendingMessage
from storage.db import session_scope
from storage.models import ChatIdentity, OutboxMessage, Staff

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY = timedelta(minutes=15)
GIVE_UP_AFTER = timedelta(hours=24)
BATCH = 500  # per call; the every-minute delivery job picks up the rest


# -- what the sender is given -----------------------------------------------------
@dataclass(frozen=True)
class Identity:
    platform: str
    external_id: str
    chat_id: str | None


@dataclass(frozen=True)
class Recipient:
    staff_id: int
    email: str
    name: str
    preferred_platform: str | None
    identities: tuple[Identity, ...] = ()


@dataclass(frozen=True)
class OutgoingAttachment:
    filename: str
    content: bytes
    mime_type: str
    title: str = ""


@dataclass(frozen=True)
class OutgoingChoice:
    label: str
    value: str
    style: str | None = None


@dataclass(frozen=True)
class Outgoing:
    id: int
    key: str
    job: str
    text: str
    choices: tuple[OutgoingChoice, ...] = ()
    attachments: tuple[OutgoingAttachment, ...] = field(default=(), repr=False)
    attempt: int = 1


Send = Callable[[Outgoing, Recipient], None]


# -- enqueue ------------------------------------------------------------------------
def enqueue(engine: Engine, messages: Iterable[PendingMessage], now: datetime | None = None) -> int:
    """Store messages not already in the outbox (by key); returns how many were new."""
    rows = [
        {"key": m.key, "job": m.job, "school_id": m.school_id, "recipient_id": m.recipient_id,
         "text": m.text, "payload": m.payload, "status": "pending", "attempts": 0,
         "next_attempt_at": now or datetime.now(UTC), "created_at": now or datetime.now(UTC)}
        for m in messages
    ]
    if not rows:
        return 0
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    table = OutboxMessage.__table__
    added = 0
    with session_scope(engine) as session:
        for row in rows:
            stmt = (dialect.insert(table).values(**row)
                    .on_conflict_do_nothing(index_elements=["key"]).returning(table.c.id))
            added += len(session.connection().execute(stmt).all())
    return added


# -- deliver ------------------------------------------------------------------------
@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    def __bool__(self) -> bool:
        return bool(self.sent or self.retrying or self.failed)


def backoff(attempts: int) -> timedelta:
    """Delay before retry number `attempts` + 1: 30 s, 1 min, 2 min... capped at 15 min."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), MAX_RETRY)


def _due(now: datetime):
    return or_(
        (OutboxMessage.status == "pending") & (OutboxMessage.next_attempt_at <= now),
        # a sender died holding the row: its lease has run out
        (OutboxMessage.status == "sending") & (OutboxMessage.next_attempt_at <= now),
    )


def _claim_one(engine: Engine, now: datetime) -> int | None:
    """Mark the oldest due row as ours (committed before sending), returning its id.

    One row at a time, so a crash strands at most the row in flight under a lease.
    """
    with session_scope(engine) as session:
        candidates = list(session.exec(
            select(OutboxMessage.id).where(_due(now)).order_by(OutboxMessage.id).limit(10)
        ))
        for row_id in candidates:
            result = session.connection().execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row_id, _due(now))
                .values(status="sending", next_attempt_at=now + LEASE,
                        attempts=OutboxMessage.attempts + 1)
            )
            if result.rowcount == 1:  # another sender may have won the race for this one
                return row_id
    return None


def _load(session: Session, row_id: int) -> tuple[OutboxMessage, Recipient]:
    row = session.get(OutboxMessage, row_id)
    staff = session.get(Staff, row.recipient_id)
    identities = session.exec(
        select(ChatIdentity).where(ChatIdentity.staff_id == row.recipient_id).order_by(ChatIdentity.id)
    )
    recipient = Recipient(
        staff_id=staff.id, email=staff.email, name=staff.name,
        preferred_platform=staff.preferred_platform,
        identities=tuple(Identity(i.platform, i.external_id, i.chat_id) for i in identities),
    )
    return row, recipient


def _outgoing(row: OutboxMessage) -> Outgoing:
    payload = row.payload or {}
    return Outgoing(
        id=row.id, key=row.key, job=row.job, text=row.text, attempt=row.attempts,
        choices=tuple(OutgoingChoice(c["label"], c["value"], c.get("style"))
                      for c in payload.get("choices", [])),
        attachments=tuple(
            OutgoingAttachment(a["filename"], base64.b64decode(a["content_b64"]), a["mime_type"],
                               a.get("title", ""))
            for a in payload.get("attachments", [])
        ) + tuple(
            # Charts are drawn now, at delivery, from the data the job stored.
            OutgoingAttachment(c["filename"], charts.provision_png(c), "image/png", c["title"])
            for c in payload.get("charts", [])
        ),
    )


def _finish(engine: Engine, row_id: int, values: dict) -> None:
    with session_scope(engine) as session:
        session.connection().execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id, OutboxMessage.status == "sending")
            .values(**values)
        )


def deliver_pending(engine: Engine, send: Send, now: datetime | None = None, *,
                    limit: int = BATCH) -> DeliveryReport:
    """Send due outbox rows (at most `limit`), each once; failures are rescheduled with back-off."""
    now = now or datetime.now(UTC)
    report = DeliveryReport()
    for _ in range(limit):
        row_id = _claim_one(engine, now)
        if row_id is None:
            break
        with Session(engine) as session:
            row, recipient = _load(session, row_id)
            message = _outgoing(row)
            created = row.created_at
        try:
            send(message, recipient)
        except Exception as exc:  # any platform failure: retry later, never lose it
            error = f"{type(exc).__name__}: {exc}"[:1000]
            if now - created >= GIVE_UP_AFTER:
                log.error("giving up on outbox %s (%s) after %d attempts: %s",
                          row_id, message.job, message.attempt, error)
                _finish(engine, row_id, {"status": "failed", "last_error": error})
                report.failed += 1
            else:
                log.warning("outbox %s (%s) attempt %d failed: %s", row_id, message.job, message.attempt, error)
                _finish(engine, row_id, {"status": "pending", "last_error": error,
                                         "next_attempt_at": now + backoff(message.attempt)})
                report.retrying += 1
            continue
        _finish(engine, row_id, {"status": "sent", "sent_at": datetime.now(UTC), "last_error": None})
        report.sent += 1
    return report


def status_counts(engine: Engine) -> dict[str, int]:
    from sqlalchemy import func

    with Session(engine) as session:
        return {status: int(n) for status, n in session.exec(
            select(OutboxMessage.status, func.count(OutboxMessage.id)).group_by(OutboxMessage.status)
        )}
