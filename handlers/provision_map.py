"""The provision map: every pupil with a plan, each provision delivered against planned,
this week and this half-term, and whether it is on track.

Planned sessions use the reports' rule (handlers.reports.period.WeekPlanner:
sessions_per_week pro rata to the school days of each week inside the
provision's own dates), so the map, the evidence packs and the school report
agree. "Expected so far" counts the school days before today (today's
session may still happen), and a provision is behind when fewer sessions
were delivered than expected so far, this week or this half-term.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from handlers.reports.period import Period, WeekPlanner, weekdays
from storage.models import Pupil, Staff
from storage.queries.plan import school_plan
from storage.queries.sessions import SessionCount, sessions_by_provision

FALLBACK_WEEKS = 6  # outside term, or with no calendar: the last six weeks stand in


class Calendar(Protocol):
    def is_school_day(self, day: date) -> bool: ...

    def term_of(self, day: date) -> Any: ...


@dataclass(frozen=True)
class Window:
    label: str
    first: date
    last: date


@dataclass
class Progress:
    planned: int = 0  # over the whole window
    expected: int = 0  # by the end of yesterday
    delivered: int = 0
    missed: int = 0

    @property
    def behind(self) -> bool:
        return self.delivered < self.expected


@dataclass
class ProvisionLine:
    provision_id: int
    name: str
    area_of_need: str
    sessions_per_week: int
    minutes_per_session: int
    week: Progress
    half_term: Progress

    @property
    def behind(self) -> bool:
        return self.week.behind or self.half_term.behind


@dataclass
class PupilLine:
    pupil: Pupil
    key_worker: str | None
    provisions: list[ProvisionLine] = field(default_factory=list)

    @property
    def behind(self) -> bool:
        return any(p.behind for p in self.provisions)


@dataclass(frozen=True)
class Filters:
    class_name: str = ""
    key_worker_id: int | None = None
    area_of_need: str = ""


@dataclass
class ProvisionMap:
    week: Window
    half_term: Window
    pupils: list[PupilLine]
    classes: list[str]
    key_workers: list[tuple[int, str]]


def half_term_window(today: date, calendar: Calendar | None) -> Window:
    """The stretch of term between breaks that holds today (a half-term), else the last 6 weeks."""
    term = calendar.term_of(today) if calendar is not None else None
    if term is not None:
        first, last = term.start, term.end
        for start, end in sorted(term.breaks):
            if end < today:
                first = max(first, end + timedelta(days=1))
            elif start > today:
                last = min(last, start - timedelta(days=1))
                break
        while first.weekday() >= 5:  # a half-term break ends on a Friday or a Sunday
            first += timedelta(days=1)
        return Window(f"this half-term ({term.name}, from {first:%d/%m})", first, last)
    first = today - timedelta(weeks=FALLBACK_WEEKS)
    return Window(f"the last {FALLBACK_WEEKS} weeks", first, today)


def _progress(
    session: Session,
    school_id: int,
    window: Window,
    today: date,
    tz: ZoneInfo,
    school_day: Any,
) -> tuple[WeekPlanner, WeekPlanner | None, dict[int | None, SessionCount]]:
    whole = WeekPlanner(Period(window.first, window.last, tz), school_day)
    yesterday = today - timedelta(days=1)
    so_far = (
        WeekPlanner(Period(window.first, yesterday, tz), school_day)
        if yesterday >= window.first
        else None
    )
    upto = Period(window.first, min(today, window.last), tz)
    counts = {
        c.provision_id: c for c in sessions_by_provision(session, school_id, upto.start, upto.end)
    }
    return whole, so_far, counts


def build_provision_map(
    session: Session,
    school_id: int,
    *,
    today: date,
    tz: ZoneInfo,
    calendar: Calendar | None,
    filters: Filters,
    only_key_worker_id: int | None = None,
) -> ProvisionMap:
    """The map for the school; `only_key_worker_id` limits it to one key worker's pupils."""
    school_day = calendar.is_school_day if calendar is not None else weekdays
    monday = today - timedelta(days=today.weekday())
    week = Window(
        f"this week (from Mon {monday.day} {monday:%b})", monday, monday + timedelta(days=6)
    )
    half = half_term_window(today, calendar)
    planners = {
        "week": _progress(session, school_id, week, today, tz, school_day),
        "half": _progress(session, school_id, half, today, tz, school_day),
    }
    pupils = {
        p.id: p
        for p in session.exec(select(Pupil).where(Pupil.school_id == school_id, Pupil.active))
    }
    staff_names = dict(
        session.exec(select(Staff.id, Staff.name).where(Staff.school_id == school_id)).all()
    )
    key_worker_id = only_key_worker_id if only_key_worker_id is not None else filters.key_worker_id
    lines: dict[int, PupilLine] = {}
    for plan in school_plan(session, school_id):
        pupil = pupils.get(plan.pupil_id)
        if pupil is None:
            continue
        if key_worker_id is not None and pupil.key_worker_id != key_worker_id:
            continue
        if filters.class_name and (pupil.class_name or "") != filters.class_name:
            continue
        if filters.area_of_need and plan.area_of_need != filters.area_of_need:
            continue
        if plan.end_on is not None and plan.end_on < half.first:
            continue  # ended before this half-term: history, not the map
        progress = {}
        for key, (whole, so_far, counts) in planners.items():
            done = counts.get(plan.provision_id)
            progress[key] = Progress(
                planned=sum(whole.planned(plan.sessions_per_week, plan.start_on, plan.end_on)),
                expected=sum(so_far.planned(plan.sessions_per_week, plan.start_on, plan.end_on))
                if so_far
                else 0,
                delivered=done.delivered if done else 0,
                missed=done.missed if done else 0,
            )
        assert pupil.id is not None
        line = lines.setdefault(
            pupil.id, PupilLine(pupil, staff_names.get(pupil.key_worker_id or 0))
        )
        line.provisions.append(
            ProvisionLine(
                plan.provision_id,
                plan.provision,
                plan.area_of_need,
                plan.sessions_per_week,
                plan.minutes_per_session,
                progress["week"],
                progress["half"],
            )
        )
    visible = [
        p
        for p in pupils.values()
        if only_key_worker_id is None or p.key_worker_id == only_key_worker_id
    ]
    key_workers = sorted(
        {
            (p.key_worker_id, staff_names[p.key_worker_id])
            for p in visible
            if p.key_worker_id is not None and p.key_worker_id in staff_names
        },
        key=lambda kw: kw[1],
    )
    return ProvisionMap(
        week=week,
        half_term=half,
        pupils=sorted(
            lines.values(), key=lambda line: (line.pupil.last_name, line.pupil.first_name)
        ),
        classes=sorted({p.class_name for p in visible if p.class_name}),
        key_workers=key_workers,
    )
