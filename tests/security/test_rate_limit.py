"""Issue 13 (8): strangers can't flood the audit trail or the database; staff get a
generous limit and a truthful reply past it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, func, select

from handlers.rate_limit import KNOWN_PER_MINUTE, UNKNOWN_PER_ACCOUNT, UNKNOWN_PER_HOUR
from handlers.service import handle
from handlers.types import HandlerContext, Inbound
from storage.db import session_scope
from storage.identity import link_chat_identity, staff_by_email
from storage.models import AuditEvent, InboxMessage, SessionLog

START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
AMY = "amy.lowe@brookfield.example"


def _count(engine, model, *where) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()


def _slack(engine, user: str, text: str, at: datetime, n: int):
    return handle(
        HandlerContext(engine=engine),
        Inbound(
            platform="slack",
            user_id=user,
            chat_id=f"D{user}",
            text=text,
            received_at=at,
            event_id=f"Ev{user}{n}",
        ),
    )


def test_an_unknown_account_gets_a_few_replies_then_silence(sample_school):
    replies = [
        _slack(sample_school, "U0STRANGER", "hello?", START + timedelta(seconds=i), i)
        for i in range(50)
    ]
    assert all("I don't know you yet" in r.text for r in replies[:UNKNOWN_PER_ACCOUNT])
    assert all(r.text == "" and r.duplicate for r in replies[UNKNOWN_PER_ACCOUNT:])
    assert (
        _count(sample_school, AuditEvent, AuditEvent.action == "unknown_user")
        == UNKNOWN_PER_ACCOUNT
    )
    assert _count(sample_school, InboxMessage) == UNKNOWN_PER_ACCOUNT  # none for the rest
    # An hour on, the account may be told again how to get linked.
    later = _slack(sample_school, "U0STRANGER", "hello?", START + timedelta(hours=1, seconds=5), 99)
    assert "I don't know you yet" in later.text


def test_many_unknown_accounts_together_cannot_flood_the_audit(sample_school):
    for n in range(UNKNOWN_PER_HOUR + 50):
        _slack(sample_school, f"U0FLOOD{n:04d}", "hi", START + timedelta(seconds=n), n)
    assert _count(sample_school, AuditEvent, AuditEvent.action == "unknown_user") == (
        UNKNOWN_PER_HOUR
    )


def test_linking_lifts_the_silence_at_once(sample_school):
    for i in range(UNKNOWN_PER_ACCOUNT + 2):
        _slack(sample_school, "U0NEWAMY", "hi", START + timedelta(seconds=i), i)
    with session_scope(sample_school) as session:
        link_chat_identity(session, staff_by_email(session, AMY), "slack", "U0NEWAMY")
    reply = _slack(
        sample_school, "U0NEWAMY", "Freya phonics 20 mins", START + timedelta(seconds=9), 9
    )
    assert reply.text.startswith("Logged ✓")


def test_staff_have_a_generous_limit_and_are_told_nothing_was_stored(sample_school):
    with session_scope(sample_school) as session:
        link_chat_identity(session, staff_by_email(session, AMY), "slack", "U0AMYFAST")
    replies = [
        _slack(sample_school, "U0AMYFAST", "/today", START + timedelta(milliseconds=500 * i), i)
        for i in range(KNOWN_PER_MINUTE + 5)
    ]
    assert all("haven't stored" not in r.text for r in replies[:KNOWN_PER_MINUTE])
    assert all("haven't stored that one" in r.text for r in replies[KNOWN_PER_MINUTE:])
    too_fast = _slack(
        sample_school, "U0AMYFAST", "Freya phonics 20 mins", START + timedelta(seconds=40), 500
    )
    assert "haven't stored" in too_fast.text
    assert _count(sample_school, SessionLog) == 0
    calm = _slack(
        sample_school, "U0AMYFAST", "Freya phonics 20 mins", START + timedelta(minutes=2), 501
    )
    assert calm.text.startswith("Logged ✓") and _count(sample_school, SessionLog) == 1


def test_the_console_is_not_throttled(sample_school):
    from tests.support.chat import Clock, Dialog

    amy = Dialog(sample_school, AMY, clock=Clock(START))
    replies = [amy.send("/today") for _ in range(KNOWN_PER_MINUTE + 5)]
    assert all("haven't stored" not in r.text for r in replies)
