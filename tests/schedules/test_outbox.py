"""The outbox on SQLite and PostgreSQL: stored once, sent once, retried, never lost."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from schedules.message import PendingMessage
from schedules.outbox import LEASE, backoff, deliver_pending, enqueue
from storage.db import session_scope
from storage.identity import get_or_create_school
from storage.models import OutboxMessage, Staff
from tests.schedules.conftest import Recorder

T0 = datetime(2026, 11, 18, 15, 45, tzinfo=UTC)


@pytest.fixture
def staff_id(any_engine) -> int:
    with session_scope(any_engine) as s:
        school = get_or_create_school(s)
        staff = Staff(
            school_id=school.id,
            email="beth.moss@brookfield.example",
            name="Beth Moss",
            role="senco",
        )
        s.add(staff)
        s.flush()
        return staff.id


def _messages(staff_id: int, n: int = 3) -> list[PendingMessage]:
    return [
        PendingMessage(
            f"digest:{staff_id}:2026-11-{10 + i}",
            "digest",
            1,
            staff_id,
            "beth.moss@brookfield.example",
            f"digest {i}",
            {
                "choices": [{"label": "OK", "value": "x:1", "style": None}],
                "attachments": [
                    {
                        "filename": "a.png",
                        "mime_type": "image/png",
                        "title": "",
                        "content_b64": "iVBORw==",
                    }
                ],
            },
        )
        for i in range(n)
    ]


def _rows(engine) -> list[OutboxMessage]:
    with Session(engine) as s:
        return list(s.exec(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_enqueue_twice_stores_once_and_delivers_once(any_engine, staff_id):
    assert enqueue(any_engine, _messages(staff_id), T0) == 3
    assert enqueue(any_engine, _messages(staff_id), T0) == 0
    send = Recorder()
    assert deliver_pending(any_engine, send, T0).sent == 3
    assert deliver_pending(any_engine, send, T0 + timedelta(hours=1)).sent == 0
    assert len(send.keys()) == 3
    message, recipient = send.calls[0]
    assert message.choices[0].value == "x:1" and message.attachments[0].content.startswith(
        b"\x89PNG"
    )
    assert recipient.email == "beth.moss@brookfield.example"
    assert {r.status for r in _rows(any_engine)} == {"sent"}


def test_enqueue_stores_every_field_as_given_on_both_databases(any_engine, staff_id):
    messages = [
        *_messages(staff_id, 2),
        PendingMessage("trust:1", "digest", 1, staff_id, "", "t", {}),
    ]
    # A key twice in one batch is stored once, as across batches.
    assert enqueue(any_engine, [*messages, messages[0]], T0) == 3
    rows = {r.key: r for r in _rows(any_engine)}
    for m in messages:
        row = rows[m.key]
        assert (row.job, row.school_id, row.recipient_id, row.text) == (
            m.job,
            m.school_id,
            m.recipient_id,
            m.text,
        )
        assert row.payload == m.payload
        assert (row.status, row.attempts) == ("pending", 0)
        assert row.next_attempt_at.astimezone(UTC) == T0 == row.created_at.astimezone(UTC)


def test_fails_twice_then_succeeds_with_back_off(any_engine, staff_id):
    enqueue(any_engine, _messages(staff_id, 1), T0)
    send = Recorder(fail_first=2)
    report = deliver_pending(any_engine, send, T0)
    assert (report.sent, report.retrying) == (0, 1)
    [row] = _rows(any_engine)
    assert (
        row.status == "pending" and row.attempts == 1 and "platform unavailable" in row.last_error
    )
    assert row.next_attempt_at == T0 + backoff(1) == T0 + timedelta(seconds=30)
    assert not deliver_pending(any_engine, send, T0 + timedelta(seconds=29))  # not due yet
    deliver_pending(any_engine, send, T0 + timedelta(seconds=30))
    [row] = _rows(any_engine)
    assert row.attempts == 2 and row.next_attempt_at == T0 + timedelta(seconds=30) + timedelta(
        minutes=1
    )
    assert deliver_pending(any_engine, send, T0 + timedelta(minutes=2)).sent == 1
    [row] = _rows(any_engine)
    assert row.status == "sent" and row.attempts == 3 and row.last_error is None
    assert send.attempts == 3 and len(send.calls) == 1


def test_an_hour_long_outage_ends_with_each_message_sent_once(any_engine, staff_id):
    enqueue(any_engine, _messages(staff_id), T0)
    down_until = T0 + timedelta(hours=1)
    clock = {"now": T0}
    delivered = []

    def send(message, recipient):
        if clock["now"] < down_until:
            raise ConnectionError("Slack is down")
        delivered.append(message.key)

    # the scheduler's delivery job, every minute for two hours
    for minute in range(120):
        clock["now"] = T0 + timedelta(minutes=minute)
        deliver_pending(any_engine, send, clock["now"])
    assert sorted(delivered) == sorted(m.key for m in _messages(staff_id))
    assert {r.status for r in _rows(any_engine)} == {"sent"}
    assert max(backoff(n) for n in range(1, 30)) == timedelta(minutes=15)


def test_a_crash_mid_send_is_retried_after_the_lease_only(any_engine, staff_id):
    enqueue(any_engine, _messages(staff_id, 2), T0)

    class Crash(BaseException):
        pass

    def dies(message, recipient):
        raise Crash  # the process is killed after claiming, before the platform call returns

    with pytest.raises(Crash):
        deliver_pending(any_engine, dies, T0)
    rows = _rows(any_engine)
    assert [r.status for r in rows] == ["sending", "pending"]
    send = Recorder()
    deliver_pending(any_engine, send, T0 + timedelta(minutes=1))  # restarted: the other row only
    assert send.keys() == [rows[1].key]
    deliver_pending(any_engine, send, T0 + LEASE)  # lease over: the crashed one, once
    assert send.keys() == [rows[1].key, rows[0].key]
    deliver_pending(any_engine, send, T0 + LEASE * 3)
    assert len(send.keys()) == 2


def test_concurrent_senders_never_send_a_row_twice(any_engine, staff_id):
    enqueue(
        any_engine,
        [PendingMessage(f"k{i}", "nudges", 1, staff_id, "b@x", str(i)) for i in range(40)],
        T0,
    )
    send = Recorder()
    start = threading.Barrier(3)

    def worker():
        start.wait()
        deliver_pending(any_engine, send, T0)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(send.keys()) == sorted(f"k{i}" for i in range(40))


def test_gives_up_after_a_day_and_says_so(any_engine, staff_id):
    enqueue(any_engine, _messages(staff_id, 1), T0)
    send = Recorder(fail_first=1000)
    report = deliver_pending(any_engine, send, T0 + timedelta(hours=25))
    assert report.failed == 1 and _rows(any_engine)[0].status == "failed"


class _Permanent(Exception):
    permanent = True  # as bot.delivery.PermanentDeliveryError says of itself


def test_a_failure_no_retry_can_fix_is_not_retried(any_engine, staff_id):
    enqueue(any_engine, _messages(staff_id, 1), T0)
    attempts = []

    def refuse(message, recipient):
        attempts.append(message.key)
        raise _Permanent("missing_scope")

    report = deliver_pending(any_engine, refuse, T0)
    assert report.failed == 1 and report.retrying == 0
    [row] = _rows(any_engine)
    assert row.status == "failed" and "missing_scope" in row.last_error
    assert deliver_pending(any_engine, refuse, T0 + timedelta(hours=2)).failed == 0
    assert attempts == [row.key]


def test_back_off_stays_capped_however_many_attempts():
    assert backoff(1) == timedelta(seconds=30)
    assert backoff(43) == backoff(1000) == backoff(6)  # 2**43 half-minutes would overflow
