"""The SENCO's school report, as data: delivery by pupil and by provision type,
the pupils most behind, behaviour trends, and the annual reviews due this term.

Counts come from storage.queries aggregates (one GROUP BY per number,
whatever the size of the school); planned sessions come from the plan and the
school calendar (handlers.reports.period.WeekPlanner).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session, select

from handlers.reports.evidence import Behaviour
from handlers.reports.period import AS_ASKED, Period, SchoolDay, WeekPlanner, provision_began
from storage.models import School, Staff
from storage.queries.activity import first_records
from storage.queries.behaviour import incident_counts, school_incident_totals, top_antecedents
from storage.queries.plan import school_plan
from storage.queries.reviews import ReviewRow, reviews_due
from storage.queries.sessions import sessions_by_provision
from storage.vocabulary import display_name

MOST_BEHIND = 15


@dataclass
class Delivery:
    planned: int = 0
    delivered: int = 0
    missed: int = 0
    minutes: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.delivered / self.planned) if self.planned else None

    @property
    def shortfall(self) -> int:
        return max(self.planned - self.delivered, 0)


@dataclass
class PupilDelivery(Delivery):
    pupil_id: int = 0
    name: str = ""
    year_group: str | None = None
    key_worker: str | None = None
    incidents: int = 0
    rpi: int = 0


@dataclass
class TypeDelivery(Delivery):
    name: str = ""
    pupils: int = 0


@dataclass
class ReviewWindow:
    first: date
    last: date
    label: str  # "Autumn term 2026" or "the next 13 weeks"


@dataclass
class SchoolReport:
    school: str
    period: Period
    generated_at: datetime
    pupils: list[PupilDelivery]
    by_type: list[TypeDelivery]
    behaviour: Behaviour
    reviews: list[ReviewRow]
    review_window: ReviewWindow
    # What the report must say about the school calendar (handlers.reports.files).
    calendar_notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> Delivery:
        out = Delivery()
        for p in self.pupils:
            out.planned += p.planned
            out.delivered += p.delivered
            out.missed += p.missed
            out.minutes += p.minutes
        return out

    def most_behind(self, n: int = MOST_BEHIND) -> list[PupilDelivery]:
        behind = [p for p in self.pupils if p.shortfall > 0]
        behind.sort(key=lambda p: (-p.shortfall, p.percent or 0, p.name))
        return behind[:n]


def build_school_report(
    session: Session,
    school_id: int,
    period: Period,
    *,
    now: datetime,
    review_window: ReviewWindow,
    school_day: SchoolDay | None = None,
) -> SchoolReport:
    planner = WeekPlanner(period, school_day)
    clock = period.clock(session)
    staff_names = dict(
        session.exec(select(Staff.id, Staff.name).where(Staff.school_id == school_id)).all()
    )
    counts = {
        c.provision_id: c
        for c in sessions_by_provision(session, school_id, period.start, period.end)
    }
    incidents = school_incident_totals(session, school_id, period.start, period.end)

    lines = school_plan(session, school_id)
    # A period asked for is taken as asked; otherwise each pupil's plan starts when
    # provision began for them in Keyworker, as in their own pack.
    began = {} if period.basis == AS_ASKED else _pupils_began(session, school_id, period, lines)
    pupils: dict[int, PupilDelivery] = {}
    types: dict[str, TypeDelivery] = {}
    type_pupils: dict[str, set[int]] = {}
    for line in lines:
        pupil = pupils.get(line.pupil_id)
        if pupil is None:
            n, rpi = incidents.get(line.pupil_id, (0, 0))
            pupil = pupils[line.pupil_id] = PupilDelivery(
                pupil_id=line.pupil_id,
                name=display_name(line.first_name, line.preferred_name, line.last_name),
                year_group=line.year_group,
                key_worker=staff_names.get(line.key_worker_id),
                incidents=n,
                rpi=rpi,
            )
        start_on = _later(line.start_on, began.get(line.pupil_id))
        planned = sum(planner.planned(line.sessions_per_week, start_on, line.end_on))
        done = counts.get(line.provision_id)
        key = " ".join(line.provision.lower().split())
        kind = types.setdefault(key, TypeDelivery(name=line.provision))
        type_pupils.setdefault(key, set()).add(line.pupil_id)
        for target in (pupil, kind):
            target.planned += planned
            if done is not None:
                target.delivered += done.delivered
                target.missed += done.missed
                target.minutes += done.minutes
    for key, kind in types.items():
        kind.pupils = len(type_pupils[key])

    by_week = incident_counts(session, clock, school_id=school_id)
    behaviour = Behaviour(
        by_week=[(m, *by_week.by_week.get(i, (0, 0))) for i, m in enumerate(period.mondays)],
        by_hour=by_week.by_hour,
        by_weekday=[by_week.by_weekday.get(d, 0) for d in range(7)],
        antecedents=top_antecedents(
            session, period.start, period.end, school_id=school_id, limit=8
        ),
    )
    school = session.get(School, school_id)
    return SchoolReport(
        school=school.name if school else "",
        period=period,
        generated_at=now,
        pupils=sorted(pupils.values(), key=lambda p: p.name),
        by_type=sorted(types.values(), key=lambda t: (-t.planned, t.name)),
        behaviour=behaviour,
        reviews=reviews_due(session, school_id, review_window.first, review_window.last),
        review_window=review_window,
    )


def _pupils_began(session: Session, school_id: int, period: Period, lines) -> dict[int, date]:
    """pupil_id -> when provision began for them in Keyworker (handlers.reports.period)."""
    tz = period.tz
    firsts = {p: at.astimezone(tz).date() for p, at in first_records(session, school_id).items()}
    school_first = min(firsts.values()) if firsts else None
    starts: dict[int, list[date | None]] = {}
    for line in lines:
        starts.setdefault(line.pupil_id, []).append(line.start_on)
    out = {}
    for pupil_id, pupil_starts in starts.items():
        day, _ = provision_began(firsts.get(pupil_id), pupil_starts, school_first)
        if day is not None:
            out[pupil_id] = day
    return out


def _later(a: date | None, b: date | None) -> date | None:
    return max(a, b) if a and b else a or b
