"""Read-only queries behind the scheduled jobs: digest, pace, reviews, follow-ups.

Each is one SQL statement (an aggregate where counting is involved) over
indexed columns: `occurred_at` and `(provision_id, occurred_at)` for records,
`annual_review_due` for reviews, `follow_up_on` for follow-ups. Withdrawn
records never count. Instants are aware datetimes (the caller turns school
days into instants in the school's time zone); calendar days are dates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, case, func, literal, or_
from sqlmodel import Session, select

from storage import review_cycle
from storage.models import (
    BehaviourIncident,
    ParentContact,
    PlanType,
    Provision,
    Pupil,
    SafeguardingAlert,
    SessionLog,
    Staff,
)
from storage.pace_math import weekly_target


def pupil_name(first: str, last: str, preferred: str | None = None) -> str:
    return f"{preferred or first} {last}"


# -- today's activity -------------------------------------------------------------
@dataclass(frozen=True)
class StaffCount:
    kind: str
    staff_id: int
    staff_name: str
    count: int
    missed: int = 0


def counts_by_staff(
    session: Session, school_id: int, start: datetime, end: datetime
) -> list[StaffCount]:
    """Records of each kind per staff member between two instants (three GROUP BYs)."""
    out: list[StaffCount] = []
    for kind, model in (
        ("session", SessionLog),
        ("behaviour", BehaviourIncident),
        ("parent_contact", ParentContact),
    ):
        missed = (
            func.sum(case((SessionLog.status == "missed", 1), else_=0))
            if model is SessionLog
            else literal(0)
        )
        stmt = (
            select(Staff.id, Staff.name, func.count(model.id), missed)
            .join(Staff, Staff.id == model.logged_by_id)
            .where(
                model.school_id == school_id,
                model.occurred_at >= start,
                model.occurred_at < end,
                model.withdrawn_at.is_(None),
            )
            .group_by(Staff.id, Staff.name)
            .order_by(Staff.name)
        )
        out.extend(
            StaffCount(kind, sid, name, int(n), int(m or 0))
            for sid, name, n, m in session.exec(stmt)
        )
    return out


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


def _has_injury():
    return and_(
        BehaviourIncident.injuries.is_not(None),
        func.lower(func.trim(BehaviourIncident.injuries)).not_in(("", "none", "no", "nil", "n/a")),
    )


def incidents(
    session: Session, school_id: int, start: datetime, end: datetime
) -> list[IncidentRow]:
    """Behaviour incidents, most serious first: RPI, then injuries, then severity."""
    stmt = (
        select(
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
        )
        .join(Pupil, Pupil.id == BehaviourIncident.pupil_id)
        .where(
            BehaviourIncident.school_id == school_id,
            BehaviourIncident.occurred_at >= start,
            BehaviourIncident.occurred_at < end,
            BehaviourIncident.withdrawn_at.is_(None),
        )
        .order_by(
            BehaviourIncident.physical_intervention.desc(),
            case((_has_injury(), 1), else_=0).desc(),
            BehaviourIncident.severity.desc(),
            BehaviourIncident.occurred_at,
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
        )
        for i, at, pid, f, la, p, beh, notes, sev, rpi, ht, hm, inj, informed_at, informed in (
            session.exec(stmt)
        )
    ]


def safeguarding_counts(
    session: Session, school_id: int, start: datetime, end: datetime
) -> list[tuple[str, int]]:
    """(who it went to, how many) for alerts raised between two instants; never the words."""
    stmt = (
        select(SafeguardingAlert.routed_to, func.count(SafeguardingAlert.id))
        .where(
            SafeguardingAlert.school_id == school_id,
            SafeguardingAlert.raised_at >= start,
            SafeguardingAlert.raised_at < end,
        )
        .group_by(SafeguardingAlert.routed_to)
        .order_by(SafeguardingAlert.routed_to)
    )
    return [(routed or "", int(n)) for routed, n in session.exec(stmt)]


def staff_labels(session: Session, school_id: int) -> dict[str, str]:
    """Staff email -> "Name (ROLE)", to show who alerts went to (stored as emails)."""
    return {
        email: f"{name} ({role.upper()})"
        for email, name, role in session.exec(
            select(Staff.email, Staff.name, Staff.role).where(Staff.school_id == school_id)
        )
    }


@dataclass(frozen=True)
class MissedRow:
    occurred_at: datetime
    pupil: str
    provision: str
    reason: str
    staff: str
    pupil_id: int


def missed_sessions(
    session: Session, school_id: int, start: datetime, end: datetime
) -> list[MissedRow]:
    stmt = (
        select(
            SessionLog.occurred_at,
            Pupil.first_name,
            Pupil.last_name,
            Pupil.preferred_name,
            Provision.name,
            SessionLog.missed_reason,
            Staff.name,
            Pupil.id,
        )
        .join(Pupil, Pupil.id == SessionLog.pupil_id)
        .join(Staff, Staff.id == SessionLog.logged_by_id)
        .join(Provision, Provision.id == SessionLog.provision_id, isouter=True)
        .where(
            SessionLog.school_id == school_id,
            SessionLog.occurred_at >= start,
            SessionLog.occurred_at < end,
            SessionLog.withdrawn_at.is_(None),
            SessionLog.status == "missed",
        )
        .order_by(SessionLog.occurred_at)
    )
    return [
        MissedRow(
            at, pupil_name(f, la, p), prov or "session", reason or "no reason given", staff, pid
        )
        for at, f, la, p, prov, reason, staff, pid in session.exec(stmt)
    ]


# -- provision pace ---------------------------------------------------------------
@dataclass(frozen=True)
class ProvisionWeek:
    key_worker_id: int | None
    pupil_id: int
    first_name: str
    last_name: str
    preferred_name: str | None
    provision_id: int
    provision: str
    sessions_per_week: int
    minutes_per_session: int
    delivered: int
    expected: int  # by now, pro rata (storage.pace_math)
    target: int  # this week, pro rata to the provision's school days in it

    @property
    def pupil(self) -> str:
        return pupil_name(self.first_name, self.last_name, self.preferred_name)

    @property
    def behind(self) -> bool:
        return self.delivered < self.expected


def _runs_on(day: date):
    """SQL: the provision runs on `day` (between its start and end, inclusive)."""
    return and_(
        or_(Provision.start_on.is_(None), Provision.start_on <= day),
        or_(Provision.end_on.is_(None), Provision.end_on >= day),
    )


def _count_days(days: Sequence[date]):
    """SQL: how many of `days` the provision runs on (0 for none)."""
    return sum((case((_runs_on(d), 1), else_=0) for d in days), literal(0))


def provision_week(
    session: Session,
    school_id: int,
    *,
    week_start: datetime,
    until: datetime,
    day: date,
    week_days: Sequence[date],
    midday: bool = False,
    key_worker_id: int | None = None,
    behind_only: bool = False,
) -> list[ProvisionWeek]:
    """Every current provision with sessions delivered in [week_start, until).

    `week_days` are the school days of the week; each provision is paced over
    those it runs on (storage.pace_math: `window`, then `counted_days` with
    `midday` for the nudges). The same arithmetic is spelled here in SQL so
    that `behind_only` filters in the database (HAVING), not in Python.
    """
    week_days = sorted(week_days)
    n = _count_days(week_days)
    through = _count_days([d for d in week_days if d <= day])
    if midday:
        # pace_math.counted_days: before today, except on the provision's last day this week.
        later = [d for d in week_days if d > day]
        before = _count_days([d for d in week_days if d < day])
        counted = case((_count_days(later) == 0, through), else_=before) if later else through
    else:
        counted = through
    spw = Provision.sessions_per_week
    target = weekly_target(spw, n)
    expected = (target * counted) // case((n > 0, n), else_=1)
    # count(provision_id), not count(id): non-null exactly when a session joined, and it lets
    # an index holding the joined columns answer without visiting the table.
    delivered = func.count(SessionLog.provision_id)
    stmt = (
        select(
            Pupil.key_worker_id,
            Pupil.id,
            Pupil.first_name,
            Pupil.last_name,
            Pupil.preferred_name,
            Provision.id,
            Provision.name,
            spw,
            Provision.minutes_per_session,
            delivered,
            expected,
            target,
        )
        .join(Pupil, Pupil.id == Provision.pupil_id)
        .join(
            SessionLog,
            # school_id repeated on the session side (a session is always its
            # provision's school) so an index led by (school_id, occurred_at)
            # can read just this school's week. Without it every school's call
            # read the whole trust's week; with the covering index suggested in
            # docs/benchmarks.md PostgreSQL answers from the index alone.
            and_(
                SessionLog.provision_id == Provision.id,
                SessionLog.school_id == school_id,
                SessionLog.occurred_at >= week_start,
                SessionLog.occurred_at < until,
                SessionLog.withdrawn_at.is_(None),
                SessionLog.status == "delivered",
            ),
            isouter=True,
        )
        .where(Provision.school_id == school_id, Pupil.active, _runs_on(day))
        .group_by(
            Pupil.key_worker_id,
            Pupil.id,
            Pupil.first_name,
            Pupil.last_name,
            Pupil.preferred_name,
            Provision.id,
            Provision.name,
            spw,
            Provision.minutes_per_session,
            Provision.start_on,
            Provision.end_on,
        )
        .order_by(Pupil.last_name, Pupil.first_name, Pupil.id, Provision.id)
    )
    if key_worker_id is not None:
        stmt = stmt.where(Pupil.key_worker_id == key_worker_id)
    if behind_only:
        stmt = stmt.having(delivered < expected)
    return [
        ProvisionWeek(*(row[:9]), int(row[9]), int(row[10]), int(row[11]))
        for row in session.exec(stmt)
    ]


# -- annual reviews ---------------------------------------------------------------
@dataclass(frozen=True)
class ReviewRow:
    """A pupil's review; booked/held/report dates only when they belong to this cycle (storage.review_cycle)."""

    pupil_id: int
    first_name: str
    last_name: str
    preferred_name: str | None
    year_group: str | None
    key_worker_id: int | None
    due: date
    booked_on: date | None
    held_on: date | None
    report_sent_on: date | None

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


def _review_columns():
    return (
        Pupil.id,
        Pupil.first_name,
        Pupil.last_name,
        Pupil.preferred_name,
        Pupil.year_group,
        Pupil.key_worker_id,
        Pupil.annual_review_due,
        Pupil.review_booked_on,
        Pupil.review_held_on,
        Pupil.review_report_sent_on,
    )


def _review_rows(session: Session, stmt) -> list[ReviewRow]:
    rows = []
    for pid, f, la, p, yg, kw, due, booked, held, sent in session.exec(stmt):
        booked = booked if review_cycle.in_cycle(booked, due) else None
        rows.append(
            ReviewRow(
                pid,
                f,
                la,
                p,
                yg,
                kw,
                due,
                booked,
                review_cycle.held_this_cycle(held, due),
                review_cycle.report_sent_this_cycle(held, sent, due),
            )
        )
    return rows


def _ehcp(school_id: int):
    return and_(
        Pupil.school_id == school_id,
        Pupil.active,
        Pupil.plan_type == PlanType.ehcp.value,
        Pupil.annual_review_due.is_not(None),
    )


def reviews_open(
    session: Session, school_id: int, *, due_by: date, meeting_by: date | None = None
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
        Pupil.review_held_on.is_not(None),
        or_(
            Pupil.review_report_sent_on.is_(None),
            Pupil.review_report_sent_on < Pupil.review_held_on,
        ),
    )
    stmt = (
        select(*_review_columns())
        .where(
            _ehcp(school_id),
            or_(
                Pupil.annual_review_due <= due_by,
                Pupil.review_booked_on <= meeting_by,
                awaiting_report,
            ),
        )
        .order_by(Pupil.annual_review_due, Pupil.last_name, Pupil.id)
    )
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
    session: Session, school_id: int, years: tuple[int, ...]
) -> list[ReviewRow]:
    """EHCP pupils in a phase-transfer year group (written '6', 'Y6' or 'Year 6')."""
    spellings = [form for y in years for form in (str(y), f"Y{y}", f"y{y}", f"Year {y}", f"0{y}")]
    stmt = (
        select(*_review_columns())
        .where(_ehcp(school_id), Pupil.year_group.in_(spellings))
        .order_by(Pupil.last_name, Pupil.id)
    )
    return _review_rows(session, stmt)


@dataclass(frozen=True)
class Evidence:
    delivered: int
    minutes: int
    missed: int
    incidents: int
    rpi: int


def evidence(session: Session, pupil_id: int, start: datetime, end: datetime) -> Evidence:
    """A pupil's provision delivered and behaviour between two instants (two aggregates)."""
    sessions = session.exec(
        select(
            func.sum(case((SessionLog.status == "delivered", 1), else_=0)),
            func.sum(
                case((SessionLog.status == "delivered", SessionLog.duration_minutes), else_=0)
            ),
            func.sum(case((SessionLog.status == "missed", 1), else_=0)),
        ).where(
            SessionLog.pupil_id == pupil_id,
            SessionLog.occurred_at >= start,
            SessionLog.occurred_at < end,
            SessionLog.withdrawn_at.is_(None),
        )
    ).one()
    behaviour = session.exec(
        select(
            func.count(BehaviourIncident.id),
            func.sum(case((BehaviourIncident.physical_intervention, 1), else_=0)),
        ).where(
            BehaviourIncident.pupil_id == pupil_id,
            BehaviourIncident.occurred_at >= start,
            BehaviourIncident.occurred_at < end,
            BehaviourIncident.withdrawn_at.is_(None),
        )
    ).one()
    return Evidence(
        int(sessions[0] or 0),
        int(sessions[1] or 0),
        int(sessions[2] or 0),
        int(behaviour[0] or 0),
        int(behaviour[1] or 0),
    )


# -- parent follow-ups ------------------------------------------------------------
@dataclass(frozen=True)
class FollowUpRow:
    contact_id: int
    follow_up_on: date
    occurred_at: datetime
    pupil: str
    contact_with: str | None
    method: str | None
    summary: str
    staff_id: int
    staff_name: str
    pupil_id: int


def follow_ups(
    session: Session, school_id: int, *, due_from: date | None, due_to: date
) -> list[FollowUpRow]:
    """Promised follow-ups not yet done, due in [due_from, due_to] (due_from None = any earlier)."""
    conditions = [
        ParentContact.school_id == school_id,
        ParentContact.follow_up_on.is_not(None),
        ParentContact.follow_up_on <= due_to,
        ParentContact.follow_up_done_at.is_(None),
        ParentContact.withdrawn_at.is_(None),
    ]
    if due_from is not None:
        conditions.append(ParentContact.follow_up_on >= due_from)
    stmt = (
        select(
            ParentContact.id,
            ParentContact.follow_up_on,
            ParentContact.occurred_at,
            Pupil.first_name,
            Pupil.last_name,
            Pupil.preferred_name,
            ParentContact.contact_with,
            ParentContact.method,
            ParentContact.summary,
            ParentContact.notes,
            Staff.id,
            Staff.name,
            Pupil.id,
        )
        .join(Pupil, Pupil.id == ParentContact.pupil_id)
        .join(Staff, Staff.id == ParentContact.logged_by_id)
        .where(*conditions)
        .order_by(ParentContact.follow_up_on, ParentContact.id)
    )
    return [
        FollowUpRow(
            cid, due, at, pupil_name(f, la, p), who, method, summary or notes or "", sid, sname, pid
        )
        for cid, due, at, f, la, p, who, method, summary, notes, sid, sname, pid in session.exec(
            stmt
        )
    ]


# -- people -----------------------------------------------------------------------
def staff_with_role(session: Session, school_id: int, role: str) -> list[Staff]:
    return list(
        session.exec(
            select(Staff)
            .where(Staff.school_id == school_id, Staff.role == role, Staff.active)
            .order_by(Staff.id)
        )
    )


def staff_by_ids(session: Session, ids) -> dict[int, Staff]:
    """Active staff by id, in one IN query (the jobs' recipients, instead of a get() per row)."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    return {s.id: s for s in session.exec(select(Staff).where(Staff.id.in_(wanted), Staff.active))}


def staff_by_emails(session: Session, emails: list[str]) -> list[Staff]:
    wanted = [e.strip().lower() for e in emails if e.strip()]
    if not wanted:
        return []
    return list(
        session.exec(select(Staff).where(Staff.email.in_(wanted), Staff.active).order_by(Staff.id))
    )
