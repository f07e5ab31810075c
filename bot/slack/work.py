"""A bounded thread pool for the Slack app's slow work, drained (with a limit) on stop.

Why the app has pools of its own: Bolt runs each listener in the thread that
took the request (process_before_response) and answers Slack when it returns,
and its lazy listeners share a small pool, so slow work there (a /report, a
busy database) would hold the request and the next ack would miss Slack's 3
seconds. Keyworker's listeners only store and ack, or ack and hand their work to
a `WorkPool` (a modal submission waits at most SUBMIT_BUDGET before acking).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

log = logging.getLogger(__name__)


class WorkPool:
    def __init__(self, workers: int, name: str):
        self.name = name
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)
        self._pending: set[Future] = set()
        self._lock = threading.Lock()

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Future:
        future = self._pool.submit(fn, *args)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._done)
        return future

    def _done(self, future: Future) -> None:
        with self._lock:
            self._pending.discard(future)

    def stop(self, timeout: float) -> None:
        """Take no more work; let what was acked finish (it may be a log being stored), up to `timeout`."""
        self._pool.shutdown(wait=False)
        with self._lock:
            pending = set(self._pending)
        _, unfinished = wait(pending, timeout=timeout)
        if unfinished:
            log.warning(
                "%s: %d task(s) still running after %.0f s", self.name, len(unfinished), timeout
            )
