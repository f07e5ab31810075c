"""The whole /log path against the database's own floor, measured in one run.

For SQLite (WAL, the engine settings `keyworker run` uses) and PostgreSQL (an empty
database at KEYWORKER_BENCH_POSTGRES_URL, else a throwaway cluster), in the same
database and through the same engine (its pool, its connect-time settings):

* the floor: one `INSERT` of a row about the size of a delivery, then `COMMIT`, on a raw
  pooled DB-API connection: what the database itself costs for one durable write;
* the path: one signed-in Slack user's `/log` message through the durable intake as
  `keyworker run` takes it: `Intake.handle_now` stores the delivery in the inbox (its own
  committed transaction, as before the platform hears "200"), handles it (one write
  transaction: who sent it, parse, resolve, store, audit, the inbox's "handled" mark with
  the reply) and marks it replied (the reply stored as sent).

Both are timed per message in alternating blocks (floor, path, floor, path...) so the
machine's load (shared with other work) falls on both alike; the figure is the ratio
of medians. `--profile` prints where the path's time goes (cProfile) instead.

    .venv/bin/python bench/bench_log_path.py [--messages 1500] [--profile] [--write docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, text  # noqa: E402
from sqlmodel import select  # noqa: E402

from bench.report import SAMPLES, percentile, write_section  # noqa: E402
from bot.intake import Envelope, Intake  # noqa: E402
from handlers.grammar.parser import warm_up  # noqa: E402
from handlers.types import HandlerContext, Inbound  # noqa: E402
from storage.db import session_scope  # noqa: E402
from storage.models import InboxMessage, SessionLog  # noqa: E402
from tests.support.postgres import NoPostgres, fresh_database, postgres_server  # noqa: E402
from tests.support.school import add_slack_staff, load_school, migrated_engine  # noqa: E402

PG_ENV = "KEYWORKER_BENCH_POSTGRES_URL"
TARGETS = {"sqlite": 10.0, "postgresql": 5.0}
BLOCK = 50
STAFF = 50  # senders, round robin: each well inside the per-person rate limit
TEMPLATES = [
    "Freya phonics {m} mins good focus",
    "s Gracie precision teaching {m}m",
    "Kai zones {m}",
    "Aarav attention autism {m}m yesterday",
    "Isla intensive interaction {m} mins",
    "Lily emile maths {m} mins",
    "Freya SALT half an hour on Monday",
]
# A school morning in term; each message 1.5 s after the last (the handlers' clock too).
START = datetime(2026, 6, 9, 9, 30, tzinfo=ZoneInfo("Europe/London"))
STEP = timedelta(seconds=1.5)
# About what the inbox stores for one delivery (its JSON envelope).
FLOOR_BODY = "x" * 400


class _Moment:
    """The handlers' clock: the time the message being handled was received."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


class _Floor:
    """One INSERT + COMMIT on a raw connection from the engine's own pool."""

    def __init__(self, engine) -> None:
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                conn.execute(text("CREATE TABLE bench_floor (id serial PRIMARY KEY, body text)"))
            else:
                conn.execute(text("CREATE TABLE bench_floor (id INTEGER PRIMARY KEY, body TEXT)"))
        self.param = "%s" if engine.dialect.name == "postgresql" else "?"
        self.conn = engine.raw_connection()

    def once(self) -> float:
        start = time.perf_counter_ns()
        cursor = self.conn.cursor()
        cursor.execute(f"INSERT INTO bench_floor (body) VALUES ({self.param})", (FLOOR_BODY,))
        self.conn.commit()
        elapsed = time.perf_counter_ns() - start
        cursor.close()
        return elapsed / 1e6

    def close(self) -> None:
        self.conn.close()


class _Path:
    """A Slack user's /log through the durable intake, as `keyworker run` handles it."""

    def __init__(self, engine, spool: Path) -> None:
        load_school(engine, SAMPLES)
        self.users = add_slack_staff(engine, STAFF)
        self.clock = _Moment()
        ctx = HandlerContext(engine=engine, clock=self.clock)
        self.intake = Intake(ctx, spool)
        self.rng = random.Random(7)
        self.sent = 0

    def once(self) -> float:
        n = self.sent
        self.sent += 1
        self.clock.now = START + n * STEP
        words = self.rng.choice(TEMPLATES).format(m=self.rng.choice([10, 15, 20, 30]))
        inbound = Inbound(
            "slack",
            self.users[n % len(self.users)],
            f"D{n % len(self.users)}",
            words,
            received_at=self.clock.now,
            event_id=f"bench-{n}",
        )
        envelope = Envelope(inbound, {"response_url": "http://127.0.0.1:9/unused"})
        start = time.perf_counter_ns()
        reply = self.intake.handle_now(envelope)
        elapsed = time.perf_counter_ns() - start
        assert reply is not None and reply.text.startswith("Logged"), (words, reply)
        return elapsed / 1e6


def _check(engine, sent: int) -> None:
    with session_scope(engine) as session:
        stored = session.exec(select(func.count()).select_from(SessionLog)).one()
        open_rows = session.exec(
            select(func.count()).select_from(InboxMessage).where(InboxMessage.status != "replied")
        ).one()
    # The sample school has sessions of its own; every message here adds exactly one.
    assert stored >= sent and open_rows == 0, (stored, sent, open_rows)


def run(url: str, messages: int, spool: Path) -> dict:
    engine = migrated_engine(url)
    floor = _Floor(engine)
    path = _Path(engine, spool)
    warm_up()
    with session_scope(engine) as session:
        before = session.exec(select(func.count()).select_from(SessionLog)).one()
    for _ in range(BLOCK):  # warm both: caches, pool, statement caches
        floor.once()
        path.once()
    floors: list[float] = []
    paths: list[float] = []
    while len(paths) < messages:
        floors.extend(floor.once() for _ in range(BLOCK))
        paths.extend(path.once() for _ in range(BLOCK))
    floor.close()
    _check(engine, before + path.sent)
    path.intake.stop()
    engine.dispose()
    return {
        "dialect": engine.dialect.name,
        "messages": len(paths),
        "floor_median": statistics.median(floors),
        "floor_p99": percentile(floors, 99),
        "path_median": statistics.median(paths),
        "path_p99": percentile(paths, 99),
        "ratio": statistics.median(paths) / statistics.median(floors),
    }


def profile(url: str, messages: int, spool: Path) -> None:
    engine = migrated_engine(url)
    path = _Path(engine, spool)
    warm_up()
    for _ in range(BLOCK):
        path.once()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(messages):
        path.once()
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs().sort_stats("cumulative")
    stats.print_stats(45)
    stats.sort_stats("tottime").print_stats(25)
    path.intake.stop()
    engine.dispose()


def _targets(stack: ExitStack, tmp: str, want_pg: bool) -> list[tuple[str, str]]:
    targets = [("SQLite (WAL)", f"sqlite:///{tmp}/path.db")]
    if not want_pg:
        return targets
    if os.environ.get(PG_ENV):
        targets.append(("PostgreSQL", os.environ[PG_ENV]))
        return targets
    try:
        admin = stack.enter_context(postgres_server())
        targets.append(("PostgreSQL", stack.enter_context(fresh_database(admin))))
    except NoPostgres as why:
        print(f"PostgreSQL skipped: {why}")
    return targets


def _row(name: str, r: dict) -> str:
    target = TARGETS[r["dialect"]]
    verdict = "met" if r["ratio"] <= target else "NOT met"
    return (
        f"| {name} | {r['floor_median'] * 1000:.0f} µs ({r['floor_p99'] * 1000:.0f}) "
        f"| {r['path_median']:.2f} ms ({r['path_p99']:.2f}) | **{r['ratio']:.1f}x** "
        f"| ≤ {target:.0f}x: {verdict} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1500)
    parser.add_argument("--profile", action="store_true", help="cProfile the path instead")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--write", metavar="FILE")
    args = parser.parse_args()
    rows = []
    with ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory())
        for n, (name, url) in enumerate(_targets(stack, tmp, not args.sqlite_only)):
            spool = Path(tmp) / f"spool-{n}"
            if args.profile:
                print(f"== {name}")
                profile(url, args.messages, spool)
                continue
            result = run(url, args.messages, spool)
            rows.append(_row(name, result))
            print(rows[-1], flush=True)
    if args.profile:
        return 0
    body = (
        f"{args.messages:,} `/log` messages from {STAFF} linked Slack users through the durable "
        "intake (`Intake.handle_now`: the delivery stored in the inbox and committed, then "
        "handled in one write transaction, then marked replied), against the floor: one "
        "`INSERT` of a 400-byte row and `COMMIT` on a raw connection from the same engine "
        f"(same pool, same settings: SQLite WAL with synchronous=NORMAL; PostgreSQL over "
        "loopback, the throwaway cluster's fsync=off), in the same database. Timed per "
        f"message, in alternating blocks of {BLOCK} (floor, path, floor, path...), so the "
        f"load of the shared machine ({os.cpu_count()} cores, other work running) falls on "
        "both alike. The ratio is of the medians.\n\n"
        "| database | floor: INSERT+COMMIT median (p99) | /log path median (p99) "
        "| path / floor | target |\n|---|---|---|---|---|\n"
        + "\n".join(rows)
        + "\n\nThe path is three committed transactions (the intake's store, the handling, the "
        "replied mark), each at least one floor, plus parsing (about 0.1 ms, bench_parse) "
        "and the Python around them.\n"
        "Reproduce: `.venv/bin/python bench/bench_log_path.py --write docs/benchmarks.md` "
        "(`--profile` for where the time goes)."
    )
    print(body)
    if args.write:
        write_section(args.write, "The /log path", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
