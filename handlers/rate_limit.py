"""Rate limits at the front door, so nobody can flood the audit trail or the database.

`admit` runs once per inbound message, before anything is written for it:

* an account the bot doesn't know gets its "ask to be linked" reply (and its
  audit row) at most UNKNOWN_PER_ACCOUNT times an hour, and all strangers
  together at most UNKNOWN_PER_HOUR times an hour; past that they get silence
  and nothing is stored. Linking lifts it at once: the check is made against
  the staff table every time, the counters only count strangers.
* a linked staff member may send KNOWN_PER_MINUTE messages a minute and
  KNOWN_PER_HOUR an hour (far more than anyone logs by hand); past that they
  are told plainly that nothing was stored and to send it again in a minute.

The console is not limited: whoever types there already has a shell on the
server, and piping a day's notes into it must not be throttled.

Counters live in memory, per process and per database engine, timed by each
message's received_at: with several processes behind a load balancer each
keeps its own, so the ceilings multiply by the number of processes.
"""

from __future__ import annotations

import threading
from collections import deque
from datetime import datetime, timedelta
from weakref import WeakKeyDictionary

from sqlalchemy.engine import Engine
from sqlmodel import Session

from handlers.roster_cache import staff_for_chat
from handlers.types import Inbound, Reply

UNKNOWN_PER_ACCOUNT = 5
UNKNOWN_PER_HOUR = 200
KNOWN_PER_MINUTE = 60
KNOWN_PER_HOUR = 1000
HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)
# Accounts tracked at once; past it, the oldest quiet ones are forgotten first.
MAX_TRACKED = 10_000

SLOW_DOWN = (
    "You're sending messages faster than I can take them, so I haven't stored that one. "
    "Please wait a minute and send it again."
)

Key = tuple[str, str]


class _Window:
    """Times of the events allowed in the last `span`, for one account (or everyone)."""

    def __init__(self) -> None:
        self.times: deque[datetime] = deque()

    def count(self, now: datetime, span: timedelta) -> int:
        while self.times and self.times[0] <= now - span:
            self.times.popleft()
        return len(self.times)


class Limits:
    """The counters for one database (one school trust's bot)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.strangers: dict[Key, _Window] = {}
        self.all_strangers = _Window()
        self.staff: dict[Key, _Window] = {}

    def stranger_may_be_answered(self, key: Key, now: datetime) -> bool:
        with self.lock:
            mine = self._window(self.strangers, key, now, HOUR)
            if mine.count(now, HOUR) >= UNKNOWN_PER_ACCOUNT:
                return False
            if self.all_strangers.count(now, HOUR) >= UNKNOWN_PER_HOUR:
                return False
            mine.times.append(now)
            self.all_strangers.times.append(now)
            return True

    def staff_may_send(self, key: Key, now: datetime) -> bool:
        with self.lock:
            mine = self._window(self.staff, key, now, HOUR)
            in_hour = mine.count(now, HOUR)
            in_minute = sum(1 for at in mine.times if at > now - MINUTE)
            if in_hour >= KNOWN_PER_HOUR or in_minute >= KNOWN_PER_MINUTE:
                return False
            mine.times.append(now)
            return True

    @staticmethod
    def _window(table: dict[Key, _Window], key: Key, now: datetime, span: timedelta) -> _Window:
        window = table.get(key)
        if window is None:
            if len(table) >= MAX_TRACKED:
                for stale in [k for k, w in table.items() if w.count(now, span) == 0]:
                    del table[stale]
                while len(table) >= MAX_TRACKED:
                    del table[next(iter(table))]
            window = table[key] = _Window()
        return window


_limits: WeakKeyDictionary[Engine, Limits] = WeakKeyDictionary()
_limits_lock = threading.Lock()


def limits_for(engine: Engine) -> Limits:
    with _limits_lock:
        found = _limits.get(engine)
        if found is None:
            found = _limits[engine] = Limits()
        return found


def admit(session: Session, inbound: Inbound) -> Reply | None:
    """None to handle the message; else the reply to give instead (silence for a stranger)."""
    if inbound.platform == "console":
        return None
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    limits = limits_for(engine)
    key = (inbound.platform, inbound.user_id)
    if staff_for_chat(session, inbound.platform, inbound.user_id) is None:
        if limits.stranger_may_be_answered(key, inbound.received_at):
            return None
        return Reply(text="", duplicate=True, linked=False)  # adapters send nothing
    if limits.staff_may_send(key, inbound.received_at):
        return None
    return Reply(text=SLOW_DOWN, private=True)
