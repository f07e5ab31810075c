"""Use-of-force records chased the same day (issue 15): the afternoon nudge to whoever
logged one still incomplete, and the SENCO digest's list of those open and untold."""

from __future__ import annotations

from schedules import jobs
from storage.db import session_scope
from storage.models import BehaviourIncident
from tests.schedules.conftest import AMY, BETH, CONFIG, RAJ, at

COMPLETE = {
    "place": "hall",
    "antecedent": "asked to line up",
    "staff_involved": "Amy Lowe",
    "degree_of_force": "light touch",
    "deescalation_tried": "calm voice",
    "reason_for_force": "running at the fire door",
    "injuries": "none",
    "support_after": "quiet time",
    "parents_informed_how": "phone",
    "parents_informed_by": "Amy Lowe",
}


def _complete(school, incident_id: int) -> None:
    with session_scope(school.engine) as s:
        row = s.get(BehaviourIncident, incident_id)
        for name, value in COMPLETE.items():
            setattr(row, name, value)
        row.parents_informed = True
        row.parents_informed_at = row.occurred_at


def test_an_incomplete_rpi_today_is_chased_before_the_end_of_the_day(school):
    open_id = school.incident("Freya", at("2026-11-18", "11:00"), rpi=True, by=AMY)
    done_id = school.incident("Freya", at("2026-11-18", "12:00"), rpi=True, by=RAJ)
    _complete(school, done_id)
    school.incident("Freya", at("2026-11-17", "11:00"), rpi=True, by=RAJ)  # yesterday's
    messages = jobs.rpi_nudges(school.engine, at("2026-11-18", "14:45"), CONFIG)
    assert [(m.recipient_email, m.key) for m in messages] == [(AMY, f"rpi:{open_id}:2026-11-18")]
    text = messages[0].text
    assert "Freya Jones at 11:00" in text and "the degree of force" in text
    assert "parents/carers have not been told yet" in text
    assert {c["value"] for c in messages[0].payload["choices"]} == {
        f"edit:behaviour:{open_id}",
        f"rpi_parent_text:{open_id}",
    }
    assert messages[0].payload["pupil_ids"] == [school.pupils["Freya"]]
    assert jobs.rpi_nudges(school.engine, at("2026-11-21", "14:45"), CONFIG) == []  # Saturday


def test_the_digest_lists_rpis_still_open_and_parents_not_told(school):
    untold = school.incident("Freya", at("2026-11-16", "11:00"), rpi=True)
    told = school.incident("Freya", at("2026-11-17", "11:00"), rpi=True, informed=True)
    done = school.incident("Freya", at("2026-11-18", "10:00"), rpi=True)
    _complete(school, done)
    (digest,) = [
        m
        for m in jobs.digest(school.engine, at("2026-11-18", "15:45"), CONFIG)
        if m.recipient_email == BETH
    ]
    assert "Use of force records still open (2 incomplete, 1 with parents not yet told):" in (
        digest.text
    )
    assert f"#{untold} Freya Jones" in digest.text and "⚠ parents NOT yet told" in digest.text
    assert f"#{told} Freya Jones" in digest.text
    assert f"#{done} " not in digest.text
