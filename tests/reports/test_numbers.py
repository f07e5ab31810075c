"""The evidence pack's numbers against the hand-computed ones in tests/reports/term.py,
on SQLite and PostgreSQL (the week / hour / weekday buckets are SQL)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from handlers.reports.evidence import NOT_IN_PLAN, build_pupil_pack
from handlers.reports.period import Period, WeekPlanner, pro_rata
from storage.db import session_scope
from storage.models import BehaviourIncident, Pupil
from tests.conftest import LONDON, local
from tests.reports.term import NOW, PERIOD, PHONICS_WEEKS, SALT_WEEKS


def _pack(engine, pupil_id, period=PERIOD, **kwargs):
    with Session(engine) as session:
        pupil = session.get(Pupil, pupil_id)
        return build_pupil_pack(session, pupil, period, now=NOW, **kwargs)


def test_provision_delivered_against_planned_week_by_week(any_term):
    engine, ids = any_term
    pack = _pack(engine, ids["freya"])
    by_name = {p.name: p for p in pack.provisions}
    assert set(by_name) == {"Phonics", "SALT"}  # nothing outside the plan, withdrawn not counted
    phonics, salt = by_name["Phonics"], by_name["SALT"]
    assert [w.delivered for w in phonics.weeks] == PHONICS_WEEKS
    assert [w.delivered for w in salt.weeks] == SALT_WEEKS
    assert [w.planned for w in phonics.weeks] == [5] * 6 and salt.planned == 12
    assert (phonics.minutes, salt.minutes) == (520, 330)
    assert [w.missed for w in phonics.weeks] == [0, 1, 0, 2, 0, 1]
    assert phonics.weeks[3].reasons == {"staff absence": 1, "trip": 1}
    assert pack.missed_reasons == [
        ("pupil absent", 2),
        ("assembly", 1),
        ("staff absence", 1),
        ("trip", 1),
    ]
    assert pack.totals() == {
        "planned": 42,
        "delivered": 37,
        "minutes": 850,
        "planned_minutes": 960,
        "missed": 5,
        "incidents": 4,
        "rpi": 1,
        "contacts": 2,
    }
    assert [w.delivered for w in pack.weekly_totals()] == [7, 6, 6, 5, 7, 6]


def test_behaviour_buckets_are_school_local(any_term):
    engine, ids = any_term
    b = _pack(engine, ids["freya"]).behaviour
    assert [(n, rpi) for _, n, rpi in b.by_week] == [(1, 0), (1, 0), (1, 1), (0, 0), (0, 0), (1, 0)]
    assert b.by_hour == {10: 3, 13: 1}
    assert b.by_weekday == [1, 2, 0, 1, 0, 0, 0]
    assert b.antecedents == [("Transition from playground", 3), ("Asked to write", 1)]


def test_rpi_contacts_and_key_worker_notes(any_term):
    engine, ids = any_term
    pack = _pack(engine, ids["freya"])
    (rpi,) = pack.restrictive
    assert rpi.hold_type == "guided hold" and rpi.hold_minutes == 2
    assert rpi.reason_for_force == "Running towards the road gate"
    assert [(c.contact_with, c.method, c.follow_up_done_at is not None) for c in pack.contacts] == [
        ("mum", "phone", True),
        ("dad", "email", False),
    ]
    assert pack.notes[0].notes == "Used visuals"
    assert all(n.notes != "Raj covered SALT" for n in pack.notes)  # not the key worker's note
    assert len(pack.notes) == 10 and pack.notes == sorted(
        pack.notes, key=lambda n: n.occurred_at, reverse=True
    )


def test_hour_and_week_across_the_clocks_going_back(any_engine, samples_dir):
    from tests.support.school import load_school

    load_school(any_engine, samples_dir)
    with session_scope(any_engine) as session:
        kai = session.exec(select(Pupil).where(Pupil.first_name == "Kai")).one()
        for when in (
            "2026-10-23T08:30",
            "2026-10-26T08:30",
            "2026-10-25T23:59",
            "2026-11-01T00:10",
        ):
            session.add(
                BehaviourIncident(
                    school_id=kai.school_id,
                    pupil_id=kai.id,
                    occurred_at=local(when),
                    logged_by_id=kai.key_worker_id,
                )
            )
    period = Period(date(2026, 10, 19), date(2026, 11, 1), LONDON)  # BST ends Sun 25 Oct
    b = _pack(any_engine, kai.id, period).behaviour
    assert b.by_hour == {8: 2, 23: 1, 0: 1}
    assert [n for _, n, _ in b.by_week] == [2, 2]  # the Sunday 23:59 is still the week of 19 Oct
    assert b.by_weekday == [1, 0, 0, 0, 1, 0, 2]


def test_planned_is_pro_rata_to_school_days_in_the_period():
    inset = date(2026, 9, 18)
    period = Period(date(2026, 9, 9), date(2026, 9, 22), LONDON)  # Wed to the Tuesday fortnight
    planner = WeekPlanner(period, lambda d: d.weekday() < 5 and d != inset)
    assert planner.planned(5) == [3, 4, 2]
    assert planner.planned(2) == [1, 2, 1]
    assert planner.planned(5, start_on=date(2026, 9, 16)) == [0, 2, 2]
    assert planner.planned(5, end_on=date(2026, 9, 8)) == [0, 0, 0]
    assert [pro_rata(3, d) for d in range(6)] == [0, 1, 1, 2, 2, 3]
    assert period.partial_edges and not PERIOD.partial_edges


def test_default_period_is_twelve_months_or_since_the_last_review():
    today = date(2026, 10, 16)
    assert Period.default(today, LONDON).first == date(2025, 10, 17)
    assert Period.default(today, LONDON, since_review=date(2026, 1, 20)).first == date(2026, 1, 20)
    assert Period.default(today, LONDON, since_review=date(2024, 1, 20)).first == date(2025, 10, 17)
    assert Period.default(date(2028, 2, 29), LONDON).first == date(2027, 3, 1)


def test_a_pupil_with_no_records_is_an_empty_pack_not_an_error(term):
    engine, ids = term
    pack = _pack(engine, ids["kai"])
    assert pack.empty and pack.totals()["delivered"] == 0
    assert {p.name for p in pack.provisions} == {"Zones of Regulation", "ELSA"}
    assert pack.totals()["planned"] == 6 * 6
    assert NOT_IN_PLAN not in {p.name for p in pack.provisions}
