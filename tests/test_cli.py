"""The `keyworker` command line, end to end on a temporary SQLite database."""

from __future__ import annotations

import csv
import io
import json

from storage.export import EXPORT_FIELDS

CONTRACT_FIELDS = {
    "ok",
    "kind",
    "pupil",
    "pupils",
    "involved",
    "candidates",
    "missed_reason",
    "time_precision",
    "rpi",
    "concern",
    "provision",
    "status",
    "duration_minutes",
    "occurred_at",
    "time_given",
    "contact_method",
    "follow_up_on",
    "physical_intervention",
    "notes",
    "problems",
}


def test_parse_contract_on_every_sample(sample_cli, samples_dir):
    samples = [
        json.loads(line)
        for line in (samples_dir / "messages.jsonl").read_text().splitlines()
        if line.strip()
    ]
    for sample in samples:
        out = sample_cli(
            "parse", "--as", sample["as"], "--now", sample["now"], sample["text"]
        ).stdout
        got = json.loads(out)
        assert set(got) == CONTRACT_FIELDS
        for field, want in sample["expect"].items():
            if field == "occurred_on":
                assert got["occurred_at"][:10] == want, sample["text"]
            else:
                assert got[field] == want, (sample["text"], field, got)


def test_parse_reads_stdin_one_message_per_line(sample_cli):
    text = "Freya phonics 20 mins\n\nnonsense words here\nKai zones 15\n"
    out = sample_cli(
        "parse", "--as", "amy.lowe@brookfield.example", "--now", "2026-06-09T15:30", "-", input=text
    ).stdout
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 4
    assert lines[0]["pupil"] == "Freya Jones" and lines[0]["ok"]
    assert lines[1]["ok"] is False and lines[1]["problems"]
    assert lines[3]["provision"] == "Zones of Regulation"
    assert lines[0]["occurred_at"] == "2026-06-09T15:30:00+01:00"


def test_import_errors_are_listed_and_exit_1(cli, tmp_path):
    bad = tmp_path / "staff.csv"
    bad.write_text(
        "email,name,role,slack_user_id,telegram_user_id\nnot-an-email,X,lsa,,\nb@x.example,B,wizard,,\n"
    )
    result = cli("import", "staff", str(bad), code=1)
    assert result.exit_code == 1
    assert (
        "line 2" in result.stderr
        and "line 3" in result.stderr
        and "nothing imported" in result.stderr
    )


def test_console_logs_and_export_prints_one_line_per_pupil(sample_cli):
    chat = "/log SALT Freya Max 30 mins\nrang Harry's mum re: tiredness\n/today\n/quit\n"
    out = sample_cli("console", "--as", "raj.singh@brookfield.example", input=chat).stdout
    assert out.count("Logged ✓") == 2 and "Today you logged" in out
    rows = [
        json.loads(line) for line in sample_cli("export", "--format", "jsonl").stdout.splitlines()
    ]
    sessions = [r for r in rows if r["kind"] == "session"]
    assert sorted(r["pupil"] for r in sessions) == ["Freya Jones", "Max Turner"]
    assert len({r["group_id"] for r in sessions}) == 1
    assert all(r["logged_by"] == "raj.singh@brookfield.example" for r in rows)
    contact = next(r for r in rows if r["kind"] == "parent_contact")
    assert contact["contact_method"] == "phone"
    table = sample_cli("export", "--format", "csv", "--kind", "parent_contact").stdout
    reader = csv.DictReader(io.StringIO(table))
    assert reader.fieldnames == EXPORT_FIELDS
    assert [r["pupil"] for r in reader] == ["Harry Wright"]


def test_demo_loads_once_and_run_falls_back_to_the_console(cli):
    cli("demo")
    assert cli("demo", code=1).exit_code == 1
    cli("demo", "--if-empty")
    out = cli("run", input="/help\n/quit\n").stdout
    assert "console" in out and "jo.fletcher@oakfield.example" in out and "Sam B phonics" in out


def test_env_example_lists_every_setting():
    # `.env.example` is where a school's admin learns what can be set.
    import re
    from pathlib import Path

    from bot.config import Settings

    example = (Path(__file__).resolve().parents[1] / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^([A-Z_]+)=", example, re.M))
    assert {name.upper() for name in Settings.model_fields} <= listed


def test_the_console_prints_the_chat_only_and_logs_to_its_file(cli):
    import logging
    import os
    import stat
    from pathlib import Path

    from bot.console import LOG_FILE

    try:
        # The migrations run first here, on an empty database: their INFO lines must not show.
        first = cli("run", input="/quit\n", code=1)
        cli("demo")
        result = cli("console", input="sam b phonics 20\n   \n/quit\n")
    finally:
        root = logging.getLogger()
        for handler in [h for h in root.handlers if h.get_name() == LOG_FILE]:
            root.removeHandler(handler)
            handler.close()
    for out in (first.output, result.output):
        assert "INFO" not in out and "alembic" not in out
    assert "> sam b phonics 20\nLogged ✓" in result.stdout
    assert "Your message was empty." in result.stdout
    log_file = Path(os.environ["DATA_DIR"]) / LOG_FILE
    assert "alembic" in log_file.read_text()
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
