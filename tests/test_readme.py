"""The README as a newcomer follows it (issue 18): its examples run against the demo
school, and every command and flag in its command-line table exists."""

from __future__ import annotations

import csv
import re
import shlex
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from handlers.grammar.parser import parse_message
from handlers.roster_cache import cached_roster
from storage.identity import school_by_slug
from tests.handlers.test_console_dialog import console, converse
from tests.support.chat import LONDON

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DEMO = ROOT / "bot" / "demo"


@pytest.fixture
def demo_school(engine):
    from tests.support.school import load_school

    load_school(engine, DEMO)
    return engine


def section(title: str) -> str:
    start = README.index(f"\n{title}\n")
    end = README.find("\n## ", start + len(title) + 2)
    return README[start : end if end != -1 else None]


def table_rows(text: str, header: str) -> list[list[str]]:
    start = text.index(header)
    rows = []
    for line in text[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows


def code(cell: str) -> str:
    return re.findall(r"`([^`]+)`", cell)[0].replace("\\|", "|")


# What each example in "Logging in one line" must be understood as at the demo school.
LOGGED = {
    "Sam B phonics 20 mins good focus": ("session", ["Sam Brown"], True),
    "s Sammy precision teaching 10m 9:05": ("session", ["Sam Patel"], True),
    "olly emile maths after lunch 20": ("session", ["Oliver Kowalski"], True),
    "SALT Zoe Mia 30 mins": ("session", ["Zoë Clarke", "Mia Evans"], True),
    "lego therapy Chloe-Mae Leo Noah 30 mins": (
        "session",
        ["Chloe-Mae O'Neill", "Leo Marsh", "Noah Adeyemi"],
        False,
    ),
    "no handwriting for Leo today - trip": ("session", ["Leo Marsh"], True),
    "Zoe SALT half an hour on mon": ("session", ["Zoë Clarke"], True),
    "b Sam B hit Zoe in the line": ("behaviour", ["Sam Brown"], True),
    "b Leo ran at the gate, single elbow escort by me + Mr Hughes 3 mins, tried "
    "distraction first, no injuries, parents informed 3pm": ("behaviour", ["Leo Marsh"], True),
    "p texted Amira's mum about swimming kit, will follow up Friday": (
        "parent_contact",
        ["Amira Haddad"],
        True,
    ),
    "rang Noah's mum, she said there's no food in the house": (
        "parent_contact",
        ["Noah Adeyemi"],
        True,
    ),
    "Ava said she doesnt see the point anymore and wants to end it": (
        "safeguarding",
        ["Ava Thompson"],
        True,
    ),
    "Leo handwriting 2000 mins": ("session", ["Leo Marsh"], False),
}


def test_every_logging_example_is_understood_at_the_demo_school(demo_school):
    rows = table_rows(section("## Logging in one line"), "| typed | understood |")
    typed = [code(row[0]) for row in rows]
    assert sorted(typed) == sorted(LOGGED)
    from sqlmodel import Session

    with Session(demo_school) as session:
        school_id = school_by_slug(session, None).id
    roster = cached_roster(demo_school, school_id)
    now = datetime(2026, 12, 2, 15, 30, tzinfo=LONDON)  # a Wednesday afternoon
    for text in typed:
        result = parse_message(text, roster=roster, now=now)
        kind, pupils, ok = LOGGED[text]
        assert (result.kind, [p.full_name for p in result.pupils], result.ok) == (
            kind,
            pupils,
            ok,
        ), (text, result.problems)


def test_the_try_this_block_works_in_the_console(demo_school):
    block = section("## The demo school").split("```text\n", 1)[1].split("```", 1)[0]
    lines = block.strip().splitlines()
    assert len(lines) == 5
    # Early in the morning: the block must work whenever a newcomer tries it.
    jo = console(demo_school, at="2026-12-02T07:05")
    converse(
        jo,
        list(
            zip(
                lines,
                [
                    ["Logged ✓", "Sam Brown · Phonics · 20 min", "[1] Undo   [2] Edit"],
                    ["Logged ✓", "Behaviour incident · Leo Marsh"],
                    ["Sam Brown", "Sammy Patel"],
                    ["(1: Sam Brown)", "Logged ✓", "Sam Brown · Zones of Regulation · 15 min"],
                    ["Today you logged 3"],
                ],
                strict=True,
            )
        ),
    )


def test_the_demo_school_is_as_described():
    text = section("## The demo school")
    staff = {row["email"]: row for row in csv.DictReader((DEMO / "staff.csv").open())}
    for row in table_rows(text, "| sign in as | role |"):
        email = code(row[2])
        assert staff[email]["name"] == row[0]
        assert row[1].lower().startswith(staff[email]["role"])
    pupils = {
        f"{r['first_name']} {r['last_name']}": r
        for r in csv.DictReader((DEMO / "pupils.csv").open())
    }
    plans = list(csv.DictReader((DEMO / "provisions.csv").open()))
    for name, year, plan in re.findall(r"\* \*\*(\w+ \w+)\*\* \(Year (\d), ([A-Za-z ]+)\)", text):
        pupil = pupils[name]
        assert (pupil["year_group"], pupil["plan_type"]) == (year, plan)
        for p in plans:
            if p["upn"] == pupil["upn"] and p["provision"] in text:
                assert f"{p['sessions_per_week']} × {p['minutes_per_session']}" in text or (
                    p["provision"] == "Sensory circuits"
                )
    assert "16/12/2026" in text and pupils["Zoë Clarke"]["annual_review_due"] == "2026-12-16"


def _variants(command: str) -> list[list[str]]:
    """`keyworker staff add|role … [--school SLUG]` -> [['staff', 'add'], ['staff', 'role']]."""
    words = []
    for word in command.split()[1:]:
        if not re.fullmatch(r"[a-z][a-z|-]*", word):
            break
        words.append(word.split("|"))
    variants = [[]]
    for choices in words:
        variants = [v + [c] for v in variants for c in choices]
    return variants


def test_every_command_and_flag_in_the_command_table_exists():
    runner = CliRunner()
    rows = table_rows(section("## Command line"), "| command | what it does |")
    assert len(rows) >= 20
    for row in rows:
        for command in (c.replace("\\|", "|") for c in re.findall(r"`(keyworker [^`]+)`", row[0])):
            helps = []
            for words in _variants(command):
                result = runner.invoke(app, [*words, "--help"], terminal_width=200)
                assert result.exit_code == 0, (command, words, result.output)
                helps.append(result.output)
            for flag in re.findall(r"--[a-z][a-z-]*", command):
                assert any(flag in h for h in helps), (command, flag)


def test_the_report_examples_run_on_the_demo_school(cli, tmp_path):
    cli("demo")
    block = section("### The evidence pack for one pupil").split("```sh\n", 1)[1].split("```")[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert len(commands) == 4
    for line in commands:
        words = shlex.split(line)
        assert words[0] == "keyworker"
        cli(*words[1:], "--force")
    assert (tmp_path / "sam.html").exists()


@pytest.mark.parametrize("flag", ["--school", "--since", "--date", "--from", "--to"])
def test_the_readme_explains_each_shared_option(flag):
    assert f"`{flag}" in section("## Command line")
