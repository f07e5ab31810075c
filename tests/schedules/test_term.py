"""A whole autumn term, day by day, with the clock frozen at each job's time.

Runs the scheduler's own job function (`run_job`: build, enqueue, deliver)
twice at every job time of every day from 31 August to 4 January, and checks
what was delivered: digests and nudges on school days only, each review
reminder on the right day (across half term, Christmas and the end of BST on
25 October), follow-ups on the morning they fall due, nothing twice.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest
import time_machine
from sqlmodel import Session, func, select

from schedules import scheduler
from schedules.config import ScheduleConfig
from storage.db import session_scope
from storage.models import OutboxMessage, Provision, SessionLog
from tests.schedules.conftest import AMY, BETH, CALENDAR_DAYS, CARL, RAJ, Recorder, at

START, END = date(2026, 8, 31), date(2027, 1, 4)
CONFIG = ScheduleConfig(charts=False, extra_recipients=(CARL,))


def _fill_term(school) -> None:
    """Fictional delivery: most provisions on most days, a few gaps, some missed."""
    with Session(school.engine) as s:
        provisions = list(s.exec(select(Provision)))
    rows = []
    day = START
    while day <= END:
        if CALENDAR_DAYS.is_school_day(day):
            for p in provisions:
                if (day.toordinal() + p.id) % 4 == 0:
                    continue
                if p.sessions_per_week < 5 and day.weekday() >= p.sessions_per_week:
                    continue
                status = "missed" if (day.toordinal() + p.id) % 11 == 0 else "delivered"
                rows.append(
                    SessionLog(
                        school_id=school.school_id,
                        pupil_id=p.pupil_id,
                        provision_id=p.id,
                        occurred_at=at(day, "10:00"),
                        logged_by_id=school.staff[AMY],
                        status=status,
                        missed_reason="absent" if status == "missed" else None,
                        duration_minutes=20,
                    )
                )
        day += timedelta(days=1)
    with session_scope(school.engine) as s:
        s.add_all(rows)


@pytest.fixture
def term(school, monkeypatch):
    _fill_term(school)
    school.incident("Kai", at("2026-11-18", "10:40"), rpi=True, injuries="none")
    school.contact("Harry", at("2026-11-13", "15:00"), date(2026, 11, 14))  # a Saturday
    school.contact("Grace", at("2026-10-22", "15:00"), date(2026, 10, 28))  # half term
    school.contact("Max", at("2026-11-16", "15:00"), date(2026, 11, 18))
    recorder = Recorder()
    monkeypatch.setattr(scheduler, "_runtime", scheduler.Runtime(school.engine, CONFIG, recorder))
    sent_on: dict[str, date] = {}
    day = START
    while day <= END:
        for job in ("follow_ups", "review_reminders", "nudges", "digest"):
            with time_machine.travel(at(day, CONFIG.job_time(job).strftime("%H:%M")), tick=False):
                before = len(recorder.calls)
                scheduler.run_job(job)
                scheduler.run_job(job)  # a double run must not send anything twice
                for message, _ in recorder.calls[before:]:
                    sent_on[message.key] = day
        day += timedelta(days=1)
    return school, recorder, sent_on


def test_a_whole_term(term):
    school, recorder, sent_on = term
    keys = recorder.keys()
    assert len(keys) == len(set(keys)), "a message was delivered twice"
    with Session(school.engine) as s:
        stored = s.exec(select(func.count(OutboxMessage.id))).one()
        unsent = s.exec(
            select(func.count(OutboxMessage.id)).where(OutboxMessage.status != "sent")
        ).one()
    assert stored == len(keys) and unsent == 0

    by_job = defaultdict(list)
    for message, recipient in recorder.calls:
        by_job[message.job].append((sent_on[message.key], recipient.email, message))

    # Digests: every school day, to the SENCO and the configured DSL; never otherwise.
    school_days = [
        d
        for d in (START + timedelta(days=i) for i in range((END - START).days + 1))
        if CALENDAR_DAYS.is_school_day(d)
    ]
    assert len(school_days) == 72
    digest_days = Counter(day for day, _, _ in by_job["digest"])
    assert set(digest_days) == set(school_days)
    assert set(digest_days.values()) == {2}
    assert {email for _, email, _ in by_job["digest"]} == {BETH, CARL}
    rpi_day = next(m.text for d, _, m in by_job["digest"] if d == date(2026, 11, 18))
    assert "⚠ 10:40 Kai Robinson – RPI (guided hold 2 min)" in rpi_day
    assert "parents NOT yet informed" in rpi_day

    # Nudges: school days only, to key workers (the SENCO has no key pupils).
    assert {day for day, _, _ in by_job["nudges"]} <= set(school_days)
    assert {email for _, email, _ in by_job["nudges"]} == {AMY, RAJ}

    # Review reminders: the SEND Code of Practice timeline, moved to the last
    # school day before a milestone that falls in a holiday.
    got = Counter()
    for day, _email, message in by_job["review_reminders"]:
        _, pupil_id, stage, *_ = message.key.split(":")
        name = next(n for n, i in school.pupils.items() if i == int(pupil_id))
        got[(name, stage, day)] += 1
    expected = {
        ("Lily", "phase", date(2026, 9, 3)),  # Year 6: first day of the autumn term
        ("Lily", "8w", date(2026, 10, 7)),
        ("Kai", "8w", date(2026, 10, 14)),
        ("Lily", "6w", date(2026, 10, 21)),
        (
            "Kai",
            "6w",
            date(2026, 10, 23),
        ),  # 28 Oct is half term; sent in BST, before the clocks change
        ("Lily", "2w", date(2026, 11, 18)),
        ("Kai", "2w", date(2026, 11, 25)),
        ("Freya", "8w", date(2026, 11, 25)),
        ("Lily", "day", date(2026, 12, 2)),
        ("Max", "8w", date(2026, 12, 2)),
        ("Kai", "day", date(2026, 12, 9)),
        ("Freya", "6w", date(2026, 12, 9)),
        ("Lily", "overdue", date(2026, 12, 9)),
        ("Lily", "overdue", date(2026, 12, 16)),
        ("Kai", "overdue", date(2026, 12, 16)),
        ("Max", "6w", date(2026, 12, 16)),
        ("Grace", "8w", date(2026, 12, 18)),  # 23 Dec is the Christmas holiday
        ("Lily", "overdue", date(2026, 12, 18)),  # for 23 Dec
        ("Kai", "overdue", date(2026, 12, 18)),
    }
    assert set(got) == expected
    assert set(got.values()) == {2}  # the key worker and the SENCO
    two_weeks = next(
        m.text for d, e, m in by_job["review_reminders"] if d == date(2026, 11, 18) and e == RAJ
    )
    assert (
        "Key worker's evidence: since 02/12/2025" in two_weeks and "sessions delivered" in two_weeks
    )

    # Follow-ups: the school morning each falls due, to whoever made the contact.
    follow = sorted((day, email) for day, email, _ in by_job["follow_ups"])
    assert follow == [
        (date(2026, 11, 2), RAJ),
        (date(2026, 11, 16), RAJ),
        (date(2026, 11, 18), RAJ),
    ]
