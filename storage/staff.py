"""Staff accounts: add, change role, deactivate. Deactivation takes effect at once
on every platform because every message looks the sender up afresh."""

from __future__ import annotations

from sqlmodel import Session

from storage.audit import cli_audit
from storage.identity import staff_by_email
from storage.models import Role, Staff

ROLES = tuple(r.value for r in Role)


class StaffError(ValueError):
    pass


def add_staff(session: Session, school_id: int, email: str, name: str, role: str) -> Staff:
    email = email.strip().lower()
    if "@" not in email:
        raise StaffError(f"'{email}' is not an email address")
    if role not in ROLES:
        raise StaffError(f"role must be one of {', '.join(ROLES)}")
    existing = staff_by_email(session, email)
    if existing is not None:
        raise StaffError(f"{email} already exists (use `keyworker staff role` to change it)")
    staff = Staff(school_id=school_id, email=email, name=name.strip(), role=role)
    session.add(staff)
    session.flush()
    cli_audit(
        session,
        "staff_add",
        school_id=school_id,
        detail=f"{email} as {role}",
    )
    return staff


def _existing(session: Session, email: str) -> Staff:
    staff = staff_by_email(session, email)
    if staff is None:
        raise StaffError(f"no staff member with email {email}")
    return staff


def set_role(session: Session, email: str, role: str) -> Staff:
    if role not in ROLES:
        raise StaffError(f"role must be one of {', '.join(ROLES)}")
    staff = _existing(session, email)
    before = staff.role
    staff.role = role
    session.add(staff)
    cli_audit(
        session,
        "staff_role",
        school_id=staff.school_id,
        detail=f"{staff.email}: {before} -> {role}",
    )
    return staff


def set_active(session: Session, email: str, active: bool) -> Staff:
    staff = _existing(session, email)
    staff.active = active
    session.add(staff)
    cli_audit(
        session,
        "staff_activate" if active else "staff_deactivate",
        school_id=staff.school_id,
        detail=staff.email,
    )
    return staff
