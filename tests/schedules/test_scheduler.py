"""The real APScheduler on the app database: restarts, time zones and the leader lock."""

from __future__ import annotations

import time as _time
from datetime import datetime

import pytest
import time_machine
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import text
from sqlmodel import Session, func, select

from schedules.scheduler import ADVISORY_LOCK_KEY, JOBSTORE_TABLE, SchedulerService
from storage.models import OutboxMessage
from tests.conftest import LONDON
from tests.schedules.conftest import BETH, CONFIG, Recorder, at


def _poll(condition, timeout: float = 15.0) -> bool:
    deadline = _time.monotonic() + timeout
    while _time.monotonic() < deadline:
        if condition():
            return True
        _time.sleep(0.02)
    return False


def _digests(engine) -> int:
    with Session(engine) as s:
        return s.exec(
            select(func.count(OutboxMessage.id)).where(OutboxMessage.job == "digest")
        ).one()


def _started(service: SchedulerService) -> SchedulerService:
    """On PostgreSQL the scheduler starts once the leader lock is won, a moment later."""
    assert service.leading.wait(15), "the scheduler never started"
    return service


def test_restart_at_1610_sends_the_1545_digest_once(school):
    recorder = Recorder()
    digest_key = f"digest:{school.staff[BETH]}:2026-11-18"
    with time_machine.travel(at("2026-11-18", "15:00"), tick=True):
        first = _started(SchedulerService(school.engine, CONFIG, recorder).start())
        assert first.scheduler.get_job("digest").next_run_time == at("2026-11-18", "15:45")
        first.stop()  # the bot goes down before 15:45
    with time_machine.travel(at("2026-11-18", "16:10"), tick=True):
        second = _started(SchedulerService(school.engine, CONFIG, recorder).start())
        try:
            recorder.wait_for(lambda r: digest_key in r.keys())  # noqa: SIM118
            assert second.scheduler.get_job("digest").next_run_time == at("2026-11-19", "15:45")
            assert _poll(
                lambda: (
                    second.scheduler.get_job("deliver_outbox").next_run_time > datetime.now(LONDON)
                )
            )
        finally:
            second.stop()
    with time_machine.travel(at("2026-11-18", "16:20"), tick=True):
        third = _started(SchedulerService(school.engine, CONFIG, recorder).start())
        try:
            assert third.scheduler.get_job("digest").next_run_time == at("2026-11-19", "15:45")
            assert len(third.scheduler.get_jobs()) == 6  # fixed ids: replaced, never duplicated
        finally:
            third.stop()
    assert recorder.keys().count(digest_key) == 1
    assert _digests(school.engine) == 1


def test_triggers_stay_on_school_local_time_across_the_clock_change():
    trigger = CronTrigger(day_of_week="mon-fri", hour=8, minute=0, timezone=CONFIG.tz)
    friday = trigger.get_next_fire_time(None, at("2026-10-23", "07:00"))
    monday = trigger.get_next_fire_time(friday, friday.replace(hour=9))
    assert friday.utcoffset().total_seconds() == 3600 and friday.hour == 8  # BST: 07:00 UTC
    assert monday == at("2026-10-26", "08:00") and monday.utcoffset().total_seconds() == 0  # GMT


@pytest.mark.postgres
def test_only_one_scheduler_runs_on_postgresql(postgres_url):
    from tests.support.school import migrated_engine

    engine_a, engine_b = migrated_engine(postgres_url), migrated_engine(postgres_url)
    recorder = Recorder()
    a = SchedulerService(engine_a, CONFIG, recorder, lock_retry_seconds=0.05).start()
    b = SchedulerService(engine_b, CONFIG, recorder, lock_retry_seconds=0.05).start()
    try:
        assert a.leading.wait(15) or b.leading.wait(15)
        leader, follower = (a, b) if a.leading.is_set() else (b, a)
        rounds = follower.election_rounds
        assert _poll(lambda: follower.election_rounds >= rounds + 5)
        assert not follower.leading.is_set() and follower.scheduler is None
        with engine_a.connect() as conn:
            holders = conn.execute(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                    "AND ((classid::bigint << 32) | objid::bigint) = :k"
                ),
                {"k": ADVISORY_LOCK_KEY},
            ).scalar()
            jobs = conn.execute(text(f"SELECT count(*) FROM {JOBSTORE_TABLE}")).scalar()
        assert holders == 1 and jobs == 6
        leader.stop()  # the leader's process ends: the other takes over
        assert follower.leading.wait(15)
        assert len(follower.scheduler.get_jobs()) == 6
    finally:
        a.stop()
        b.stop()
        engine_a.dispose()
        engine_b.dispose()
