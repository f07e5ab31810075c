"""The append-only audit trail: one call site for every read and write of pupil data."""

from __future__ import annotations

from sqlmodel import Session

from storage.models import AuditEvent


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
