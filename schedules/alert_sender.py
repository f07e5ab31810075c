"""The urgent sender: safeguarding alerts out within seconds of being raised.

Runs in every `keyworker run` process, not only the one holding the scheduler
lock. It is woken by the commit that stores an alert (storage.outbox_bell) and
also polls every POLL_SECONDS for unsent alert rows (another process's, a
retry, a crashed send), delivering them through the outbox's one sender and
passing unacknowledged alerts down the chain (schedules.alerts).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy.engine import Engine

from schedules.alerts import escalate_unacknowledged
from schedules.config import ScheduleConfig
from schedules.outbox import deliver_pending
from storage import outbox_bell
from storage.models import URGENT_JOBS

log = logging.getLogger(__name__)

POLL_SECONDS = 5.0


class AlertSender:
    """The urgent sender as a service: `start()` returns at once, `stop()` ends it."""

    def __init__(
        self,
        engine: Engine,
        config: ScheduleConfig,
        send: Callable[..., object],
        *,
        poll_seconds: float = POLL_SECONDS,
        clock: Callable[[], datetime] | None = None,
    ):
        self.engine = engine
        self.config = config
        self.send = send
        self.poll_seconds = poll_seconds
        self.clock = clock or (lambda: datetime.now(UTC))
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> AlertSender:
        self._thread = threading.Thread(target=self._run, name="keyworker-alerts", daemon=True)
        self._thread.start()
        return self

    def run_once(self) -> None:
        deliver_pending(self.engine, self.send, self.clock, jobs=URGENT_JOBS, config=self.config)
        escalate_unacknowledged(self.engine, self.clock(), self.config)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self.run_once()
            except Exception:  # the database may be down: keep trying, never die
                log.exception("urgent delivery round failed; retrying")
            outbox_bell.wait(self.poll_seconds)

    def stop(self) -> None:
        self._stopping.set()
        outbox_bell.ring()
        if self._thread is not None:
            self._thread.join(timeout=10)
