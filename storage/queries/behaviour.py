"""Behaviour incidents: the day's, most serious first, and their counts by week, hour and weekday."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from storage.models import BehaviourIncident, Pupil
from storage.queries.common import column_rows, in_school, live, pupil_name, scope, select_columns
from storage.queries.local_time import LocalTime


@dataclass(frozen=True)
class IncidentRow:
    id: int
    occurred_at: datetime
    pupil: str
    behaviour: str
    severity: int
    physical_intervention: bool
    hold_type: str | None
    hold_minutes: int | None
    injuries: str | None
    parents_informed: bool
    pupil_id: int
    school_id: int


def _has_injury() -> ColumnElement[bool]:
    return and_(
        col(BehaviourIncident.injuries).is_not(None),
        func.lower(func.trim(BehaviourIncident.injuries)).not_in(("", "none", "no", "nil", "n/a")),
    )


def incidents(
    session: Session, school_id: int | None, start: datetime, end: datetime
) -> list[IncidentRow]:
    """Behaviour incidents, most serious first: RPI, then injuries, then severity.

    `school_id` None: the whole trust, in that order within each school's rows.
    """
    stmt = (
        select_columns(
            BehaviourIncident.id,
            BehaviourIncident.occurred_at,
            Pupil.id,
            Pupil.first_name,
            Pupil.last_name,
            Pupil.preferred_name,
            BehaviourIncident.behaviour,
            BehaviourIncident.notes,
            BehaviourIncident.severity,
            BehaviourIncident.physical_intervention,
            BehaviourIncident.hold_type,
            BehaviourIncident.hold_minutes,
            BehaviourIncident.injuries,
            BehaviourIncident.parents_informed_at,
            BehaviourIncident.parents_informed,
            BehaviourIncident.school_id,
        )
        .join(Pupil, col(Pupil.id) == col(BehaviourIncident.pupil_id))
        .where(
            in_school(BehaviourIncident, school_id),
            BehaviourIncident.occurred_at >= start,
            BehaviourIncident.occurred_at < end,
            col(BehaviourIncident.withdrawn_at).is_(None),
        )
        .order_by(
            col(BehaviourIncident.physical_intervention).desc(),
            case((_has_injury(), 1), else_=0).desc(),
            col(BehaviourIncident.severity).desc(),
            col(BehaviourIncident.occurred_at),
        )
    )
    return [
        IncidentRow(
            i,
            at,
            pupil_name(f, la, p),
            beh or notes or "",
            sev or 1,
            bool(rpi),
            ht,
            hm,
            inj,
            informed_at is not None or bool(informed),  # "parents informed", time or not
            pid,
            school,
        )
        for i, at, pid, f, la, p, beh, notes, sev, rpi, ht, hm, inj, informed_at, informed, school in (
            column_rows(session, stmt)
        )
    ]


@dataclass(frozen=True)
class IncidentCounts:
    by_week: dict[int, tuple[int, int]]  # week -> (incidents, of which RPI)
    by_hour: dict[int, int]
    by_weekday: dict[int, int]  # Monday = 0


def incident_counts(
    session: Session, clock: LocalTime, *, pupil_id: int | None = None, school_id: int | None = None
) -> IncidentCounts:
    """Incidents by local week (with RPIs), hour of day and weekday: three GROUP BYs."""
    where = (
        scope(BehaviourIncident, pupil_id, school_id),
        live(BehaviourIncident, clock.start, clock.end),
    )
    rpi = func.sum(case((col(BehaviourIncident.physical_intervention), 1), else_=0))
    week = clock.week(BehaviourIncident.occurred_at).label("week")
    by_week = {
        int(w): (int(n), int(r or 0))
        for w, n, r in session.exec(
            select(week, func.count(col(BehaviourIncident.id)), rpi).where(*where).group_by(week)
        )
    }
    out = []
    for expr in (
        clock.hour(BehaviourIncident.occurred_at),
        clock.weekday(BehaviourIncident.occurred_at),
    ):
        bucket = expr.label("bucket")
        out.append(
            {
                int(b): int(n)
                for b, n in session.exec(
                    select(bucket, func.count(col(BehaviourIncident.id)))
                    .where(*where)
                    .group_by(bucket)
                )
            }
        )
    return IncidentCounts(by_week, out[0], out[1])


def top_antecedents(
    session: Session,
    start: datetime,
    end: datetime,
    *,
    pupil_id: int | None = None,
    school_id: int | None = None,
    limit: int = 5,
) -> list[tuple[str, int]]:
    """The antecedents most often recorded (case and spaces folded), most frequent first."""
    key = func.lower(func.trim(BehaviourIncident.antecedent)).label("key")
    n = func.count(col(BehaviourIncident.id)).label("n")
    stmt = (
        select(key, n)
        .where(
            scope(BehaviourIncident, pupil_id, school_id),
            live(BehaviourIncident, start, end),
            col(BehaviourIncident.antecedent).is_not(None),
            func.trim(BehaviourIncident.antecedent) != "",
        )
        .group_by(key)
        .order_by(n.desc(), key)
        .limit(limit)
    )
    # Shown as the folded text with a capital, so "Transition" and "TRANSITION" read as one.
    return [(key[:1].upper() + key[1:], int(count)) for key, count in session.exec(stmt)]


def restrictive_interventions(
    session: Session, pupil_id: int, start: datetime, end: datetime
) -> list[BehaviourIncident]:
    return list(
        session.exec(
            select(BehaviourIncident)
            .where(
                BehaviourIncident.pupil_id == pupil_id,
                live(BehaviourIncident, start, end),
                BehaviourIncident.physical_intervention,
            )
            .order_by(col(BehaviourIncident.occurred_at), col(BehaviourIncident.id))
        )
    )


def school_incident_totals(
    session: Session, school_id: int, start: datetime, end: datetime
) -> dict[int, tuple[int, int]]:
    """pupil_id -> (incidents, of which RPI) for the school."""
    rpi = func.sum(case((col(BehaviourIncident.physical_intervention), 1), else_=0))
    stmt = (
        select(col(BehaviourIncident.pupil_id), func.count(col(BehaviourIncident.id)), rpi)
        .where(BehaviourIncident.school_id == school_id, live(BehaviourIncident, start, end))
        .group_by(col(BehaviourIncident.pupil_id))
    )
    return {int(p): (int(n), int(r or 0)) for p, n, r in session.exec(stmt)}
