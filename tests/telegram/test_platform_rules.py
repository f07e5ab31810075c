"""Telegram's rules at the edge: forwarded messages and files are not logged,
and each chat's command menu shows only what that person may use."""

from __future__ import annotations

import json

import pytest
from sqlmodel import func, select

from handlers.wording import FORWARDED, NOT_TEXT
from storage.db import session_scope
from storage.models import BehaviourIncident, ParentContact, SafeguardingAlert, SessionLog
from tests.support.fake_telegram import TelegramChat
from tests.telegram.conftest import AMY, STRANGER

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

CARL = 600200304  # carl.doyle, the DSL


def _records(engine) -> int:
    with session_scope(engine) as session:
        return sum(
            session.exec(select(func.count()).select_from(m)).one()
            for m in (SessionLog, BehaviourIncident, ParentContact, SafeguardingAlert)
        )


def _menu_for_chat(fake, chat_id: int) -> list[str] | None:
    """The commands last set for one chat's scope, or None once deleted."""
    latest = None
    for call in fake.calls_to_any(("setMyCommands", "deleteMyCommands")):
        scope = json.loads(call.params.get("scope") or "{}")
        if scope == {"type": "chat", "chat_id": chat_id}:
            latest = call
    if latest is None or latest.method == "deleteMyCommands":
        return None
    return [c["command"] for c in json.loads(latest.params["commands"])]


def test_a_forwarded_message_is_not_logged_and_says_why(bot, fake, sample_school):
    chat = TelegramChat(fake, AMY)
    update = fake.message(AMY, "Freya phonics 20 mins good focus", forwarded_from="Raj")
    before = len(chat._outputs())
    fake.push(update)
    fake.wait_until(lambda: len(chat._outputs()) > before)
    assert chat._outputs()[before].text == FORWARDED
    assert _records(sample_school) == 0


def test_a_forwarded_worry_is_not_logged_either(bot, fake, sample_school):
    chat = TelegramChat(fake, AMY)
    before = len(chat._outputs())
    fake.push(fake.message(AMY, "Kai said his dad hits him", forwarded_from="Raj"))
    fake.wait_until(lambda: len(chat._outputs()) > before)
    assert chat._outputs()[before].text == FORWARDED  # it asks for her own words
    assert _records(sample_school) == 0


def test_a_photo_is_answered_and_nothing_is_stored(bot, fake, sample_school):
    chat = TelegramChat(fake, AMY)
    before = len(chat._outputs())
    fake.push(fake.message(AMY, "Freya phonics 20 mins", photo=True))
    fake.wait_until(lambda: len(chat._outputs()) > before)
    assert chat._outputs()[before].text == NOT_TEXT
    assert _records(sample_school) == 0


def test_a_linked_lsa_gets_her_role_menu_without_concerns(bot, fake):
    TelegramChat(fake, AMY).send("/today")
    fake.wait_until(lambda: _menu_for_chat(fake, AMY) is not None)
    names = _menu_for_chat(fake, AMY)
    assert names[:4] == ["start", "log", "undo", "today"]
    assert "concerns" not in names and "help" in names


def test_the_dsl_gets_concerns_in_the_menu(bot, fake):
    TelegramChat(fake, CARL).send("/today")
    fake.wait_until(lambda: _menu_for_chat(fake, CARL) is not None)
    assert "concerns" in _menu_for_chat(fake, CARL)


def test_a_stranger_gets_no_chat_menu_of_their_own(bot, fake):
    TelegramChat(fake, STRANGER).send("/start")
    TelegramChat(fake, STRANGER).send("hello")
    assert _menu_for_chat(fake, STRANGER) is None
    assert not any(
        json.loads(c.params.get("scope") or "{}").get("chat_id") == STRANGER
        for c in fake.calls_to("setMyCommands")
    )


def test_a_deactivated_person_loses_their_menu(bot, fake, sample_school):
    from storage.models import Staff

    chat = TelegramChat(fake, AMY)
    chat.send("/today")
    fake.wait_until(lambda: _menu_for_chat(fake, AMY) is not None)
    with session_scope(sample_school) as session:
        amy = session.exec(select(Staff).where(Staff.email == "amy.lowe@brookfield.example")).one()
        amy.active = False
    chat.send("/today")
    fake.wait_until(lambda: _menu_for_chat(fake, AMY) is None)
