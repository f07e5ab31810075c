"""A pupil's annual-review evidence pack, as data: plan, delivery, behaviour, contacts, notes.

`build_pupil_pack` runs the storage.queries aggregates for one pupil
and one period and lays the groups out week by week; rendering is elsewhere.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session

from handlers.reports.period import Period, SchoolDay, WeekPlanner
from storage.models import BehaviourIncident, Provision, Pupil, School, Staff
from storage.queries.activity import NoteRow, recent_notes
from storage.queries.behaviour import incident_counts, restrictive_interventions, top_antecedents
from storage.queries.contacts import ContactRow, parent_contacts
from storage.queries.plan import plan
from storage.queries.sessions import MissedReason, SessionCount, missed_reasons, sessions_by_week

NOT_IN_PLAN = "Other sessions (not in the plan)"


@dataclass
class Week:
    monday: date
    planned: int = 0
    delivered: int = 0
    minutes: int = 0
    missed: int = 0
    reasons: dict[str, int] = field(default_factory=dict)


@dataclass
class ProvisionDelivery:
    provision_id: int | None
    name: str
    area_of_need: str
    sessions_per_week: int
    minutes_per_session: int
    start_on: date | None
    end_on: date | None
    weeks: list[Week]

    @property
    def planned(self) -> int:
        return sum(w.planned for w in self.weeks)

    @property
    def delivered(self) -> int:
        return sum(w.delivered for w in self.weeks)

    @property
    def minutes(self) -> int:
        return sum(w.minutes for w in self.weeks)

    @property
    def missed(self) -> int:
        return sum(w.missed for w in self.weeks)

    @property
    def planned_minutes(self) -> int:
        return self.planned * self.minutes_per_session


@dataclass
class Behaviour:
    by_week: list[tuple[date, int, int]]  # (monday, incidents, of which RPI)
    by_hour: dict[int, int]
    by_weekday: list[int]  # Monday..Sunday
    antecedents: list[tuple[str, int]]

    @property
    def total(self) -> int:
        return sum(n for _, n, _ in self.by_week)

    @property
    def rpi_total(self) -> int:
        return sum(r for _, _, r in self.by_week)


@dataclass
class PupilPack:
    school: str
    pupil: Pupil
    key_worker: str | None
    period: Period
    generated_at: datetime
    provisions: list[ProvisionDelivery]
    missed_reasons: list[tuple[str, int]]
    behaviour: Behaviour
    restrictive: list[BehaviourIncident]
    contacts: list[ContactRow]
    notes: list[NoteRow]
    # What the report must say about the school calendar (handlers.reports.files).
    calendar_notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        p = self.pupil
        return p.full_name + (f" ({p.preferred_name})" if p.preferred_name else "")

    @property
    def mondays(self) -> list[date]:
        return self.period.mondays

    @property
    def in_plan(self) -> list[ProvisionDelivery]:
        return [p for p in self.provisions if p.provision_id is not None]

    def totals(self) -> dict[str, int]:
        plan = self.in_plan
        return {
            "planned": sum(p.planned for p in plan),
            "delivered": sum(p.delivered for p in plan),
            "minutes": sum(p.minutes for p in plan),
            "planned_minutes": sum(p.planned_minutes for p in plan),
            "missed": sum(p.missed for p in self.provisions),
            "incidents": self.behaviour.total,
            "rpi": self.behaviour.rpi_total,
            "contacts": len(self.contacts),
        }

    def weekly_totals(self) -> list[Week]:
        """All provisions in the plan added up, week by week, reasons merged."""
        out = [Week(m) for m in self.mondays]
        for provision in self.provisions:
            for total, week in zip(out, provision.weeks, strict=True):
                if provision.provision_id is not None:
                    total.planned += week.planned
                total.delivered += week.delivered
                total.minutes += week.minutes
                total.missed += week.missed
                for reason, n in week.reasons.items():
                    total.reasons[reason] = total.reasons.get(reason, 0) + n
        return out

    @property
    def empty(self) -> bool:
        """Nothing recorded in the period (a plan alone is not a record)."""
        t = self.totals()
        return not (
            t["delivered"]
            or t["missed"]
            or t["incidents"]
            or t["contacts"]
            or any(p.provision_id is None for p in self.provisions)
            or self.notes
        )


def build_pupil_pack(
    session: Session,
    pupil: Pupil,
    period: Period,
    *,
    now: datetime,
    school_day: SchoolDay | None = None,
) -> PupilPack:
    planner = WeekPlanner(period, school_day)
    clock = period.clock(session)
    mondays = period.mondays
    counts = sessions_by_week(session, clock, pupil_id=pupil.id)
    reasons = missed_reasons(session, clock, pupil.id)
    provisions = _deliveries(plan(session, pupil.id), planner, mondays, counts, reasons)

    incidents = incident_counts(session, clock, pupil_id=pupil.id)
    behaviour = Behaviour(
        by_week=[(m, *incidents.by_week.get(i, (0, 0))) for i, m in enumerate(mondays)],
        by_hour=incidents.by_hour,
        by_weekday=[incidents.by_weekday.get(d, 0) for d in range(7)],
        antecedents=top_antecedents(session, period.start, period.end, pupil_id=pupil.id),
    )
    reason_totals: dict[str, int] = defaultdict(int)
    for r in reasons:
        reason_totals[_reason(r.reason)] += r.count
    key_worker = session.get(Staff, pupil.key_worker_id) if pupil.key_worker_id else None
    school = session.get(School, pupil.school_id)
    return PupilPack(
        school=school.name if school else "",
        pupil=pupil,
        key_worker=key_worker.name if key_worker else None,
        period=period,
        generated_at=now,
        provisions=provisions,
        missed_reasons=sorted(reason_totals.items(), key=lambda kv: (-kv[1], kv[0])),
        behaviour=behaviour,
        restrictive=restrictive_interventions(session, pupil.id, period.start, period.end),
        contacts=parent_contacts(session, pupil.id, period.start, period.end),
        notes=recent_notes(session, pupil.id, pupil.key_worker_id, period.start, period.end),
    )


def _reason(text: str) -> str:
    return text or "no reason given"


def _deliveries(
    plan: list[Provision],
    planner: WeekPlanner,
    mondays: list[date],
    counts: list[SessionCount],
    reasons: list[MissedReason],
) -> list[ProvisionDelivery]:
    rows: dict[int | None, ProvisionDelivery] = {}
    for p in plan:
        weeks = [
            Week(m, planned=n)
            for m, n in zip(
                mondays, planner.planned(p.sessions_per_week, p.start_on, p.end_on), strict=True
            )
        ]
        rows[p.id] = ProvisionDelivery(
            p.id,
            p.name,
            p.area_of_need,
            p.sessions_per_week,
            p.minutes_per_session,
            p.start_on,
            p.end_on,
            weeks,
        )

    def row_for(provision_id: int | None) -> ProvisionDelivery:
        # A session may name a provision since removed from the plan, or none at all.
        key = provision_id if provision_id in rows else None
        if key not in rows:
            rows[key] = ProvisionDelivery(
                None, NOT_IN_PLAN, "", 0, 0, None, None, [Week(m) for m in mondays]
            )
        return rows[key]

    for c in counts:
        if 0 <= c.week < len(mondays):
            week = row_for(c.provision_id).weeks[c.week]
            week.delivered += c.delivered
            week.minutes += c.minutes
            week.missed += c.missed
    for r in reasons:
        if 0 <= r.week < len(mondays):
            week = row_for(r.provision_id).weeks[r.week]
            week.reasons[_reason(r.reason)] = week.reasons.get(_reason(r.reason), 0) + r.count
    return list(rows.values())
