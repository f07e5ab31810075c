"""A /log is parsed before its write transaction begins (handlers.preparse), and the
result is used only for the very message it was made for."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

import handlers.commands.log as log_command
import handlers.preparse as preparse
from handlers.service import handle
from handlers.types import HandlerContext, Inbound
from storage.db import session_scope
from storage.identity import link_chat_identity
from storage.models import Staff

ACCOUNT = "U0PREP001"


def _linked(engine) -> HandlerContext:
    with session_scope(engine) as session:
        amy = session.exec(select(Staff).where(Staff.name == "Amy Lowe")).one()
        link_chat_identity(session, amy, "slack", ACCOUNT)
    return HandlerContext(engine=engine)


def _send(ctx, text: str, n: int, *, private: bool = True):
    inbound = Inbound(
        "slack",
        ACCOUNT,
        "D0PREP",
        text,
        received_at=datetime.now(UTC),
        event_id=f"prep-{n}",
        private=private,
    )
    return handle(ctx, inbound)


def _watch_parsing(monkeypatch) -> dict[str, list]:
    """Record where each parse happens: beforehand, or inside the transaction."""
    calls: dict[str, list] = {"before": [], "inside": []}
    before, inside = preparse.parse_message, log_command.parse_message

    def parsed_before(text, **kw):
        calls["before"].append(text)
        return before(text, **kw)

    def parsed_inside(text, **kw):
        calls["inside"].append(text)
        return inside(text, **kw)

    monkeypatch.setattr(preparse, "parse_message", parsed_before)
    monkeypatch.setattr(log_command, "parse_message", parsed_inside)
    return calls


def test_a_known_senders_log_is_parsed_once_before_the_transaction(sample_school, monkeypatch):
    ctx = _linked(sample_school)
    assert _send(ctx, "Freya phonics 20 mins", 0).text.startswith("Logged ✓")  # now cached
    calls = _watch_parsing(monkeypatch)
    assert _send(ctx, "Kai zones 15", 1).text.startswith("Logged ✓")
    assert _send(ctx, "/log Freya phonics 10 mins", 2).text.startswith("Logged ✓")
    assert calls == {"before": ["Kai zones 15", "Freya phonics 10 mins"], "inside": []}


def test_anything_else_is_parsed_inside_as_before(sample_school, monkeypatch):
    ctx = _linked(sample_school)
    calls = _watch_parsing(monkeypatch)
    # Not cached yet: nothing is parsed beforehand.
    assert _send(ctx, "Freya phonics 20 mins", 0).text.startswith("Logged ✓")
    assert calls == {"before": [], "inside": ["Freya phonics 20 mins"]}
    # A command is not a log; a group chat is refused before any parsing.
    _send(ctx, "/today", 1)
    _send(ctx, "Kai zones 15", 2, private=False)
    assert calls == {"before": [], "inside": ["Freya phonics 20 mins"]}


def test_a_result_is_never_used_for_other_words(sample_school):
    ctx = _linked(sample_school)
    _send(ctx, "Freya phonics 20 mins", 0)
    inbound = Inbound("slack", ACCOUNT, "D0PREP", "Kai zones 15", received_at=datetime.now(UTC))
    prepared = preparse.prepare(ctx, inbound, inbound.text)
    assert prepared is not None
    with session_scope(sample_school) as session:
        preparse.keep(session, prepared)
        other = preparse.take(
            session, "Kai zones 20", prepared.now, prepared.roster, log_command.ParseOverrides()
        )
        again = preparse.take(
            session, "Kai zones 15", prepared.now, prepared.roster, log_command.ParseOverrides()
        )
    assert other is None and again is None  # taken (and dropped) by the first ask
