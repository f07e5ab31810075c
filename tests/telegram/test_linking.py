"""Linking a Telegram account: one-time codes (handlers/linking.py), the CLI and /start CODE."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from handlers.linking import LinkCodeRefused, hash_code, issue_code, redeem_code
from storage.db import session_scope
from storage.identity import staff_for_chat_user
from storage.models import AuditEvent, LinkCode
from tests.support.fake_telegram import TelegramChat

RAJ = "raj.singh@brookfield.example"
NEW_PHONE = 700000002


def issue(engine, email=RAJ, **kwargs):
    with session_scope(engine) as session:
        return issue_code(session, email, **kwargs)


def redeem(engine, code, user="700000009", **kwargs):
    with session_scope(engine) as session:
        return redeem_code(
            session, code, platform="telegram", external_id=user, chat_id=user, **kwargs
        )


def linked(engine, user: str):
    with session_scope(engine) as session:
        staff = staff_for_chat_user(session, "telegram", user)
        return staff.email if staff else None


def test_a_code_links_once_and_only_its_hash_is_stored(sample_school):
    issued = issue(sample_school)
    with session_scope(sample_school) as session:
        [row] = session.exec(select(LinkCode)).all()
    assert (
        row.code_hash == hash_code(issued.code)
        and issued.code.replace("-", "") not in row.code_hash
    )
    outcome = redeem(sample_school, issued.code.lower().replace("-", " "))  # as typed on a phone
    assert outcome.linked and outcome.staff_name == "Raj Singh"
    assert linked(sample_school, "700000009") == RAJ
    again = redeem(sample_school, issued.code, user="700000010")
    assert not again.linked and linked(sample_school, "700000010") is None
    with session_scope(sample_school) as session:
        actions = [e.action for e in session.exec(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[-3:] == ["link_code_issued", "linked", "link_failed"]


def test_a_code_expires_after_24_hours(sample_school):
    issued_at = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
    issued = issue(sample_school, now=issued_at)
    late = redeem(sample_school, issued.code, now=issued_at + timedelta(hours=24, seconds=1))
    assert not late.linked
    in_time = redeem(sample_school, issued.code, now=issued_at + timedelta(hours=23, minutes=59))
    assert in_time.linked


def test_a_new_code_retires_the_old_one(sample_school):
    old = issue(sample_school)
    new = issue(sample_school)
    assert not redeem(sample_school, old.code).linked
    assert redeem(sample_school, new.code).linked


def test_only_a_senco_or_admin_may_issue(sample_school):
    with pytest.raises(LinkCodeRefused):
        issue(sample_school, issued_by="amy.lowe@brookfield.example")
    with pytest.raises(LinkCodeRefused):
        issue(sample_school, "nobody@brookfield.example")
    assert issue(sample_school, issued_by="beth.moss@brookfield.example").staff_name == "Raj Singh"


def test_cli_prints_a_code_that_links(sample_school, engine_url, monkeypatch):
    from bot.cli import app

    monkeypatch.setenv("DATABASE_URL", engine_url)
    result = CliRunner().invoke(app, ["link-code", RAJ, "--by", "beth.moss@brookfield.example"])
    assert result.exit_code == 0, result.output
    code = result.output.split("/start ")[1].split()[0]
    assert redeem(sample_school, code).linked
    refused = CliRunner().invoke(app, ["link-code", "nobody@brookfield.example"])
    assert refused.exit_code == 1


def test_start_code_links_the_telegram_account(bot, fake, sample_school):
    code = issue(sample_school).code
    chat = TelegramChat(fake, NEW_PHONE)
    assert "Hi Raj" in chat.send(f"/start {code}").text
    assert linked(sample_school, str(NEW_PHONE)) == RAJ
    assert "Hi Raj, you're linked" in chat.send("/start").text
    assert chat.send("Harry reading intervention 15 mins").text.startswith("Logged")
    stranger = TelegramChat(fake, NEW_PHONE + 1)
    assert "isn't valid" in stranger.send(f"/start {code}").text
    assert linked(sample_school, str(NEW_PHONE + 1)) is None


def test_a_redelivered_start_code_is_answered_once(bot, fake, sample_school):
    code = issue(sample_school).code
    update = fake.message(NEW_PHONE, f"/start {code}")
    fake.push(update, update)
    TelegramChat(fake, NEW_PHONE).send("/help")  # handled after both copies
    answers = [t for t in fake.sent_texts() if "Hi Raj" in t or "isn't valid" in t]
    assert len(answers) == 1 and "Hi Raj" in answers[0]
