"""Schools and the staff the jobs address: by role, by id, by email, and their labels."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from storage.ids import stored_id
from storage.models import School, Staff
from storage.queries.common import id_among, in_school


def schools(session: Session) -> list[School]:
    return list(session.exec(select(School).order_by(col(School.id))))


def staff_with_role(session: Session, school_id: int | None, role: str) -> list[Staff]:
    """Active staff with `role` in one school, or in every school (None), by id."""
    return list(
        session.exec(
            select(Staff)
            .where(in_school(Staff, school_id), Staff.role == role, Staff.active)
            .order_by(col(Staff.id))
        )
    )


def staff_by_ids(session: Session, ids: Iterable[int | None]) -> dict[int, Staff]:
    """Active staff by id, in one IN query (the jobs' recipients, instead of a get() per row)."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    return {
        stored_id(s): s
        for s in session.exec(
            select(Staff).where(id_among(session, col(Staff.id), wanted), col(Staff.active))
        )
    }


def staff_by_emails(session: Session, emails: list[str]) -> list[Staff]:
    wanted = [e.strip().lower() for e in emails if e.strip()]
    if not wanted:
        return []
    return list(
        session.exec(
            select(Staff)
            .where(col(Staff.email).in_(wanted), col(Staff.active))
            .order_by(col(Staff.id))
        )
    )


def staff_labels(session: Session, school_id: int | None) -> dict[str, str]:
    """Staff email -> "Name (ROLE)", to show who alerts went to (stored as emails; unique in a trust)."""
    return {
        email: f"{name} ({role.upper()})"
        for email, name, role in session.exec(
            select(Staff.email, Staff.name, Staff.role).where(in_school(Staff, school_id))
        )
    }
