"""Who sent a message, from the cache kept by the roster version (handlers.roster_cache).

The cache must never answer for a staff member who has left or for an account that
now belongs to someone else: another process's change is seen once the roster
version moves, this process's own change at once.
"""

from __future__ import annotations

import time

from sqlalchemy import event
from sqlmodel import select

from handlers.roster_cache import staff_for_chat
from storage.db import make_engine, session_scope
from storage.identity import link_chat_identity
from storage.models import Staff
from storage.roster_version import CHECK_SECONDS

ACCOUNT = "U0CACHE01"


def _link(engine, name: str) -> int:
    with session_scope(engine) as session:
        staff = session.exec(select(Staff).where(Staff.name == name)).one()
        link_chat_identity(session, staff, "slack", ACCOUNT)
        return staff.id


def _sender(engine) -> Staff | None:
    with session_scope(engine) as session:
        return staff_for_chat(session, "slack", ACCOUNT)


def test_a_sender_is_read_once_then_taken_from_the_cache(sample_school):
    amy_id = _link(sample_school, "Amy Lowe")
    assert _sender(sample_school).id == amy_id
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(sample_school, "before_cursor_execute", count)
    try:
        with session_scope(sample_school) as session:
            first = staff_for_chat(session, "slack", ACCOUNT)
            again = staff_for_chat(session, "slack", ACCOUNT)
    finally:
        event.remove(sample_school, "before_cursor_execute", count)
    assert first is again and first.id == amy_id
    assert not [s for s in statements if "staff" in s.lower()]


def test_an_account_relinked_in_this_process_is_seen_at_once(sample_school):
    _link(sample_school, "Amy Lowe")
    assert _sender(sample_school).name == "Amy Lowe"
    raj_id = _link(sample_school, "Raj Singh")  # the same account, now Raj's
    assert _sender(sample_school).id == raj_id


def test_a_sender_deactivated_by_another_process_is_refused_within_the_check(
    sample_school, engine_url
):
    _link(sample_school, "Amy Lowe")
    assert _sender(sample_school) is not None
    # Another process: its own engine, so nothing in this one hears of the change
    # except through the roster version.
    other = make_engine(engine_url)
    try:
        with session_scope(other) as session:
            session.exec(select(Staff).where(Staff.name == "Amy Lowe")).one().active = False
    finally:
        other.dispose()
    deadline = time.monotonic() + CHECK_SECONDS * 3 + 2
    while _sender(sample_school) is not None:
        assert time.monotonic() < deadline, "a deactivated member was still taken as the sender"
        time.sleep(0.1)


def test_a_change_to_a_cached_sender_is_stored(sample_school):
    amy_id = _link(sample_school, "Amy Lowe")
    _sender(sample_school)  # cached now
    with session_scope(sample_school) as session:
        staff = staff_for_chat(session, "slack", ACCOUNT)
        staff.mute_nudges = True
        session.add(staff)
    with session_scope(sample_school) as session:
        assert session.get(Staff, amy_id).mute_nudges is True
    assert _sender(sample_school).mute_nudges is True  # the cache was dropped, not kept stale
