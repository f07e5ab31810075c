"""The school calendar (terms, half terms, INSET, bank holidays) and pro-rata pacing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from schedules.calendar import CalendarError, _warn_uncovered, load_calendar, parse_calendar
from schedules.pace import expected, week_pace, weekly_target
from storage import pace_math

CAL = load_calendar()


@pytest.mark.parametrize(
    "day, school",
    [
        ("2026-09-01", False),  # INSET
        ("2026-09-03", True),  # first day with pupils
        ("2026-09-05", False),  # Saturday
        ("2026-10-21", True),
        ("2026-10-27", False),  # autumn half term
        ("2026-11-18", True),
        ("2026-12-21", False),  # Christmas holiday
        ("2026-12-28", False),  # Boxing Day (observed)
        ("2027-01-04", False),  # INSET
        ("2027-01-05", True),
        ("2027-02-16", False),  # spring half term
        ("2027-03-26", False),  # Good Friday
        ("2027-05-03", False),  # May Day bank holiday in term time
        ("2027-05-31", False),  # half term and bank holiday
        ("2027-07-20", True),
        ("2027-07-21", False),  # INSET at the end of the year
        ("2027-08-02", False),  # summer holiday
    ],
)
def test_school_days(day, school):
    assert CAL.is_school_day(date.fromisoformat(day)) is school


def test_outside_the_file_falls_back_to_weekdays_without_bank_holidays(caplog):
    assert CAL.is_school_day(date(2028, 3, 1))
    assert not CAL.is_school_day(date(2028, 5, 1))  # May Day 2028
    assert "does not cover the 2027-28 school year" in caplog.text


def test_a_january_before_the_file_is_named_by_its_school_year_not_its_calendar_year(caplog):
    # The example has autumn 2026: January 2026 is in 2025-26, which it doesn't cover.
    _warn_uncovered.cache_clear()  # warned once per process: maybe by an earlier test
    assert CAL.is_school_day(date(2026, 1, 7))
    assert "does not cover the 2025-26 school year" in caplog.text
    assert "covers 1 Aug 2026 to 31 Aug 2027" in caplog.text


def test_reports_see_the_gap_and_never_count_a_day_outside_the_file():
    (gap,) = CAL.uncovered(date(2025, 12, 3), date(2026, 12, 2))
    assert (gap.first, gap.last, gap.years) == (date(2025, 12, 3), date(2026, 7, 31), "2025-26")
    assert CAL.uncovered(date(2026, 9, 1), date(2027, 7, 21)) == []
    (after,) = CAL.uncovered(date(2027, 7, 1), date(2027, 9, 30))
    assert (after.first, after.last, after.years) == (
        date(2027, 9, 1),
        date(2027, 9, 30),
        "2027-28",
    )
    assert not CAL.is_term_day(date(2026, 1, 7))  # unknown: maybe a holiday
    assert CAL.is_term_day(date(2026, 11, 2)) and not CAL.is_term_day(date(2026, 12, 21))


def test_neighbouring_school_days_cross_holidays():
    assert CAL.previous_school_day(date(2026, 11, 2)) == date(2026, 10, 23)  # over half term
    assert CAL.next_school_day(date(2026, 12, 18)) == date(2027, 1, 5)  # Christmas + INSET
    assert CAL.school_day_on_or_before(date(2026, 10, 28)) == date(2026, 10, 23)
    assert CAL.autumn_term_start(date(2026, 11, 1)) == date(2026, 9, 3)
    assert CAL.school_days_in_week(date(2026, 9, 2)) == (date(2026, 9, 3), date(2026, 9, 4))


def test_bad_calendar_files_say_what_is_wrong(tmp_path):
    with pytest.raises(CalendarError, match="no \\[\\[term\\]\\]"):
        parse_calendar("inset_days = []", "x.toml")
    with pytest.raises(CalendarError, match="ends before it starts"):
        parse_calendar("[[term]]\nstart = 2026-09-01\nend = 2026-08-01\n", "x.toml")
    with pytest.raises(CalendarError, match="not found"):
        load_calendar(tmp_path / "missing.toml")


def test_custom_calendar_file(tmp_path):
    file = tmp_path / "cal.toml"
    file.write_text(
        "closures = [2026-11-05]\n[[term]]\nname='A'\nstart=2026-09-07\nend=2026-12-16\n"
    )
    cal = load_calendar(file)
    assert not cal.is_school_day(date(2026, 9, 4))
    assert cal.is_school_day(date(2026, 9, 7))
    assert not cal.is_school_day(date(2026, 11, 5))


@pytest.mark.parametrize(
    "per_week, days, target",
    [(5, 5, 5), (5, 3, 3), (1, 5, 1), (1, 4, 1), (1, 2, 0), (2, 3, 1), (3, 4, 2), (2, 5, 2)],
)
def test_weekly_target_is_pro_rata(per_week, days, target):
    assert weekly_target(per_week, days) == target


def test_five_a_week_is_behind_with_one_by_wednesday_and_one_a_week_only_on_friday():
    assert [expected(5, 5, d) for d in range(1, 6)] == [1, 2, 3, 4, 5]
    assert [expected(1, 5, d) for d in range(1, 6)] == [0, 0, 0, 0, 1]
    assert [expected(2, 5, d) for d in range(1, 6)] == [0, 0, 1, 1, 2]
    # a 4-day week (Monday bank holiday): 1-a-week still due on the last day only
    assert [expected(1, 4, d) for d in range(1, 5)] == [0, 0, 0, 1]


def test_week_pace_in_a_short_week():
    pace = week_pace(CAL, date(2026, 9, 3))  # Mon bank holiday, Tue-Wed INSET
    assert pace.n == 2 and pace.days_gone == 1 and pace.expected(5) == 1 and pace.target(5) == 2
    assert pace.expected(5, midday=True) == 0  # at the nudge, Thursday isn't over yet
    friday = week_pace(CAL, date(2026, 9, 4))
    assert (
        friday.is_last_school_day and friday.target(1) == 0 and friday.expected(5, midday=True) == 2
    )
    assert week_pace(CAL, date(2026, 11, 19)).days_gone == 4


def test_at_the_nudge_only_days_already_over_count_except_on_the_last_day():
    week = [date(2026, 11, 16) + timedelta(days=i) for i in range(5)]
    midday = [pace_math.counted_days(week, d, midday=True) for d in week]
    assert midday == [0, 1, 2, 3, 5]
    assert [pace_math.expected(5, 5, c) for c in midday] == [
        0,
        1,
        2,
        3,
        5,
    ]  # 1 by Wednesday: behind
    assert [pace_math.expected(1, 5, c) for c in midday] == [0, 0, 0, 0, 1]  # only on the last day
    assert [pace_math.counted_days(week, d) for d in week] == [
        1,
        2,
        3,
        4,
        5,
    ]  # the digest, end of day


def test_a_provision_is_paced_over_its_own_days_in_the_week():
    week = [date(2026, 11, 16) + timedelta(days=i) for i in range(5)]
    from_wednesday = pace_math.window(week, date(2026, 11, 18), None)
    assert from_wednesday == tuple(week[2:]) and weekly_target(5, len(from_wednesday)) == 3
    assert pace_math.counted_days(from_wednesday, week[2], midday=True) == 0
    to_wednesday = pace_math.window(week, None, date(2026, 11, 18))
    assert pace_math.counted_days(to_wednesday, week[2], midday=True) == 3  # its last day


def test_one_pro_rata_rule_for_nudges_and_reports():
    from handlers.reports.period import pro_rata

    assert pro_rata is pace_math.weekly_target is weekly_target
