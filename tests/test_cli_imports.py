"""What `keyworker --help` imports: the command line loads only what each command needs.

Checked as an import graph in a fresh interpreter, not as a time (times are for bench/):
the heavy libraries (the ORM, migrations, the date parser, the chat platforms, settings)
must not be loaded to print help, and a command must still load what it uses.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Each costs tens to hundreds of milliseconds to import; none is needed to print help.
HEAVY = (
    "sqlalchemy",
    "sqlmodel",
    "alembic",
    "dateparser",
    "slack_bolt",
    "slack_sdk",
    "telegram",
    "pydantic_settings",  # (pydantic itself is typer's, to coerce options)
    "apscheduler",
    "uvicorn",
    "starlette",
    "storage.models",
    "storage.db",
    "handlers.grammar",
    "bot.app",
    "bot.config",
)

_PROBE = """
import json, sys
sys.argv = ["keyworker", *json.loads(sys.argv[1])]
from bot.cli import app
try:
    app()
except SystemExit:
    pass
print("\\n" + json.dumps(sorted(sys.modules)))
"""


def _modules_after(*argv: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(list(argv))],
        cwd=REPO / "tests",  # no .env here, and nothing to create: no command opens a database
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return set(json.loads(done.stdout.rstrip().rsplit("\n", 1)[-1]))


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in HEAVY if m in modules)


@pytest.mark.parametrize(
    "argv",
    [("--help",), ("schedule", "--help"), ("report", "--help"), ("staff", "--help")],
    ids=" ".join,
)
def test_help_imports_none_of_the_heavy_libraries(argv):
    modules = _modules_after(*argv)
    assert "typer" in modules  # the probe really ran the CLI
    assert _heavy(modules) == []


def test_a_command_still_imports_what_it_uses():
    # A mistyped --format is refused before any database is opened, but after the
    # command's own imports: so the probe can fail if the laziness hid them.
    modules = _modules_after("export", "--format", "bogus")
    assert {"storage.export", "sqlalchemy"} <= modules
