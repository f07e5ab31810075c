"""EHCP annual reviews: which need attention, phase transfers, and the evidence for the meeting.

One row type, `ReviewRow`: the booked, held and report dates are only those
that belong to the current cycle (storage.review_cycle).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, func, or_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from storage import review_cycle
from storage.models import BehaviourIncident, PlanType, Pupil, SessionLog, Staff
from storage.queries.common import column_rows, in_school, pupil_name, select_columns


@dataclass(frozen=True)
class ReviewRow:
    """A pupil's review; booked/held/report dates only when they belong to this cycle (storage.review_cycle)."""

    pupil_id: int
    first_name: str
    last_name: str
    preferred_name: str | None
    year_group: str | None
    plan_type: str
    key_worker_id: int | None
    key_worker_name: str | None
    due: date
    booked_on: date | None
    held_on: date | None
    report_sent_on: date | None
    school_id: int

    @property
    def pupil(self) -> str:
        return pupil_name(self.first_name, self.last_name, self.preferred_name)

    @property
    def meeting_day(self) -> date:
        return self.booked_on or self.due

    @property
    def report_pending(self) -> bool:
        """Held this cycle, report to the LA not yet sent."""
        return self.held_on is not None and self.report_sent_on is None


def _reviews(*conditions: Any) -> Select[*tuple[Any, ...]]:
    """The review columns of the pupils matching `conditions`, with their key worker's name."""
    return (
        select_columns(
            Pupil.id,
            Pupil.first_name,
            Pupil.last_name,
            Pupil.preferred_name,
            Pupil.year_group,
            Pupil.plan_type,
            Pupil.key_worker_id,
            Staff.name,
            Pupil.annual_review_due,
            Pupil.review_booked_on,
            Pupil.review_held_on,
            Pupil.review_report_sent_on,
            Pupil.school_id,
        )
        .join(Staff, col(Staff.id) == Pupil.key_worker_id, isouter=True)
        .where(*conditions)
    )


def _review_rows(session: Session, stmt: Select[*tuple[Any, ...]]) -> list[ReviewRow]:
    rows = []
    for pid, f, la, p, yg, plan_type, kw, kw_name, due, booked, held, sent, school in column_rows(
        session, stmt
    ):
        booked = booked if review_cycle.in_cycle(booked, due) else None
        rows.append(
            ReviewRow(
                pid,
                f,
                la,
                p,
                yg,
                plan_type,
                kw,
                kw_name,
                due,
                booked,
                review_cycle.held_this_cycle(held, due),
                review_cycle.report_sent_this_cycle(held, sent, due),
                school,
            )
        )
    return rows


def _ehcp(school_id: int | None) -> ColumnElement[bool]:
    return and_(
        in_school(Pupil, school_id),
        col(Pupil.active),
        col(Pupil.plan_type) == PlanType.ehcp.value,
        col(Pupil.annual_review_due).is_not(None),
    )


def reviews_open(
    session: Session, school_id: int | None, *, due_by: date, meeting_by: date | None = None
) -> list[ReviewRow]:
    """EHCP reviews whose cycle isn't finished and that need attention by now:
    due on or before `due_by`, or a meeting booked on or before `meeting_by`
    (default `due_by`), or held with the report to the LA not yet sent
    (whatever the due date: a review held months early still owes its report).

    Which cycle a recorded date belongs to needs date arithmetic that SQLite
    and PostgreSQL spell differently, so that last test runs on the (small,
    index-selected) candidates rather than in SQL.
    """
    meeting_by = meeting_by or due_by
    awaiting_report = and_(
        col(Pupil.review_held_on).is_not(None),
        or_(
            col(Pupil.review_report_sent_on).is_(None),
            col(Pupil.review_report_sent_on) < col(Pupil.review_held_on),
        ),
    )
    stmt = _reviews(
        _ehcp(school_id),
        or_(
            col(Pupil.annual_review_due) <= due_by,
            col(Pupil.review_booked_on) <= meeting_by,
            awaiting_report,
        ),
    ).order_by(col(Pupil.annual_review_due), col(Pupil.last_name), col(Pupil.id))
    return [
        r
        for r in _review_rows(session, stmt)
        if r.report_sent_on is None
        and (
            r.report_pending
            or r.due <= due_by
            or (r.booked_on is not None and r.booked_on <= meeting_by)
        )
    ]


def phase_transfer_pupils(
    session: Session, school_id: int | None, years: tuple[int, ...]
) -> list[ReviewRow]:
    """EHCP pupils in a phase-transfer year group (written '6', 'Y6' or 'Year 6')."""
    spellings = [form for y in years for form in (str(y), f"Y{y}", f"y{y}", f"Year {y}", f"0{y}")]
    stmt = _reviews(_ehcp(school_id), col(Pupil.year_group).in_(spellings)).order_by(
        col(Pupil.last_name), col(Pupil.id)
    )
    return _review_rows(session, stmt)


@dataclass(frozen=True)
class Evidence:
    delivered: int
    minutes: int
    missed: int
    incidents: int
    rpi: int


Window = tuple[datetime, datetime]


def evidence(session: Session, windows: Mapping[int, Window]) -> dict[int, Evidence]:
    """Each pupil's provision delivered and behaviour in its own [start, end) window.

    Two grouped statements for all the pupils, however many reviews are at the
    two-week stage on a trust's day: one per kind of record, each a pupil's
    window OR-ed with the next (an index range per pupil on both databases).
    """
    if not windows:
        return {}

    def within(model: Any) -> ColumnElement[bool]:
        return or_(
            *(
                and_(model.pupil_id == pid, model.occurred_at >= start, model.occurred_at < end)
                for pid, (start, end) in windows.items()
            )
        )

    delivered = col(SessionLog.status) == "delivered"
    sessions = {
        pid: (int(d or 0), int(m or 0), int(x or 0))
        for pid, d, m, x in session.exec(
            select(
                col(SessionLog.pupil_id),
                func.sum(case((delivered, 1), else_=0)),
                func.sum(case((delivered, col(SessionLog.duration_minutes)), else_=0)),
                func.sum(case((col(SessionLog.status) == "missed", 1), else_=0)),
            )
            .where(within(SessionLog), col(SessionLog.withdrawn_at).is_(None))
            .group_by(col(SessionLog.pupil_id))
        )
    }
    behaviour = {
        pid: (int(n or 0), int(r or 0))
        for pid, n, r in session.exec(
            select(
                col(BehaviourIncident.pupil_id),
                func.count(col(BehaviourIncident.id)),
                func.sum(case((col(BehaviourIncident.physical_intervention), 1), else_=0)),
            )
            .where(within(BehaviourIncident), col(BehaviourIncident.withdrawn_at).is_(None))
            .group_by(col(BehaviourIncident.pupil_id))
        )
    }
    return {
        pid: Evidence(*sessions.get(pid, (0, 0, 0)), *behaviour.get(pid, (0, 0))) for pid in windows
    }


def reviews_due(session: Session, school_id: int, due_from: date, due_to: date) -> list[ReviewRow]:
    """Active pupils whose annual review falls due in [due_from, due_to], or is overdue
    and not held this cycle (storage.review_cycle)."""
    stmt = _reviews(
        Pupil.school_id == school_id,
        Pupil.active,
        col(Pupil.annual_review_due).is_not(None),
        col(Pupil.annual_review_due) <= due_to,
    ).order_by(col(Pupil.annual_review_due), col(Pupil.last_name), col(Pupil.id))
    return [r for r in _review_rows(session, stmt) if not (r.due < due_from and r.held_on)]
