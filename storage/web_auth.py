"""Sign-in for the web pages: one-time links and the browser sessions they start.

A link's token and a session's cookie id are random (256 bits); only their
SHA-256 is stored, so a copy of the database lets nobody in. A link works
once, for 10 minutes, for the staff member it was made for. A session ends
after an idle spell, after an absolute lifetime, on sign-out, or as soon as
its staff member is deactivated (every request looks them up afresh). Issuing,
signing in, failing and signing out are all audited.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from storage.audit import audit
from storage.models import Staff, WebSession, WebSignInLink

LINK_TTL = timedelta(minutes=10)
# Writing last_seen_at on every page view would make each read a write; a
# minute's slack on a 30-minute idle timeout costs nothing.
TOUCH_EVERY = timedelta(minutes=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class SessionRules:
    idle: timedelta
    lifetime: timedelta


@dataclass(frozen=True)
class StartedSession:
    cookie_value: str  # goes in the cookie only; the database keeps its hash
    staff: Staff
    csrf_token: str


@dataclass(frozen=True)
class SignedIn:
    record: WebSession
    staff: Staff


def issue_signin_link(
    session: Session, staff: Staff, *, now: datetime, via: str, issued_by_id: int | None
) -> str:
    """A new one-time token for `staff`; their older unused links stop working."""
    session.exec(
        update(WebSignInLink)
        .where(
            col(WebSignInLink.staff_id) == staff.id,
            col(WebSignInLink.used_at).is_(None),
            col(WebSignInLink.expires_at) > now,
        )
        .values(expires_at=now)
    )
    token = new_secret()
    assert staff.id is not None
    session.add(
        WebSignInLink(
            staff_id=staff.id,
            token_hash=_hash(token),
            created_at=now,
            expires_at=now + LINK_TTL,
            issued_via=via,
        )
    )
    audit(
        session,
        action="web_link_issued",
        school_id=staff.school_id,
        staff_id=issued_by_id,
        platform=via,
        detail=f"for staff {staff.id}",
    )
    return token


def redeem_signin_link(
    session: Session, token: str, *, now: datetime, rules: SessionRules
) -> StartedSession | None:
    """Start a session for the link's staff member, once; None for a bad, used or old link."""
    link = session.exec(
        select(WebSignInLink).where(WebSignInLink.token_hash == _hash(token))
    ).first()
    staff = session.get(Staff, link.staff_id) if link else None
    usable = (
        link is not None
        and link.used_at is None
        and link.expires_at > now
        and staff is not None
        and staff.active
    )
    if usable and link is not None:
        # Conditional update: of two tabs opening one link at once, exactly one wins.
        claimed = session.exec(
            update(WebSignInLink)
            .where(col(WebSignInLink.id) == link.id, col(WebSignInLink.used_at).is_(None))
            .values(used_at=now)
        )
        usable = claimed.rowcount == 1
    if not usable or staff is None:
        audit(
            session,
            action="web_signin_failed",
            school_id=staff.school_id if staff else None,
            staff_id=None,
            platform="web",
            detail="link unknown" if link is None else "link used, expired or staff inactive",
        )
        return None
    return start_session(session, staff, now=now, rules=rules, how="link")


def start_session(
    session: Session, staff: Staff, *, now: datetime, rules: SessionRules, how: str
) -> StartedSession:
    cookie_value, csrf = new_secret(), new_secret()
    assert staff.id is not None
    session.add(
        WebSession(
            staff_id=staff.id,
            session_hash=_hash(cookie_value),
            csrf_token=csrf,
            created_at=now,
            last_seen_at=now,
            expires_at=now + rules.lifetime,
        )
    )
    audit(
        session,
        action="web_signin",
        school_id=staff.school_id,
        staff_id=staff.id,
        platform="web",
        detail=f"by {how}",
    )
    return StartedSession(cookie_value=cookie_value, staff=staff, csrf_token=csrf)


def signed_in(
    session: Session, cookie_value: str | None, *, now: datetime, rules: SessionRules
) -> SignedIn | None:
    """The live session behind a cookie and its (active) staff member, or None."""
    if not cookie_value:
        return None
    record = session.exec(
        select(WebSession).where(WebSession.session_hash == _hash(cookie_value))
    ).first()
    if (
        record is None
        or record.ended_at is not None
        or record.expires_at <= now
        or record.last_seen_at + rules.idle <= now
    ):
        return None
    staff = session.get(Staff, record.staff_id)
    if staff is None or not staff.active:
        return None
    if now - record.last_seen_at >= TOUCH_EVERY:
        record.last_seen_at = now
        session.add(record)
    return SignedIn(record=record, staff=staff)


def end_session(session: Session, record: WebSession, *, now: datetime) -> None:
    record.ended_at = now
    session.add(record)
    staff = session.get(Staff, record.staff_id)
    audit(
        session,
        action="web_signout",
        school_id=staff.school_id if staff else None,
        staff_id=record.staff_id,
        platform="web",
    )
