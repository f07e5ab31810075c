"""Safeguarding alerts as counts and who they went to; the words never leave storage here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from storage.models import SafeguardingAlert
from storage.queries.common import in_school


@dataclass(frozen=True)
class AlertCount:
    school_id: int
    routed_to: str  # staff emails, comma-separated
    count: int


def safeguarding_counts(
    session: Session, school_id: int | None, start: datetime, end: datetime
) -> list[AlertCount]:
    """How many alerts raised between two instants went to whom, per school; never the words."""
    stmt = (
        select(
            SafeguardingAlert.school_id,
            SafeguardingAlert.routed_to,
            func.count(SafeguardingAlert.id),
        )
        .where(
            in_school(SafeguardingAlert, school_id),
            SafeguardingAlert.raised_at >= start,
            SafeguardingAlert.raised_at < end,
        )
        .group_by(SafeguardingAlert.school_id, SafeguardingAlert.routed_to)
        .order_by(SafeguardingAlert.school_id, SafeguardingAlert.routed_to)
    )
    return [AlertCount(school, routed or "", int(n)) for school, routed, n in session.exec(stmt)]
