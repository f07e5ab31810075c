"""The reduction view of reasonable force (issue 15): by half-term from the school calendar,
time of day, place and antecedent, per pupil and per school, with the trend."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from handlers.reports.force import build_reduction, trend
from schedules.calendar import load_calendar
from storage.db import make_engine, session_scope
from storage.models import AuditEvent, BehaviourIncident, IncidentInvolved, Pupil, Staff
from storage.queries.force import force_incidents
from tests.conftest import LONDON, local

CALENDAR = load_calendar()  # the shipped 2026-27 calendar


def _add(
    engine,
    first_name: str,
    when: str,
    *,
    place=None,
    antecedent=None,
    rpi=True,
    withdrawn=False,
    involved: str | None = None,
) -> int:
    with session_scope(engine) as s:
        pupil = s.exec(select(Pupil).where(Pupil.first_name == first_name)).one()
        staff = s.exec(select(Staff)).first()
        row = BehaviourIncident(
            school_id=pupil.school_id,
            pupil_id=pupil.id,
            occurred_at=local(when),
            logged_by_id=staff.id,
            physical_intervention=rpi,
            place=place,
            antecedent=antecedent,
            withdrawn_at=local(when) if withdrawn else None,
        )
        s.add(row)
        s.flush()
        if involved:
            other = s.exec(select(Pupil).where(Pupil.first_name == involved)).one()
            s.add(
                IncidentInvolved(
                    school_id=pupil.school_id, incident_id=row.id, pupil_id=other.id, role="target"
                )
            )
        return row.id


def test_half_terms_split_at_the_break():
    assert CALENDAR.half_term_of(local("2026-10-05T10:00").date())[1] == "Autumn 2026, 1st half"
    assert CALENDAR.half_term_of(local("2026-11-05T10:00").date())[1] == "Autumn 2026, 2nd half"
    assert CALENDAR.half_term_of(local("2026-08-10T10:00").date()) is None


def test_trend_reads_the_slope_and_the_latest_change():
    assert trend([6, 4, 1]).startswith("falling (-2.5 a half-term")
    assert "1 in the latest half-term, 4 in the one before (-3)" in trend([6, 4, 1])
    assert trend([2, 2]).startswith("steady")
    assert trend([1, 5]).startswith("rising")
    assert trend([3]) == "not enough half-terms yet to show a trend"


def test_the_school_view_counts_subjects_only_by_half_term_time_place_and_antecedent(
    sample_school,
):
    for when in ("2026-09-14T09:10", "2026-09-21T12:30", "2026-10-05T12:40"):
        _add(sample_school, "Freya", when, place="Playground", antecedent="after being told no")
    _add(
        sample_school,
        "Kai",
        "2026-11-10T14:00",
        place="playground ",
        antecedent="Told no",
        involved="Freya",
    )
    _add(sample_school, "Kai", "2026-11-11T14:00", withdrawn=True)  # undone: not counted
    _add(sample_school, "Kai", "2026-11-12T14:00", rpi=False)  # no force: not counted
    with Session(sample_school) as s:
        school_id = s.exec(select(Pupil.school_id)).first()
        rows = force_incidents(s, school_id)
    view = build_reduction(rows, title="t", tz=LONDON, half_term_of=CALENDAR.half_term_of)
    assert view.total == 4
    assert view.by_half_term == [("Autumn 2026, 1st half", 3), ("Autumn 2026, 2nd half", 1)]
    assert dict(view.by_time) == {
        "morning to break (08:45-10:30)": 1,
        "lunchtime (12:00-13:15)": 2,
        "afternoon (13:15-15:15)": 1,
    }
    assert view.by_place == [("playground", 4)]
    assert view.by_antecedent == [("told no", 4)]
    # Freya was hurt in Kai's incident: she is involved there, never its subject.
    assert [(name, counts) for name, _, counts in view.by_pupil] == [
        ("Freya Jones", [3, 0]),
        ("Kai Robinson", [0, 1]),
    ]
    assert view.trend.startswith("falling")


def test_cli_writes_the_school_and_the_pupil_view(sample_cli, tmp_path):
    engine = make_engine(sample_cli.url)
    _add(engine, "Freya", "2026-09-14T09:10", place="hall")
    _add(engine, "Kai", "2026-11-10T14:00", place="corridor")
    out = sample_cli("report", "force").stdout.strip()
    assert out.startswith(str(tmp_path / "force-reduction-")) and out.endswith(".txt")
    text = Path(out).read_text()
    assert "2 incident(s) where force was used" in text and "Autumn 2026, 2nd half" in text
    assert "Freya Jones (EHCP)" in text and "Kai Robinson (EHCP)" in text
    sample_cli("report", "force", "--pupil", "X873331220201", "--format", "csv", "-o", "f.csv")
    csv_text = (tmp_path / "f.csv").read_text()
    assert 'half_term,"Autumn 2026, 1st half",1' in csv_text and "Kai" not in csv_text
    sample_cli("report", "force", "--format", "pdf", code=2)
    with Session(engine) as s:
        audits = s.exec(select(AuditEvent).where(AuditEvent.record_type == "force_reduction"))
        assert len(list(audits)) == 2
    engine.dispose()


def test_the_senco_gets_the_view_in_chat_and_an_lsa_does_not(sample_school):
    from tests.support.chat import Clock, Dialog

    _add(sample_school, "Max", "2026-11-03T10:15", place="hall", antecedent="told no football")
    _add(sample_school, "Max", "2026-11-10T14:05", place="hall")
    clock = Clock(local("2026-11-18T15:30"))
    beth = Dialog(sample_school, "beth.moss@brookfield.example", clock=clock)
    school = beth.send("/report force")
    (file,) = school.attachments
    text = file.content.decode()
    assert school.private and "Reducing the use of force" in text and "hall" in text
    (one,) = beth.send("/report force Max csv").attachments
    assert one.filename.endswith(".csv") and one.content.startswith(b"table,group,incidents")
    amy = Dialog(sample_school, "amy.lowe@brookfield.example", clock=clock)
    refused = amy.send("/report force")
    assert refused.attachments == [] and "SENCO, DSL and admins" in refused.text
    with Session(sample_school) as s:
        actions = s.exec(
            select(AuditEvent.action).where(AuditEvent.detail.contains("force reduction"))
        ).all()
    assert "refused" in actions
