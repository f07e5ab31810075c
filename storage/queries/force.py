"""Use-of-force records for the jobs: RPIs whose statutory record is incomplete or whose
parents are not yet told (storage.rpi says what complete means)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from storage.models import BehaviourIncident, Pupil
from storage.queries.common import column_rows, in_school, pupil_name
from storage.rpi import RPI_COLUMNS, missing_details, parents_not_told


@dataclass(frozen=True)
class OpenRpi:
    id: int
    school_id: int
    pupil_id: int
    pupil: str
    occurred_at: datetime
    logged_by_id: int
    missing: tuple[str, ...]  # storage.rpi.RPI_DETAILS columns still empty
    parents_not_told: bool


def open_rpis(
    session: Session, school_id: int | None, start: datetime | None, end: datetime
) -> list[OpenRpi]:
    """Live RPIs in [start, end) still missing a statutory detail or not yet told to parents,
    oldest first (`school_id` None: the whole trust)."""
    # Only the columns the verdict reads: a trust's year of RPIs as ORM objects costs more
    # in building them than in the query (bench/bench_schedules.py).
    wanted = ["id", "school_id", "pupil_id", "occurred_at", "logged_by_id",
              "physical_intervention", "parents_informed", *RPI_COLUMNS]  # fmt: skip
    stmt = (
        core_select(
            *(getattr(BehaviourIncident, c) for c in dict.fromkeys(wanted)),
            col(Pupil.first_name),
            col(Pupil.last_name),
            col(Pupil.preferred_name),
        )
        .join(Pupil, col(Pupil.id) == col(BehaviourIncident.pupil_id))
        .where(
            in_school(BehaviourIncident, school_id),
            col(BehaviourIncident.physical_intervention).is_(True),
            col(BehaviourIncident.withdrawn_at).is_(None),
            col(BehaviourIncident.occurred_at) < end,
        )
        .order_by(col(BehaviourIncident.occurred_at), col(BehaviourIncident.id))
    )
    if start is not None:
        stmt = stmt.where(col(BehaviourIncident.occurred_at) >= start)
    out = []
    for row in column_rows(session, stmt):
        missing = tuple(missing_details(row))
        untold = parents_not_told(row)
        if missing or untold:
            out.append(
                OpenRpi(
                    row.id,
                    row.school_id,
                    row.pupil_id,
                    pupil_name(row.first_name, row.last_name, row.preferred_name),
                    row.occurred_at,
                    row.logged_by_id,
                    missing,
                    untold,
                )
            )
    return out


@dataclass(frozen=True)
class ForceRow:
    """One live use of force, for the reduction view: about its subject only (a pupil
    who was hurt or saw it is involved, never counted here)."""

    id: int
    pupil_id: int
    pupil: str
    plan_type: str
    occurred_at: datetime
    place: str | None
    antecedent: str | None
    hold_minutes: int | None
    injuries: str | None


def force_incidents(
    session: Session,
    school_id: int,
    *,
    pupil_id: int | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[ForceRow]:
    """A school's (or one pupil's) live RPIs in [start, end), oldest first."""
    stmt = (
        select(BehaviourIncident, Pupil)
        .join(Pupil, col(Pupil.id) == col(BehaviourIncident.pupil_id))
        .where(
            BehaviourIncident.school_id == school_id,
            col(BehaviourIncident.physical_intervention).is_(True),
            col(BehaviourIncident.withdrawn_at).is_(None),
        )
        .order_by(col(BehaviourIncident.occurred_at), col(BehaviourIncident.id))
    )
    if pupil_id is not None:
        stmt = stmt.where(BehaviourIncident.pupil_id == pupil_id)
    if start is not None:
        stmt = stmt.where(col(BehaviourIncident.occurred_at) >= start)
    if end is not None:
        stmt = stmt.where(BehaviourIncident.occurred_at < end)
    return [
        ForceRow(
            i.id or 0,
            p.id or 0,
            pupil_name(p.first_name, p.last_name, p.preferred_name),
            p.plan_type,
            i.occurred_at,
            i.place,
            i.antecedent,
            i.hold_minutes,
            i.injuries,
        )
        for i, p in session.exec(stmt)
    ]
