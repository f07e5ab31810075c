"""Proactive messages through the outbox: bot.teams.notify.deliver posts into the
person's personal chat, known from their first message or from the app being
installed for them (an admin's setup policy), and its buttons work like any other."""

from __future__ import annotations

import base64
from datetime import date

import pytest
from sqlmodel import Session, select

from bot.delivery import PermanentDeliveryError
from bot.notifier import Notifier
from bot.teams.notify import deliver
from handlers.types import Attachment, Choice
from schedules import jobs
from schedules.outbox import deliver_pending, enqueue
from storage.db import session_scope
from storage.models import ParentContact, TeamsConversation
from tests.schedules.conftest import AMY as AMY_EMAIL
from tests.schedules.conftest import CONFIG, School, at
from tests.support.fake_teams import installed
from tests.teams.conftest import AMY, APP_ID, RAJ, buttons, card_text


def pre_install(teams, person) -> None:
    """What Teams sends when an admin's app setup policy installs the app for someone."""
    activity = installed(person, teams.connector.service_url, APP_ID)
    assert teams.post(activity).status_code == 200


def test_a_follow_up_reaches_someone_who_never_opened_the_app_and_its_button_works(
    teams, settings, sample_school
):
    pre_install(teams, AMY)
    assert teams.connector.posted == [], "installing sends nothing by itself"
    school = School(sample_school)
    contact = school.contact("Freya", at("2026-11-16", "15:00"), date(2026, 11, 18), by=AMY_EMAIL)
    enqueue(sample_school, jobs.follow_ups(sample_school, at("2026-11-18", "08:00"), CONFIG))

    assert deliver_pending(sample_school, Notifier(settings)).sent == 1

    [reminder] = teams.connector.sent_to(AMY.personal_chat)
    card = reminder.cards[0]
    assert "Follow-up due" in card_text(card)
    assert buttons(card) == {"Mark done": {"kw": "choice", "value": f"followup_done:{contact}"}}
    assert reminder.body["summary"].startswith("Follow-up due")  # what the notification shows

    answer = teams.press(buttons(card)["Mark done"])
    assert "Done ✓" in card_text(answer) and "Freya Jones's mum" in card_text(answer)
    with Session(sample_school) as s:
        assert s.get(ParentContact, contact).follow_up_done_at is not None


def test_deliver_sends_text_and_buttons_to_the_stored_personal_chat(teams, settings):
    teams.say("/help", person=RAJ)  # Raj's first message: his chat is remembered
    deliver(
        settings,
        RAJ.aad_object_id,
        "Behind pace this week: Harry Wright, Reading intervention",
        [],
        choices=[Choice("Log Harry W Reading", "nudge_log:5")],
    )
    nudge = teams.connector.sent_to(RAJ.personal_chat)[-1]
    assert "Behind pace" in card_text(nudge.cards[0])
    assert buttons(nudge.cards[0]) == {
        "Log Harry W Reading": {"kw": "choice", "value": "nudge_log:5"}
    }


def test_no_known_chat_is_a_permanent_failure_that_says_what_to_do(teams, settings):
    with pytest.raises(PermanentDeliveryError, match="app setup policy"):
        deliver(settings, RAJ.aad_object_id, "Reminder", [])


def test_a_refusal_by_the_connector_is_permanent_and_a_server_error_is_retried(teams, settings):
    teams.say("/help", person=RAJ)
    teams.connector.refuse_with = 403  # the person removed or blocked the app
    with pytest.raises(PermanentDeliveryError, match="403"):
        deliver(settings, RAJ.aad_object_id, "Reminder", [])
    teams.connector.refuse_with = 503
    with pytest.raises(Exception) as failed:
        deliver(settings, RAJ.aad_object_id, "Reminder", [])
    assert not isinstance(failed.value, PermanentDeliveryError)


def test_a_digest_chart_is_shown_inline_in_the_card_message(teams, settings):
    teams.say("/help", person=RAJ)
    chart = Attachment("week.png", b"\x89PNG fake chart bytes", "image/png", "Provision this week")
    deliver(settings, RAJ.aad_object_id, "Your digest for today", [chart])
    digest = teams.connector.sent_to(RAJ.personal_chat)[-1]
    [image] = [a for a in digest.body["attachments"] if a["contentType"] == "image/png"]
    assert (
        image["contentUrl"] == "data:image/png;base64," + base64.b64encode(chart.content).decode()
    )
    assert "Your digest for today" in card_text(digest.cards[0])


def test_someone_met_only_in_a_group_gets_their_personal_chat_opened(teams, settings):
    teams.say_in_group("hello", person=RAJ)  # linked by email, but no personal chat yet
    deliver(settings, RAJ.aad_object_id, "Review reminder: Harry Wright", [])

    [created] = teams.connector.created
    assert created["members"] == [{"id": RAJ.user_id}]
    assert created["tenantId"] == RAJ.tenant_id
    [reminder] = teams.connector.sent_to(RAJ.personal_chat)
    assert "Review reminder" in card_text(reminder.cards[0])
    with session_scope(teams.engine) as session:
        row = session.exec(select(TeamsConversation)).one()
        assert row.conversation_id == RAJ.personal_chat  # remembered: opened once
    deliver(settings, RAJ.aad_object_id, "Another", [])
    assert len(teams.connector.created) == 1
