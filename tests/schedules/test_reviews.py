"""Annual reviews across cycles: early meetings, reminders timed from the meeting, next year's date."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from schedules import jobs
from storage import review_cycle
from storage.models import Pupil
from storage.queries.reviews import reviews_due
from tests.conftest import local
from tests.schedules.conftest import BETH, CONFIG, at
from tests.support.chat import Clock, Dialog


def reminders(school, day: str, name: str) -> list[str]:
    return [
        m.text
        for m in jobs.review_reminders(school.engine, at(day, "08:00"), CONFIG)
        if name in m.text
    ]


def reminder_keys(school, day: str, pupil: str) -> set[str]:
    pid = school.pupils[pupil]
    return {
        m.key
        for m in jobs.review_reminders(school.engine, at(day, "08:00"), CONFIG)
        if m.key.startswith(f"review:{pid}:")
    }


def test_the_cycle_is_the_twelve_months_before_the_due_date():
    due = date(2027, 6, 30)
    assert review_cycle.held_this_cycle(date(2026, 11, 20), due) == date(
        2026, 11, 20
    )  # months early
    assert review_cycle.held_this_cycle(date(2026, 6, 30), due) is None  # last year's
    assert review_cycle.held_this_cycle(date(2027, 7, 14), due) == date(2027, 7, 14)  # held late
    # The meeting that set a due date is never that cycle's, 29 February included.
    for held in (date(2026, 12, 7), date(2028, 2, 29)):
        assert not review_cycle.in_cycle(held, review_cycle.next_due(held))
    assert review_cycle.next_due(date(2028, 2, 29)) == date(2029, 2, 28)


def test_a_review_held_months_early_counts_for_this_cycle(school):
    # A phase-transfer review due at the end of June, held in the autumn as it should be.
    school.update_pupil(
        "Isla", annual_review_due=date(2027, 6, 30), review_held_on=date(2026, 11, 20)
    )
    assert any(
        "The school's report to the local authority is due by 04/12/2026" in t
        for t in reminders(school, "2026-11-27", "Isla")
    )
    may = reminders(school, "2027-05-05", "Isla")
    assert not any("Book the meeting" in t for t in may)
    assert not any("OVERDUE" in t for t in reminders(school, "2027-07-07", "Isla"))
    with Session(school.engine) as s:
        [row] = [
            r
            for r in reviews_due(s, school.school_id, date(2027, 6, 1), date(2027, 7, 31))
            if r.pupil_id == school.pupils["Isla"]
        ]
    assert row.held_on == date(2026, 11, 20)
    beth = Dialog(school.engine, BETH, platform="console", clock=Clock(local("2026-12-03T16:00")))
    reply = beth.send("/review Isla report sent")
    assert "Report sent ✓" in reply.text and "Next review due 20/11/2027" in reply.text


def test_the_report_reminder_starts_a_week_after_the_meeting_whatever_the_due_date(school):
    school.update_pupil(
        "Grace", annual_review_due=date(2027, 3, 31), review_held_on=date(2027, 1, 6)
    )
    texts = reminders(school, "2027-01-13", "Gracie")
    assert any("report to the local authority is due by 20/01/2027" in t for t in texts)
    [digest] = jobs.digest(school.engine, at("2027-01-13", "15:45"), CONFIG)
    assert "• Gracie Walker – held 06/01/2027, report to LA due 20/01/2027" in digest.text


def test_invitations_and_advice_are_timed_from_the_booked_meeting(school):
    school.update_pupil(
        "Kai", review_booked_on=date(2026, 11, 18)
    )  # three weeks before the due date
    [six] = set(reminders(school, "2026-10-07", "Kai"))
    assert "meeting for Kai Robinson is on 18/11/2026 (due 09/12/2026): 6 weeks to go" in six
    assert "Send the invitations" in six
    assert any(
        "2 weeks to go. Circulate the advice" in t for t in reminders(school, "2026-11-04", "Kai")
    )
    assert any(
        "meeting for Kai Robinson is today (18/11/2026)" in t
        for t in reminders(school, "2026-11-18", "Kai")
    )
    assert not reminders(school, "2026-10-28", "Kai")  # 6 weeks before the due date: nothing now
    first = reminder_keys(school, "2026-11-04", "Kai")
    assert first and all(":2w:2026-11-18:" in k for k in first)
    # Rebooked a week later: the stages are armed again for the new day.
    school.update_pupil("Kai", review_booked_on=date(2026, 11, 25))
    assert not reminders(school, "2026-11-04", "Kai")
    again = reminder_keys(school, "2026-11-11", "Kai")
    assert again and all(":2w:2026-11-25:" in k for k in again) and not again & first


def test_report_sent_sets_next_years_due_date_and_its_reminders(school):
    beth = Dialog(school.engine, BETH, platform="console", clock=Clock(local("2026-12-07T16:00")))
    assert "The next review will be due by 07/12/2027" in beth.send("/review Kai held").text
    # Between the meeting and the report, the weekly report reminders still run on this cycle.
    assert any(
        "report to the local authority is due by 21/12/2026" in t
        for t in reminders(school, "2026-12-14", "Kai")
    )
    beth.clock.current = local("2026-12-10T16:00")
    assert "Next review due 07/12/2027" in beth.send("/review Kai report sent 9/12").text
    with Session(school.engine) as s:
        kai = s.get(Pupil, school.pupils["Kai"])
        assert (kai.annual_review_due, kai.review_held_on, kai.review_report_sent_on) == (
            date(2027, 12, 7),
            date(2026, 12, 7),
            date(2026, 12, 9),
        )
    assert not reminders(school, "2026-12-16", "Kai")
    assert any(
        "Kai Robinson is due 07/12/2027 (8 weeks). Book the meeting" in t
        for t in reminders(school, "2027-10-12", "Kai")
    )


def test_held_rejects_last_years_date(school):
    beth = Dialog(school.engine, BETH, platform="console", clock=Clock(local("2026-12-07T16:00")))
    assert "last year's review" in beth.send("/review Kai held 1/12/2025").text
