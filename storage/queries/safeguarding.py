"""Safeguarding alerts as counts and who they went to; the words never leave storage here."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from storage.models import SafeguardingAlert


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
