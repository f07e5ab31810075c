"""The command line as a newcomer meets it on the demo school (issue 18): the roster lists,
pupils named by name, one day reader, imports that say where and what, one CSV convention."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlmodel import Session, select

from storage.models import AuditEvent


@pytest.fixture
def demo(cli):
    cli("demo")
    return cli


def _audit(cli, action: str) -> list[AuditEvent]:
    from storage.db import engine_for

    with Session(engine_for(cli.url)) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)))


def test_staff_list_shows_who_is_on_the_roster_and_is_audited(demo):
    demo("staff", "deactivate", "tom.hughes@oakfield.example")
    out = demo("--as", "helen.ward@oakfield.example", "staff", "list").stdout
    assert out.startswith("Oakfield Primary (demo): 5 staff\nemail")
    helen = next(line for line in out.splitlines() if line.startswith("helen.ward"))
    assert helen.split() == ["helen.ward@oakfield.example", "Helen", "Ward", "senco", "-", "active"]
    assert "tom.hughes" not in out
    everyone = demo("staff", "list", "--all").stdout
    assert "tom.hughes@oakfield.example" in everyone and "deactivated" in everyone
    rows = _audit(demo, "staff_list")
    assert len(rows) == 2 and rows[0].detail.startswith("rows=5 ")


def test_pupils_list_is_the_sencos_view_audited_per_pupil(demo):
    out = demo("pupils", "list").stdout.splitlines()
    assert out[0] == "Oakfield Primary (demo): 10 pupils"
    assert out[1].split() == [
        "pupil",
        "upn",
        "year",
        "class",
        "key",
        "worker",
        "plan",
        "review",
        "due",
    ]
    sammy = next(line for line in out if "Sam Patel" in line)
    for cell in ("Sam Patel (Sammy)", "M999900002002", "5W", "priya.nair@oakfield.example"):
        assert cell in sammy
    assert sammy.rstrip().endswith("SEN Support  10/03/2027")
    rows = _audit(demo, "pupils_list")
    assert len(rows) == 10 and len({r.pupil_id for r in rows}) == 10


def test_report_pupil_takes_a_name_and_asks_when_it_could_be_two(demo, tmp_path):
    out = demo("report", "pupil", "Sam Brown", "--format", "html", "-o", str(tmp_path / "s.html"))
    assert out.stdout.strip() == str(tmp_path / "s.html")
    assert "Sam Brown" in (tmp_path / "s.html").read_text()
    two = demo("report", "pupil", "sam", "--format", "html", code=1).stderr
    assert "Sam Brown (UPN Y999900002001)" in two and "Sam Patel (UPN M999900002002)" in two
    assert "No pupil called “Zed”" in demo("report", "pupil", "Zed", code=1).stderr
    assert (
        "No pupil with UPN A123456789012" in demo("report", "pupil", "A123456789012", code=1).stderr
    )


def test_import_into_a_school_that_does_not_exist_says_so(demo, tmp_path):
    from bot.cli import DEMO_DIR

    err = demo(
        "import", "pupils", str(DEMO_DIR / "pupils.csv"), "--school", "nosuch", code=1
    ).stderr
    assert err.startswith("No school with slug 'nosuch': nothing imported.")
    assert "unknown key worker" not in err


def test_import_names_the_line_a_file_stops_being_utf8(demo, tmp_path):
    bad = tmp_path / "staff.csv"
    bad.write_bytes(
        b"email,name,role,slack_user_id,telegram_user_id\nzoe@x.example,Zo\xeb Li,lsa,,\n"
    )
    err = demo("import", "staff", str(bad), code=1).stderr
    assert "line 2: the file is not UTF-8 here" in err and "line 0" not in err


def test_import_lists_every_problem_on_a_line(demo, tmp_path):
    bad = tmp_path / "staff.csv"
    bad.write_text("email,name,role,slack_user_id,telegram_user_id\nnot-an-email,,wizard,,\n")
    err = demo("import", "staff", str(bad), code=1).stderr
    assert err.count("line 2:") == 3


@pytest.mark.parametrize(
    "args",
    [
        ("export", "--since", "01/12/2026"),
        ("audit", "--since", "01/12/2026"),
        ("schedule", "preview", "--date", "01/12/2026"),
        ("digest", "--date", "01/12/2026"),
        ("report", "csv", "--kind", "session", "-o", "-", "--from", "01/12/2026"),
    ],
)
def test_every_day_option_reads_british_dates(demo, args):
    demo(*args)
    assert "03/13/2026" in demo(*args[:-1], "03/13/2026", code=2).stderr


def test_report_csv_all_makes_its_folder(demo, tmp_path):
    out = demo("report", "csv", "--kind", "all", "--output", str(tmp_path / "csvs" / "new"))
    # Every kind but the concerns' words, which are the DSL's (run --as the DSL for them).
    assert out.stdout.count(str(tmp_path / "csvs" / "new")) == 3
    assert len(list((tmp_path / "csvs" / "new").iterdir())) == 3
    assert "safeguarding: not exported" in out.stderr


def test_backup_to_a_missing_folder_is_one_line(demo):
    result = demo("backup", "/nonexistent/dir/b.db", code=1)
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.output


def test_export_and_report_csv_write_booleans_alike(demo):
    demo("console", "--as", "jo.fletcher@oakfield.example", input="b leo ran off at lunch\n")
    export = list(csv.DictReader(io.StringIO(demo("export", "--format", "csv").stdout)))
    report = demo("report", "csv", "--kind", "behaviour", "-o", "-").stdout
    assert export[0]["physical_intervention"] == "false"
    assert "False" not in report and "True" not in report
    jsonl = json.loads(demo("export").stdout.splitlines()[0])
    assert jsonl["physical_intervention"] is False  # JSON keeps its own booleans
