"""One number that changes whenever the roster does, so every process notices.

The roster (staff, their chat accounts, pupils and provisions) is cached by
every running process. Any change to those tables, by any process (the CLI, a
second bot, the web pages, a hand-written SQL fix), bumps `rosterversion`
through database triggers, so nothing has to remember to. A process reads
the number at most once per CHECK_SECONDS and drops its caches when it moved:
a roster imported while the bot runs is seen within a couple of seconds, and
a message costs no extra query in between.
"""

from __future__ import annotations

import threading
import time

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

CHECK_SECONDS = 1.0
ROSTER_TABLES = ("staff", "chatidentity", "pupil", "provision")

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION keyworker_bump_roster_version() RETURNS trigger AS $$
BEGIN
    UPDATE rosterversion SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def trigger_names() -> list[str]:
    return [f"roster_version_{table}" for table in ROSTER_TABLES]


def install_triggers(connection: Connection) -> None:
    """Create (or re-create) the triggers; a migration that rebuilds a roster table
    (SQLite batch mode drops its triggers) must call this again."""
    if connection.dialect.name == "postgresql":
        connection.execute(text(_PG_FUNCTION))
        for table, name in zip(ROSTER_TABLES, trigger_names(), strict=True):
            connection.execute(text(f"DROP TRIGGER IF EXISTS {name} ON {table}"))
            connection.execute(
                text(
                    f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION keyworker_bump_roster_version()"
                )
            )
        return
    for table, name in zip(ROSTER_TABLES, trigger_names(), strict=True):
        for op in ("insert", "update", "delete"):
            connection.execute(text(f"DROP TRIGGER IF EXISTS {name}_{op}"))
            connection.execute(
                text(
                    f"CREATE TRIGGER {name}_{op} AFTER {op.upper()} ON {table} BEGIN "
                    "UPDATE rosterversion SET version = version + 1 WHERE id = 1; END"
                )
            )


def read_version(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(
            connection.execute(text("SELECT version FROM rosterversion WHERE id = 1")).scalar_one()
        )


class VersionWatch:
    """The roster version of one database, read at most once per CHECK_SECONDS."""

    def __init__(self, engine: Engine, interval: float = CHECK_SECONDS):
        self.engine = engine
        self.interval = interval
        self._version: int | None = None
        self._read_at = 0.0
        self._lock = threading.Lock()

    def current(self) -> int:
        now = time.monotonic()
        with self._lock:
            if self._version is not None and now - self._read_at < self.interval:
                return self._version
        version = read_version(self.engine)
        with self._lock:
            self._version, self._read_at = version, now
        return version

    def forget(self) -> None:
        """Read the database next time (this process just changed the roster itself)."""
        with self._lock:
            self._version = None


_watches: dict[str, VersionWatch] = {}
_watches_lock = threading.Lock()


def watch_for(engine: Engine) -> VersionWatch:
    key = engine.url.render_as_string(hide_password=True)
    with _watches_lock:
        watch = _watches.get(key)
        if watch is None or watch.engine is not engine:
            watch = _watches[key] = VersionWatch(engine)
        return watch
