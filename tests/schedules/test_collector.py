"""The cycle collector is paused while a job builds its messages, and comes back after."""

from __future__ import annotations

import gc
import threading
from datetime import datetime

import pytest

from schedules import jobs
from schedules.collector import collector_paused
from tests.schedules.conftest import CONFIG


@pytest.fixture(autouse=True)
def collector_running():
    assert gc.isenabled()
    yield
    gc.enable()


def test_every_job_is_built_with_the_collector_paused(school, monkeypatch):
    seen: list[bool] = []

    def job(engine, now, config):
        seen.append(gc.isenabled())
        return []

    monkeypatch.setattr(jobs, "JOBS", dict.fromkeys(jobs.JOBS, job))
    assert jobs.messages_for_day(school.engine, datetime(2026, 11, 18).date(), CONFIG) == []
    assert seen == [False] * 5 and gc.isenabled()


def test_the_collector_comes_back_when_a_job_fails(school, monkeypatch):
    def job(engine, now, config):
        raise RuntimeError("database went away")

    monkeypatch.setitem(jobs.JOBS, "digest", job)
    with pytest.raises(RuntimeError):
        jobs.build("digest", school.engine, datetime(2026, 11, 18, 15, 45), CONFIG)
    assert gc.isenabled()


def test_overlapping_jobs_leave_it_paused_until_the_last_ends():
    first_in, second_done = threading.Event(), threading.Event()
    states: list[bool] = []

    def other_job():
        with collector_paused():
            first_in.set()
            second_done.wait(5)
            states.append(gc.isenabled())

    worker = threading.Thread(target=other_job)
    worker.start()
    first_in.wait(5)
    with collector_paused():
        states.append(gc.isenabled())
    second_done.set()
    worker.join(5)
    assert states == [False, False] and gc.isenabled()


def test_a_collector_someone_else_turned_off_stays_off():
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()
