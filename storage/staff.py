"""Staff accounts: add, change role, deactivate, list. Deactivation takes effect at once
on every platform because every message looks the sender up afresh."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from storage.audit import audit
from storage.identity import staff_by_email
from storage.models import ChatIdentity, Role, Staff

ROLES = tuple(r.value for r in Role)


class StaffError(ValueError):
    pass


def add_staff(
    session: Session,
    school_id: int,
    email: str,
    name: str,
    role: str,
    *,
    by_staff_id: int | None = None,
    platform: str = "cli",
) -> Staff:
    email = email.strip().lower()
    if "@" not in email:
        raise StaffError(f"'{email}' is not an email address")
    if role not in ROLES:
        raise StaffError(f"role must be one of {', '.join(ROLES)}")
    existing = staff_by_email(session, email)
    if existing is not None:
        raise StaffError(f"{email} already exists (use `keyworker staff role` to change it)")
    if not name.strip():
        raise StaffError("the name is empty")
    staff = Staff(school_id=school_id, email=email, name=name.strip(), role=role)
    session.add(staff)
    session.flush()
    audit(
        session,
        action="staff_add",
        school_id=school_id,
        staff_id=by_staff_id,
        platform=platform,
        detail=f"{email} as {role}",
    )
    return staff


def _existing(session: Session, email: str) -> Staff:
    staff = staff_by_email(session, email)
    if staff is None:
        raise StaffError(f"no staff member with email {email}")
    return staff


def set_role(
    session: Session,
    email: str,
    role: str,
    *,
    by_staff_id: int | None = None,
    platform: str = "cli",
) -> Staff:
    if role not in ROLES:
        raise StaffError(f"role must be one of {', '.join(ROLES)}")
    staff = _existing(session, email)
    before = staff.role
    staff.role = role
    session.add(staff)
    audit(
        session,
        action="staff_role",
        school_id=staff.school_id,
        staff_id=by_staff_id,
        platform=platform,
        detail=f"{staff.email}: {before} -> {role}",
    )
    return staff


def set_active(
    session: Session,
    email: str,
    active: bool,
    *,
    by_staff_id: int | None = None,
    platform: str = "cli",
) -> Staff:
    staff = _existing(session, email)
    staff.active = active
    session.add(staff)
    audit(
        session,
        action="staff_activate" if active else "staff_deactivate",
        school_id=staff.school_id,
        staff_id=by_staff_id,
        platform=platform,
        detail=staff.email,
    )
    return staff


@dataclass(frozen=True)
class StaffEntry:
    staff: Staff
    platforms: list[str]  # where their chat accounts are linked, e.g. ["slack", "telegram"]


def staff_directory(session: Session, school_id: int) -> list[StaffEntry]:
    """Every staff member of the school, active first, with the platforms they're linked on."""
    people = session.exec(
        select(Staff)
        .where(Staff.school_id == school_id)
        .order_by(col(Staff.active).desc(), col(Staff.name))
    ).all()
    linked: dict[int, set[str]] = {}
    for staff_id, platform in session.exec(
        select(ChatIdentity.staff_id, ChatIdentity.platform)
        .join(Staff, col(Staff.id) == col(ChatIdentity.staff_id))
        .where(Staff.school_id == school_id)
    ):
        linked.setdefault(staff_id, set()).add(platform)
    return [StaffEntry(s, sorted(linked.get(s.id or 0, set()))) for s in people]
