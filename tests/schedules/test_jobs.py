"""What each job says: nudge pacing, the digest's sections, reviews and follow-ups stopping."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from schedules import charts, jobs
from schedules.config import ScheduleConfig
from storage.models import SafeguardingAlert
from tests.schedules.conftest import AMY, BETH, CARL, CONFIG, RAJ, at


def nudge_texts(engine, when, config=CONFIG) -> dict[str, str]:
    return {m.recipient_email: m.text for m in jobs.nudges(engine, when, config)}


def test_nudges_count_only_the_school_days_already_over(school):
    # Monday 13:30: nothing is behind yet, today's sessions may still happen this afternoon.
    assert nudge_texts(school.engine, at("2026-11-16", "13:30")) == {}
    school.session("Freya", "Phonics", at("2026-11-16", "09:30"))
    # 5-a-week with 1 logged by Wednesday afternoon is behind (Monday and Tuesday are over).
    assert (
        "Freya Jones – Phonics: 1 of 5 this week, 2 expected by now"
        in nudge_texts(school.engine, at("2026-11-18", "13:30"))[AMY]
    )
    for day in ("2026-11-17", "2026-11-18"):
        school.session("Freya", "Phonics", at(day, "09:30"))
    assert "Phonics" not in nudge_texts(school.engine, at("2026-11-19", "13:30")).get(
        AMY, ""
    )  # 3 of 3
    school.session("Freya", "Phonics", at("2026-11-19", "09:30"))
    # The last school day is the last chance: the whole week's target counts.
    assert (
        "Freya Jones – Phonics: 4 of 5 this week, 5 expected by now"
        in nudge_texts(school.engine, at("2026-11-20", "13:30"))[AMY]
    )
    school.session("Freya", "Phonics", at("2026-11-20", "09:30"))
    school.session(
        "Freya", "Phonics", at("2026-11-20", "09:45"), withdrawn=True
    )  # undone: not counted
    assert "Phonics" not in nudge_texts(school.engine, at("2026-11-20", "13:30")).get(AMY, "")


def test_one_a_week_is_only_behind_on_the_last_school_day(school):
    for day in ("2026-11-16", "2026-11-19"):
        assert "ELSA" not in nudge_texts(school.engine, at(day, "13:30")).get(AMY, "")
    assert (
        "Kai Robinson – ELSA: 0 of 1 this week, 1 expected by now"
        in nudge_texts(school.engine, at("2026-11-20", "13:30"))[AMY]
    )
    school.session("Kai", "ELSA", at("2026-11-20", "09:00"))
    assert "ELSA" not in nudge_texts(school.engine, at("2026-11-20", "13:30"))[AMY]


def test_short_weeks_are_pro_rata(school):
    # Thu 3 Sep 2026 is the first day with pupils: a two-day week, nothing over yet at lunchtime.
    assert "Phonics" not in nudge_texts(school.engine, at("2026-09-03", "13:30")).get(AMY, "")
    friday = nudge_texts(school.engine, at("2026-09-04", "13:30"))[AMY]
    assert "school day 2 of 2" in friday
    assert "Freya Jones – Phonics: 0 of 2 this week, 2 expected by now" in friday
    assert "ELSA" not in friday  # 1-a-week in a 2-day week: no target
    # Spring term starts Tue 5 Jan after an INSET Monday: 1-a-week due by Friday only.
    assert "ELSA" not in nudge_texts(school.engine, at("2027-01-07", "13:30")).get(AMY, "")
    assert "ELSA: 0 of 1" in nudge_texts(school.engine, at("2027-01-08", "13:30"))[AMY]


def test_a_provision_starting_or_ending_mid_week_is_paced_over_its_own_days(school):
    school.update_provision("Freya", "Phonics", start_on=date(2026, 11, 18))  # from Wednesday
    # Its first day: nothing over yet, so not behind (it was "0 of 5, 3 expected").
    assert "Phonics" not in nudge_texts(school.engine, at("2026-11-18", "13:30")).get(AMY, "")
    assert (
        "Freya Jones – Phonics: 0 of 3 this week, 1 expected by now"
        in nudge_texts(school.engine, at("2026-11-19", "13:30"))[AMY]
    )
    [digest] = jobs.digest(school.engine, at("2026-11-18", "15:45"), CONFIG)
    assert (
        "• Freya Jones: Phonics 0/3 ⚠behind, SALT 0/2" in digest.text
    )  # 1 of 3 by Wednesday's end
    # Ending on Wednesday: Monday to Wednesday are its week, Wednesday its last chance.
    school.update_provision("Freya", "Phonics", start_on=None, end_on=date(2026, 11, 18))
    school.session("Freya", "Phonics", at("2026-11-16", "09:30"))
    assert "Freya Jones – Phonics: 1 of 3 this week, 1 expected by now" not in nudge_texts(
        school.engine, at("2026-11-17", "13:30")
    ).get(AMY, "")
    assert (
        "Freya Jones – Phonics: 1 of 3 this week, 3 expected by now"
        in nudge_texts(school.engine, at("2026-11-18", "13:30"))[AMY]
    )
    assert "Phonics" not in nudge_texts(school.engine, at("2026-11-19", "13:30")).get(
        AMY, ""
    )  # ended


def test_nothing_behind_means_no_message_and_muted_staff_get_none(school):
    day = at("2026-11-17", "13:30")  # Tuesday: Monday's share of each 5-a-week is due
    school.update_staff(RAJ, mute_nudges=True)
    texts = nudge_texts(school.engine, day)
    assert RAJ not in texts and AMY in texts
    for pupil, provision in [
        ("Freya", "Phonics"),
        ("Kai", "Zones of Regulation"),
        ("Aarav", "Attention Autism"),
        ("Aarav", "Sensory circuits"),
        ("Isla", "Intensive interaction"),
    ]:
        school.session(pupil, provision, at("2026-11-16", "09:00"))
    assert nudge_texts(school.engine, day) == {}
    assert nudge_texts(school.engine, at("2026-11-14", "13:30")) == {}  # a Saturday


def test_nudge_offers_commands_and_buttons(school):
    [message] = [
        m
        for m in jobs.nudges(school.engine, at("2026-11-18", "13:30"), CONFIG)
        if m.recipient_email == AMY
    ]
    assert message.key == f"nudges:{school.staff[AMY]}:2026-11-18"
    assert (
        "/log Aarav G attention autism 20 mins" in message.text and "/mute nudges" in message.text
    )
    values = [c["value"] for c in message.payload["choices"]]
    assert f"nudge_log:{school.provisions[('Aarav', 'Attention Autism')]}" in values
    assert f"nudge_missed:{school.provisions[('Aarav', 'Attention Autism')]}" in values


def test_digest_sections(school):
    day = "2026-11-18"
    school.incident("Harry", at(day, "09:10"), behaviour="threw pencil", severity=2, by=RAJ)
    school.incident(
        "Max", at(day, "11:00"), behaviour="hit peer", severity=3, injuries="graze to knee", by=RAJ
    )
    school.incident("Kai", at(day, "14:00"), rpi=True, injuries="none", informed=True)
    school.incident("Isla", at(day, "10:40"), rpi=True, injuries="none")
    school.session(
        "Ethan", "Fine motor skills", at(day, "10:00"), status="missed", reason="absent - dentist"
    )
    school.session("Freya", "Phonics", at(day, "09:00"))
    school.contact("Harry", at("2026-11-12", "15:00"), date(2026, 11, 16))
    with Session(school.engine) as s:
        s.add(
            SafeguardingAlert(
                school_id=school.school_id,
                pupil_id=school.pupils["Harry"],
                raised_by_id=school.staff[RAJ],
                raised_at=at(day, "12:00"),
                words="SECRET WORDS said something at home",
                routed_to="carl.doyle@brookfield.example",
            )
        )
        s.commit()
    school.update_pupil("Lily", review_booked_on=date(2026, 11, 30))
    messages = jobs.digest(
        school.engine, at(day, "15:45"), ScheduleConfig(extra_recipients=(CARL,))
    )
    assert [m.recipient_email for m in messages] == [BETH, CARL]
    text = messages[0].text
    lines = text.splitlines()
    order = [
        i
        for i, line in enumerate(lines)
        if any(n in line for n in ("Isla", "Kai", "Max", "Harry"))
        and line[:1] in "⚠•"
        and ":" in line[:8]
    ]
    assert [lines[i].split(" ", 2)[2].split(" –")[0] for i in order[:4]] == [
        "Isla Murphy",
        "Kai Robinson",
        "Max Turner",
        "Harry Wright",
    ]
    assert (
        "⚠ 10:40 Isla Murphy – RPI (guided hold 2 min), injuries: none · ⚠ parents NOT yet informed"
        in text
    )
    assert "⚠ 14:00 Kai Robinson – RPI (guided hold 2 min), injuries: none\n" in text
    assert "Safeguarding: 1 concern raised today (1 to Carl Doyle (DSL))" in text
    assert "SECRET" not in text
    assert "Today: 2 sessions (1 missed) · 4 behaviour incidents · 0 parent contacts" in text
    assert "By staff: Amy Lowe 4 · Raj Singh 2" in text
    assert "• Ethan Hall – Fine motor skills: absent - dentist (Amy Lowe)" in text
    assert "• Freya Jones: Phonics 1/5 ⚠behind, SALT 0/2 ⚠behind" in text
    assert "• Lily Green – due 02/12/2026 (meeting booked 30/11/2026)" in text
    assert "• Kai Robinson – due 09/12/2026 (not booked)" in text
    assert "• Harry Wright's mum – Raj Singh, ⚠ overdue since Mon 16 Nov" in text
    (chart,) = messages[0].payload["charts"]  # drawn at delivery, from this data
    assert ["Freya Jones", 1, 7, True] in chart["pupils"]  # Phonics 1/5 + SALT 0/2, behind
    assert charts.provision_png(chart).startswith(b"\x89PNG")
    assert len(text) < 2500  # readable on a phone


def test_digest_lists_overdue_and_awaiting_report(school):
    school.update_pupil("Lily", review_held_on=date(2026, 12, 3))
    [message] = jobs.digest(school.engine, at("2026-12-10", "15:45"), CONFIG)
    assert "⚠ OVERDUE Kai Robinson – was due 09/12/2026 (not booked)" in message.text
    assert "• Lily Green – held 03/12/2026, report to LA due 17/12/2026" in message.text
    assert jobs.digest(school.engine, at("2026-12-12", "15:45"), CONFIG) == []  # Saturday


def test_review_reminders_stop_when_recorded(school):
    # Kai's 8-week reminder asks to book; once booked it is not sent.
    week8 = at("2026-10-14", "08:00")
    assert any(
        "Book the meeting" in m.text for m in jobs.review_reminders(school.engine, week8, CONFIG)
    )
    school.update_pupil("Kai", review_booked_on=date(2026, 12, 7))
    assert not any("Kai" in m.text for m in jobs.review_reminders(school.engine, week8, CONFIG))
    # Held: no overdue reminders; weekly "report to the LA" reminders instead, until sent.
    school.update_pupil("Kai", review_held_on=date(2026, 12, 7))
    texts = [
        m.text
        for m in jobs.review_reminders(school.engine, at("2026-12-14", "08:00"), CONFIG)
        if "Kai" in m.text
    ]
    assert texts and all("report to the local authority is due by 21/12/2026" in t for t in texts)
    late = [
        m.text
        for m in jobs.review_reminders(school.engine, at("2027-01-11", "08:00"), CONFIG)
        if "Kai" in m.text
    ]
    assert late and "it is late" in late[0]
    school.update_pupil("Kai", review_report_sent_on=date(2027, 1, 11))
    assert not any(
        "Kai" in m.text
        for m in jobs.review_reminders(school.engine, at("2027-01-18", "08:00"), CONFIG)
    )


def test_last_years_review_dates_do_not_stop_this_years_reminders(school):
    school.update_pupil(
        "Kai",
        review_held_on=date(2025, 12, 8),
        review_report_sent_on=date(2025, 12, 15),
        review_booked_on=date(2025, 12, 8),
    )
    texts = [
        m.text for m in jobs.review_reminders(school.engine, at("2026-10-14", "08:00"), CONFIG)
    ]
    assert any("Kai Robinson is due 09/12/2026 (8 weeks). Book the meeting" in t for t in texts)


def test_follow_up_reminder_has_a_done_button(school):
    contact = school.contact("Harry", at("2026-11-16", "15:00"), date(2026, 11, 18))
    [message] = jobs.follow_ups(school.engine, at("2026-11-18", "08:00"), CONFIG)
    assert message.recipient_email == RAJ
    assert "Follow-up due today: you said you'd get back to Harry Wright's mum" in message.text
    assert f"/followup done {contact}" in message.text
    assert message.payload["choices"][0]["value"] == f"followup_done:{contact}"


def test_each_reviews_evidence_counts_its_own_pupil_over_its_own_year(school):
    # Kai's meeting is booked on Lily's due date, so both reach the two-week stage on
    # 18 Nov; their years differ (Lily's from 2 Dec 2025, Kai's from 9 Dec 2025).
    school.update_pupil("Kai", review_booked_on=date(2026, 12, 2))
    school.session("Lily", "Lego therapy", at("2025-12-05"))  # in Lily's year only
    school.session("Lily", "Lego therapy", at("2026-11-02"), withdrawn=True)
    school.incident("Lily", at("2026-11-11"), rpi=True)
    school.session("Kai", "Zones of Regulation", at("2025-12-05"))  # before Kai's year
    school.session("Kai", "Zones of Regulation", at("2026-11-10"))
    school.session("Kai", "Zones of Regulation", at("2026-11-12"), status="missed")
    two_weeks = {
        name: m.text
        for m in jobs.review_reminders(school.engine, at("2026-11-18", "08:00"), CONFIG)
        for name in ("Lily", "Kai")
        if "2 weeks to go" in m.text and f"for {name} " in m.text
    }
    assert two_weeks.keys() == {"Lily", "Kai"}
    assert two_weeks["Lily"].endswith(
        "since 02/12/2025, 1 session delivered (20 min), 0 missed; "
        "1 behaviour incident, 1 with physical intervention."
    )
    assert two_weeks["Kai"].endswith(
        "since 09/12/2025, 1 session delivered (20 min), 1 missed; 0 behaviour incidents."
    )


def test_a_key_workers_nudge_lists_pupils_by_surname_and_each_plan_in_order(school):
    # Thursday 13:30, nothing logged this week: every 5-a-week provision of Amy's pupils
    # is behind. The trust's rows are read unordered; the nudge sorts its own.
    lines = [
        line
        for line in nudge_texts(school.engine, at("2026-11-19", "13:30"))[AMY].splitlines()
        if line.startswith("• ")
    ]
    pupils = [line.split(" – ")[0][2:] for line in lines]
    surnames = [p.split()[-1] for p in pupils]
    assert surnames == sorted(surnames) and len(set(pupils)) >= 3
    assert lines.index("• Aarav Gupta – Attention Autism: 0 of 5 this week, 3 expected by now") < (
        lines.index("• Aarav Gupta – Sensory circuits: 0 of 5 this week, 3 expected by now")
    )
