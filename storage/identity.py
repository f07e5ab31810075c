"""Who and what a request names: chat accounts to staff, schools by slug, pupils by UPN."""

from __future__ import annotations

from sqlmodel import Session, select

from storage.models import ChatIdentity, Pupil, School, Staff

DEFAULT_SCHOOL_SLUG = "default"


def staff_for_chat_user(session: Session, platform: str, external_id: str) -> Staff | None:
    """The active staff member behind a chat account, or None for strangers.

    The console has no accounts: its user id is the staff email given to
    `keyworker console --as`.
    """
    staff = _staff_behind(session, platform, external_id)
    if staff is None or not staff.active:
        return None
    return staff


def deactivated_staff_for_chat_user(
    session: Session, platform: str, external_id: str
) -> Staff | None:
    """The staff member behind a chat account when their account is deactivated (so they
    can be told that, not asked to link an account they already linked)."""
    staff = _staff_behind(session, platform, external_id)
    return staff if staff is not None and not staff.active else None


def _staff_behind(session: Session, platform: str, external_id: str) -> Staff | None:
    if platform == "console":
        return session.exec(select(Staff).where(Staff.email == external_id.lower())).first()
    return session.exec(
        select(Staff)
        .join(ChatIdentity, ChatIdentity.staff_id == Staff.id)
        .where(ChatIdentity.platform == platform, ChatIdentity.external_id == external_id)
    ).first()


def who_reactivates(session: Session, school_id: int) -> list[Staff]:
    """The active SENCOs and admins of a school: whom a deactivated person should ask."""
    return list(
        session.exec(
            select(Staff)
            .where(Staff.school_id == school_id, Staff.active, Staff.role.in_(("senco", "admin")))
            .order_by(Staff.role.desc(), Staff.name)
        )
    )


def staff_by_email(session: Session, email: str) -> Staff | None:
    return session.exec(select(Staff).where(Staff.email == email.strip().lower())).first()


def link_chat_identity(
    session: Session, staff: Staff, platform: str, external_id: str, chat_id: str | None = None
) -> ChatIdentity:
    """Link (or re-link) a chat account to a staff member; one account, one person."""
    identity = session.exec(
        select(ChatIdentity).where(
            ChatIdentity.platform == platform, ChatIdentity.external_id == external_id
        )
    ).first()
    if identity is None:
        identity = ChatIdentity(staff_id=staff.id, platform=platform, external_id=external_id)
    identity.staff_id = staff.id
    if chat_id:
        identity.chat_id = chat_id
    session.add(identity)
    return identity


def get_or_create_school(
    session: Session, slug: str = DEFAULT_SCHOOL_SLUG, name: str | None = None
) -> School:
    school = session.exec(select(School).where(School.slug == slug)).first()
    if school is None:
        school = School(slug=slug, name=name or slug.replace("-", " ").title())
        session.add(school)
        session.flush()
    return school


def school_by_slug(session: Session, slug: str | None) -> School | None:
    """The school with that slug (the default school when None); never creates one."""
    return session.exec(select(School).where(School.slug == (slug or DEFAULT_SCHOOL_SLUG))).first()


def pupils_by_upn(session: Session, upn: str, school_slug: str | None = None) -> list[Pupil]:
    """Pupils with that UPN (one per school at most), optionally in one school only."""
    stmt = select(Pupil).where(Pupil.upn == upn.strip().upper())
    if school_slug:
        stmt = stmt.join(School, School.id == Pupil.school_id).where(School.slug == school_slug)
    return list(session.exec(stmt))


def first_active_staff_email(session: Session, role: str) -> str | None:
    staff = session.exec(
        select(Staff).where(Staff.role == role, Staff.active).order_by(Staff.id)
    ).first()
    return staff.email if staff else None


def has_pupils(session: Session) -> bool:
    return session.exec(select(Pupil.id).limit(1)).first() is not None
