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
