"""`keyworker --help` wall time: a fresh process each time, as a person at a terminal sees it.

Runs the installed `keyworker` script (beside this interpreter) with `--help` N times in a
subprocess, output discarded, alternating with a bare `python -c pass` start so the
interpreter's own start-up on this machine is measured in the same run. Reports the median
and the slowest, and how much of it is Python starting. The import graph (what `--help`
must not load) is asserted by tests/test_cli_imports.py, not here.

    .venv/bin/python bench/bench_cli.py [--runs 21] [--write docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.report import percentile, write_section  # noqa: E402

TARGET_S = 0.3


def _keyworker() -> str:
    script = Path(sys.executable).with_name("keyworker")
    if not script.exists():
        sys.exit(f"{script} is missing: run `make setup` first")
    return str(script)


def _wall(argv: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def run(runs: int) -> dict[str, float]:
    # Run where no .env or database is, so --help is all that happens.
    cwd = Path(__file__).resolve().parent
    help_argv = [_keyworker(), "--help"]
    bare = [sys.executable, "-c", "pass"]
    _wall(help_argv, cwd)  # the first start warms the page cache; not counted
    helps, starts = [], []
    for _ in range(runs):
        helps.append(_wall(help_argv, cwd))
        starts.append(_wall(bare, cwd))
    return {
        "runs": runs,
        "median": statistics.median(helps),
        "p90": percentile(helps, 90),
        "max": max(helps),
        "python": statistics.median(starts),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--write", metavar="FILE")
    args = parser.parse_args()
    f = run(args.runs)
    met = "met" if f["median"] < TARGET_S else "NOT met"
    body = (
        f"`keyworker --help` started {f['runs']} times as a fresh process (output discarded), "
        "each followed by a bare `python -c pass` so interpreter start-up is measured in the "
        f"same run. The machine's {os.cpu_count()} cores were shared with other work while "
        "this ran, so the slowest run is noisy; the median is the figure.\n\n"
        "| measure | median | 90th percentile | max |\n|---|---|---|---|\n"
        f"| `keyworker --help` wall time | {f['median'] * 1000:.0f} ms "
        f"| {f['p90'] * 1000:.0f} ms | {f['max'] * 1000:.0f} ms |\n"
        f"| of which Python starting (`python -c pass`) | {f['python'] * 1000:.0f} ms | | |\n\n"
        "The command line imports typer and nothing else of weight to print help; each "
        "command imports the database, settings, parser or platform it uses when it runs "
        "(tests/test_cli_imports.py checks the import graph).\n"
        f"Target: under {TARGET_S:.1f} s: **{met}**.\n"
        "Reproduce: `.venv/bin/python bench/bench_cli.py --write docs/benchmarks.md`."
    )
    print(body)
    if args.write:
        write_section(args.write, "Command line start-up", body)


if __name__ == "__main__":
    main()
