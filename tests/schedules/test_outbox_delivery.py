"""The outbox's harder cases: slow batches, lost leases, staff who left, alerts that can't get through, audit."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlmodel import Session, select

from schedules import jobs
from schedules.message import PendingMessage
from schedules.outbox import LEASE, deliver_pending, enqueue
from storage.db import session_scope
from storage.identity import get_or_create_school
from storage.models import AuditEvent, ChatIdentity, OutboxMessage, Pupil, SafeguardingAlert, Staff
from tests.schedules.conftest import AMY, CONFIG, Recorder, at

T0 = datetime(2026, 11, 18, 15, 45, tzinfo=UTC)


@pytest.fixture
def people(any_engine) -> dict[str, int]:
    """A school with two DSLs, a SENCO, an admin and an LSA (all on Telegram), and one pupil."""
    with session_scope(any_engine) as s:
        school = get_or_create_school(s)
        ids = {}
        for key, role in (
            ("dsl", "dsl"),
            ("dsl2", "dsl"),
            ("senco", "senco"),
            ("admin", "admin"),
            ("lsa", "lsa"),
        ):
            staff = Staff(
                school_id=school.id, email=f"{key}@brookfield.example", name=key.upper(), role=role
            )
            s.add(staff)
            s.flush()
            # Linked on Telegram, so each can be reached (the alert chain skips anyone who can't).
            s.add(ChatIdentity(staff_id=staff.id, platform="telegram", external_id=f"7{staff.id}"))
            ids[key] = staff.id
        pupil = Pupil(
            school_id=school.id, upn="X000000000001", first_name="Freya", last_name="Jones"
        )
        s.add(pupil)
        s.flush()
        ids["pupil"], ids["school"] = pupil.id, school.id
        return ids


def _rows(engine) -> list[OutboxMessage]:
    with Session(engine) as s:
        return list(s.exec(select(OutboxMessage).order_by(OutboxMessage.id)))


def _set(engine, staff_id: int, **fields) -> None:
    with session_scope(engine) as s:
        staff = s.get(Staff, staff_id)
        for k, v in fields.items():
            setattr(staff, k, v)
        s.add(staff)


def _alert(engine, people, to: list[str], at_: datetime = T0) -> int:
    """A safeguarding alert queued the way handlers.safeguarding queues one."""
    with session_scope(engine) as s:
        alert = SafeguardingAlert(
            school_id=people["school"],
            pupil_id=people["pupil"],
            raised_by_id=people["lsa"],
            raised_at=at_,
            words="said she is scared",
        )
        s.add(alert)
        s.flush()
        for who in to:
            s.add(
                OutboxMessage(
                    school_id=people["school"],
                    key=f"safeguarding:{alert.id}:{people[who]}",
                    job="safeguarding",
                    recipient_id=people[who],
                    text="Possible concern",
                    payload={"alert_id": alert.id},
                    next_attempt_at=at_,
                    created_at=at_,
                )
            )
        return alert.id


def _nudge(people, key: str, who: str = "lsa") -> PendingMessage:
    return PendingMessage(
        key,
        "nudges",
        people["school"],
        people[who],
        f"{who}@x",
        f"text {key}",
        {"pupil_ids": [people["pupil"]]},
    )


# -- finding: a batch longer than the lease ------------------------------------------
def test_a_slow_batch_keeps_its_lease_so_the_minute_job_cannot_send_its_rows_again(
    any_engine, people
):
    enqueue(any_engine, [_nudge(people, f"k{i}") for i in range(3)], T0)
    sends: list[tuple[str, str]] = []
    with time_machine.travel(T0, tick=False) as clock:

        def minute_job(message, recipient):
            sends.append(("B", message.key))

        def slow_batch(message, recipient):
            sends.append(("A", message.key))
            if len(sends) == 1:
                clock.shift(timedelta(minutes=10))  # Telegram said 429: wait
            elif len(sends) == 2:
                clock.shift(timedelta(minutes=1))  # mid-send, the every-minute job runs
                deliver_pending(any_engine, minute_job)

        deliver_pending(any_engine, slow_batch)
    assert sorted(key for _, key in sends) == ["k0", "k1", "k2"], sends  # each exactly once
    assert {r.status for r in _rows(any_engine)} == {"sent"}


def test_a_sender_that_lost_its_row_cannot_overwrite_the_new_holders_outcome(any_engine, people):
    enqueue(any_engine, [_nudge(people, "only")], T0)
    a_sending, b_sending = threading.Event(), threading.Event()
    b_sent = []

    def stuck(message, recipient):  # sender A: stalls past its lease, then fails
        a_sending.set()
        assert b_sending.wait(20)
        raise ConnectionError("timed out")

    with time_machine.travel(T0, tick=False) as clock:
        a = threading.Thread(target=deliver_pending, args=(any_engine, stuck))
        a.start()
        assert a_sending.wait(20)
        clock.shift(LEASE + timedelta(minutes=1))

        def takes_over(message, recipient):  # sender B, after A's lease ran out
            b_sending.set()
            a.join(20)  # A gives up on its attempt while B holds the row
            b_sent.append(message.key)

        assert deliver_pending(any_engine, takes_over).sent == 1
        [row] = _rows(any_engine)
        assert row.status == "sent" and row.attempts == 2
        clock.shift(timedelta(hours=1))
        later = Recorder()
        deliver_pending(any_engine, later)
    assert b_sent == ["only"] and later.keys() == []


# -- finding: recipients deactivated after queueing ------------------------------------
def test_messages_to_staff_who_have_left_are_cancelled_not_sent(any_engine, people):
    enqueue(any_engine, [_nudge(people, "for-lsa"), _nudge(people, "for-senco", "senco")], T0)
    _set(any_engine, people["lsa"], active=False)
    send = Recorder()
    report = deliver_pending(any_engine, send, T0)
    assert send.keys() == ["for-senco"] and (report.sent, report.cancelled) == (1, 1)
    assert [r.status for r in _rows(any_engine)] == ["cancelled", "sent"]


def test_a_safeguarding_alert_for_a_dsl_who_has_left_goes_to_the_other_dsl(any_engine, people):
    alert = _alert(any_engine, people, ["dsl"])
    _set(any_engine, people["dsl"], active=False)
    send = Recorder()
    deliver_pending(any_engine, send, T0)
    [(message, recipient)] = send.calls
    assert (
        recipient.staff_id == people["dsl2"]
        and message.key == f"safeguarding:{alert}:{people['dsl2']}"
    )
    assert "could not reach DSL (no longer active in Keyworker)" in message.text
    assert [r.status for r in _rows(any_engine)] == ["cancelled", "sent"]


def test_with_no_dsl_left_the_alert_goes_to_the_head_and_nobody_gets_it_twice(any_engine, people):
    alert = _alert(any_engine, people, ["dsl", "dsl2"])
    _set(any_engine, people["dsl"], active=False)
    send = Recorder()
    deliver_pending(any_engine, send, T0)
    assert [r.staff_id for _, r in send.calls] == [people["dsl2"]]  # already had it: not twice
    _alert_id = _alert(any_engine, people, ["dsl2"])
    _set(any_engine, people["dsl2"], active=False)
    deliver_pending(any_engine, send, T0)
    assert send.calls[-1][1].staff_id == people["admin"]  # the chain: DSL, deputy, head/admin
    assert send.calls[-1][0].key == f"safeguarding:{_alert_id}:{people['admin']}"
    assert alert != _alert_id


# -- finding: safeguarding alerts that fail for a day ------------------------------------
def test_a_safeguarding_alert_failing_for_a_day_is_escalated_not_dropped(
    any_engine, people, caplog
):
    alert = _alert(any_engine, people, ["dsl", "dsl2"])
    nudge = _nudge(people, "nudge-for-dsl", "dsl")
    enqueue(any_engine, [nudge], T0)
    reached = []

    def dsls_unreachable(message, recipient):
        if recipient.staff_id in (people["dsl"], people["dsl2"]):
            raise ConnectionError("Telegram: chat not found")
        reached.append((message.key, recipient.staff_id))

    with caplog.at_level(logging.WARNING):
        report = deliver_pending(any_engine, dsls_unreachable, T0 + timedelta(hours=25))
    assert report.failed == 3  # both DSLs' alerts and the nudge
    assert reached == [(f"safeguarding:{alert}:{people['admin']}", people["admin"])]
    statuses = {r.key: r.status for r in _rows(any_engine)}
    assert statuses["nudge-for-dsl"] == "failed"  # an ordinary message is not escalated
    assert statuses[f"safeguarding:{alert}:{people['admin']}"] == "sent"
    assert "giving up on outbox" in caplog.text


# -- finding: delivering pupil data is audited ------------------------------------------------
def _notify_rows(engine) -> list[AuditEvent]:
    with Session(engine) as s:
        return list(
            s.exec(select(AuditEvent).where(AuditEvent.action == "notify").order_by(AuditEvent.id))
        )


def test_each_delivery_is_audited_per_pupil_named_when_it_is_marked_sent(school):
    school.update_staff(AMY, preferred_platform="telegram")
    messages = [
        m
        for m in jobs.nudges(school.engine, at("2026-11-18", "13:30"), CONFIG)
        if m.recipient_email == AMY
    ]
    [nudge] = messages
    named = nudge.payload["pupil_ids"]
    assert sorted(named) == sorted(
        school.pupils[n] for n in ("Aarav", "Ethan", "Freya", "Isla", "Kai")
    )
    enqueue(school.engine, messages)
    assert _notify_rows(school.engine) == []  # queued is not told
    deliver_pending(school.engine, Recorder())
    rows = _notify_rows(school.engine)
    assert sorted(r.pupil_id for r in rows) == sorted(named)
    assert {(r.staff_id, r.platform, r.record_type) for r in rows} == {
        (school.staff[AMY], "telegram", "outbox")
    }
    with Session(school.engine) as s:
        [sent] = s.exec(select(OutboxMessage)).all()
    assert sent.status == "sent" and {r.record_id for r in rows} == {sent.id}


def test_the_digest_names_its_pupils_and_the_sender_can_say_where_it_went(school):
    school.incident("Harry", at("2026-11-18", "09:10"))
    [digest] = jobs.digest(school.engine, at("2026-11-18", "15:45"), CONFIG)
    assert {school.pupils["Harry"], school.pupils["Freya"], school.pupils["Lily"]} <= set(
        digest.payload["pupil_ids"]
    )
    enqueue(school.engine, [digest])
    deliver_pending(school.engine, lambda message, recipient: "console")
    rows = _notify_rows(school.engine)
    assert {r.platform for r in rows} == {"console"}
    assert sorted(r.pupil_id for r in rows) == sorted(digest.payload["pupil_ids"])
