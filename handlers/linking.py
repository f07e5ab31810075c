"""Linking a chat account to a staff member with a one-time code.

A SENCO or admin issues a code for a staff member (`keyworker link-code EMAIL`);
the staff member sends it to the bot, which redeems it for their platform
account. Only a hash of the code is stored; a code lasts 24 hours, works
once, and issuing a new one retires the person's older unused codes. Both
steps are audited. Platform-neutral: adapters pass the platform's user and
chat ids.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from storage.audit import audit
from storage.identity import link_chat_identity, staff_by_email
from storage.ids import stored_id
from storage.models import LinkCode, Role, Staff

CODE_TTL = timedelta(hours=24)
# No 0/O, 1/I/L: codes are read off one screen and typed on another.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
ISSUER_ROLES = frozenset({Role.senco, Role.admin})
NOT_VALID = (
    "That link code isn't valid: it may be mistyped, used already or older than 24 hours. "
    "Ask your SENCO or admin for a new one."
)


class LinkCodeRefused(Exception):
    """A code could not be issued (unknown or inactive staff member, issuer not allowed)."""


@dataclass(frozen=True)
class IssuedCode:
    code: str  # shown once, as "ABCDE-FGHJK"; only its hash is stored
    staff_name: str
    expires_at: datetime


@dataclass(frozen=True)
class LinkOutcome:
    linked: bool
    staff_name: str | None
    message: str
    role: str | None = None  # the linked person's role (platform menus follow it)


def normalise_code(text: str) -> str:
    """Upper case without spaces or dashes, so 'abcde-fghjk' and 'ABCDEFGHJK' match."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def hash_code(code: str) -> str:
    # Codes are random and short-lived, so a plain SHA-256 is enough: a leaked
    # table reveals no usable code, and brute force can't beat expiry.
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def issue_code(
    session: Session,
    email: str,
    *,
    issued_by: str | None = None,
    now: datetime | None = None,
    platform: str = "cli",
) -> IssuedCode:
    """Create a one-time code for the staff member with `email`.

    `issued_by` is the email of the SENCO or admin asking; None means the
    operator at the server's command line.
    """
    now = now or datetime.now(UTC)
    staff = staff_by_email(session, email)
    if staff is None or not staff.active:
        raise LinkCodeRefused(f"No active staff member with email {email.strip()}.")
    issuer: Staff | None = None
    if issued_by is not None:
        issuer = staff_by_email(session, issued_by)
        if issuer is None or not issuer.active or issuer.role not in ISSUER_ROLES:
            raise LinkCodeRefused("Only a SENCO or admin can issue link codes.")
        if issuer.school_id != staff.school_id:
            raise LinkCodeRefused("That staff member is in another school.")
    session.exec(
        update(LinkCode)
        .where(
            col(LinkCode.staff_id) == staff.id,
            col(LinkCode.used_at).is_(None),
            col(LinkCode.expires_at) > now,
        )
        .values(expires_at=now)
    )
    code = _new_code()
    expires_at = now + CODE_TTL
    session.add(
        LinkCode(
            staff_id=stored_id(staff),
            code_hash=hash_code(code),
            created_by_id=issuer.id if issuer else None,
            expires_at=expires_at,
        )
    )
    audit(
        session,
        action="link_code_issued",
        school_id=staff.school_id,
        staff_id=issuer.id if issuer else None,
        platform=platform,
        detail=f"for staff {staff.id}",
    )
    return IssuedCode(code=code, staff_name=staff.name, expires_at=expires_at)


def redeem_code(
    session: Session,
    code: str,
    *,
    platform: str,
    external_id: str,
    chat_id: str | None,
    now: datetime | None = None,
) -> LinkOutcome:
    """Link (platform, external_id) to the code's staff member, once."""
    now = now or datetime.now(UTC)
    row = session.exec(select(LinkCode).where(LinkCode.code_hash == hash_code(code))).first()
    staff = session.get(Staff, row.staff_id) if row else None
    usable = False
    if (
        row is not None
        and row.used_at is None
        and row.expires_at > now
        and staff is not None
        and staff.active
    ):
        # Conditional update: of two redemptions racing, exactly one wins.
        claimed = session.exec(
            update(LinkCode)
            .where(col(LinkCode.id) == row.id, col(LinkCode.used_at).is_(None))
            .values(used_at=now)
        )
        usable = claimed.rowcount == 1
    if not usable or staff is None:
        audit(
            session,
            action="link_failed",
            school_id=staff.school_id if staff else None,
            staff_id=None,
            platform=platform,
            detail=f"user {external_id[:64]}",
        )
        return LinkOutcome(linked=False, staff_name=None, message=NOT_VALID)
    link_chat_identity(session, staff, platform, external_id, chat_id)
    audit(
        session,
        action="linked",
        school_id=staff.school_id,
        staff_id=staff.id,
        platform=platform,
        detail=f"user {external_id[:64]}",
    )
    first = staff.name.split()[0] if staff.name else "there"
    return LinkOutcome(
        linked=True,
        staff_name=staff.name,
        role=staff.role,
        message=f"Hi {first}, your {platform.title()} account is now linked to Keyworker. "
        "Send /help to see how to log.",
    )
