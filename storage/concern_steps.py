"""The DSL's side of a concern after it was raised and seen: each action taken (who, when,
what), each decision with its reason, and the outcome (KCSIE: concerns, discussions,
decisions and the reasons for them, in writing).

Steps are appended, never edited or deleted: a correction is a later step that says
so. Each one is audited with the person who recorded it. Only the school's DSL and
deputies (role "dsl") may record or read them; `may_record` is that one rule, and
handlers and web pages ask it rather than keep their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from storage.audit import audit
from storage.models import ConcernStep, Role, SafeguardingAlert, Staff
from storage.vocabulary import CONCERN_STEPS

# A decision must carry its reason; a conversation or call may (but need not).
DECISIONS = frozenset({"social_care", "early_help", "police", "no_further_action", "outcome"})


class StepRefused(ValueError):
    """The step can't be recorded: the words say why."""


def may_record(staff: Staff) -> bool:
    """The DSL and deputies (every member of staff with the DSL role), active."""
    return staff.active and staff.role == Role.dsl


@dataclass(frozen=True)
class Step:
    row: ConcernStep
    by: str

    @property
    def label(self) -> str:
        return CONCERN_STEPS.get(self.row.step, self.row.step)


def record_step(
    session: Session,
    alert: SafeguardingAlert,
    *,
    step: str,
    detail: str,
    reason: str,
    staff: Staff,
    platform: str,
    taken_at: datetime,
    now: datetime,
) -> ConcernStep:
    """Append one step to the concern, audited; refused (StepRefused) when it may not be."""
    if not may_record(staff) or staff.school_id != alert.school_id:
        raise StepRefused("Only the DSL and deputies can record what was done about a concern.")
    if step not in CONCERN_STEPS:
        raise StepRefused(f"Not a step: {step!r}.")
    if step in DECISIONS and not reason.strip():
        raise StepRefused("A decision needs its reason, in writing.")
    if not detail.strip() and not reason.strip():
        raise StepRefused("Say what was done.")
    if taken_at > now:
        raise StepRefused("That's in the future: record what has been done.")
    if alert.acknowledged_at is None:  # acting on it is seeing it
        alert.acknowledged_at = now
        alert.acknowledged_by_id = staff.id
        alert.ack_due_at = None
        session.add(alert)
        audit(
            session,
            action="concern_seen",
            school_id=alert.school_id,
            staff_id=staff.id,
            platform=platform,
            record_type="safeguarding",
            record_id=alert.id,
            pupil_id=alert.pupil_id,
        )
    assert alert.id is not None and staff.id is not None
    row = ConcernStep(
        school_id=alert.school_id,
        alert_id=alert.id,
        pupil_id=alert.pupil_id,
        step=step,
        detail=detail.strip()[:4000],
        reason=reason.strip()[:2000],
        taken_at=taken_at,
        recorded_by_id=staff.id,
        recorded_at=now,
        platform=platform,
    )
    session.add(row)
    session.flush()
    audit(
        session,
        action="concern_step",
        school_id=alert.school_id,
        staff_id=staff.id,
        platform=platform,
        record_type="concern_step",
        record_id=row.id,
        pupil_id=alert.pupil_id,
        detail=f"alert {alert.id}: {step}",
    )
    return row


def steps_of(session: Session, alert_ids: list[int]) -> dict[int, list[Step]]:
    """Each alert's steps in the order they were taken."""
    if not alert_ids:
        return {}
    out: dict[int, list[Step]] = {}
    rows = session.exec(
        select(ConcernStep, Staff.name)
        .join(Staff, col(Staff.id) == col(ConcernStep.recorded_by_id))
        .where(col(ConcernStep.alert_id).in_(alert_ids))
        .order_by(col(ConcernStep.taken_at), col(ConcernStep.id))
    )
    for row, name in rows:
        out.setdefault(row.alert_id, []).append(Step(row, name))
    return out


def outcome(steps: list[Step]) -> Step | None:
    """The latest outcome recorded (a later one corrects an earlier), or None while open."""
    return next((s for s in reversed(steps) if s.row.step == "outcome"), None)
