"""/review, /mute, /platform, the follow-up Done button and the nudge buttons, through handle()."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from schedules import jobs
from storage.models import ParentContact, Pupil, Staff
from tests.conftest import local
from tests.schedules.conftest import AMY, BETH, CONFIG, RAJ, at
from tests.support.chat import Clock, Dialog


def _dialog(school, who, when="2026-12-03T16:00", platform="console") -> Dialog:
    return Dialog(school.engine, who, platform=platform, clock=Clock(local(when)))


def _pupil(school, name) -> Pupil:
    with Session(school.engine) as s:
        return s.get(Pupil, school.pupils[name])


def test_review_steps_are_recorded_and_stop_reminders(school):
    beth = _dialog(school, BETH, "2026-10-14T09:00")
    reply = beth.send("/review Kai booked 7/12")
    assert "Booked ✓ Kai Robinson's annual review meeting is on Mon 07 Dec 2026" in reply.text
    assert _pupil(school, "Kai").review_booked_on == date(2026, 12, 7)
    assert not any(
        "Kai" in m.text and "Book" in m.text
        for m in jobs.review_reminders(school.engine, at("2026-10-14", "08:00"), CONFIG)
    )
    beth.clock.current = local("2026-12-07T16:00")
    assert "Held ✓" in beth.send("/review Kai held").text
    beth.clock.current = local("2026-12-10T16:00")
    assert "Report sent ✓" in beth.send("/review kai robinson report sent 9/12").text
    kai = _pupil(school, "Kai")
    assert (kai.review_held_on, kai.review_report_sent_on) == (date(2026, 12, 7), date(2026, 12, 9))
    assert not any(
        "Kai" in m.text
        for m in jobs.review_reminders(school.engine, at("2026-12-16", "08:00"), CONFIG)
    )


def test_review_permissions_and_mistakes(school):
    amy = _dialog(school, AMY)
    assert "key pupils only" in amy.send("/review Lily held").text  # Raj's pupil
    assert "Held ✓" in amy.send("/review Kai held 2/12").text  # her own
    assert "Record the meeting first" in _dialog(school, RAJ).send("/review Lily report sent").text
    assert "no EHCP" in _dialog(school, RAJ).send("/review Harry held").text
    assert "couldn't read" in amy.send("/review Freya booked someday").text
    assert "future" in amy.send("/review Freya held 20/12/2026").text
    assert "/review Sam B booked" in amy.send("/review").text


def test_mute_and_platform(school):
    amy = _dialog(school, AMY)
    assert "muted" in amy.send("/mute nudges").text
    assert AMY not in {
        m.recipient_email for m in jobs.nudges(school.engine, at("2026-11-18", "13:30"), CONFIG)
    }
    assert "back on" in amy.send("/unmute nudges").text
    assert AMY in {
        m.recipient_email for m in jobs.nudges(school.engine, at("2026-11-18", "13:30"), CONFIG)
    }
    assert "Linked: slack, telegram" in amy.send("/platform").text
    assert "telegram" in amy.send("/platform telegram").text
    with Session(school.engine) as s:
        assert s.get(Staff, school.staff[AMY]).preferred_platform == "telegram"
    assert "Choose" in amy.send("/platform carrier pigeon").text


def test_follow_up_done_from_the_reminder_button(school):
    contact = school.contact("Harry", at("2026-11-16", "15:00"), date(2026, 11, 18))
    [message] = jobs.follow_ups(school.engine, at("2026-11-18", "08:00"), CONFIG)
    raj = _dialog(school, "U0RAJSI02", "2026-11-18T09:00", platform="slack")
    assert "I can't find" not in raj.send(action=message.payload["choices"][0]["value"]).text
    assert "Done ✓" in raj.last.text and "Harry Wright's mum" in raj.last.text
    with Session(school.engine) as s:
        assert s.get(ParentContact, contact).follow_up_done_at is not None
    assert "already marked done" in raj.send(f"/followup done {contact}").text
    [digest] = jobs.digest(school.engine, at("2026-11-18", "15:45"), CONFIG)
    assert "Parent follow-ups" not in digest.text
    other = school.contact("Max", at("2026-11-16", "15:00"), date(2026, 11, 18))
    assert "Only the person" in _dialog(school, AMY).send(f"/followup done {other}").text


def test_nudge_buttons_open_a_prefilled_form(school):
    [message] = [
        m
        for m in jobs.nudges(school.engine, at("2026-11-18", "13:30"), CONFIG)
        if m.recipient_email == AMY
    ]
    amy = _dialog(school, AMY, "2026-11-18T13:35")
    log_value = next(
        c["value"] for c in message.payload["choices"] if c["value"].startswith("nudge_log:")
    )
    reply = amy.send(action=log_value)
    assert reply.form is not None and reply.form.values["status"] == "delivered"
    assert reply.form.values["provision_id"] == int(log_value.split(":")[1])
    missed = amy.send(action=log_value.replace("nudge_log", "nudge_missed"))
    assert missed.form.values["status"] == "missed" and "missed - REASON" in missed.text
