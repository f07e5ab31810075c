"""Many staff logging at once through the Slack endpoint: each log stored exactly once.

The full-size load test (50 staff, 2,000 logs in a minute) is bench/bench_load.py;
this is the same shape, small enough for every test run, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func
from sqlmodel import select

from storage.db import session_scope
from storage.models import SessionLog
from tests.support.fake_slack import signed_request, slash_body
from tests.support.school import add_slack_staff

from .conftest import SECRET

STAFF = 10
EACH = 12


def test_concurrent_logs_and_retries_are_each_stored_once(slack, fake_slack, sample_school):
    users = add_slack_staff(sample_school, STAFF)

    def staff_member(n: int) -> list[int]:
        statuses = []
        for i in range(EACH):
            body = slash_body(
                user=users[n],
                text=f"Freya phonics 20 mins load-{n}-{i}",
                trigger_id=f"{n}.{i}.load",
                response_url=fake_slack.response_url(f"l{n}"),
            )
            statuses.append(
                signed_request(
                    slack.url, body, SECRET, content_type="application/x-www-form-urlencoded"
                )[0]
            )
            if i % 4 == 0:  # the same request delivered again
                statuses.append(
                    signed_request(
                        slack.url,
                        body,
                        SECRET,
                        content_type="application/x-www-form-urlencoded",
                        headers={"X-Slack-Retry-Num": "1"},
                    )[0]
                )
        return statuses

    with ThreadPoolExecutor(STAFF) as pool:
        statuses = [s for result in pool.map(staff_member, range(STAFF)) for s in result]
    assert set(statuses) == {200}
    expected = STAFF * EACH
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with session_scope(sample_school) as session:
            stored = session.exec(select(func.count()).select_from(SessionLog)).one()
        if stored >= expected:
            break
        time.sleep(0.1)
    with session_scope(sample_school) as session:
        notes = session.exec(select(SessionLog.notes)).all()
    assert sorted(notes) == sorted(f"load-{n}-{i}" for n in range(STAFF) for i in range(EACH))
