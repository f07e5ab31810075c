"""Faults and hostile input: redelivery races, arbitrary text, logs free of pupil names."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, func, select

from bot.config import Settings
from handlers.service import handle
from handlers.types import HandlerContext, Inbound
from storage.models import RECORD_MODELS, AuditEvent, SessionLog
from tests.support.chat import Dialog
from tests.support.school import load_school

AMY = "amy.lowe@brookfield.example"


def _count(engine, model, *where) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()


def test_the_same_event_racing_in_several_workers_is_stored_once(any_engine, samples_dir):
    """Several `keyworker run` processes behind a load balancer get the same retry."""
    load_school(any_engine, samples_dir)
    ctx = HandlerContext(engine=any_engine)
    barrier = threading.Barrier(4)
    replies = []

    def deliver():
        barrier.wait()
        replies.append(
            handle(ctx, Inbound("console", AMY, "c", "Freya phonics 20 mins", event_id="Ev-race"))
        )

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert _count(any_engine, SessionLog) == 1
    assert sum(not r.duplicate for r in replies) == 1
    assert sum(r.text.startswith("Logged") for r in replies) == 1


MESSAGES = st.one_of(
    st.text(max_size=200),
    st.lists(
        st.sampled_from(
            [
                "Freya",
                "Kai",
                "Hattie",
                "Sam",
                "phonics",
                "zones",
                "SALT",
                "20",
                "mins",
                "1h15",
                "missed",
                "absent",
                "rang",
                "mum",
                "RPI",
                "hold",
                "said",
                "DSL",
                "yesterday",
                "3/11",
                "10:40",
                "2pm",
                "tomorrow",
                "/log",
                "/undo",
                "/today",
                "/pupil",
                "/help",
                "/cancel",
                "1",
                "2",
                "'; DROP TABLE",
                "\x00",
                "Zoë",
                "behaviour:",
                "p",
                "s",
                "b",
            ]
        ),
        max_size=12,
    ).map(" ".join),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(MESSAGES, min_size=1, max_size=4))
def test_any_text_gets_a_reply_and_every_record_is_whole(sample_school, texts):
    dialog = Dialog(sample_school, AMY)
    for text in texts:
        reply = dialog.send(text)
        assert reply.text.strip(), repr(text)
    # Each stored record came with its audit entry in the same transaction.
    records = sum(_count(sample_school, model) for model in RECORD_MODELS.values())
    writes = _count(
        sample_school,
        AuditEvent,
        AuditEvent.action == "write",
        AuditEvent.record_type.in_(list(RECORD_MODELS)),  # not the involved pupils' links
    )
    assert records == writes


def test_logs_at_info_never_name_a_pupil(sample_school, caplog):
    dialog = Dialog(sample_school, AMY)
    with caplog.at_level(logging.INFO):
        for text in [
            "Freya phonics 20 mins",
            "rang Harry's mum",
            "Kai said something worrying, DSL",
            "session Bartholomew phonics 20",
            "/pupil Freya",
            "/today",
        ]:
            dialog.send(text)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for name in ("Freya", "Harry", "Kai", "Bartholomew", "Jones"):
        assert name not in logged


def test_settings_never_show_secrets():
    shown = repr(Settings(slack_bot_token="xoxb-very-secret", telegram_bot_token="123:ABC-secret"))
    assert "very-secret" not in shown and "ABC-secret" not in shown


def test_a_log_that_cannot_be_saved_says_so(sample_school, monkeypatch):
    def broken(*args, **kwargs):
        from sqlalchemy.exc import OperationalError

        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(SessionLog, "__init__", broken)
    reply = handle(
        HandlerContext(engine=sample_school),
        Inbound("console", AMY, "c", "Freya phonics 20 mins", received_at=datetime.now(UTC)),
    )
    assert "couldn't save" in reply.text and "Nothing was stored" in reply.text
    assert _count(sample_school, AuditEvent, AuditEvent.action == "write") == 0
