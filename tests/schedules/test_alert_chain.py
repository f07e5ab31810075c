"""Safeguarding alerts down the chain: who is reached, what the sender is told, Seen, escalation.

Through the real handlers (tests.support.chat.Dialog), the real outbox and
schedules.alerts, on the sample school (Carl Doyle is the DSL, Beth Moss
the SENCO, no admin). Time is frozen with time-machine.
"""

from __future__ import annotations

import io
import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlmodel import Session, delete, select

from bot import app as wiring
from bot.config import Settings
from bot.console import chat
from schedules.alerts import escalate_unacknowledged
from schedules.jobs import digest
from schedules.outbox import URGENT_LEASE, deliver_pending
from storage.db import session_scope
from storage.models import (
    AuditEvent,
    ChatIdentity,
    OutboxMessage,
    SafeguardingAlert,
    Staff,
)
from tests.conftest import LONDON
from tests.schedules.conftest import BETH, CARL, CONFIG, RAJ, Recorder
from tests.support.chat import Clock, Dialog

CONCERN = "Harry said something at snack that worried me - need DSL"
WORDS = "said something at snack that worried me"
# Wed 18 Nov 2026, 10:00 London: a school day, in school hours.
T0 = datetime(2026, 11, 18, 10, 0, tzinfo=LONDON)


def _unlink(engine, *emails: str) -> None:
    with session_scope(engine) as s:
        ids = list(s.exec(select(Staff.id).where(Staff.email.in_(emails))))
        s.exec(delete(ChatIdentity).where(ChatIdentity.staff_id.in_(ids)))


def _alert(engine) -> SafeguardingAlert:
    with Session(engine) as s:
        (alert,) = s.exec(select(SafeguardingAlert)).all()
        return alert


def _outbox(engine) -> list[OutboxMessage]:
    with Session(engine) as s:
        return list(s.exec(select(OutboxMessage).order_by(OutboxMessage.id)))


def _email(engine, staff_id: int) -> str:
    with Session(engine) as s:
        return s.get(Staff, staff_id).email


def _raise(engine, who: str = RAJ, platforms: frozenset[str] | None = None) -> str:
    dialog = Dialog(engine, who, clock=Clock(T0))
    dialog.ctx.delivery_platforms = platforms
    return dialog.send(CONCERN).text


def test_an_unlinked_dsl_is_skipped_and_the_sender_is_told_who_got_it(school):
    _unlink(school.engine, CARL)
    reply = _raise(school.engine)
    assert "passed this to Beth Moss (SENCO)" in reply
    assert "Carl Doyle (DSL) can't be reached through Keyworker" in reply
    [row] = _outbox(school.engine)
    assert _email(school.engine, row.recipient_id) == BETH and row.job == "safeguarding"
    assert _alert(school.engine).delivery == "pending"


def test_nobody_reachable_is_undelivered_and_the_sender_must_find_the_dsl(school, capsys):
    _unlink(school.engine, CARL, BETH)
    reply = _raise(school.engine)
    assert "NOBODY has been told" in reply and "go to your DSL in person now" in reply
    assert "passed this" not in reply
    alert = _alert(school.engine)
    assert alert.delivery == "undelivered" and "no linked chat account" in alert.delivery_note
    assert _outbox(school.engine) == []  # never "sent"
    # The DSL sees it flagged in /concerns, the SENCO in the digest.
    listing = Dialog(school.engine, CARL, clock=Clock(T0 + timedelta(hours=1))).send("/concerns")
    assert "UNDELIVERED" in listing.text and WORDS in listing.text
    [senco_digest] = digest(school.engine, T0.replace(hour=15, minute=45), CONFIG)
    assert "1 UNDELIVERED: nobody could be reached" in senco_digest.text
    assert WORDS not in senco_digest.text


def test_schedule_status_shows_undelivered_alerts(sample_cli):
    from storage.db import make_engine

    engine = make_engine(sample_cli.url)
    _unlink(engine, CARL, BETH)
    _raise(engine)
    out = sample_cli("schedule", "status").stdout
    assert "1 safeguarding alert(s) UNDELIVERED" in out and WORDS not in out


def test_console_mode_tells_the_sender_at_once_and_marks_it_undelivered(school, engine_url):
    # `keyworker console`: no platform tokens, so nobody can be reached by chat.
    settings = Settings(_env_file=None, database_url=engine_url)
    out = io.StringIO()
    chat(wiring.context(settings), RAJ, [CONCERN], out=out)
    assert "NOBODY has been told" in out.getvalue()
    assert "go to your DSL in person now" in out.getvalue()
    assert _alert(school.engine).delivery == "undelivered" and _outbox(school.engine) == []


def test_a_dsl_raising_a_concern_is_told_the_deputy_got_it_not_themselves(school):
    with session_scope(school.engine) as s:
        deputy = Staff(
            school_id=school.school_id,
            email="dana.ross@brookfield.example",
            name="Dana Ross",
            role="dsl",
        )
        s.add(deputy)
        s.flush()
        s.add(ChatIdentity(staff_id=deputy.id, platform="slack", external_id="U0DANAR05"))
    reply = _raise(school.engine, CARL)
    assert "passed this to Dana Ross (deputy DSL)" in reply and "Carl Doyle" not in reply
    [row] = _outbox(school.engine)
    assert _email(school.engine, row.recipient_id) == "dana.ross@brookfield.example"


def test_a_dsl_with_nobody_else_to_tell_is_told_so(school):
    _unlink(school.engine, BETH)
    reply = _raise(school.engine, CARL)
    assert "nobody else in the safeguarding chain" in reply and "/concerns" in reply


def test_seen_is_recorded_audited_and_stops_escalation(school):
    _raise(school.engine)
    send = Recorder()
    with time_machine.travel(T0, tick=False) as clock:
        deliver_pending(school.engine, send, config=CONFIG)
        [(message, recipient)] = send.calls
        assert recipient.email == CARL and WORDS in message.text
        [seen] = [c for c in message.choices if c.label == "Seen"]
        alert = _alert(school.engine)
        assert alert.delivery == "delivered" and alert.ack_due_at is not None
        clock.shift(timedelta(minutes=3))
        reply = Dialog(school.engine, CARL, clock=Clock(T0 + timedelta(minutes=3))).send(
            action=seen.value
        )
        assert "Marked seen by you" in reply.text
        clock.shift(timedelta(minutes=30))
        assert escalate_unacknowledged(school.engine, datetime.now(UTC), CONFIG) == 0
    alert = _alert(school.engine)
    assert alert.acknowledged_at is not None and alert.acknowledged_by_id == school.staff[CARL]
    with Session(school.engine) as s:
        [audit] = s.exec(select(AuditEvent).where(AuditEvent.action == "acknowledge")).all()
    assert audit.staff_id == school.staff[CARL] and audit.record_id == alert.id
    # Someone the alert never went to cannot press it.
    refused = Dialog(school.engine, RAJ, clock=Clock(T0)).send(action=seen.value)
    assert "not for you" in refused.text


def test_unacknowledged_in_school_hours_goes_to_the_next_lead(school):
    _raise(school.engine)
    send = Recorder()
    with time_machine.travel(T0, tick=False) as clock:
        deliver_pending(school.engine, send, config=CONFIG)
        clock.shift(timedelta(minutes=14))
        assert escalate_unacknowledged(school.engine, datetime.now(UTC), CONFIG) == 0
        clock.shift(timedelta(minutes=2))  # 16 minutes, nobody pressed Seen
        assert escalate_unacknowledged(school.engine, datetime.now(UTC), CONFIG) == 1
        deliver_pending(school.engine, send, config=CONFIG)
    assert [r.email for _, r in send.calls] == [CARL, BETH]
    passed = send.calls[1][0].text
    assert "Carl Doyle did not press Seen within 15 minutes" in passed and WORDS in passed
    assert _alert(school.engine).routed_to == f"{CARL}, {BETH}"


def test_no_escalation_out_of_school_hours_until_they_start(school):
    evening = T0.replace(hour=16, minute=20)
    Dialog(school.engine, RAJ, clock=Clock(evening)).send(CONCERN)
    with time_machine.travel(evening, tick=False) as clock:
        deliver_pending(school.engine, Recorder(), config=CONFIG)
        clock.shift(timedelta(minutes=40))  # 17:00: after SCHOOL_HOURS
        assert escalate_unacknowledged(school.engine, datetime.now(UTC), CONFIG) == 0
        clock.move_to(datetime(2026, 11, 19, 8, 1, tzinfo=LONDON))  # next school morning
        assert escalate_unacknowledged(school.engine, datetime.now(UTC), CONFIG) == 1


def test_when_every_lead_fails_the_sender_is_told(school):
    _raise(school.engine)

    def platform_refuses(message, recipient):
        if message.job == "safeguarding":
            err = ConnectionError("chat not found")
            err.permanent = True
            raise err

    with time_machine.travel(T0, tick=False):
        deliver_pending(school.engine, platform_refuses, config=CONFIG)
    rows = {r.key: r for r in _outbox(school.engine)}
    notice = rows[f"safeguarding-notice:{_alert(school.engine).id}:undelivered"]
    assert notice.recipient_id == school.staff[RAJ] and WORDS not in notice.text
    assert "could NOT be delivered" in notice.text and "in person now" in notice.text
    assert _alert(school.engine).delivery == "undelivered"


def test_a_crash_mid_send_resends_within_a_minute(school):
    _raise(school.engine)

    class Killed(BaseException):
        """The process dying: nothing after the platform call runs."""

    def dies(message, recipient):
        raise Killed

    send = Recorder()
    with time_machine.travel(T0, tick=False) as clock:
        with pytest.raises(Killed):
            deliver_pending(school.engine, dies, config=CONFIG)
        [row] = _outbox(school.engine)
        assert row.status == "sending"
        clock.shift(URGENT_LEASE - timedelta(seconds=1))
        deliver_pending(school.engine, send, config=CONFIG)
        assert send.calls == []  # still under the dead sender's lease
        clock.shift(timedelta(seconds=2))
        assert URGENT_LEASE + timedelta(seconds=1) < timedelta(minutes=1)
        deliver_pending(school.engine, send, config=CONFIG)
    assert [r.email for _, r in send.calls] == [CARL]
    assert _outbox(school.engine)[0].status == "sent"


def test_an_alerts_words_never_reach_logs_or_stdout(school, caplog, capsys):
    _unlink(school.engine, CARL)
    with caplog.at_level(logging.DEBUG):
        _raise(school.engine)
        with time_machine.travel(T0, tick=False) as clock:

            def fails(message, recipient):
                raise ConnectionError("Slack unavailable")

            deliver_pending(school.engine, fails, config=CONFIG)
            clock.shift(timedelta(hours=1))
            deliver_pending(school.engine, Recorder(), config=CONFIG)
            escalate_unacknowledged(school.engine, datetime.now(UTC), CONFIG)
    captured = capsys.readouterr()
    assert caplog.records  # the chain did log what happened
    for text in (caplog.text, captured.out, captured.err):
        assert WORDS not in text and "Harry" not in text
