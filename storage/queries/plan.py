"""The plan: the provisions (EHCP Section F or SEN Support lines) set for a pupil, or a whole school."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from storage.models import Provision, Pupil


def plan(session: Session, pupil_id: int) -> list[Provision]:
    return list(
        session.exec(
            select(Provision)
            .where(Provision.pupil_id == pupil_id)
            .order_by(Provision.area_of_need, Provision.name, Provision.id)
        )
    )


@dataclass(frozen=True)
class PlannedProvision:
    pupil_id: int
    first_name: str
    last_name: str
    preferred_name: str | None
    year_group: str | None
    key_worker_id: int | None
    provision_id: int
    provision: str
    area_of_need: str
    sessions_per_week: int
    minutes_per_session: int
    start_on: date | None
    end_on: date | None


def school_plan(session: Session, school_id: int) -> list[PlannedProvision]:
    """Every provision of every active pupil in the school (one join)."""
    stmt = (
        select(
            Pupil.id,
            Pupil.first_name,
            Pupil.last_name,
            Pupil.preferred_name,
            Pupil.year_group,
            Pupil.key_worker_id,
            Provision.id,
            Provision.name,
            Provision.area_of_need,
            Provision.sessions_per_week,
            Provision.minutes_per_session,
            Provision.start_on,
            Provision.end_on,
        )
        .join(Pupil, Pupil.id == Provision.pupil_id)
        .where(Provision.school_id == school_id, Pupil.active)
        .order_by(Pupil.last_name, Pupil.first_name, Pupil.id, Provision.id)
    )
    return [PlannedProvision(*row) for row in session.exec(stmt)]


def plan_lines(
    session: Session, school_id: int, pupil_id: int | None = None
) -> list[tuple[Pupil, Provision]]:
    """(pupil, provision) for every provision of the school's active pupils (or one pupil),
    whole rows for the costed provision map; by surname, first name, provision."""
    stmt = (
        select(Pupil, Provision)
        .join(Provision, Provision.pupil_id == Pupil.id)
        .where(Pupil.school_id == school_id, Pupil.active)
        .order_by(Pupil.last_name, Pupil.first_name, Pupil.id, Provision.name, Provision.id)
    )
    if pupil_id is not None:
        stmt = stmt.where(Pupil.id == pupil_id)
    return [(p, pr) for p, pr in session.exec(stmt)]


def register(session: Session, school_id: int) -> list[Pupil]:
    """The school's active pupils for the SEN register, by year group then name."""
    return list(
        session.exec(
            select(Pupil)
            .where(Pupil.school_id == school_id, Pupil.active)
            .order_by(Pupil.year_group, Pupil.last_name, Pupil.first_name, Pupil.id)
        )
    )
