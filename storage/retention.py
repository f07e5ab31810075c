"""Retention: how long each school keeps each kind of record, and the only code that deletes
records (it runs only when the operator runs `keyworker retention`).

Every school sets a period per kind (table `retentionrule`; no rule means keep).
A period is `keep`, `N years` / `N months` / `N days` after each record, or
`age N`: until the pupil is N. Each kind has a safe minimum after the IRMS
schools toolkit, and a shorter rule is refused: safeguarding alerts,
incidents with a restrictive physical intervention, other behaviour incidents
and parent contacts are part of the child's safeguarding or SEN file (date of
birth + 25 years); session logs evidence provision delivered (6 years, the
Limitation Act period); delivered chat messages are only copies (30 days).
`age N` is counted from the pupil's date of birth (the pupils file's optional
`date_of_birth`, issue 15): all their records of that kind go together once
they are N, plus the school's margin if the rule adds one (`age 25 + 1 year`,
`age 25 plus 6 months`). For a pupil whose date of birth isn't recorded it
falls back to N years (plus margin) after their newest record of that kind,
never sooner than their Nth birthday. Which kinds count from birth is in
KINDS: those whose minimum is an age (the SEN and safeguarding file); session
logs and chat copies are counted from each record. Shorthand such as `1y` is
refused: it does not say whether it means after each record or the pupil's age.

Deleting a record also deletes its copies: its earlier versions, the outbox
messages that carried it (a safeguarding alert's words, a follow-up reminder's
summary, digests that named the pupil up to that day), and pending questions
or form state that point at it. Each deletion is audited item by item: the
kind, the pupil and the ids deleted, never the contents. The audit trail
itself is never deleted.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from storage.audit import cli_audit
from storage.models import (
    BehaviourIncident,
    ConcernStep,
    ConversationState,
    IncidentInvolved,
    IncidentStaff,
    KeyValue,
    OutboxMessage,
    ParentContact,
    Pupil,
    RecordVersion,
    RetentionRule,
    SafeguardingAlert,
    SessionLog,
)

KEEP = "keep"
LIVE_OUTBOX = ("pending", "sending")
IDS_PER_AUDIT_ROW = 200


class RetentionError(ValueError):
    """A period that can't be used; the message says what to write instead."""


@dataclass(frozen=True)
class Period:
    """`keep`, an interval after each record, or `age N` (until the pupil is N), whose
    years/months/days are then the school's margin on top of the age."""

    years: int = 0
    months: int = 0
    days: int = 0
    age: int | None = None
    keep: bool = False

    def __str__(self) -> str:
        if self.keep:
            return KEEP
        parts = [(self.years, "year"), (self.months, "month"), (self.days, "day")]
        interval = " ".join(f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n)
        if self.age is not None:
            return f"age {self.age}" + (f" + {interval}" if interval else "")
        return interval

    @property
    def from_birth(self) -> bool:
        return self.age is not None and not self.keep

    def before(self, moment: datetime) -> datetime:
        """The instant an interval back from `moment` (calendar years and months); for
        `age N` the age and its margin together (the latest birth date now past it)."""
        years = self.years + (self.age or 0)
        month_index = moment.month - 1 - self.months
        year = moment.year - years + month_index // 12
        month = month_index % 12 + 1
        day = min(moment.day, _days_in(year, month))
        return moment.replace(year=year, month=month, day=day) - timedelta(days=self.days)

    def at_least(self, minimum: Period) -> bool:
        """Whether this keeps every record at least as long as `minimum` does."""
        if self.keep:
            return True
        if minimum.keep:
            return False
        if minimum.age is not None and self.age is not None:
            return all(
                self.before(reference) <= minimum.before(reference) for reference in _REFERENCES
            )
        # An interval after each record, against either kind of minimum: N years after
        # a record is never sooner than the Nth birthday, as the record is after birth.
        return all(self.before(reference) <= minimum.before(reference) for reference in _REFERENCES)


_REFERENCES = (datetime(2028, 3, 1, tzinfo=UTC), datetime(2027, 2, 28, tzinfo=UTC))


def _days_in(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    minimum: Period
    why: str


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("session", "session logs", Period(years=6), "provision delivered, 6 years"),
        Kind(
            "behaviour",
            "behaviour incidents (no physical intervention)",
            Period(age=25),
            "part of the SEN file, date of birth + 25 years",
        ),
        Kind(
            "rpi",
            "incidents with a restrictive physical intervention",
            Period(age=25),
            "use of force, date of birth + 25 years or longer",
        ),
        Kind(
            "parent_contact",
            "parent and carer contacts",
            Period(age=25),
            "part of the SEN file, date of birth + 25 years",
        ),
        Kind(
            "safeguarding",
            "safeguarding alerts (the words as typed)",
            Period(age=25),
            "child protection, date of birth + 25 years or longer",
        ),
        Kind(
            "outbox",
            "delivered chat messages (digests, nudges, reminders)",
            Period(days=30),
            "copies of records, 30 days",
        ),
    )
}

_INTERVAL = re.compile(r"^(\d{1,3})\s+(year|month|day)s?$")
_AGE = re.compile(r"^(?:until\s+)?age\s+(\d{1,3})(?:\s*(?:\+|plus)\s*(\d{1,3})\s+(year|month)s?)?$")
_SHORTHAND = re.compile(r"^\d+\s*[a-z]{1,3}$")
HOW_TO_WRITE = (
    "write it as 'keep', a time after each record ('6 years', '18 months', '30 days') "
    "or an age ('age 25': until the pupil is 25; 'age 25 + 1 year' adds the school's margin)"
)


def parse_period(text: str) -> Period:
    """A period as an operator types it; anything that could mean two things is refused."""
    cleaned = " ".join(text.strip().lower().split())
    if cleaned in (KEEP, "forever"):
        return Period(keep=True)
    if match := _AGE.match(cleaned):
        margin, unit = int(match.group(2) or 0), match.group(3)
        if unit == "month":
            return Period(age=int(match.group(1)), months=margin)
        return Period(age=int(match.group(1)), years=margin)
    if match := _INTERVAL.match(cleaned):
        number, unit = int(match.group(1)), match.group(2)
        if number < 1:
            raise RetentionError(f"'{text.strip()}' is no time at all: {HOW_TO_WRITE}.")
        if unit == "year":
            return Period(years=number)
        return Period(months=number) if unit == "month" else Period(days=number)
    if _SHORTHAND.match(cleaned):
        raise RetentionError(
            f"'{text.strip()}' is ambiguous (a time after each record, or the pupil's age?): "
            f"{HOW_TO_WRITE}."
        )
    raise RetentionError(f"'{text.strip()}' is not a retention period: {HOW_TO_WRITE}.")


def check_rule(kind: str, text: str) -> Period:
    """The period for a kind, refused if unreadable or shorter than the kind's minimum."""
    if kind not in KINDS:
        raise RetentionError(f"Which kind? One of: {', '.join(KINDS)}.")
    period = parse_period(text)
    minimum = KINDS[kind].minimum
    if period.age is not None and minimum.age is None:
        raise RetentionError(
            f"{KINDS[kind].label.capitalize()} are kept for a time after each record, not "
            f"until an age: write e.g. '{minimum}'."
        )
    if not period.at_least(minimum):
        raise RetentionError(
            f"{KINDS[kind].label.capitalize()} must be kept at least '{minimum}' "
            f"({KINDS[kind].why}); '{period}' is shorter."
        )
    return period


def counted_from(period: Period) -> str:
    """How a kind's period is counted, as `retention show` says it."""
    if period.keep:
        return "kept"
    if period.from_birth:
        return "from the pupil's date of birth (their newest record where it isn't recorded)"
    return "from each record"


def rules(session: Session, school_id: int) -> dict[str, Period]:
    """Every kind's period for the school (keep where none was set)."""
    stored = {
        r.kind: r.period
        for r in session.exec(select(RetentionRule).where(RetentionRule.school_id == school_id))
    }
    return {
        kind: parse_period(stored[kind]) if kind in stored else Period(keep=True) for kind in KINDS
    }


def set_rule(session: Session, school_id: int, kind: str, text: str) -> Period:
    """Store one kind's period for the school (audited with before and after)."""
    period = check_rule(kind, text)
    rule = session.exec(
        select(RetentionRule).where(
            RetentionRule.school_id == school_id, RetentionRule.kind == kind
        )
    ).first()
    before = rule.period if rule is not None else KEEP
    if rule is None:
        rule = RetentionRule(school_id=school_id, kind=kind, period=str(period))
    rule.period = str(period)
    rule.set_at = datetime.now(UTC)
    session.add(rule)
    cli_audit(
        session,
        "retention_rule",
        school_id=school_id,
        detail=f"{kind}: {before} -> {period}",
    )
    return period


# --- applying the rules ----------------------------------------------------------------


@dataclass
class Deletion:
    """What one kind's rule removes: record ids by pupil (None: no pupil named)."""

    kind: str
    period: Period
    cutoff: datetime
    by_pupil: dict[int | None, list[int]] = field(default_factory=dict)
    newest: datetime | None = None  # the newest record deleted

    @property
    def ids(self) -> list[int]:
        return sorted(i for ids in self.by_pupil.values() for i in ids)


@dataclass
class RetentionReport:
    dry_run: bool
    deletions: list[Deletion] = field(default_factory=list)
    copies: dict[str, int] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {d.kind: len(d.ids) for d in self.deletions}


_MODELS: dict[str, Any] = {
    "session": SessionLog,
    "behaviour": BehaviourIncident,
    "rpi": BehaviourIncident,
    "parent_contact": ParentContact,
    "safeguarding": SafeguardingAlert,
}
# RecordVersion.record_type (and the "kind:id" reference) of each kind's records.
_VERSION_TYPE = {
    "session": "session",
    "behaviour": "behaviour",
    "rpi": "behaviour",
    "parent_contact": "parent_contact",
}


def _moment(model: Any) -> Any:
    return model.raised_at if model is SafeguardingAlert else model.occurred_at


def _of_kind(kind: str, model: Any, school_id: int) -> list[Any]:
    conditions = [model.school_id == school_id]
    if kind == "behaviour":
        conditions.append(model.physical_intervention.is_(False))
    if kind == "rpi":
        conditions.append(model.physical_intervention.is_(True))
    return conditions


def _eligible(
    session: Session, school_id: int, kind: str, period: Period, now: datetime
) -> Deletion:
    model = _MODELS[kind]
    when = _moment(model)
    cutoff = period.before(now)
    where = _of_kind(kind, model, school_id)
    if period.age is None:
        rows = session.exec(select(model.id, model.pupil_id, when).where(*where, when < cutoff))
    else:
        # Until the pupil is N (plus the margin): from the date of birth where it is
        # recorded, all their records of this kind together once they are old enough.
        born_long_ago = select(Pupil.id).where(
            Pupil.school_id == school_id,
            col(Pupil.date_of_birth).is_not(None),
            col(Pupil.date_of_birth) < cutoff.date(),
        )
        # Without one: N years after the pupil's newest record of this kind, so their
        # records still go together, never sooner than the birthday.
        no_birth_date = select(Pupil.id).where(
            col(Pupil.school_id) == school_id, col(Pupil.date_of_birth).is_(None)
        )
        newest = (
            select(model.pupil_id, func.max(when).label("newest"))
            .where(*where, model.pupil_id.in_(no_birth_date))
            .group_by(model.pupil_id)
            .subquery()
        )
        stale = select(newest.c.pupil_id).where(newest.c.newest < cutoff)
        rows = session.exec(
            select(model.id, model.pupil_id, when).where(
                *where,
                (model.pupil_id.in_(born_long_ago))
                | (model.pupil_id.in_(stale))
                | (model.pupil_id.is_(None) & (when < cutoff)),  # no pupil: by its own date
            )
        )
    deletion = Deletion(kind, period, cutoff)
    for record_id, pupil_id, at in rows:
        deletion.by_pupil.setdefault(pupil_id, []).append(record_id)
        deletion.newest = at if deletion.newest is None or at > deletion.newest else deletion.newest
    return deletion


def _outbox_expired(session: Session, school_id: int, period: Period, now: datetime) -> Deletion:
    cutoff = period.before(now)
    ids = [
        i
        for i in session.exec(
            select(col(OutboxMessage.id)).where(
                OutboxMessage.school_id == school_id,
                col(OutboxMessage.status).not_in(LIVE_OUTBOX),
                OutboxMessage.created_at < cutoff,
            )
        )
        if i is not None
    ]
    return Deletion("outbox", period, cutoff, {None: ids} if ids else {})


def apply_retention(
    session: Session, school_id: int, now: datetime, dry_run: bool = False
) -> RetentionReport:
    """Delete (or, dry run, count) what the school's rules say has been kept long enough."""
    report = RetentionReport(dry_run)
    for kind, period in rules(session, school_id).items():
        if period.keep:
            continue
        if kind == "outbox":
            deletion = _outbox_expired(session, school_id, period, now)
        else:
            deletion = _eligible(session, school_id, kind, period, now)
        if deletion.ids:
            report.deletions.append(deletion)
    if not dry_run:
        for deletion in report.deletions:
            _delete(session, school_id, deletion, report)
    summary = ", ".join(f"{k}={n}" for k, n in report.counts().items()) or "nothing due"
    copies = ", ".join(f"{k}={n}" for k, n in report.copies.items())
    cli_audit(
        session,
        "retention_dry_run" if dry_run else "retention",
        school_id=school_id,
        detail="; ".join(
            part
            for part in (
                "rules " + ", ".join(f"{k} {p}" for k, p in rules(session, school_id).items()),
                ("would delete " if dry_run else "deleted ") + summary,
                f"copies {copies}" if copies else "",
            )
            if part
        ),
    )
    return report


def _delete(session: Session, school_id: int, deletion: Deletion, report: RetentionReport) -> None:
    kind, ids = deletion.kind, deletion.ids
    rule = f"rule '{deletion.period}', before {deletion.cutoff:%Y-%m-%d}"
    if kind == "outbox":
        _log_ids(session, school_id, "outbox", None, ids, rule)
        _delete_in(session, OutboxMessage, ids)
        return
    model = _MODELS[kind]
    copies = _copies(session, school_id, deletion)
    for pupil_id, record_ids in sorted(deletion.by_pupil.items(), key=lambda kv: kv[0] or 0):
        _log_ids(session, school_id, kind, pupil_id, sorted(record_ids), rule)
    for what, copy_ids in copies.items():
        if copy_ids:
            _log_ids(session, school_id, what, None, copy_ids, f"copies of deleted {kind}")
            report.copies[what] = report.copies.get(what, 0) + len(copy_ids)
    _delete_in(session, RecordVersion, copies.get("record_version", []))
    _delete_in(session, OutboxMessage, copies.get("outbox", []))
    _delete_in(session, ConversationState, copies.get("conversation_state", []))
    _delete_in(session, KeyValue, copies.get("keyvalue", []))
    if model is BehaviourIncident:  # the other pupils and staff involved go with their incident
        for chunk in _chunks(list(ids), 500):
            session.execute(
                delete(IncidentInvolved).where(col(IncidentInvolved.incident_id).in_(chunk))
            )
            session.execute(delete(IncidentStaff).where(col(IncidentStaff.incident_id).in_(chunk)))
    if model is SafeguardingAlert:  # the DSL's steps are part of the concern's record
        for chunk in _chunks(list(ids), 500):
            session.execute(delete(ConcernStep).where(col(ConcernStep.alert_id).in_(chunk)))
    _delete_in(session, model, ids)


def _delete_in(session: Session, model: Any, ids: Sequence[int]) -> None:
    for chunk in _chunks(list(ids), 500):
        session.execute(delete(model).where(model.id.in_(chunk)))


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _log_ids(
    session: Session,
    school_id: int,
    what: str,
    pupil_id: int | None,
    ids: list[int],
    why: str,
) -> None:
    """The itemised deletion log: ids only, never contents, a row per 200 ids."""
    for chunk in _chunks(ids, IDS_PER_AUDIT_ROW):
        cli_audit(
            session,
            "retention_delete",
            school_id=school_id,
            record_type=what,
            pupil_id=pupil_id,
            detail=f"ids {','.join(map(str, chunk))} ({why})",
        )


def _copies(session: Session, school_id: int, deletion: Deletion) -> dict[str, list[int]]:
    """Everything else that holds the deleted records' contents, by table."""
    ids = set(deletion.ids)
    found: dict[str, list[int]] = defaultdict(list)
    version_type = _VERSION_TYPE.get(deletion.kind)
    if version_type is not None:
        for chunk in _chunks(sorted(ids), 500):
            found["record_version"] += [
                i
                for i in session.exec(
                    select(col(RecordVersion.id)).where(
                        RecordVersion.school_id == school_id,
                        RecordVersion.record_type == version_type,
                        col(RecordVersion.record_id).in_(chunk),
                    )
                )
                if i is not None
            ]
    found["outbox"] = _outbox_copies(session, school_id, deletion)
    refs = {f"{version_type}:{i}" for i in ids} if version_type else set()
    if refs:
        found["conversation_state"] = [
            int(row.id)
            for row in session.exec(select(ConversationState))
            if row.id is not None and _mentions(row.data, refs)
        ]
        found["keyvalue"] = [
            int(row.id)
            for row in session.exec(select(KeyValue))
            if row.id is not None and _mentions(row.data, refs)
        ]
    return found


def _outbox_copies(session: Session, school_id: int, deletion: Deletion) -> list[int]:
    """Outbox messages that carried a deleted record: by alert or contact id, or, for
    digests and reminders, naming the pupil no later than a day after the newest one."""
    ids = set(deletion.ids)
    pupils = {p for p in deletion.by_pupil if p is not None}
    bound = (deletion.newest or deletion.cutoff) + timedelta(days=1)
    # Alerts and follow-ups name their record whenever they were sent; anything else is
    # a copy only if it was made by the time of the newest record deleted.
    by_reference = (
        OutboxMessage.job == "safeguarding"
        if deletion.kind == "safeguarding"
        else OutboxMessage.key.startswith("followup:")
        if deletion.kind == "parent_contact"
        else None
    )
    made_by_then = OutboxMessage.created_at <= bound
    rows = session.exec(
        select(
            OutboxMessage.id, OutboxMessage.key, OutboxMessage.created_at, OutboxMessage.payload
        ).where(
            OutboxMessage.school_id == school_id,
            made_by_then if by_reference is None else (made_by_then | by_reference),
        )
    )
    found = []
    for outbox_id, key, created_at, payload in rows:
        payload = payload or {}
        names = (
            payload.get("alert_id") in ids
            if deletion.kind == "safeguarding"
            else key.startswith("followup:") and _int(key.split(":")[1]) in ids
            if deletion.kind == "parent_contact"
            else False
        )
        if outbox_id is not None and (
            names or (created_at <= bound and pupils & _ints(payload.get("pupil_ids", [])))
        ):
            found.append(outbox_id)
    return found


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _ints(values: Iterable[Any]) -> set[int]:
    return {int(v) for v in values if isinstance(v, int) or (isinstance(v, str) and v.isdigit())}


def _mentions(data: Any, refs: set[str]) -> bool:
    """Whether JSON data holds a reference ("session:12", "undo:session:12") to a deleted record."""
    if isinstance(data, str):
        return ":".join(data.split(":")[-2:]) in refs
    if isinstance(data, dict):
        return any(_mentions(v, refs) for v in data.values())
    if isinstance(data, list):
        return any(_mentions(v, refs) for v in data)
    return False
