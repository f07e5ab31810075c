"""SCHOOL_TIMETABLE: primary, secondary, or a school's own TOML file."""

from __future__ import annotations

from datetime import time

import pytest

from handlers.timetable import PRIMARY, SECONDARY, TimetableError, load_timetable


def test_built_in_timetables():
    assert load_timetable(None) is PRIMARY
    assert load_timetable("Secondary") is SECONDARY
    assert (PRIMARY.registration, PRIMARY.break_, PRIMARY.lunch, PRIMARY.end_of_day) == (
        time(8, 45),
        time(10, 30),
        time(12, 0),
        time(15, 15),
    )
    assert SECONDARY.periods == (time(9), time(10), time(11, 20), time(12, 20), time(14))


def test_a_schools_own_file_keeps_the_base_for_what_it_leaves_out(tmp_path):
    path = tmp_path / "ours.toml"
    path.write_text('base = "secondary"\nregistration = "08:35"\nperiods = ["08:50", "09:50"]\n')
    tt = load_timetable(str(path))
    assert tt.registration == time(8, 35) and tt.periods == (time(8, 50), time(9, 50))
    assert tt.lunch == SECONDARY.lunch and tt.name == "ours"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('lunch = "noon"\n', "lunch must be a time"),
        ('teatime = "16:00"\n', "unknown key 'teatime'"),
        ('base = "infant"\n', "base must be primary or secondary"),
        ("lunch = \n", "not valid TOML"),
    ],
)
def test_a_bad_file_says_what_is_wrong(tmp_path, content, message):
    path = tmp_path / "bad.toml"
    path.write_text(content)
    with pytest.raises(TimetableError, match=message):
        load_timetable(str(path))


def test_an_unknown_setting_is_refused():
    with pytest.raises(TimetableError, match="primary, secondary or a TOML file"):
        load_timetable("middle-school")


def test_keyworker_parse_uses_the_setting(sample_cli, monkeypatch):
    import json

    monkeypatch.setenv("SCHOOL_TIMETABLE", "secondary")
    out = sample_cli(
        "parse",
        "--as",
        "amy.lowe@brookfield.example",
        "--now",
        "2026-11-18T15:30",
        "Kai zones 15 p3",
    ).stdout
    got = json.loads(out)
    assert got["occurred_at"] == "2026-11-18T11:20:00+00:00"
    assert got["time_precision"] == "part_of_day"
