"""`/report` in chat (roles, the file to the asker only, audit) and `keyworker report` end to end."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from handlers.reports.csv_export import FIELDS
from storage.db import session_scope
from storage.models import AuditEvent, Pupil, SafeguardingAlert
from tests.conftest import local
from tests.reports.term import load_term
from tests.support.chat import Clock, Dialog

AMY = "amy.lowe@brookfield.example"
BETH = "beth.moss@brookfield.example"


@pytest.fixture
def clock():
    return Clock(local("2026-10-16T16:00"))


def _audits(engine, action):
    with Session(engine) as session:
        return session.exec(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_lsa_gets_packs_for_key_pupils_only(term, clock):
    engine, ids = term
    amy = Dialog(engine, AMY, clock=clock)
    reply = amy.send("/report Freya")
    assert reply.private and len(reply.attachments) == 1
    pack = reply.attachments[0]
    assert pack.mime_type == "application/pdf" and pack.filename.startswith(
        "evidence-pack-Freya-Jones"
    )
    assert "Freya Jones" in PdfReader(io.BytesIO(pack.content)).pages[0].extract_text()
    refused = amy.send("/report Harry")
    assert not refused.attachments and "key pupils only" in refused.text
    assert "school report is for the SENCO" in amy.send("/report school").text
    assert [(a.pupil_id, a.staff_id) for a in _audits(engine, "report")] == [
        (ids["freya"], ids["amy"])
    ]
    refusals = _audits(engine, "refused")
    assert [a.pupil_id for a in refusals] == [ids["harry"], None]


def test_senco_gets_any_pupil_and_the_school_report(term, clock):
    engine, ids = term
    beth = Dialog(engine, BETH, clock=clock)
    html = beth.send("/report Harry html").attachments[0]
    assert html.mime_type == "text/html" and b"Harry Wright" in html.content
    school = beth.send("/report school").attachments[0]
    assert school.filename.endswith(".pdf") and b"%PDF" in school.content[:8]
    assert {a.record_type for a in _audits(engine, "report")} == {"evidence_pack", "school_report"}


def test_report_needs_a_name_and_strangers_learn_nothing(term, clock):
    engine, _ = term
    assert "Which pupil?" in Dialog(engine, AMY, clock=clock).send("/report").text
    stranger = Dialog(engine, "U0NOBODY", platform="slack", clock=clock).send("/report Freya")
    assert (
        not stranger.attachments
        and "link your account" in stranger.text
        and "Freya" not in stranger.text
    )


@pytest.fixture
def term_cli(sample_cli):
    """The sample school with a term of records, through the shared `keyworker` runner."""
    from storage.db import make_engine

    engine = make_engine(sample_cli.url)
    load_term(engine)
    sample_cli.engine = engine
    yield sample_cli
    engine.dispose()


def test_cli_pupil_pack_writes_a_file_and_prints_its_path(term_cli, tmp_path):
    out = term_cli(
        "report", "pupil", "X873331220201", "--from", "2026-09-07", "--to", "16/10/2026"
    ).stdout.strip()
    assert out == str(tmp_path / "evidence-pack-Freya-Jones-2026-10-16.pdf")
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "37 of 42 planned (88%)" in text
    term_cli(
        "report",
        "pupil",
        "x873331220201",
        "--from",
        "07/09/2026",
        "--to",
        "2026-10-16",
        "--format",
        "html",
        "--output",
        "freya.html",
    )
    assert b"data:image/png;base64," in (tmp_path / "freya.html").read_bytes()
    term_cli("report", "school", "--from", "2026-09-07", "--to", "2026-10-16", "-o", "school.pdf")
    assert (tmp_path / "school.pdf").read_bytes().startswith(b"%PDF")
    audits = _audits(term_cli.engine, "report")
    assert len(audits) == 3 and {a.platform for a in audits} == {"cli"}


def test_cli_refuses_bad_input_clearly(term_cli):
    assert "No pupil with UPN" in term_cli("report", "pupil", "Z000000000000", code=1).stderr
    assert (
        "not a date"
        in term_cli("report", "pupil", "X873331220201", "--from", "31/02/2026", code=2).stderr
    )
    assert (
        "ends"
        in term_cli("report", "school", "--from", "2026-10-16", "--to", "2026-09-01", code=2).stderr
    )
    assert "--format" in term_cli("report", "school", "--format", "docx", code=2).stderr
    assert "--kind" in term_cli("report", "csv", "--kind", "lunch", code=2).stderr


def test_cli_csv_per_kind_with_stable_headers(term_cli, tmp_path):
    out = term_cli("report", "csv", "--kind", "behaviour", "--output", "-").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == FIELDS["behaviour"]
    assert len(rows) == 4  # the withdrawn incident is left out
    rpi = next(r for r in rows if r["physical_intervention"] == "true")
    assert rpi["hold_type"] == "guided hold" and rpi["hold_minutes"] == "2"
    assert rpi["occurred_at"] == "2026-09-24T13:05:00+01:00" and rpi["occurred_on"] == "2026-09-24"
    assert (
        rpi["parents_informed_at"] == "2026-09-24T15:30:00+01:00" and rpi["upn"] == "X873331220201"
    )
    with session_scope(term_cli.engine) as session:
        freya = session.exec(select(Pupil).where(Pupil.first_name == "Freya")).one()
        session.add(
            SafeguardingAlert(
                school_id=freya.school_id,
                pupil_id=freya.id,
                raised_by_id=freya.key_worker_id,
                raised_at=local("2026-10-02T09:00"),
                words="said she was scared",
                routed_to="DSL",
            )
        )
    # Without the DSL, every kind but the concerns' words, and why not those.
    as_senco = term_cli(
        "--as", "beth.moss@brookfield.example", "report", "csv", "--kind", "all",
        "--from", "2026-09-07", "--to", "2026-10-16",
    )  # fmt: skip
    assert "safeguarding: not exported" in as_senco.stderr
    assert not (tmp_path / "keyworker-safeguarding-2026-10-16.csv").exists()
    refused = term_cli("report", "csv", "--kind", "safeguarding", "-o", "-", code=1)
    assert "said she was scared" not in refused.stdout and "DSL" in refused.stderr
    assert {a.record_type for a in _audits(term_cli.engine, "refused")} == {"safeguarding"}
    printed = term_cli(
        "--as", "carl.doyle@brookfield.example", "report", "csv", "--kind", "all",
        "--from", "2026-09-07", "--to", "2026-10-16", "--force",
    ).stdout  # fmt: skip
    assert "keyworker-session-2026-10-16.csv  (42 record(s))" in printed
    with (tmp_path / "keyworker-session-2026-10-16.csv").open(newline="") as f:
        sessions = list(csv.DictReader(f))
    assert (
        sum(r["status"] == "delivered" for r in sessions) == 37
    )  # withdrawn and out of range left out
    assert {r["provision"] for r in sessions} == {"Phonics", "SALT"}
    with (tmp_path / "keyworker-safeguarding-2026-10-16.csv").open(newline="") as f:
        (alert,) = list(csv.DictReader(f))
    assert (
        alert["words"] == "said she was scared"
        and alert["raised_by"] == "amy.lowe@brookfield.example"
    )
    for kind, fields in FIELDS.items():
        with (tmp_path / f"keyworker-{kind}-2026-10-16.csv").open(newline="") as f:
            assert next(csv.reader(f)) == fields
    assert {a.record_type for a in _audits(term_cli.engine, "export")} == set(FIELDS)


def test_report_files_are_readable_by_their_owner_only(term_cli, tmp_path):
    import stat

    out = tmp_path / "school.html"
    term_cli("report", "school", "--format", "html", "--output", str(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_console_report_saves_the_file_and_says_where(term_cli, tmp_path):
    import stat

    chat = "/report Freya\n/report Freya\n/quit\n"
    out = term_cli("console", "--as", BETH, input=chat).stdout
    saved = [line for line in out.splitlines() if line.startswith("Saved ")]
    assert len(saved) == 2
    first, second = (Path(line.rsplit(" to ", 1)[1]) for line in saved)
    assert first.parent == tmp_path.resolve() and first.name.startswith("evidence-pack-Freya")
    assert second.name == first.stem + "-2.pdf"  # the first is never replaced
    for path in (first, second):
        assert path.read_bytes().startswith(b"%PDF")
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
