"""The numbers behind the evidence pack and the school report, as SQL aggregates.

Every count is a GROUP BY in the database; Python only lays the groups out.
Withdrawn records never count. Weeks, hours and weekdays are school-local:
`LocalTime` turns a stored UTC instant into local epoch seconds in SQL (the
zone's offset for each stretch between daylight-saving changes is a CASE over
those few instants), so SQLite and PostgreSQL bucket identically. A week is
Monday to Sunday; week 0 starts on the Monday given as `week0`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import BigInteger, Integer, and_, case, cast, extract, func, literal
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, select

from storage import review_cycle
from storage.models import (
    RECORD_MODELS,
    BehaviourIncident,
    ParentContact,
    Provision,
    Pupil,
    SafeguardingAlert,
    SessionLog,
    Staff,
)

DAY = 86_400
EPOCH = date(1970, 1, 1)


# -- school-local time in SQL -----------------------------------------------------
def offset_changes(tz: ZoneInfo, start: datetime, end: datetime) -> list[tuple[datetime, int]]:
    """[(from_instant, utc_offset_seconds)] covering [start, end): one per DST stretch."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    changes = [(start, _offset(tz, start))]
    moment = start
    while moment < end:
        following = min(moment + timedelta(days=1), end)
        if _offset(tz, following) != changes[-1][1]:
            # Changes happen on the hour: find the first hour of the day with the new offset.
            hour = moment
            while _offset(tz, hour) == changes[-1][1]:
                hour += timedelta(hours=1)
            changes.append((hour, _offset(tz, hour)))
        moment = following
    return changes


def _offset(tz: ZoneInfo, instant: datetime) -> int:
    return int(instant.astimezone(tz).utcoffset().total_seconds())


@dataclass(frozen=True)
class LocalTime:
    """SQL expressions for the school-local hour, weekday and week of a UTC column."""

    dialect: str
    tz: ZoneInfo
    start: datetime
    end: datetime
    week0: date  # a Monday

    @classmethod
    def for_session(
        cls, session: Session, tz: ZoneInfo, start: datetime, end: datetime, week0: date
    ) -> LocalTime:
        return cls(session.get_bind().dialect.name, tz, start, end, week0)

    def seconds(self, column) -> ColumnElement:
        if self.dialect == "postgresql":
            epoch = cast(func.floor(extract("epoch", column)), BigInteger)
        else:  # SQLite keeps naive UTC text; strftime('%s') reads it as UTC
            epoch = cast(func.strftime("%s", column), Integer)
        changes = offset_changes(self.tz, self.start, self.end)
        if len(changes) == 1:
            return epoch + changes[0][1]
        whens = [
            (column < at, previous)
            for (at, _), (_, previous) in zip(changes[1:], changes, strict=False)
        ]
        return epoch + case(*whens, else_=changes[-1][1])

    def day(self, column) -> ColumnElement:
        return self.seconds(column) // DAY

    def hour(self, column) -> ColumnElement:
        return (self.seconds(column) % DAY) // 3600

    def weekday(self, column) -> ColumnElement:
        """Monday = 0 (1 January 1970 was a Thursday)."""
        return (self.day(column) + 3) % 7

    def week(self, column) -> ColumnElement:
        return (self.day(column) - (self.week0 - EPOCH).days) // 7


def _live(model, start: datetime, end: datetime):
    return and_(model.occurred_at >= start, model.occurred_at < end, model.withdrawn_at.is_(None))


def _scope(model, pupil_id: int | None, school_id: int | None):
    if pupil_id is not None:
        return model.pupil_id == pupil_id
    if school_id is None:
        raise ValueError("give a pupil_id or a school_id")
    return model.school_id == school_id


# -- the plan ---------------------------------------------------------------------
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


# -- sessions ---------------------------------------------------------------------
@dataclass(frozen=True)
class SessionCount:
    provision_id: int | None
    week: int | None  # None when not split by week
    delivered: int
    minutes: int
    missed: int


def _session_sums():
    delivered = SessionLog.status == "delivered"
    return (
        func.sum(case((delivered, 1), else_=0)),
        func.sum(case((delivered, func.coalesce(SessionLog.duration_minutes, 0)), else_=0)),
        func.sum(case((SessionLog.status == "missed", 1), else_=0)),
    )


def sessions_by_week(
    session: Session, clock: LocalTime, *, pupil_id: int | None = None, school_id: int | None = None
) -> list[SessionCount]:
    """Delivered / minutes / missed per provision per school-local week."""
    week = clock.week(SessionLog.occurred_at).label("week")
    stmt = (
        select(SessionLog.provision_id, week, *_session_sums())
        .where(_scope(SessionLog, pupil_id, school_id), _live(SessionLog, clock.start, clock.end))
        .group_by(SessionLog.provision_id, week)
        .order_by(SessionLog.provision_id, week)
    )
    return [
        SessionCount(p, int(w), int(d or 0), int(m or 0), int(x or 0))
        for p, w, d, m, x in session.exec(stmt)
    ]


def sessions_by_provision(
    session: Session, school_id: int, start: datetime, end: datetime
) -> list[SessionCount]:
    """Delivered / minutes / missed per provision over the whole range."""
    stmt = (
        select(SessionLog.provision_id, *_session_sums())
        .where(SessionLog.school_id == school_id, _live(SessionLog, start, end))
        .group_by(SessionLog.provision_id)
    )
    return [
        SessionCount(p, None, int(d or 0), int(m or 0), int(x or 0))
        for p, d, m, x in session.exec(stmt)
    ]


@dataclass(frozen=True)
class MissedReason:
    provision_id: int | None
    week: int
    reason: str
    count: int


def missed_reasons(session: Session, clock: LocalTime, pupil_id: int) -> list[MissedReason]:
    """Missed sessions per provision, week and reason as typed (case and spaces folded)."""
    week = clock.week(SessionLog.occurred_at).label("week")
    reason = func.lower(func.trim(func.coalesce(SessionLog.missed_reason, ""))).label("reason")
    stmt = (
        select(SessionLog.provision_id, week, reason, func.count(SessionLog.id))
        .where(
            SessionLog.pupil_id == pupil_id,
            _live(SessionLog, clock.start, clock.end),
            SessionLog.status == "missed",
        )
        .group_by(SessionLog.provision_id, week, reason)
        .order_by(SessionLog.provision_id, week, reason)
    )
    return [MissedReason(p, int(w), r or "", int(n)) for p, w, r, n in session.exec(stmt)]


# -- behaviour --------------------------------------------------------------------
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
        _scope(BehaviourIncident, pupil_id, school_id),
        _live(BehaviourIncident, clock.start, clock.end),
    )
    rpi = func.sum(case((BehaviourIncident.physical_intervention, 1), else_=0))
    week = clock.week(BehaviourIncident.occurred_at).label("week")
    by_week = {
        int(w): (int(n), int(r or 0))
        for w, n, r in session.exec(
            select(week, func.count(BehaviourIncident.id), rpi).where(*where).group_by(week)
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
                    select(bucket, func.count(BehaviourIncident.id)).where(*where).group_by(bucket)
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
    n = func.count(BehaviourIncident.id).label("n")
    stmt = (
        select(key, n)
        .where(
            _scope(BehaviourIncident, pupil_id, school_id),
            _live(BehaviourIncident, start, end),
            BehaviourIncident.antecedent.is_not(None),
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
                _live(BehaviourIncident, start, end),
                BehaviourIncident.physical_intervention,
            )
            .order_by(BehaviourIncident.occurred_at, BehaviourIncident.id)
        )
    )


def school_incident_totals(
    session: Session, school_id: int, start: datetime, end: datetime
) -> dict[int, tuple[int, int]]:
    """pupil_id -> (incidents, of which RPI) for the school."""
    rpi = func.sum(case((BehaviourIncident.physical_intervention, 1), else_=0))
    stmt = (
        select(BehaviourIncident.pupil_id, func.count(BehaviourIncident.id), rpi)
        .where(BehaviourIncident.school_id == school_id, _live(BehaviourIncident, start, end))
        .group_by(BehaviourIncident.pupil_id)
    )
    return {int(p): (int(n), int(r or 0)) for p, n, r in session.exec(stmt)}


# -- parent contacts and notes ----------------------------------------------------
@dataclass(frozen=True)
class ContactRow:
    occurred_at: datetime
    contact_with: str | None
    method: str | None
    direction: str
    summary: str
    follow_up_on: date | None
    follow_up_done_at: datetime | None
    staff: str


def parent_contacts(
    session: Session, pupil_id: int, start: datetime, end: datetime
) -> list[ContactRow]:
    stmt = (
        select(
            ParentContact.occurred_at,
            ParentContact.contact_with,
            ParentContact.method,
            ParentContact.direction,
            ParentContact.summary,
            ParentContact.notes,
            ParentContact.follow_up_on,
            ParentContact.follow_up_done_at,
            Staff.name,
        )
        .join(Staff, Staff.id == ParentContact.logged_by_id)
        .where(ParentContact.pupil_id == pupil_id, _live(ParentContact, start, end))
        .order_by(ParentContact.occurred_at, ParentContact.id)
    )
    return [
        ContactRow(at, who, how, direction or "outbound", summary or notes or "", due, done, staff)
        for at, who, how, direction, summary, notes, due, done, staff in session.exec(stmt)
    ]


@dataclass(frozen=True)
class NoteRow:
    occurred_at: datetime
    kind: str
    notes: str


def recent_notes(
    session: Session,
    pupil_id: int,
    staff_id: int | None,
    start: datetime,
    end: datetime,
    limit: int = 10,
) -> list[NoteRow]:
    """The newest non-empty notes the key worker wrote on this pupil's records (one UNION)."""
    if staff_id is None:
        return []
    parts = []
    for kind, model in (
        ("session", SessionLog),
        ("behaviour", BehaviourIncident),
        ("parent contact", ParentContact),
    ):
        parts.append(
            select(
                model.occurred_at.label("at"),
                literal(kind).label("kind"),
                model.notes.label("notes"),
            ).where(
                model.pupil_id == pupil_id,
                model.logged_by_id == staff_id,
                _live(model, start, end),
                func.trim(model.notes) != "",
            )
        )
    union = parts[0].union_all(*parts[1:]).subquery()
    stmt = select(union.c.at, union.c.kind, union.c.notes).order_by(union.c.at.desc()).limit(limit)
    rows = session.execute(stmt).all()
    return [NoteRow(_aware(at), kind, notes) for at, kind, notes in rows]


def _aware(value) -> datetime:
    # A UNION's column loses the UTCDateTime decorator, so SQLite hands back text or naive values.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# -- reviews ----------------------------------------------------------------------
@dataclass(frozen=True)
class ReviewDue:
    pupil_id: int
    name: str
    year_group: str | None
    plan_type: str
    due: date
    booked_on: date | None
    held_on: date | None
    key_worker: str | None


def reviews_due(session: Session, school_id: int, due_from: date, due_to: date) -> list[ReviewDue]:
    """Active pupils whose annual review falls due in [due_from, due_to], or is overdue
    and not held this cycle (storage.review_cycle)."""
    stmt = (
        select(
            Pupil.id,
            Pupil.first_name,
            Pupil.last_name,
            Pupil.preferred_name,
            Pupil.year_group,
            Pupil.plan_type,
            Pupil.annual_review_due,
            Pupil.review_booked_on,
            Pupil.review_held_on,
            Staff.name,
        )
        .join(Staff, Staff.id == Pupil.key_worker_id, isouter=True)
        .where(
            Pupil.school_id == school_id,
            Pupil.active,
            Pupil.annual_review_due.is_not(None),
            Pupil.annual_review_due <= due_to,
        )
        .order_by(Pupil.annual_review_due, Pupil.last_name, Pupil.id)
    )
    out = []
    for pid, first, last, preferred, year, plan_type, due, booked, held, staff in session.exec(
        stmt
    ):
        held = review_cycle.held_this_cycle(held, due)
        if due < due_from and held is not None:
            continue
        name = f"{preferred or first} {last}"
        out.append(ReviewDue(pid, name, year, plan_type, due, booked, held, staff))
    return out


# -- per-kind rows for CSV export -------------------------------------------------
EXPORT_MODELS = RECORD_MODELS  # session, behaviour, parent_contact


def record_rows(
    session: Session,
    school_id: int,
    kind: str,
    start: datetime | None = None,
    end: datetime | None = None,
):
    """(record, pupil, logged-by staff, provision or None) for one kind, oldest first.

    For "safeguarding" the record is a SafeguardingAlert and the pupil may be None.
    """
    if kind == "safeguarding":
        stmt = (
            select(SafeguardingAlert, Pupil, Staff, literal(None))
            .join(Pupil, Pupil.id == SafeguardingAlert.pupil_id, isouter=True)
            .join(Staff, Staff.id == SafeguardingAlert.raised_by_id)
            .where(SafeguardingAlert.school_id == school_id)
            .order_by(SafeguardingAlert.raised_at, SafeguardingAlert.id)
        )
        if start is not None:
            stmt = stmt.where(SafeguardingAlert.raised_at >= start)
        if end is not None:
            stmt = stmt.where(SafeguardingAlert.raised_at < end)
        yield from session.exec(stmt)
        return
    model = EXPORT_MODELS[kind]
    stmt = (
        select(model, Pupil, Staff, Provision if model is SessionLog else literal(None))
        .join(Pupil, Pupil.id == model.pupil_id)
        .join(Staff, Staff.id == model.logged_by_id)
        .where(model.school_id == school_id, model.withdrawn_at.is_(None))
        .order_by(model.occurred_at, model.id)
    )
    if model is SessionLog:
        stmt = stmt.outerjoin(Provision, Provision.id == SessionLog.provision_id)
    if start is not None:
        stmt = stmt.where(model.occurred_at >= start)
    if end is not None:
        stmt = stmt.where(model.occurred_at < end)
    yield from session.exec(stmt)
