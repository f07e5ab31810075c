"""The in-process bell the urgent sender waits on: rung once an alert's transaction commits.

A safeguarding alert is written to the outbox inside the message's own
transaction; `ring_after_commit(session)` rings the bell only if (and once)
that transaction commits, so the sender (schedules.alerts) never wakes for a
row that was rolled back, and never waits out its poll for one that was
stored. Other processes on the same PostgreSQL database are not rung: the
process that committed the alert always runs its own sender, and every
sender also polls for unsent urgent rows every few seconds.
"""

from __future__ import annotations

import threading

from sqlalchemy import event
from sqlmodel import Session

_bell = threading.Event()


def ring() -> None:
    _bell.set()


def ring_after_commit(session: Session) -> None:
    event.listen(session, "after_commit", lambda _session: ring(), once=True)


def wait(timeout: float) -> bool:
    """Block until rung or `timeout` seconds pass; True if rung. Clears the bell."""
    rung = _bell.wait(timeout)
    _bell.clear()
    return rung
