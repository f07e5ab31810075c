"""The outbox: messages stored once by key, then delivered with retries.

`enqueue` inserts each PendingMessage unless its idempotency key is already
there (INSERT ... ON CONFLICT DO NOTHING), so a job run twice stores once.

`deliver_pending` sends what is due. Each row is claimed first with a
conditional UPDATE (pending -> sending, with a lease in `next_attempt_at`)
and committed before the platform is called, so two senders never send one
row, and a process that dies mid-send leaves a `sending` row that is retried
only when its lease runs out. Leases and back-offs are timed from the clock
at each step, and a sender records an outcome only for the attempt it
claimed, so one that lost a row to another sender cannot overwrite it. A
failed send goes back to `pending` with exponential back-off (30 s doubling,
capped at 15 minutes) until `GIVE_UP_AFTER` has passed since the message was
created, then `failed`. A message for someone with no linked chat account
on a configured platform is `undelivered` (the sender raises `Unreachable`),
with the reason in `last_error`: its text is never printed or logged.

A message whose recipient has been deactivated since it was queued is
`cancelled`. A delivered message is marked `sent` together with its audit
rows (schedules.delivery_audit). A safeguarding alert's copy that is
cancelled, undelivered, failed or failing is passed on down the chain
(schedules.alerts), never just dropped; one delivered starts its lead's time
to press Seen.

The one window this cannot close: the platform accepted the message and the
process died before marking it sent. Slack and Telegram have no idempotency
keys, so that message (one HTTP round trip's worth) would be sent again after
the lease: at-least-once with the narrowest possible window. Urgent rows
(safeguarding) have a 30-second lease, so a crash mid-send re-sends within a
minute; the others keep 5 minutes (a digest's upload may take a while).
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, text, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from schedules import alerts, charts, delivery_audit
from schedules.config import ScheduleConfig
from schedules.message import PendingMessage
from storage.db import session_scope
from storage.models import URGENT_JOBS, ChatIdentity, OutboxMessage, Staff, urgent_unsent

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
URGENT_LEASE = timedelta(seconds=30)
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


# Returns None, or the platform it delivered by ("slack", "telegram", "console") for the audit
# trail. Raises Unreachable when the recipient has no account it can deliver to.
Send = Callable[[Outgoing, Recipient], object]


class Unreachable(RuntimeError):
    """The recipient has no linked chat account on a configured platform: nothing was sent."""


def lease_for(job: str) -> timedelta:
    return URGENT_LEASE if job in URGENT_JOBS else LEASE


# -- enqueue ------------------------------------------------------------------------
def enqueue(engine: Engine, messages: Iterable[PendingMessage], now: datetime | None = None) -> int:
    """Store messages not already in the outbox (by key); returns how many were new."""
    at = now or datetime.now(UTC)
    rows = [
        {
            "key": m.key,
            "job": m.job,
            "school_id": m.school_id,
            "recipient_id": m.recipient_id,
            "text": m.text,
            "payload": m.payload,
        }
        for m in messages
    ]
    if not rows:
        return 0
    if engine.dialect.name == "postgresql":
        return _enqueue_postgres(engine, rows, at)
    table = OutboxMessage.__table__
    fresh = {"status": "pending", "attempts": 0, "next_attempt_at": at, "created_at": at}
    # One statement for the lot: SQLAlchemy batches the rows into multi-row
    # INSERTs (insertmanyvalues), and RETURNING counts only those not already there.
    stmt = sqlite.insert(table).on_conflict_do_nothing(index_elements=["key"]).returning(table.c.id)
    with session_scope(engine) as session:
        return len(session.connection().execute(stmt, [{**r, **fresh} for r in rows]).all())


# A trust's day of messages as one statement with one JSON document of rows: a multi-row
# VALUES of thousands of rows, or arrays the driver escapes element by element, cost more
# to build than the database takes to store them (bench/bench_schedules.py); the standard
# library's encoder writes the document in C.
_ENQUEUE_POSTGRES = text(
    """
    INSERT INTO outboxmessage (key, job, school_id, recipient_id, text, payload, status,
                               attempts, next_attempt_at, created_at)
    SELECT r.key, r.job, r.school_id, r.recipient_id, r.text, r.payload,
           'pending', 0, :at, :at
    FROM json_to_recordset(CAST(:rows AS JSON))
         AS r(key VARCHAR, job VARCHAR, school_id INTEGER, recipient_id INTEGER, text VARCHAR,
              payload JSON)
    ON CONFLICT (key) DO NOTHING
    RETURNING id
    """
)


def _enqueue_postgres(engine: Engine, rows: list[dict[str, Any]], at: datetime) -> int:
    with session_scope(engine) as session:
        result = session.connection().execute(
            _ENQUEUE_POSTGRES, {"rows": json.dumps(rows), "at": at}
        )
        return len(result.all())


# -- deliver ------------------------------------------------------------------------
@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    cancelled: int = 0
    undelivered: int = 0

    def __bool__(self) -> bool:
        return bool(self.sent or self.retrying or self.failed or self.cancelled or self.undelivered)


Clock = Callable[[], datetime]


def _clock(now: datetime | Clock | None) -> Clock:
    """The time source: the real clock, or a test's fixed instant or callable."""
    if now is None:
        return lambda: datetime.now(UTC)
    if callable(now):
        return now
    return lambda: now


def backoff(attempts: int) -> timedelta:
    """Delay before retry number `attempts` + 1: 30 s, 1 min, 2 min... capped at 15 min."""
    # The exponent is capped before multiplying: 2**43 half-minutes overflows timedelta.
    return min(FIRST_RETRY * (2 ** min(max(attempts - 1, 0), 10)), MAX_RETRY)


def _due(now: datetime):
    return or_(
        (OutboxMessage.status == "pending") & (OutboxMessage.next_attempt_at <= now),
        # a sender died holding the row: its lease has run out
        (OutboxMessage.status == "sending") & (OutboxMessage.next_attempt_at <= now),
    )


def _ours(row_id: int, attempt: int):
    """The row as we claimed it: still `sending` under our attempt number.

    A sender whose lease ran out (a long batch, a slow upload) may have lost
    the row to another; matching the attempt stops it overwriting that
    sender's outcome.
    """
    return and_(
        OutboxMessage.id == row_id,
        OutboxMessage.status == "sending",
        OutboxMessage.attempts == attempt,
    )


def _claim_one(
    engine: Engine, now: datetime, jobs: Collection[str] | None = None
) -> tuple[int, int] | None:
    """Mark the oldest due row as ours (committed before sending): (id, attempt number).

    One row at a time, so a crash strands at most the row in flight under a lease.
    `jobs` = URGENT_JOBS: only those, through their partial index (urgent_unsent).
    """
    with session_scope(engine) as session:
        query = select(OutboxMessage.id, OutboxMessage.job)
        if jobs is not None:
            assert set(jobs) <= set(URGENT_JOBS), "only the urgent jobs have their own index"
            query = query.where(urgent_unsent(), OutboxMessage.next_attempt_at <= now)
        else:
            query = query.where(_due(now))
        candidates = list(session.exec(query.order_by(OutboxMessage.id).limit(10)))
        for row_id, job in candidates:
            claimed = (
                session.connection()
                .execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.id == row_id, _due(now))
                    .values(
                        status="sending",
                        next_attempt_at=now + lease_for(job),
                        attempts=OutboxMessage.attempts + 1,
                    )
                    .returning(OutboxMessage.attempts)
                )
                .all()
            )
            if claimed:  # another sender may have won the race for this one
                return row_id, claimed[0][0]
    return None


def _recipient(session: Session, staff: Staff) -> Recipient:
    identities = session.exec(
        select(ChatIdentity).where(ChatIdentity.staff_id == staff.id).order_by(ChatIdentity.id)
    )
    return Recipient(
        staff_id=staff.id,
        email=staff.email,
        name=staff.name,
        preferred_platform=staff.preferred_platform,
        identities=tuple(Identity(i.platform, i.external_id, i.chat_id) for i in identities),
    )


def _prepare(
    engine: Engine, row_id: int, attempt: int, clock: Clock, config: ScheduleConfig
) -> tuple[OutboxMessage, Recipient] | None:
    """The row and its recipient, or None when the recipient has left (the row is closed instead).

    Staff deactivated after a message was queued must not get it: the row is
    cancelled, and a safeguarding alert is passed on (schedules.alerts).
    """
    with session_scope(engine) as session:
        row = session.get(OutboxMessage, row_id)
        staff = session.get(Staff, row.recipient_id)
        if staff is not None and staff.active:
            return row, _recipient(session, staff)
        closed = (
            session.connection()
            .execute(
                update(OutboxMessage)
                .where(_ours(row_id, attempt))
                .values(status="cancelled", last_error="recipient no longer active")
            )
            .rowcount
        )
        if closed and row.job == "safeguarding":
            name = staff.name if staff is not None else "the person it was sent to"
            alerts.pass_on(
                session,
                row,
                f"it could not reach {name} (no longer active in Keyworker)",
                clock(),
                config,
            )
        elif closed:
            log.info(
                "outbox %s (%s) cancelled: recipient %s is no longer active",
                row_id,
                row.job,
                row.recipient_id,
            )
    return None


def _outgoing(row: OutboxMessage) -> Outgoing:
    payload = row.payload or {}
    return Outgoing(
        id=row.id,
        key=row.key,
        job=row.job,
        text=row.text,
        attempt=row.attempts,
        choices=tuple(
            OutgoingChoice(c["label"], c["value"], c.get("style"))
            for c in payload.get("choices", [])
        ),
        attachments=tuple(
            OutgoingAttachment(
                a["filename"],
                base64.b64decode(a["content_b64"]),
                a["mime_type"],
                a.get("title", ""),
            )
            for a in payload.get("attachments", [])
        )
        + tuple(
            # Charts are drawn now, at delivery, from the data the job stored.
            OutgoingAttachment(c["filename"], charts.provision_png(c), "image/png", c["title"])
            for c in payload.get("charts", [])
        ),
    )


def _renew(engine: Engine, row_id: int, attempt: int, now: datetime, job: str) -> bool:
    """Extend our lease just before the platform call (drawing charts takes time); False if lost."""
    with session_scope(engine) as session:
        return (
            session.connection()
            .execute(
                update(OutboxMessage)
                .where(_ours(row_id, attempt))
                .values(next_attempt_at=now + lease_for(job))
            )
            .rowcount
            == 1
        )


def _finish(
    engine: Engine,
    row_id: int,
    attempt: int,
    values: dict,
    then: Callable[[Session, OutboxMessage], None] | None = None,
) -> bool:
    """Record the outcome of our attempt, and run `then` in the same transaction; False if the row was lost."""
    with session_scope(engine) as session:
        done = (
            session.connection()
            .execute(update(OutboxMessage).where(_ours(row_id, attempt)).values(**values))
            .rowcount
            == 1
        )
        if done and then is not None:
            then(session, session.get(OutboxMessage, row_id))
        return done


def _delivery_platform(result: object, recipient: Recipient) -> str:
    """Where the message went: what `send` says, else the platform the notifier prefers."""
    if isinstance(result, str) and result:
        return result[:16]
    platforms = [i.platform for i in recipient.identities]
    if recipient.preferred_platform in platforms:
        return recipient.preferred_platform
    return platforms[0] if platforms else "console"


def _sent(
    platform: str, now: datetime, config: ScheduleConfig
) -> Callable[[Session, OutboxMessage], None]:
    def write(session: Session, row: OutboxMessage) -> None:
        delivery_audit.record(session, row, platform)
        if row.job == "safeguarding":
            alerts.delivered(session, row, now, config)

    return write


def _pass_on(
    why: str, now: datetime, config: ScheduleConfig
) -> Callable[[Session, OutboxMessage], None]:
    def write(session: Session, row: OutboxMessage) -> None:
        if row.job == "safeguarding":
            alerts.pass_on(session, row, why, now, config)

    return write


def deliver_pending(
    engine: Engine,
    send: Send,
    now: datetime | Clock | None = None,
    *,
    limit: int = BATCH,
    jobs: Collection[str] | None = None,
    config: ScheduleConfig | None = None,
) -> DeliveryReport:
    """Send due outbox rows (at most `limit`), each once; failures are rescheduled with back-off.

    Every claim, lease and back-off is timed from the clock as it is at that
    moment, not at the start of the batch: a batch may run longer than
    LEASE (rate-limit waits, uploads), and a row claimed late with an
    already-expired lease would be taken over and sent twice by the next
    delivery run. `now` only overrides the clock (an instant or a callable), for tests.
    `jobs`: only those (the urgent sender); `config` gives the alert chain its
    platforms and acknowledgement time (default: ScheduleConfig()).
    """
    clock = _clock(now)
    config = config or ScheduleConfig()
    report = DeliveryReport()
    for _ in range(limit):
        claim = _claim_one(engine, clock(), jobs)
        if claim is None:
            break
        row_id, attempt = claim
        prepared = _prepare(engine, row_id, attempt, clock, config)
        if prepared is None:
            report.cancelled += 1
            continue
        row, recipient = prepared
        message, created = (
            _outgoing(row),
            row.created_at,
        )  # charts are drawn here, outside any transaction
        if not _renew(engine, row_id, attempt, clock(), message.job):
            continue  # lost the row while preparing it: its new holder sends it
        try:
            result = send(message, recipient)
        except Unreachable as exc:
            # Nobody to send it to: say so in the row, never print it (it names pupils).
            why = str(exc)[:1000] or "no linked chat account on a configured platform"
            log.info("outbox %s (%s) undelivered: %s", row_id, message.job, why)
            if _finish(
                engine,
                row_id,
                attempt,
                {"status": "undelivered", "last_error": why},
                _pass_on(f"it could not reach {recipient.name} ({why})", clock(), config),
            ):
                report.undelivered += 1
            continue
        except Exception as exc:  # any platform failure: retry later, never lose it
            error = f"{type(exc).__name__}: {exc}"[:1000]
            at = clock()
            # Adapters mark failures no retry can fix (a missing scope, a blocked
            # bot, part of a message already sent); schedules/ may not import bot/.
            permanent = getattr(exc, "permanent", False) is True
            if not permanent and at - created < GIVE_UP_AFTER:
                log.warning(
                    "outbox %s (%s) attempt %d failed: %s",
                    row_id,
                    message.job,
                    message.attempt,
                    error,
                )
                # An alert keeps being retried, and meanwhile goes on to the next lead.
                if _finish(
                    engine,
                    row_id,
                    attempt,
                    {
                        "status": "pending",
                        "last_error": error,
                        "next_attempt_at": at + backoff(message.attempt),
                    },
                    _pass_on(f"it could not reach {recipient.name} (delivery failing)", at, config),
                ):
                    report.retrying += 1
                continue
            log.error(
                "giving up on outbox %s (%s) after %d attempts%s: %s",
                row_id,
                message.job,
                message.attempt,
                " (a failure retrying cannot fix)" if permanent else "",
                error,
            )
            # A safeguarding alert is never simply dropped: it goes on down the chain.
            then = _pass_on(f"it could not be delivered to {recipient.name}", at, config)
            if _finish(engine, row_id, attempt, {"status": "failed", "last_error": error}, then):
                report.failed += 1
            continue
        if _finish(
            engine,
            row_id,
            attempt,
            {"status": "sent", "sent_at": clock(), "last_error": None},
            _sent(_delivery_platform(result, recipient), clock(), config),
        ):
            report.sent += 1
        else:
            log.warning(
                "outbox %s (%s) was sent, but another sender had taken it over", row_id, message.job
            )
    return report


def status_counts(engine: Engine) -> dict[str, int]:
    from sqlalchemy import func

    with Session(engine) as session:
        return {
            status: int(n)
            for status, n in session.exec(
                select(OutboxMessage.status, func.count(OutboxMessage.id)).group_by(
                    OutboxMessage.status
                )
            )
        }
