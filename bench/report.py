"""What the benchmarks share: the sample school, percentiles, and writing one
benchmark's section into docs/benchmarks.md while leaving the others alone."""

from __future__ import annotations

import os
import platform
import re
from datetime import date
from pathlib import Path

# The repository's fictional school (the tests' fixture).
SAMPLES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "brookfield"

HEADER = "# Benchmarks\n\nMeasured with `make bench` on the machine named in each section.\n"


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile by nearest rank (q from 0 to 100)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, {date.today().isoformat()}"
    )


def write_section(path: str | Path, title: str, body: str) -> None:
    """Replace (or append) the '## title' section of the benchmarks file."""
    path = Path(path)
    text = path.read_text() if path.exists() else HEADER
    section = f"## {title}\n\n_Machine: {machine()}_\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text.rstrip("\n") + "\n")


def sample_slack(tmp: str, api_url: str, secret: str):
    """(Settings, engine) for a Slack HTTP-mode bench: a fresh SQLite database in `tmp`
    with the sample school, the Slack API at `api_url`, the parser warmed."""
    from bot import app as wiring
    from bot.config import Settings
    from handlers.grammar.parser import warm_up
    from tests.support.school import load_school

    settings = Settings(
        _env_file=None,
        database_url=f"sqlite:///{tmp}/bench.db",
        slack_bot_token="xoxb-bench",
        slack_signing_secret=secret,
        slack_app_token=None,
        slack_api_url=api_url,
        port=0,
    )
    engine = wiring.init_database(settings)
    load_school(engine, SAMPLES)
    warm_up()
    return settings, engine
