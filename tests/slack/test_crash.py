"""A 200 means stored: a real `keyworker run` (Slack HTTP mode) is killed with
SIGKILL while its database is stalled and messages are in flight, then started
again. Every message Slack got a 200 for is stored exactly once, and its sender
was told it was logged. Then the same through a 20 s PostgreSQL outage.

The stall is another connection holding the write lock (SQLite) or an exclusive
lock on the inbox (PostgreSQL): inserts wait, so the intake's accept budget runs
out and deliveries go to the spool; rows already in the inbox wait half-handled.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from bot.spool import FILE_NAME
from storage import inbox
from storage.db import session_scope
from storage.models import SessionLog
from tests.support.fake_slack import FakeSlack, signed_request, slash_body
from tests.support.keyworker_process import KeyworkerProcess
from tests.support.postgres import NoPostgres, PrivateCluster, fresh_database
from tests.support.school import add_slack_staff, load_school, migrated_engine

from .conftest import SECRET

STAFF = 6
FORM = "application/x-www-form-urlencoded"


def keyworker(url: str, fake: FakeSlack, folder: Path) -> KeyworkerProcess:
    return KeyworkerProcess.slack_http(url, fake.api_url, SECRET, folder)


class Sender:
    """Slack delivering slash commands from several staff at once; remembers which it
    got a 200 for."""

    def __init__(self, fake: FakeSlack, users: list[str]) -> None:
        self.fake = fake
        self.users = users
        self.acknowledged: list[str] = []
        self.url = ""

    def one(self, marker: str, user: str) -> None:
        body = slash_body(
            user=user,
            text=f"Freya phonics 20 mins {marker}",
            trigger_id=f"{marker}.trig",
            response_url=self.fake.response_url(marker),
        )
        try:
            status, _ = signed_request(self.url, body, SECRET, content_type=FORM, timeout=10)
        except OSError:
            return  # no answer (the process was killed): Slack would show an error
        if status == 200:
            self.acknowledged.append(marker)

    def burst(self, label: str, each: int, pool: ThreadPoolExecutor) -> list:
        return [
            pool.submit(self.one, f"{label}-{n}-{i}", user)
            for i in range(each)
            for n, user in enumerate(self.users)
        ]


def stored_markers(engine: Engine) -> list[str]:
    with session_scope(engine) as session:
        return [notes for (notes,) in session.execute(select(SessionLog.notes))]


def settled(engine: Engine, spool: Path) -> bool:
    try:
        with engine.connect() as connection:
            open_rows = inbox.count_open(connection)
    except Exception:
        return False  # the database is still away
    return not open_rows and not (spool.exists() and spool.stat().st_size)


def answered(fake: FakeSlack, marker: str) -> bool:
    return any(
        c.path.endswith(f"/{marker}") and "Logged ✓" in str(c.params.get("text", ""))
        for c in fake.calls_to("response_url")
    )


def wait_until(condition: Callable[[], bool], timeout: float, what: str, kw=None) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} within {timeout}s" + (f"\n{kw.log()}" if kw else ""))
        time.sleep(0.2)


def assert_every_acknowledged_message_kept(engine, fake, sender, spool, kw) -> None:
    wait_until(lambda: settled(engine, spool), 60, "the inbox and spool never emptied", kw)
    wait_until(
        lambda: all(answered(fake, m) for m in sender.acknowledged),
        30,
        "some acknowledged messages were never answered",
        kw,
    )
    stored = stored_markers(engine)
    assert len(stored) == len(set(stored)), "a message was stored twice"
    missing = set(sender.acknowledged) - set(stored)
    assert not missing, f"acknowledged but not stored: {sorted(missing)}"


@contextmanager
def stalled(engine: Engine) -> Iterator[None]:
    """Another connection holds the lock every write needs, until the block ends."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        blocker = sqlite3.connect(url.database, isolation_level=None, timeout=30)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
    else:
        dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(dsn) as blocker:
            blocker.execute("LOCK TABLE inboxmessage IN ACCESS EXCLUSIVE MODE")
            yield
            blocker.rollback()


def test_killed_during_a_stall_every_acknowledged_message_is_stored_once_and_answered(
    sample_school, fake_slack, tmp_path
):
    users = add_slack_staff(sample_school, STAFF)
    url = sample_school.url.render_as_string(hide_password=False)
    kw = keyworker(url, fake_slack, tmp_path).start()
    spool = tmp_path / "data" / "spool" / FILE_NAME
    sender = Sender(fake_slack, users)
    sender.url = f"{kw.url}/slack/events"
    try:
        with ThreadPoolExecutor(STAFF * 2) as pool:
            for done in sender.burst("before", 3, pool):
                done.result()
            in_flight = sender.burst("during", 4, pool)  # still arriving as the stall starts
            with stalled(sample_school):
                held = sender.burst("held", 3, pool)
                for done in in_flight + held:
                    done.result()
                assert spool.exists() and spool.stat().st_size, "nothing was spooled"
                kw.kill()
        assert len(sender.acknowledged) == STAFF * 10, "every delivery was acknowledged"
        kw.start()
        assert_every_acknowledged_message_kept(sample_school, fake_slack, sender, spool, kw)
    finally:
        kw.stop()


@pytest.fixture
def private_postgres(samples_dir) -> Iterator[tuple[PrivateCluster, Engine]]:
    """A server of this test's own, to stop and start (the suite's is shared)."""
    try:
        cluster = PrivateCluster().start()
    except NoPostgres as why:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required in CI: {why}")
        pytest.skip(f"PostgreSQL tests skipped: {why}")
    try:
        with fresh_database(cluster.url) as url:
            engine = migrated_engine(url)
            load_school(engine, samples_dir)
            yield cluster, engine
            engine.dispose()
    finally:
        cluster.destroy()


@pytest.mark.postgres
def test_a_20_second_postgres_outage_loses_nothing_acknowledged(
    private_postgres, fake_slack, tmp_path
):
    cluster, engine = private_postgres
    users = add_slack_staff(engine, STAFF)
    kw = keyworker(engine.url.render_as_string(hide_password=False), fake_slack, tmp_path)
    kw.start()
    spool = tmp_path / "data" / "spool" / FILE_NAME
    sender = Sender(fake_slack, users)
    sender.url = f"{kw.url}/slack/events"
    try:
        with ThreadPoolExecutor(STAFF * 2) as pool:
            for done in sender.burst("before", 2, pool):
                done.result()
            in_flight = sender.burst("stopping", 3, pool)
            cluster.stop()
            outage_ends = time.monotonic() + 20
            during: list = []
            while time.monotonic() < outage_ends:
                during += sender.burst(f"down{len(during)}", 1, pool)
                time.sleep(1.0)
            for done in in_flight + during:
                done.result()
            cluster.start()
        assert len(sender.acknowledged) >= STAFF * 20, "deliveries were acknowledged while down"
        assert_every_acknowledged_message_kept(engine, fake_slack, sender, spool, kw)
        with session_scope(engine) as session:
            assert session.execute(select(func.count()).select_from(SessionLog)).scalar_one() == (
                len(sender.acknowledged)
            )
    finally:
        kw.stop()
