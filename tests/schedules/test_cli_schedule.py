"""`keyworker schedule preview` and `keyworker digest`: the contract, read-only."""

from __future__ import annotations

import json

from sqlmodel import Session, func, select

from storage.db import make_engine
from storage.models import OutboxMessage
from tests.schedules.conftest import AMY, BETH, RAJ


def test_preview_json_contract(sample_cli):
    out = sample_cli("schedule", "preview", "--date", "2026-11-18", "--json").stdout
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows and all(set(r) == {"recipient", "job", "key", "text"} for r in rows)
    assert [r["job"] for r in rows] == sorted(
        (r["job"] for r in rows), key=["review_reminders", "nudges", "digest"].index
    )
    assert {(r["job"], r["recipient"]) for r in rows} >= {
        ("digest", BETH),
        ("nudges", AMY),
        ("nudges", RAJ),
        ("review_reminders", RAJ),
        ("review_reminders", BETH),
    }
    digest = next(r for r in rows if r["job"] == "digest")
    assert digest["key"].startswith("digest:") and digest["key"].endswith(":2026-11-18")
    with Session(make_engine(sample_cli.url)) as s:  # nothing stored
        assert s.exec(select(func.count(OutboxMessage.id))).one() == 0


def test_preview_up_to_a_time_and_on_a_holiday(sample_cli):
    morning = [
        json.loads(x)
        for x in sample_cli(
            "schedule", "preview", "--date", "2026-11-18", "--time", "12:00", "--json"
        ).stdout.splitlines()
    ]
    assert {r["job"] for r in morning} == {"review_reminders"}
    assert (
        sample_cli("schedule", "preview", "--date", "2026-10-27", "--json").stdout == ""
    )  # half term
    assert (
        "Nothing would be sent" in sample_cli("schedule", "preview", "--date", "2026-10-27").stdout
    )
    # One day reader for every option (issue 18): British dates too, a wrong one refused.
    british = sample_cli("schedule", "preview", "--date", "18/11/2026", "--time", "12:00", "--json")
    assert [json.loads(x) for x in british.stdout.splitlines()] == morning
    assert sample_cli("schedule", "preview", "--date", "18-11-2026", code=2).exit_code == 2


def test_digest_command_prints_the_text(sample_cli):
    out = sample_cli("digest", "--date", "2026-11-18").stdout
    assert out.startswith("Daily digest · Wed 18 Nov 2026")
    assert "Annual reviews:" in out and "Lily Green – due 02/12/2026" in out
