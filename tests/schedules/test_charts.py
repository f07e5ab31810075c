"""The digest's provision chart: what it shows, when a digest has none, and when it is drawn."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from PIL import Image
from sqlmodel import Session, select

from schedules import charts, jobs, outbox
from schedules.config import ScheduleConfig
from schedules.jobs.daily_digest import _provision_lines
from schedules.pace import week_pace
from storage.models import OutboxMessage, Provision
from storage.queries.pace import ProvisionWeek
from tests.schedules.conftest import CALENDAR_DAYS, at

WITH_CHARTS = ScheduleConfig(charts=True)


def _row(
    pupil_id: int, name: str, delivered: int, expected: int, target: int, provision_id: int = 1
):
    return ProvisionWeek(
        None,
        pupil_id,
        name,
        "Test",
        None,
        provision_id,
        "Phonics",
        5,
        20,
        delivered,
        expected,
        target,
    )


def test_one_row_per_pupil_behind_first_drawn_as_a_small_png():
    rows = [_row(1, "Ontrack", 3, 3, 5), _row(2, "Behind", 0, 3, 5), _row(2, "Behind", 2, 1, 2, 2)]
    spec = charts.chart_spec(
        charts.per_pupil(rows), "Provision this week to Wed 18 Nov", "provision.png"
    )
    assert spec["pupils"] == [["Behind Test", 2, 7, True], ["Ontrack Test", 3, 5, False]]
    png = charts.provision_png(spec)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width == 440
    assert len(png) < 40_000  # fine for a phone on mobile data


def test_chart_caps_the_number_of_pupils():
    rows = [_row(i, f"P{i}", 0, 1, 5) for i in range(40)]
    spec = charts.chart_spec(charts.per_pupil(rows), "t", "p.png")
    assert len(spec["pupils"]) == charts.MAX_PUPILS
    assert charts.provision_png(spec).startswith(b"\x89PNG")


def test_nothing_planned_means_no_chart():
    assert charts.chart_spec(charts.per_pupil([]), "t", "p.png") is None
    assert (
        charts.chart_spec(charts.per_pupil([_row(1, "A", 0, 0, 0)]), "t", "p.png") is None
    )  # 1-a-week in a 2-day week


def test_digest_with_no_provisions_has_no_chart(school):
    with Session(school.engine) as s:
        for provision in s.exec(select(Provision)):
            provision.end_on = date(2026, 10, 1)
            s.add(provision)
        s.commit()
    [message] = jobs.digest(school.engine, at("2026-11-18", "15:45"), WITH_CHARTS)
    assert "charts" not in message.payload
    assert "Provision this week" not in message.text


def test_the_job_stores_the_charts_data_and_delivery_draws_it(school, monkeypatch):
    drawn = []
    real = charts.provision_png
    monkeypatch.setattr(
        charts, "provision_png", lambda spec: drawn.append(spec["title"]) or real(spec)
    )
    messages = jobs.digest(
        school.engine,
        at("2026-11-18", "15:45"),
        ScheduleConfig(extra_recipients=("carl.doyle@brookfield.example",)),
    )
    assert len(messages) == 2 and drawn == []  # the job draws nothing
    [a], [b] = (m.payload["charts"] for m in messages)
    assert a == b and a["title"] == "Provision this week to Wed 18 Nov"
    outbox.enqueue(school.engine, messages)
    sent = []
    outbox.deliver_pending(
        school.engine, lambda message, recipient: sent.append(message), datetime.now(UTC)
    )
    assert len(sent) == 2 and drawn == [a["title"]] * 2
    assert all(m.attachments[0].content.startswith(b"\x89PNG") for m in sent)
    with Session(school.engine) as s:
        assert all("charts" in row.payload for row in s.exec(select(OutboxMessage)))


def test_bars_carry_the_pupil_so_two_of_the_same_name_stay_apart():
    rows = [_row(7, "Sam", 0, 3, 5), _row(9, "Sam", 4, 3, 5), _row(9, "Sam", 1, 1, 1, 2)]
    bars = charts.per_pupil(rows)
    assert [(b.pupil_id, b.pupil, b.delivered, b.planned, b.behind) for b in bars] == [
        (7, "Sam Test", 0, 5, True),
        (9, "Sam Test", 5, 6, False),
    ]


def test_the_digests_provision_lines_do_not_depend_on_the_order_rows_come_in():
    # The digest reads a trust's week unordered (the database is spared the sort).
    rows = [
        _row(4, "Zed", 1, 1, 5, provision_id=8),
        _row(4, "Zed", 0, 1, 5, provision_id=3),
        _row(2, "Amy", 2, 2, 5, provision_id=5),
        _row(3, "Amy", 3, 2, 5, provision_id=6),
        _row(1, "Bea", 1, 1, 5, provision_id=1),
    ]
    pace = week_pace(CALENDAR_DAYS, date(2026, 11, 18))
    lines = _provision_lines(rows, pace, set())
    assert lines[2:] == [
        "• Zed Test: Phonics 0/5 ⚠behind, Phonics 1/5",
        "• Amy Test: Phonics 2/5",
        "• Amy Test: Phonics 3/5",
        "• Bea Test: Phonics 1/5",
    ]
    assert _provision_lines(rows[::-1], pace, set()) == lines
    assert [b.pupil_id for b in charts.per_pupil(rows[::-1])] == [
        b.pupil_id for b in charts.per_pupil(rows)
    ]
