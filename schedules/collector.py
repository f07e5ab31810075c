"""Python's cycle collector paused while a scheduled job builds its messages.

A trust's day of jobs holds tens of thousands of result rows, names and texts at
once. They hold no reference cycles, so reference counting frees them; but each
collection of the older generations walks every one of them while they are alive,
and on a trust of 20,000 pupils that was a third of the jobs' CPU time
(bench/bench_schedules.py). The pause lasts one job (seconds); cycles made
meanwhile, by any thread, are collected once it is over. Jobs may overlap (the
scheduler's thread pool, a `schedule run` beside it): the collector comes back
when the last of them ends, and only if it was running before the first began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_jobs_running = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    global _jobs_running, _was_enabled
    with _lock:
        if _jobs_running == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _jobs_running += 1
    try:
        yield
    finally:
        with _lock:
            _jobs_running -= 1
            if _jobs_running == 0 and _was_enabled:
                gc.enable()
