"""The five scheduled jobs, each a pure function `(engine, now, config) -> [PendingMessage]`.

They only read: `schedule preview` prints what they return, the scheduler
hands it to schedules.outbox.enqueue. Nothing is built on a day that is not
a school day. One module per job:

* `parent_follow_ups.follow_ups` (08:00), `annual_reviews.review_reminders` (08:00),
* `provision_nudges.nudges` (13:30), `rpi_nudges.rpi_nudges` (14:45),
  `daily_digest.digest` (15:45).

Every caller builds a job's messages through `build`, which pauses the cycle
collector for the job (schedules.collector). Texts name pupils: each goes to one member of staff by direct message, and
the payload's `pupil_ids` lists every pupil a message names, so the outbox can
audit the delivery per pupil.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from sqlalchemy.engine import Engine

from schedules.collector import collector_paused
from schedules.config import ScheduleConfig
from schedules.jobs.annual_reviews import review_reminders
from schedules.jobs.daily_digest import digest, digest_for_school
from schedules.jobs.parent_follow_ups import follow_ups
from schedules.jobs.provision_nudges import nudges
from schedules.jobs.rpi_nudges import rpi_nudges
from schedules.message import PendingMessage

__all__ = [
    "JOBS",
    "build",
    "digest",
    "digest_for_school",
    "follow_ups",
    "messages_for_day",
    "nudges",
    "review_reminders",
    "rpi_nudges",
]

Job = Callable[[Engine, datetime, ScheduleConfig], list[PendingMessage]]

JOBS: dict[str, Job] = {
    "follow_ups": follow_ups,
    "review_reminders": review_reminders,
    "nudges": nudges,
    "rpi_nudges": rpi_nudges,
    "digest": digest,
}


def build(name: str, engine: Engine, now: datetime, config: ScheduleConfig) -> list[PendingMessage]:
    """Job `name`'s messages as at `now`, built with the cycle collector paused."""
    with collector_paused():
        return JOBS[name](engine, now, config)


def messages_for_day(
    engine: Engine, day: date, config: ScheduleConfig, until: time | None = None
) -> list[PendingMessage]:
    """Everything the jobs would send on `day` (up to `until`), each job run at its own time."""
    order = sorted(JOBS, key=lambda name: (config.job_time(name), list(JOBS).index(name)))
    out: list[PendingMessage] = []
    for name in order:
        at = config.job_time(name)
        if until is not None and at > until:
            continue
        out.extend(build(name, engine, datetime.combine(day, at, tzinfo=config.tz), config))
    return out
