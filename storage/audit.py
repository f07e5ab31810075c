"""The append-only audit trail: one call site for every read and write of pupil data,
and the one query that reads the trail back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlmodel import Session, select

from storage.models import AuditEvent, Pupil, Staff


def audit(
    session: Session,
    *,
    action: str,
    school_id: int | None,
    staff_id: int | None,
    platform: str,
    record_type: str | None = None,
    record_id: int | None = None,
    pupil_id: int | None = None,
    detail: str = "",
) -> None:
    """Add an audit row inside the caller's transaction, so it lands with the change."""
    session.add(
        AuditEvent(
            action=action,
            school_id=school_id,
            staff_id=staff_id,
            platform=platform,
            record_type=record_type,
            record_id=record_id,
            pupil_id=pupil_id,
            detail=detail[:2000],
        )
    )


def audit_trail(
    session: Session,
    *,
    pupil_upn: str | None = None,
    staff_email: str | None = None,
    since: datetime | None = None,
) -> Iterator[tuple[AuditEvent, str | None, str | None]]:
    """(event, staff email, pupil UPN) oldest first, filtered as asked."""
    stmt = (
        select(AuditEvent, Staff.email, Pupil.upn)
        .outerjoin(Staff, Staff.id == AuditEvent.staff_id)
        .outerjoin(Pupil, Pupil.id == AuditEvent.pupil_id)
        .order_by(AuditEvent.id)
    )
    if pupil_upn:
        stmt = stmt.where(Pupil.upn == pupil_upn.strip().upper())
    if staff_email:
        stmt = stmt.where(Staff.email == staff_email.strip().lower())
    if since is not None:
        stmt = stmt.where(AuditEvent.at >= since)
    yield from session.exec(stmt)
