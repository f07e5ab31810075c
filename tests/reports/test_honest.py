"""Honest reports (issue 15): a period starts when provision began in Keyworker, the school
calendar's gaps are named in the report (never logged to the chat or the terminal), and a
pupil only involved in an incident is never counted as its subject."""

from __future__ import annotations

import logging
from datetime import date

from sqlmodel import Session, select

from handlers.reports.evidence import build_pupil_pack
from handlers.reports.files import (
    calendar_days,
    pupil_pack_file,
    pupil_period,
    review_window,
    school_period,
    school_report_file,
)
from handlers.reports.period import (
    AS_ASKED,
    FROM_FIRST_RECORD,
    FROM_PROVISION_START,
    FROM_SCHOOL_START,
    LAST_12_MONTHS,
    NOTHING_YET,
    Period,
    provision_began,
)
from handlers.reports.permissions import Requester
from handlers.reports.school import build_school_report
from schedules.calendar import load_calendar
from storage.db import session_scope
from storage.models import BehaviourIncident, IncidentInvolved, Provision, Pupil
from tests.conftest import LONDON, local
from tests.reports.term import NOW

CAL = load_calendar()  # the shipped example: autumn 2026 to summer 2027
TODAY = date(2026, 10, 16)


def test_began_is_the_first_record_or_an_earlier_start_date_never_before_the_school():
    first, school = date(2026, 11, 30), date(2026, 11, 23)
    assert provision_began(first, [None], school) == (first, FROM_FIRST_RECORD)
    assert provision_began(first, [date(2026, 11, 25)], school) == (
        date(2026, 11, 25),
        FROM_PROVISION_START,
    )
    # A plan dated 2024 began in Keyworker when the school's records did.
    assert provision_began(first, [date(2024, 9, 4)], school) == (school, FROM_SCHOOL_START)
    assert provision_began(None, [], school) == (school, FROM_SCHOOL_START)
    assert provision_began(None, [], None) == (None, NOTHING_YET)


def test_a_period_is_never_earlier_than_provision_began_unless_asked():
    today = date(2026, 12, 2)
    began = (date(2026, 11, 30), FROM_FIRST_RECORD)
    period = Period.default(today, LONDON, began=began)
    assert (period.first, period.basis) == (date(2026, 11, 30), FROM_FIRST_RECORD)
    assert "Mon 30 November 2026 to Wed 2 December 2026 (from the first record" in (
        period.explained()
    )
    old = Period.default(today, LONDON, began=(date(2024, 1, 1), FROM_FIRST_RECORD))
    assert (old.first, old.basis) == (date(2025, 12, 3), LAST_12_MONTHS)
    asked = Period.default(today, LONDON, first=date(2025, 1, 6), began=began)
    assert (asked.first, asked.basis) == (date(2025, 1, 6), AS_ASKED)
    nothing = Period.default(today, LONDON, began=(None, NOTHING_YET))
    assert nothing.first == nothing.last == today


def test_pack_and_school_report_start_at_the_first_record(term):
    engine, ids = term  # Freya's first record: Fri 4 September 2026
    with Session(engine) as session:
        freya = session.get(Pupil, ids["freya"])
        period = pupil_period(session, freya, TODAY, LONDON)
        assert (period.first, period.basis) == (date(2026, 9, 4), FROM_FIRST_RECORD)
        harry = session.get(Pupil, ids["harry"])  # nothing recorded: from the school's start
        assert pupil_period(session, harry, TODAY, LONDON).first == date(2026, 9, 4)
        school = school_period(session, freya.school_id, TODAY, LONDON)
        assert school.first == date(2026, 9, 4)
        asked = pupil_period(session, freya, TODAY, LONDON, first=date(2026, 9, 7))
        assert (asked.first, asked.basis) == (date(2026, 9, 7), AS_ASKED)


def test_school_report_plans_each_pupil_from_when_their_provision_began(term):
    engine, ids = term
    with session_scope(engine) as session:
        kai = session.get(Pupil, ids["kai"])
        session.add(
            BehaviourIncident(
                school_id=kai.school_id,
                pupil_id=kai.id,
                occurred_at=local("2026-10-12T10:00"),
                logged_by_id=ids["amy"],
                behaviour="Threw a chair",
            )
        )
    with Session(engine) as session:
        period = school_period(session, kai.school_id, TODAY, LONDON)
        report = build_school_report(
            session,
            kai.school_id,
            period,
            now=NOW,
            review_window=review_window(TODAY, CAL),
            school_day=CAL.is_term_day,
        )
        row = next(p for p in report.pupils if p.pupil_id == kai.id)
        per_week = sum(
            p.sessions_per_week
            for p in session.exec(select(Provision).where(Provision.pupil_id == kai.id))
        )
    # Kai's first record is Mon 12 October: one school week planned, not six.
    assert row.planned == per_week


def test_calendar_gap_is_named_in_the_report_and_plans_nothing(term, caplog):
    engine, ids = term
    caplog.set_level(logging.WARNING)
    period = Period(date(2026, 6, 1), date(2026, 10, 16), LONDON, AS_ASKED)
    school_day, notes = calendar_days(CAL, period)
    (note,) = notes
    assert "does not cover Mon 1 June 2026 to Fri 31 July 2026 (school year 2025-26)" in note
    with session_scope(engine) as session:
        freya = session.get(Pupil, ids["freya"])
        pack = build_pupil_pack(session, freya, period, now=NOW, school_day=school_day)
        assert all(w.planned == 0 for w in pack.weekly_totals()[:9])  # June, July: unknown
        weeks = pack.weekly_totals()
        assert weeks[13].planned == 3  # w/c 31 Aug: INSET Tue, Wed; Thu and Fri pro rata
        assert sum(w.planned for w in weeks[14:]) == 7 * 6  # six full weeks from 7 Sep
        page = pupil_pack_file(
            session,
            freya,
            period=period,
            now=NOW,
            requester=Requester.cli(),
            fmt="html",
            calendar=CAL,
        ).content.decode()
        school = school_report_file(
            session,
            freya.school_id,
            period=period,
            now=NOW,
            requester=Requester.cli(),
            window=review_window(TODAY, CAL),
            fmt="html",
            calendar=CAL,
        ).content.decode()
    for html in (page, school):
        assert "does not cover Mon 1 June 2026 to Fri 31 July 2026" in html
    assert "does not cover" not in caplog.text  # in the report, not the log


def test_holidays_in_the_calendar_plan_no_sessions(term):
    engine, ids = term
    period = Period(date(2026, 10, 19), date(2026, 11, 6), LONDON, AS_ASKED)
    school_day, notes = calendar_days(CAL, period)
    assert notes == []
    with Session(engine) as session:
        pack = build_pupil_pack(
            session, session.get(Pupil, ids["freya"]), period, now=NOW, school_day=school_day
        )
    assert [w.planned for w in pack.weekly_totals()] == [7, 0, 7]  # half term plans none


def test_a_pupil_only_involved_in_an_incident_is_never_its_subject(term):
    engine, ids = term
    with session_scope(engine) as session:
        kai = session.get(Pupil, ids["kai"])
        incident = BehaviourIncident(
            school_id=kai.school_id,
            pupil_id=kai.id,
            occurred_at=local("2026-10-14T10:00"),
            logged_by_id=ids["amy"],
            behaviour="hit Lily in the line",
        )
        session.add(incident)
        session.flush()
        session.add(
            IncidentInvolved(
                school_id=kai.school_id,
                incident_id=incident.id,
                pupil_id=ids["lily"],
                role="target",
            )
        )
    period = Period(date(2026, 9, 7), TODAY, LONDON, AS_ASKED)
    with Session(engine) as session:
        lily = session.get(Pupil, ids["lily"])
        pack = build_pupil_pack(session, lily, period, now=NOW)
        assert pack.behaviour.total == 0 and pack.restrictive == []
        report = build_school_report(
            session, lily.school_id, period, now=NOW, review_window=review_window(TODAY)
        )
    incidents = {p.pupil_id: p.incidents for p in report.pupils}
    assert incidents.get(ids["lily"], 0) == 0 and incidents[ids["kai"]] == 1
