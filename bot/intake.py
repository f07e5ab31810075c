"""Durable intake: a delivery is stored before the platform hears "200", then handled
exactly once, in order for each person, and answered at least once.

`accept(envelope)` writes the delivery to the inbox (storage.inbox) with its
platform event id as the key, in one short transaction, and only then returns
(the adapter acknowledges after it). If the database can't take it within
ACCEPT_BUDGET seconds (it is down, locked or hung), the delivery goes to the
local spool (bot.spool: fsync'd, owner-only) instead, and the person is told it
is held; while anything is held, new deliveries go behind it, so a person's
messages keep their order. On SQLite the insert runs in the caller's thread,
waiting at most the budget for the write lock (all that can hold it up); a
database server, which can hang without an error, is waited on from another. Only if neither can take it does `accept` raise
IntakeUnavailable, so the adapter fails the request and the platform (or the
person) tries again.

Workers then handle each stored delivery: `handle` stores the records and marks
the inbox row handled, with the reply, in one transaction; the platform's sink
sends the reply; the row is marked replied (by one writer, which marks every
row answered since its last transaction in one: under load that is one commit
for many replies; a crash between a reply and its mark sends that reply again,
as any crash after a reply can). Deliveries from one person go to one worker
(by a hash of who sent them), so they are handled in the order they came. A
sweep every SWEEP_SECONDS replays the spool into the inbox when the database is
back, and takes up rows that nobody finished: a process killed at
any point leaves rows that the next sweep (in it after a restart, or in
another process once their lease has run out) handles, or answers from the
kept reply. A sink may instead say `resume`, for a platform library that
handles deliveries itself (python-telegram-bot): its recovered rows are given
back to it.
"""

from __future__ import annotations

import logging
import queue
import threading
import traceback
import zlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.exc import DBAPIError

from bot.spool import Spool
from handlers.service import handle
from handlers.types import (
    HandlerContext,
    Inbound,
    Reply,
    inbound_from_json,
    inbound_to_json,
    reply_from_json,
)
from handlers.wording import HELD, MAY_HAVE_FAILED
from storage import inbox
from storage.db import write_connection

log = logging.getLogger(__name__)

ACCEPT_BUDGET = 1.5  # seconds the database gets to take a delivery before it is spooled
LEASE = timedelta(seconds=30)  # how long a row being worked on is left to its worker
SWEEP_SECONDS = 5.0
GIVE_UP_AFTER = timedelta(hours=1)  # a reply nobody could send by then is dropped (logged)
RETRY_HANDLING = timedelta(seconds=10)  # the database failed mid-handling: try again then
MARK_BATCH = 500  # replied marks written in one transaction at most


class Acceptance(StrEnum):
    stored = "stored"
    duplicate = "duplicate"
    spooled = "spooled"


class IntakeUnavailable(RuntimeError):
    """Neither the database nor the spool could take the delivery: fail the request."""


@dataclass(frozen=True)
class Envelope:
    """A delivery: what the person did, and the platform's own note of where to answer."""

    inbound: Inbound
    reply_to: dict[str, Any] = field(default_factory=dict)

    @property
    def platform(self) -> str:
        return self.inbound.platform

    @property
    def event_id(self) -> str:
        assert self.inbound.event_id, "a delivery through the intake needs an event id"
        return self.inbound.event_id

    @property
    def person(self) -> str:
        return self.inbound.user_id

    def to_json(self) -> dict[str, Any]:
        return {"inbound": inbound_to_json(self.inbound), "reply_to": self.reply_to}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Envelope:
        return cls(inbound_from_json(data["inbound"]), dict(data.get("reply_to") or {}))


class Sink(Protocol):
    """A platform's side of the intake."""

    def deliver(self, envelope: Envelope, reply: Reply) -> None:
        """Send `reply` to where `envelope` came from; raise if it could not be sent."""

    def before(self, envelope: Envelope) -> None:
        """Run just before the delivery is handled (e.g. open a placeholder form)."""


@dataclass
class _Work:
    row_id: int | None
    envelope: Envelope
    reply: Reply | None = None  # set when the row was handled and only the reply is owed


class Intake:
    def __init__(
        self,
        ctx: HandlerContext,
        spool_dir: Path,
        *,
        workers: int = 8,
        lease: timedelta = LEASE,
        sweep_seconds: float = SWEEP_SECONDS,
        accept_budget: float = ACCEPT_BUDGET,
        single_process: bool | None = None,
    ) -> None:
        self.ctx = ctx
        self.spool = Spool(spool_dir)
        self.lease = lease
        self.sweep_seconds = sweep_seconds
        self.accept_budget = accept_budget
        # SQLite: one process by design, so at start-up its own rows are taken back at once.
        self.single_process = (
            ctx.engine.dialect.name == "sqlite" if single_process is None else single_process
        )
        self._sinks: dict[str, Sink] = {}
        self._resumers: dict[str, Callable[[Envelope, Reply | None, int], None]] = {}
        self._queues = [queue.Queue[_Work | None]() for _ in range(workers)]
        self._threads: list[threading.Thread] = []
        self._stores = ThreadPoolExecutor(max_workers=16, thread_name_prefix="kw-intake-store")
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._started = False
        self._replied = queue.SimpleQueue[int | None]()
        self._marker: threading.Thread | None = None

    # -- registration and life ----------------------------------------------------------

    def register(self, platform: str, sink: Sink) -> None:
        """Deliveries from `platform` are handled here and answered through `sink`."""
        self._sinks[platform] = sink

    def register_resumer(
        self, platform: str, resume: Callable[[Envelope, Reply | None, int], None]
    ) -> None:
        """`platform`'s library handles its own deliveries; recovered rows go back to it
        as resume(envelope, kept reply or None, row id)."""
        self._resumers[platform] = resume

    def start(self) -> Intake:
        for n, work in enumerate(self._queues):
            thread = threading.Thread(
                target=self._work, args=(work,), name=f"kw-intake-{n}", daemon=True
            )
            thread.start()
            self._threads.append(thread)
        sweeper = threading.Thread(target=self._sweep_forever, name="kw-intake-sweep", daemon=True)
        sweeper.start()
        self._threads.append(sweeper)
        self._marker = threading.Thread(
            target=self._mark_replied_forever, name="kw-intake-replied", daemon=True
        )
        self._marker.start()
        self._started = True
        return self

    def stop(self, timeout: float = 20.0) -> None:
        """Finish what is queued (it is all stored: what isn't done is done next start)."""
        self._stopping.set()
        self._wake.set()
        for work in self._queues:
            work.put(None)
        for thread in self._threads:
            thread.join(timeout=timeout)
        if self._marker is not None:
            # After the workers: their last replies' marks are in the queue before this;
            # any mark after it is written at once.
            self._started = False
            self._replied.put(None)
            self._marker.join(timeout=timeout)
        self._stores.shutdown(wait=False, cancel_futures=True)

    # -- accepting ------------------------------------------------------------------------

    def accept(self, envelope: Envelope, *, queue_it: bool = True) -> Acceptance:
        """Store the delivery durably; the adapter acknowledges once this returns.

        `queue_it` False: the platform's library handles it (a resumer's platform)."""
        acceptance, row_id = self._store(envelope, queue_late=queue_it)
        if acceptance is Acceptance.stored and queue_it:
            self._queue(_Work(row_id, envelope))
        if acceptance is Acceptance.spooled:
            self._wake.set()
            self._tell_held(envelope)
        return acceptance

    def _store(
        self, envelope: Envelope, *, queue_late: bool = True
    ) -> tuple[Acceptance, int | None]:
        record = {"event_id": envelope.event_id, **envelope.to_json()}
        if not self.spool.pending() and self.ctx.engine.dialect.name == "sqlite":
            # SQLite can only be held up by its write lock, which is waited for at most
            # the budget: stored in this thread, with no hand-over to another. (A disk
            # that hangs would hang the spool beside it just the same.)
            try:
                row_id = self._insert(envelope, wait=self.accept_budget)
            except (DBAPIError, TimeoutError, OSError) as exc:
                log.warning("inbox unavailable (%s): spooling a delivery", type(exc).__name__)
            else:
                return (Acceptance.stored if row_id else Acceptance.duplicate), row_id
        elif not self.spool.pending():
            # A database server can hang without an error: its budget is kept by
            # waiting for the insert from here, in another thread.
            future = self._stores.submit(self._insert, envelope)
            try:
                row_id = future.result(timeout=self.accept_budget)
            except (DBAPIError, FutureTimeout, OSError) as exc:
                log.warning("inbox unavailable (%s): spooling a delivery", type(exc).__name__)
                if queue_late:
                    # A hung database may still take the row once it wakes: then it is
                    # handled at once (the spooled copy is a duplicate, dropped on replay).
                    future.add_done_callback(lambda done: self._stored_late(done, envelope))
            else:
                return (Acceptance.stored if row_id else Acceptance.duplicate), row_id
        try:
            self.spool.append(record)
        except OSError as exc:
            raise IntakeUnavailable("neither the database nor the spool can take it") from exc
        return Acceptance.spooled, None

    def _stored_late(self, done: Future[int | None], envelope: Envelope) -> None:
        if done.cancelled() or done.exception() is not None or not done.result():
            return
        self._queue(_Work(done.result(), envelope))

    def _insert(self, envelope: Envelope, *, wait: float | None = None) -> int | None:
        now = datetime.now(UTC)
        with write_connection(self.ctx.engine, wait=wait) as connection:
            return inbox.receive(
                connection,
                platform=envelope.platform,
                event_id=envelope.event_id,
                person=envelope.person,
                payload=envelope.to_json(),
                received_at=envelope.inbound.received_at,
                claimed_until=now + self.lease,
            )

    def _tell_held(self, envelope: Envelope) -> None:
        sink = self._sinks.get(envelope.platform)
        if sink is None:
            return
        try:
            sink.deliver(envelope, Reply(text=HELD))
        except Exception as exc:  # the platform may be as unwell as the database
            log.info("could not say a delivery is held: %s", type(exc).__name__)

    # -- handling now, in the caller's thread (a form whose answer must carry errors) ----

    def handle_now(self, envelope: Envelope) -> Reply | None:
        """Store, then handle at once and return the reply for the caller to show; None
        when it had to be spooled (it will be handled, and answered, from the spool)."""
        acceptance, row_id = self._store(envelope)
        if acceptance is Acceptance.spooled:
            self._wake.set()
            return None
        reply = handle(self.ctx, envelope.inbound)
        if not reply.retryable and row_id is not None:
            self.replied(row_id)
        return reply

    def replied(self, row_id: int) -> None:
        if self._started:
            self._replied.put(row_id)
        else:
            self._mark_replied([row_id])

    def _mark_replied(self, row_ids: list[int]) -> None:
        try:
            with write_connection(self.ctx.engine) as connection:
                inbox.mark_replied(connection, row_ids)
        except DBAPIError:
            log.warning("could not mark %d inbox rows replied: sent again later", len(row_ids))

    def _mark_replied_forever(self) -> None:
        """Each batch is what was answered while the last one was being written."""
        while True:
            taken = [self._replied.get()]
            while taken[-1] is not None and len(taken) < MARK_BATCH:
                try:
                    taken.append(self._replied.get_nowait())
                except queue.Empty:
                    break
            batch = [row_id for row_id in taken if row_id is not None]
            if batch:
                self._mark_replied(batch)
            if taken[-1] is None:  # stop() was called
                return

    def replied_event(self, platform: str, event_id: str) -> None:
        """A platform library answered this delivery itself (Telegram's)."""
        try:
            with write_connection(self.ctx.engine) as connection:
                inbox.mark_replied_event(connection, platform=platform, event_id=event_id)
        except DBAPIError:
            log.warning("could not mark a %s delivery replied: it may be answered again", platform)

    # -- the workers ----------------------------------------------------------------------

    def _queue(self, work: _Work) -> None:
        index = zlib.crc32(f"{work.envelope.platform}:{work.envelope.person}".encode())
        self._queues[index % len(self._queues)].put(work)

    def _work(self, work_queue: queue.Queue[_Work | None]) -> None:
        while True:
            work = work_queue.get()
            if work is None:
                return
            try:
                self._process(work)
            except Exception as exc:  # keep the worker going whatever one delivery does
                _log_failure(work.envelope.platform, exc)

    def _process(self, work: _Work) -> None:
        envelope = work.envelope
        sink = self._sinks.get(envelope.platform)
        if sink is None:
            return
        reply = work.reply
        if reply is None:
            reply = self._handle(sink, work)
            if reply is None:
                return
        try:
            sink.deliver(envelope, reply)
        except Exception as exc:
            # The platform refused or was down (its client retried already): the row
            # keeps its reply and the sweep sends it again once its lease runs out.
            log.warning(
                "could not answer a %s delivery (%s); will try again",
                envelope.platform,
                type(exc).__name__,
            )
            return
        if work.row_id is not None:
            self.replied(work.row_id)
        log.debug("answered %s delivery %s", envelope.platform, envelope.event_id)

    def _handle(self, sink: Sink, work: _Work) -> Reply | None:
        """The reply to send, or None when there is nothing to send now."""
        envelope = work.envelope
        try:
            sink.before(envelope)
            reply = handle(self.ctx, envelope.inbound)
        except Exception as exc:
            # Not the database (handle turns that into `retryable`): a fault of ours that
            # trying again won't mend. Say so once; the row is closed.
            _log_failure(envelope.platform, exc)
            sink.deliver(envelope, Reply(text=MAY_HAVE_FAILED))
            if work.row_id is not None:
                self.replied(work.row_id)
            return None
        if reply.retryable:
            # The database failed while handling: the row is still "received", so the
            # sweep handles it again; the person hears when it is stored.
            log.warning("handling a %s delivery failed; it will be retried", envelope.platform)
            return None
        if reply.duplicate:
            return None
        return reply

    # -- the sweep: the spool back into the inbox, and rows nobody finished ----------------

    def _sweep_forever(self) -> None:
        first = True
        while not self._stopping.is_set():
            try:
                self._replay_spool()
                self._take_up(ignore_leases=first and self.single_process)
                first = False
            except DBAPIError as exc:
                log.info("intake sweep: database unavailable (%s)", type(exc).__name__)
            except Exception as exc:
                log.error("intake sweep failed: %s", type(exc).__name__)
                log.debug("intake sweep failure", exc_info=exc)
            # While deliveries are held, look again soon: their people are waiting.
            self._wake.wait(1.0 if self.spool.pending() else self.sweep_seconds)
            self._wake.clear()

    def _replay_spool(self) -> None:
        records, nbytes = self.spool.take()
        if not nbytes:
            return
        rows = []
        for record in records:
            envelope = Envelope.from_json(record)
            rows.append(
                {
                    "platform": envelope.platform,
                    "event_id": envelope.event_id,
                    "person": envelope.person,
                    "payload": envelope.to_json(),
                    "received_at": envelope.inbound.received_at,
                    "claimed_until": None,
                }
            )
        with write_connection(self.ctx.engine) as connection:
            inbox.receive_many(connection, rows)
        self.spool.discard(nbytes)
        log.info("replayed %d held deliveries from the spool into the inbox", len(rows))

    def _take_up(self, *, ignore_leases: bool) -> None:
        platforms = tuple(self._sinks) + tuple(self._resumers)
        if not platforms:
            return
        now = datetime.now(UTC)
        while True:
            with write_connection(self.ctx.engine) as connection:
                due = inbox.claim_due(
                    connection,
                    platforms=platforms,
                    now=now,
                    lease=self.lease,
                    limit=200,
                    ignore_leases=ignore_leases,
                )
            for pending in due:
                self._take_up_one(pending, now)
            if len(due) < 200:
                return

    def _take_up_one(self, pending: inbox.Pending, now: datetime) -> None:
        envelope = Envelope.from_json(pending.payload)
        reply = reply_from_json(pending.reply) if pending.reply is not None else None
        if reply is not None and envelope.inbound.received_at < now - GIVE_UP_AFTER:
            log.warning("dropping a %s reply nobody could send for an hour", envelope.platform)
            self.replied(pending.id)
            return
        resume = self._resumers.get(pending.platform)
        if resume is not None:
            if reply is not None:
                with write_connection(self.ctx.engine) as connection:
                    inbox.mark_resend(connection, pending.id)
            resume(envelope, reply, pending.id)
        else:
            self._queue(_Work(pending.id, envelope, reply))


def _log_failure(platform: str, exc: BaseException) -> None:
    """The exception's type and where it was raised; its message may quote a pupil."""
    where = "".join(traceback.format_tb(exc.__traceback__)).rstrip()
    log.error("intake worker failed on a %s delivery: %s\n%s", platform, type(exc).__name__, where)
    log.debug("intake worker failure", exc_info=exc)
