"""Replied marks: written by one writer, many in a transaction, none left behind at stop."""

from __future__ import annotations

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.intake import Envelope, Intake
from handlers.types import HandlerContext, Inbound, Reply
from storage.db import session_scope
from storage.models import InboxMessage
from tests.conftest import samples_path
from tests.support.school import add_slack_staff, load_school

NOW = datetime(2026, 11, 10, 10, 30, tzinfo=ZoneInfo("Europe/London"))


class _CountingSink:
    """Records replies; `all_sent` is set once `expected` have gone out."""

    def __init__(self, expected: int) -> None:
        self.expected = expected
        self.all_sent = threading.Event()
        self.replies: list[Reply] = []

    def before(self, envelope: Envelope) -> None:
        pass

    def deliver(self, envelope: Envelope, reply: Reply) -> None:
        self.replies.append(reply)
        if len(self.replies) == self.expected:
            self.all_sent.set()


def _envelope(user: str, n: int) -> Envelope:
    inbound = Inbound(
        "slack", user, "D1", f"Freya phonics {10 + n} mins", received_at=NOW, event_id=f"ev-{n}"
    )
    return Envelope(inbound)


def test_a_burst_of_replies_is_marked_in_few_transactions_and_all_marked_by_stop(
    engine, tmp_path, monkeypatch
):
    load_school(engine, samples_path())
    (user,) = add_slack_staff(engine, 1)
    batches: list[int] = []
    sink = _CountingSink(20)
    intake = Intake(HandlerContext(engine=engine, clock=lambda: NOW), tmp_path / "spool", workers=1)
    real = intake._mark_replied

    def counting(row_ids):
        if not batches:
            # The writer is busy with the first mark while the other replies go out.
            sink.all_sent.wait(10)
        batches.append(len(row_ids))
        real(row_ids)

    monkeypatch.setattr(intake, "_mark_replied", counting)
    intake.register("slack", sink)
    intake.start()
    for n in range(20):
        intake.accept(_envelope(user, n))
    assert sink.all_sent.wait(10)
    intake.stop()

    assert all(reply.text.startswith("Logged") for reply in sink.replies)
    # The 18 or 19 answered meanwhile go in one transaction (the last may follow alone).
    assert sum(batches) == 20 and len(batches) <= 3 and batches[1] >= 18
    with session_scope(engine) as session:
        rows = session.exec(select(InboxMessage)).all()
    assert len(rows) == 20 and {row.status for row in rows} == {"replied"}


def test_before_the_intake_starts_a_mark_is_written_at_once(engine, tmp_path):
    load_school(engine, samples_path())
    (user,) = add_slack_staff(engine, 1)
    intake = Intake(HandlerContext(engine=engine, clock=lambda: NOW), tmp_path / "spool")

    reply = intake.handle_now(_envelope(user, 1))

    assert reply is not None and reply.text.startswith("Logged")
    with session_scope(engine) as session:
        (row,) = session.exec(select(InboxMessage)).all()
    assert row.status == "replied"
