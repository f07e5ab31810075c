"""Safeguarding alerts as the DSL sees them: the list, one alert, and marking it seen.

`mark_seen` is the one way an alert becomes acknowledged, whoever asks (the
web page's button, the chat alert's "Seen" button): it sets acknowledged_at
once, keeps the first time, and audits who saw it. The life cycle after
"seen" (actions, outcome) belongs to its own module (issue 15).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from storage.audit import audit
from storage.models import Pupil, SafeguardingAlert, Staff


@dataclass(frozen=True)
class Concern:
    alert: SafeguardingAlert
    raised_by: str
    pupil: Pupil | None

    @property
    def about(self) -> str:
        return self.pupil.full_name if self.pupil else "pupil not named"


def _select() -> Any:
    return (
        select(SafeguardingAlert, Staff.name, Pupil)
        .join(Staff, col(Staff.id) == col(SafeguardingAlert.raised_by_id))
        .outerjoin(Pupil, col(Pupil.id) == col(SafeguardingAlert.pupil_id))
    )


def concerns_since(session: Session, school_id: int, since: datetime | None) -> list[Concern]:
    """The school's alerts, newest first (all of them when `since` is None)."""
    stmt = _select().where(SafeguardingAlert.school_id == school_id)
    if since is not None:
        stmt = stmt.where(SafeguardingAlert.raised_at >= since)
    stmt = stmt.order_by(col(SafeguardingAlert.raised_at).desc(), col(SafeguardingAlert.id).desc())
    return [Concern(a, name, p) for a, name, p in session.exec(stmt)]


def concern(session: Session, school_id: int, alert_id: int) -> Concern | None:
    row = session.exec(
        _select().where(SafeguardingAlert.id == alert_id, SafeguardingAlert.school_id == school_id)
    ).first()
    return Concern(*row) if row else None


def mark_seen(
    session: Session, alert: SafeguardingAlert, *, staff_id: int, platform: str, now: datetime
) -> bool:
    """Acknowledge the alert; False (and nothing changed) when it was already seen."""
    if alert.acknowledged_at is not None:
        return False
    alert.acknowledged_at = now
    session.add(alert)
    audit(
        session,
        action="concern_seen",
        school_id=alert.school_id,
        staff_id=staff_id,
        platform=platform,
        record_type="safeguarding",
        record_id=alert.id,
        pupil_id=alert.pupil_id,
    )
    return True
