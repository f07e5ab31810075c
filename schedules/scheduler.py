"""Running the jobs on time: APScheduler 3.x, elected to one process.

* One BackgroundScheduler, its jobs kept in the app database
  (SQLAlchemyJobStore, table `apscheduler_jobs`, created by APScheduler), every
  trigger in the school's time zone, weekdays only (each job also checks the
  school calendar), fixed ids with `replace_existing=True`.
* `coalesce=True` and a 4-hour `misfire_grace_time`: a bot down from 15:30 to
  16:10 runs the 15:45 digest once when it comes back. Re-adding a job would
  reset its next run time and lose that catch-up, so a stored job's pending
  run time is carried over when the trigger is unchanged; the outbox keys make
  any second run a no-op.
* Jobs are module-level functions (the store pickles a reference) and find the
  engine, config and sender in `_runtime`, set by the process that won.
* PostgreSQL: several bot processes may run; only the holder of a session
  advisory lock (`pg_try_advisory_lock`, on a dedicated connection kept for the
  process lifetime) starts the scheduler. The others retry every
  `lock_retry_seconds` and take over if the holder dies (its connection closes,
  the lock goes). SQLite: one process, no election.
* Safeguarding alerts do not wait for the minute: every process, elected or
  not, runs a schedules.alert_sender.AlertSender, woken as soon as an alert commits.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from schedules.alert_sender import AlertSender
from schedules.config import JOB_NAMES, ScheduleConfig
from schedules.jobs import build
from schedules.outbox import Send, deliver_pending, enqueue

log = logging.getLogger(__name__)

# "KWSCHED" as an integer: the advisory lock id every Keyworker process agrees on.
ADVISORY_LOCK_KEY = 0x4B57_5343_4845_44
MISFIRE_GRACE_SECONDS = 4 * 3600
DELIVER_EVERY_SECONDS = 60
JOBSTORE_TABLE = "apscheduler_jobs"


@dataclass
class Runtime:
    engine: Engine
    config: ScheduleConfig
    send: Send


_runtime: Runtime | None = None


def run_job(name: str) -> None:
    """A scheduled job: build its messages, store them once, then try to send them."""
    runtime = _runtime
    if runtime is None:
        log.error("scheduled job %s fired with no runtime configured; skipped", name)
        return
    now = datetime.now(runtime.config.tz)
    messages = build(name, runtime.engine, now, runtime.config)
    added = enqueue(runtime.engine, messages)
    log.info(
        "job %s at %s: %d message(s), %d new",
        name,
        now.isoformat(timespec="minutes"),
        len(messages),
        added,
    )
    deliver_pending(runtime.engine, runtime.send, config=runtime.config)


def deliver_outbox() -> None:
    """Every minute: retry what failed and send anything a job or handler queued."""
    runtime = _runtime
    if runtime is not None:
        deliver_pending(runtime.engine, runtime.send, config=runtime.config)


def build_scheduler(engine: Engine, config: ScheduleConfig) -> BackgroundScheduler:
    return BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=engine, tablename=JOBSTORE_TABLE)},
        job_defaults={
            "coalesce": True,
            "misfire_grace_time": MISFIRE_GRACE_SECONDS,
            "max_instances": 1,
        },
        timezone=config.tz,
    )


def _add_jobs(scheduler: BackgroundScheduler, config: ScheduleConfig) -> None:
    for name in JOB_NAMES:
        at = config.job_time(name)
        trigger = CronTrigger(
            day_of_week="mon-fri", hour=at.hour, minute=at.minute, timezone=config.tz
        )
        _add(scheduler, run_job, trigger, name, args=[name])
    _add(
        scheduler,
        deliver_outbox,
        IntervalTrigger(seconds=DELIVER_EVERY_SECONDS, timezone=config.tz),
        "deliver_outbox",
    )


def _add(scheduler: BackgroundScheduler, func, trigger, job_id: str, args=()) -> None:
    stored = scheduler.get_job(job_id)
    keep = {}
    if (
        stored is not None
        and stored.next_run_time is not None
        and str(stored.trigger) == str(trigger)
    ):
        keep["next_run_time"] = stored.next_run_time  # a run missed while we were down
    scheduler.add_job(
        func, trigger, args=list(args), id=job_id, name=job_id, replace_existing=True, **keep
    )


class LeaderLock:
    """A PostgreSQL session advisory lock held on its own connection."""

    def __init__(self, engine: Engine, key: int = ADVISORY_LOCK_KEY):
        self.engine = engine
        self.key = key
        self._conn: Connection | None = None

    @property
    def held(self) -> bool:
        return self._conn is not None

    def try_acquire(self) -> bool:
        if self._conn is not None:
            return True
        # AUTOCOMMIT: hold the lock without holding a transaction open for days.
        conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            got = bool(
                conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}).scalar()
            )
        except Exception:
            conn.close()
            raise
        if not got:
            conn.close()
            return False
        self._conn = conn
        return True

    def alive(self) -> bool:
        """False once the connection holding the lock has gone (and the lock with it)."""
        if self._conn is None:
            return False
        try:
            self._conn.execute(text("SELECT 1"))
            return True
        except Exception:
            self._drop()
            return False

    def release(self) -> None:
        if self._conn is None:
            return
        try:
            self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
        except Exception:  # the connection is already gone, and the lock with it
            log.debug("advisory unlock failed", exc_info=True)
        self._drop()

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.invalidate()  # never hand a lock-holding connection back to the pool
                conn.close()
            except Exception:
                log.debug("closing the lock connection failed", exc_info=True)


class SchedulerService:
    """The scheduler as a `bot.runner` service: `start()` returns at once, `stop()` ends it."""

    def __init__(
        self,
        engine: Engine,
        config: ScheduleConfig,
        send: Send,
        *,
        lock_retry_seconds: float = 30.0,
    ):
        self.engine = engine
        self.config = config
        self.send = send
        self.lock_retry_seconds = lock_retry_seconds
        self.scheduler: BackgroundScheduler | None = None
        self.lock = LeaderLock(engine) if engine.dialect.name == "postgresql" else None
        self.leading = threading.Event()
        self.election_rounds = 0
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.alerts = AlertSender(engine, config, send)

    def start(self) -> SchedulerService:
        self.alerts.start()
        if self.lock is None:
            self._start_scheduler()
        else:
            self._thread = threading.Thread(
                target=self._elect, name="keyworker-scheduler-election", daemon=True
            )
            self._thread.start()
        return self

    def _elect(self) -> None:
        while not self._stopping.is_set():
            try:
                if self.scheduler is None and self.lock.try_acquire():
                    log.info("this process holds the scheduler lock: starting the scheduler")
                    self._start_scheduler()
                elif self.scheduler is not None and not self.lock.alive():
                    log.warning("lost the scheduler lock (database connection gone): standing down")
                    self._stop_scheduler()
            except Exception:
                log.exception("scheduler election failed; will retry")
            self.election_rounds += 1
            self._stopping.wait(self.lock_retry_seconds)

    def _start_scheduler(self) -> None:
        global _runtime
        _runtime = Runtime(self.engine, self.config, self.send)
        scheduler = build_scheduler(self.engine, self.config)
        scheduler.start(paused=True)
        _add_jobs(scheduler, self.config)
        scheduler.resume()
        self.scheduler = scheduler
        self.leading.set()

    def _stop_scheduler(self) -> None:
        scheduler, self.scheduler = self.scheduler, None
        self.leading.clear()
        if scheduler is not None and scheduler.running:
            scheduler.shutdown(wait=True)

    def stop(self) -> None:
        self.alerts.stop()
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._stop_scheduler()
        if self.lock is not None:
            self.lock.release()


def start_scheduler(
    engine: Engine, config: ScheduleConfig, send: Send, **kwargs
) -> SchedulerService:
    return SchedulerService(engine, config, send, **kwargs).start()
