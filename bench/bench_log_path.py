"""The whole /log path per message on SQLite: parse, resolve, store, reply.

Loads the sample school into a fresh SQLite database, sends a few hundred
varied /log messages through handlers.service.handle exactly as the console
does (each one its own transaction, committed to disk in WAL mode), and
reports median and 99th-percentile latency per message.

    .venv/bin/python bench/bench_log_path.py [--messages 600] [--write docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.report import SAMPLES, percentile, write_section  # noqa: E402
from handlers.grammar.parser import warm_up  # noqa: E402
from handlers.service import handle  # noqa: E402
from handlers.types import HandlerContext, Inbound  # noqa: E402
from tests.support.school import load_school, migrated_engine  # noqa: E402

SENDERS = ["amy.lowe@brookfield.example", "raj.singh@brookfield.example"]
TEMPLATES = [
    "Freya phonics {m} mins good focus",
    "s Gracie precision teaching {m}m",
    "Kai zones {m}",
    "Aarav attention autism {m}m yesterday",
    "Isla intensive interaction {m} mins 9am",
    "SALT Freya Max {m} mins",
    "Ethan fine motor missed - absent",
    "behaviour: Kai threw pencil in maths 10:40, calm in 5",
    "rang Harry's mum re: tiredness, will call back Friday",
    "incident Kai 10.15am hit peer on playground, no injury",
    "Freya SALT half an hour on Monday",
]


def run(count: int) -> dict[str, float]:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        engine = migrated_engine(f"sqlite:///{tmp}/bench.db")
        load_school(engine, SAMPLES)
        ctx = HandlerContext(engine=engine)
        warm_up()
        handle(ctx, Inbound("console", SENDERS[0], "c", "/today"))
        timings = []
        now = datetime(2026, 6, 9, 15, 30, tzinfo=UTC)
        for i in range(count):
            text = rng.choice(TEMPLATES).format(m=rng.choice([10, 15, 20, 30]))
            inbound = Inbound(
                "console", rng.choice(SENDERS), "c", text, received_at=now, event_id=f"bench-{i}"
            )
            start = time.perf_counter_ns()
            reply = handle(ctx, inbound)
            timings.append((time.perf_counter_ns() - start) / 1e6)
            assert reply.text.startswith("Logged"), (text, reply.text)
        engine.dispose()
    return {
        "messages": count,
        "median_ms": statistics.median(timings),
        "p99_ms": percentile(timings, 99),
        "per_second": count / (sum(timings) / 1000),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=600)
    parser.add_argument("--write", metavar="FILE")
    args = parser.parse_args()
    figures = run(args.messages)
    body = (
        f"{figures['messages']} varied `/log` messages through `handlers.service.handle` on SQLite "
        "(WAL, one transaction per message: dedupe, identify, parse, resolve, store, audit, reply).\n\n"
        "| measure | value |\n|---|---|\n"
        f"| median per message | {figures['median_ms']:.2f} ms |\n"
        f"| 99th percentile | {figures['p99_ms']:.2f} ms |\n"
        f"| throughput (one thread) | {figures['per_second']:.0f} messages/s |\n\n"
        "Target: well inside the one second an LSA waits for the reply."
    )
    print(body)
    if args.write:
        write_section(args.write, "The /log path", body)


if __name__ == "__main__":
    main()
