"""The inbox: every message, button press and form a platform delivers, stored before it
is acknowledged, then handled exactly once and answered at least once.

A row is written with its platform event id as the key (`INSERT ... ON CONFLICT
DO NOTHING`, so a platform's retry stores nothing new) and committed before the
platform hears "200". It is `received` until the dispatcher handles it: the
transaction that stores the records also marks the row `handled` and keeps the
reply, so records and their "handled" mark are committed together or not at
all. Once the reply has gone out the row is `replied` and forgets the message
and the reply (no copy of a pupil's words is left behind). A process that dies
between any two steps leaves a row that is taken up again when it, or another
process, next sweeps the inbox: a `received` row is handled, a `handled` one has
its kept reply sent. A row being worked on is claimed for a lease, so two
processes never both take it. Messages handled without passing through here
first (the console, tests) get their row at handling time, which still makes
a redelivered event a duplicate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, delete, func, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from storage.models import InboxMessage

RECEIVED = "received"
HANDLED = "handled"
# Handled, taken up after a crash, and given back to a platform library that handles
# deliveries itself: handling it again gives its kept reply instead of silence.
RESEND = "resend"
REPLIED = "replied"
# Handled with nothing stored (a form with errors), its reply owed: once answered the
# row is deleted, so the same values sent again (the problem having passed) are new.
REFUSED = "refused"
OPEN = (RECEIVED, HANDLED, RESEND, REFUSED)


@dataclass(frozen=True)
class Pending:
    """A row to take up: still to handle (`reply` None) or handled with its reply unsent."""

    id: int
    platform: str
    person: str
    payload: dict[str, Any]
    reply: dict[str, Any] | None = None


def _insert(dialect: str) -> Any:
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(InboxMessage)


# The hot statements are built once (bound parameters, values given at execution):
# building and compiling one per message costs more than the database does to run it.
# The dialects' INSERT ... ON CONFLICT constructs are never cached by SQLAlchemy, so
# that one is written out: the same text runs on SQLite (3.35+) and PostgreSQL.
_T = InboxMessage.__table__  # type: ignore[attr-defined]


@lru_cache(maxsize=4)
def _insert_new(columns: tuple[str, ...]) -> Any:
    """INSERT of `columns` that stores nothing when the event is there already."""
    return text(
        f"INSERT INTO {_T.name} ({', '.join(columns)}) "
        f"VALUES ({', '.join(':' + name for name in columns)}) "
        "ON CONFLICT (platform, event_id) DO NOTHING RETURNING id"
    ).bindparams(*(bindparam(name, type_=_T.c[name].type) for name in columns))


def _store_new(connection: Connection, row: dict[str, Any]) -> int | None:
    return connection.execute(_insert_new(tuple(row)), row).scalar()


_MARK_HANDLED = (
    update(_T)
    .where(
        _T.c.platform == bindparam("key_platform"),
        _T.c.event_id == bindparam("key_event_id"),
        _T.c.status == RECEIVED,
    )
    .values(
        status=HANDLED,
        handled_at=bindparam("at", type_=_T.c.handled_at.type),
        reply=bindparam("kept", type_=_T.c.reply.type),
    )
)
_DROP_REFUSED = delete(_T).where(_T.c.id == bindparam("row_id"), _T.c.status == REFUSED)
_ANSWERED = {"status": REPLIED, "payload": None, "reply": None, "claimed_until": None}
_MARK_REPLIED = (
    update(_T)
    .where(_T.c.id == bindparam("row_id"), _T.c.status != REFUSED)
    .values(_ANSWERED)  # literal None: SQL NULL (a JSON None parameter would store 'null')
)


def receive(
    connection: Connection,
    *,
    platform: str,
    event_id: str,
    person: str,
    payload: dict[str, Any],
    received_at: datetime,
    claimed_until: datetime | None,
) -> int | None:
    """Store one delivery; its row id, or None when that event was stored before."""
    row = {
        "platform": platform,
        "event_id": event_id,
        "person": person,
        "payload": payload,
        "status": RECEIVED,
        "received_at": received_at,
        "claimed_until": claimed_until,
    }
    return _store_new(connection, row)


def receive_many(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """Store deliveries taken from the local spool (those already stored are skipped)."""
    if not rows:
        return
    statement = _insert(connection.dialect.name).on_conflict_do_nothing(
        index_elements=["platform", "event_id"]
    )
    connection.execute(statement, [{**row, "status": RECEIVED} for row in rows])


def mark_handled(
    session: Session,
    *,
    platform: str,
    event_id: str,
    person: str,
    reply: dict[str, Any] | None,
    at: datetime,
) -> bool:
    """Inside the handling transaction: mark the event handled, keeping its reply.

    False when it was handled already (then the transaction must be rolled back:
    its records would be a second copy)."""
    connection = session.connection()  # core SQL in the session's transaction
    marked = connection.execute(
        _MARK_HANDLED,
        {"key_platform": platform, "key_event_id": event_id, "at": at, "kept": reply},
    )
    if marked.rowcount == 1:
        return True
    row = {
        "platform": platform,
        "event_id": event_id,
        "person": person,
        "status": HANDLED,
        "received_at": at,
        "handled_at": at,
        "reply": reply,
    }
    return _store_new(connection, row) is not None


def mark_replied(connection: Connection, row_ids: list[int]) -> None:
    """The replies went out: each row keeps only that its event was handled (a refused
    event is forgotten)."""
    params = [{"row_id": row_id} for row_id in row_ids]
    connection.execute(_DROP_REFUSED, params)
    connection.execute(_MARK_REPLIED, params)


def mark_replied_event(connection: Connection, *, platform: str, event_id: str) -> None:
    """The same, found by the event (a platform library answered it itself)."""
    key = (col(InboxMessage.platform) == platform, col(InboxMessage.event_id) == event_id)
    connection.execute(delete(InboxMessage).where(*key, col(InboxMessage.status) == REFUSED))
    connection.execute(
        update(InboxMessage).where(*key, col(InboxMessage.status) != REPLIED).values(_ANSWERED)
    )


def mark_refused(
    session: Session, *, platform: str, event_id: str, reply: dict[str, Any], at: datetime
) -> None:
    """Inside the handling transaction: nothing was stored (the form had errors); the
    row keeps the reply until it is sent, then goes (mark_replied)."""
    session.execute(
        update(InboxMessage)
        .where(
            col(InboxMessage.platform) == platform,
            col(InboxMessage.event_id) == event_id,
            col(InboxMessage.status) == RECEIVED,
        )
        .values(status=REFUSED, handled_at=at, reply=reply)
    )


def unanswered_reply(session: Session, *, platform: str, event_id: str) -> dict[str, Any] | None:
    """The reply kept for an event handled before a crash and taken up again (RESEND).

    A delivery merely racing another (both handled at once) gets nothing: the
    winner sends the reply."""
    return session.execute(
        select(col(InboxMessage.reply)).where(
            col(InboxMessage.platform) == platform,
            col(InboxMessage.event_id) == event_id,
            col(InboxMessage.status) == RESEND,
        )
    ).scalar()


def mark_resend(connection: Connection, row_id: int) -> None:
    connection.execute(
        update(InboxMessage)
        .where(col(InboxMessage.id) == row_id, col(InboxMessage.status) == HANDLED)
        .values(status=RESEND)
    )


def claim_due(
    connection: Connection,
    *,
    platforms: tuple[str, ...],
    now: datetime,
    lease: timedelta,
    limit: int,
    ignore_leases: bool = False,
) -> list[Pending]:
    """Received rows nobody is working on (their lease ran out), oldest first, claimed.

    `ignore_leases`: a process that is the only one (SQLite) takes back its own
    rows at start-up without waiting for their leases to run out."""
    free: list[ColumnElement[bool]] = [
        col(InboxMessage.status).in_(OPEN),
        col(InboxMessage.payload).is_not(None),
    ]
    if not ignore_leases:
        free.append(
            or_(col(InboxMessage.claimed_until).is_(None), col(InboxMessage.claimed_until) < now)
        )
    due = select(col(InboxMessage.id)).where(*free, col(InboxMessage.platform).in_(platforms))
    ids = list(connection.execute(due.order_by(col(InboxMessage.id)).limit(limit)).scalars())
    if not ids:
        return []
    claimed = connection.execute(
        update(InboxMessage)
        .where(col(InboxMessage.id).in_(ids), *free)
        .values(claimed_until=now + lease)
        .returning(
            col(InboxMessage.id),
            col(InboxMessage.platform),
            col(InboxMessage.person),
            col(InboxMessage.payload),
            col(InboxMessage.status),
            col(InboxMessage.reply),
        )
    )
    rows = [
        Pending(
            r.id,
            r.platform,
            r.person,
            r.payload or {},
            r.reply if r.status in (HANDLED, REFUSED) else None,
        )
        for r in claimed
    ]
    return sorted(rows, key=lambda p: p.id)


def count_open(connection: Connection) -> int:
    """Rows not yet answered (still to handle, or handled with the reply unsent)."""
    return int(
        connection.execute(
            select(func.count())
            .select_from(InboxMessage)
            .where(
                col(InboxMessage.status).in_(OPEN),
                col(InboxMessage.payload).is_not(None),
            )
        ).scalar_one()
    )
