"""Engines and sessions: one place that knows how to talk to SQLite and PostgreSQL.

SQLite gets WAL, foreign keys and a busy timeout on every connection;
`postgresql://` URLs are routed to psycopg 3. A SQLite database file is made
owner-only (0600) before SQLite first opens it, which keeps its -wal and -shm
files private too (storage.private_files). A pooled PostgreSQL connection is
pinged before use only when it sat idle (one just in use is alive). Bound
values are hidden from error messages, because they are pupils' names and
notes and errors get logged.
`session_scope` is the unit of work: one transaction, committed on success and
rolled back on any error, so a log is stored whole or not at all.
`write_scope` is the same for the transactions that write on the hot path (a
message being handled, the inbox): on SQLite it takes the database's write
lock when it begins (`BEGIN IMMEDIATE`, so it waits its turn instead of failing
with "database is locked" when another process wrote meanwhile), one thread of
this process at a time, so the process's own writers never contend for it.
`write_connection` is the same transaction without an ORM session, for the
intake's one-statement writes (core SQL: no unit of work to build and flush).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DisconnectionError
from sqlmodel import Session, create_engine

from storage.private_files import private_sqlite_file

SQLITE_BUSY_TIMEOUT_MS = 5000


def normalise_url(url: str) -> str:
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:" and not database.startswith("file:"):
            private_sqlite_file(database)
        connect_args = {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        engine = create_engine(url, connect_args=connect_args, hide_parameters=True, **kwargs)
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    engine = create_engine(url, hide_parameters=True, **kwargs)
    _ping_after_idle(engine)
    return engine


# A pooled server connection that sat unused may have been closed by the server, a
# proxy or a restart; one that was in use a moment ago has not. `pool_pre_ping` would
# ping on every checkout (a round trip each, three a message on the hot path), so the
# ping is kept for connections idle longer than this.
PING_AFTER_IDLE_SECONDS = 10.0


def _ping_after_idle(engine: Engine) -> None:
    @event.listens_for(engine, "checkin")
    def _note_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["checked_in_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        checked_in_at = record.info.get("checked_in_at")
        if checked_in_at is None or time.monotonic() - checked_in_at < PING_AFTER_IDLE_SECONDS:
            return
        try:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            dbapi_connection.rollback()
        except Exception as error:
            # The pool discards this connection and checks out a fresh one.
            raise DisconnectionError() from error


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """The process-wide engine for a URL (engines own connection pools)."""
    return make_engine(url)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


_write_locks: dict[str, threading.Lock] = {}
_write_locks_guard = threading.Lock()


def _write_lock(engine: Engine) -> threading.Lock:
    key = engine.url.render_as_string(hide_password=True)
    with _write_locks_guard:
        return _write_locks.setdefault(key, threading.Lock())


@contextmanager
def write_scope(engine: Engine) -> Iterator[Session]:
    """A write transaction that waits its turn rather than failing (see the module note)."""
    if engine.dialect.name != "sqlite":
        with session_scope(engine) as session:
            yield session
        return
    with _write_lock(engine), session_scope(engine) as session:
        # pysqlite would begin at the first write, after the reads: too late to wait
        # for the lock. Beginning here, IMMEDIATE, it waits (busy_timeout) instead.
        session.connection().exec_driver_sql("BEGIN IMMEDIATE")
        yield session


@contextmanager
def write_connection(engine: Engine, *, wait: float | None = None) -> Iterator[Connection]:
    """`write_scope` for core SQL: one transaction on a pooled connection, no session.

    `wait` (SQLite): give up with TimeoutError (or "database is locked") after that many
    seconds waiting for the write lock, this process's or another's, instead of the
    busy timeout."""
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            yield connection
        return
    lock = _write_lock(engine)
    if not lock.acquire(timeout=-1 if wait is None else wait):
        raise TimeoutError("the database's write lock stayed taken")
    try:
        with engine.connect() as connection:
            if wait is not None:
                connection.exec_driver_sql(f"PRAGMA busy_timeout={int(wait * 1000)}")
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                try:
                    yield connection
                except BaseException:
                    connection.rollback()
                    raise
                connection.commit()
            finally:
                if wait is not None:
                    connection.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        lock.release()
