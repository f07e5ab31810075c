"""Load test: 50 staff sending 2,000 `/log` slash commands within a minute, over HTTP.

The real Bolt app in HTTP mode (`start_slack`, as `keyworker run` starts it) on
loopback, against SQLite and against a real PostgreSQL (KEYWORKER_BENCH_POSTGRES_URL,
else a throwaway cluster when the server binaries are installed). Fifty threads,
one per staff member, each send their share of signed commands at a steady pace
so the whole load lands inside the minute; every 20th command is delivered
twice, as a retry. Afterwards every log must be stored exactly once and none
refused. Reported: throughput, acknowledgement latency percentiles, errors.

    .venv/bin/python bench/bench_load.py [--staff 50] [--messages 2000] [--seconds 50] [--write docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func  # noqa: E402
from sqlmodel import select  # noqa: E402

from bench.report import SAMPLES, percentile, write_section  # noqa: E402
from bot import app as wiring  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.slack.runner import start_slack  # noqa: E402
from handlers.grammar.parser import warm_up  # noqa: E402
from storage.db import session_scope  # noqa: E402
from storage.models import SessionLog  # noqa: E402
from tests.support.fake_slack import FakeSlack, signed_request, slash_body  # noqa: E402
from tests.support.postgres import NoPostgres, fresh_database, postgres_server  # noqa: E402
from tests.support.school import add_slack_staff, load_school  # noqa: E402

SECRET = "load-signing-secret"
FORM = "application/x-www-form-urlencoded"
TEMPLATES = [
    "Freya phonics {m} mins",
    "Kai zones {m}",
    "s Gracie precision teaching {m}m",
    "Aarav attention autism {m}m",
    "Isla intensive interaction {m} mins",
    "Lily emile maths {m} mins",
]


def _school(engine, staff: int) -> list[str]:
    load_school(engine, SAMPLES)
    return add_slack_staff(engine, staff)


def run(database_url: str, staff: int, messages: int, seconds: float) -> dict:
    fake = FakeSlack()
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        slack_bot_token="xoxb-load",
        slack_signing_secret=SECRET,
        slack_app_token=None,
        slack_api_url=fake.api_url,
        port=0,
    )
    engine = wiring.init_database(settings)
    users = _school(engine, staff)
    warm_up()
    service = start_slack(settings, wiring.context(settings), host="127.0.0.1", port=0)
    url = f"{service.url}/slack/events"
    per_staff = messages // staff
    interval = seconds / per_staff
    acks: list[float] = []
    statuses: Counter = Counter()
    lock = threading.Lock()
    start_line = threading.Barrier(staff)

    def member(n: int) -> None:
        start_line.wait()
        begun = time.perf_counter()
        for i in range(per_staff):
            text = TEMPLATES[(n + i) % len(TEMPLATES)].format(m=10 + (i % 4) * 5) + f" load-{n}-{i}"
            body = slash_body(
                user=users[n],
                text=text,
                trigger_id=f"{n}.{i}.load",
                response_url=fake.response_url(f"u{n}"),
            )
            deliveries = 2 if i % 20 == 0 else 1
            for attempt in range(deliveries):
                sent = time.perf_counter()
                status, _ = signed_request(
                    url,
                    body,
                    SECRET,
                    content_type=FORM,
                    timeout=30,
                    headers={"X-Slack-Retry-Num": "1"} if attempt else None,
                )
                with lock:
                    acks.append((time.perf_counter() - sent) * 1000)
                    statuses[status] += 1
            pause = begun + (i + 1) * interval - time.perf_counter()
            if pause > 0:
                time.sleep(pause)

    threads = [threading.Thread(target=member, args=(n,)) for n in range(staff)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sent_all = time.perf_counter() - began
    expected = per_staff * staff
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline:
        with session_scope(engine) as session:
            stored = session.exec(select(func.count()).select_from(SessionLog)).one()
        if stored >= expected:
            break
        time.sleep(0.2)
    stored_all = time.perf_counter() - began
    with session_scope(engine) as session:
        notes = Counter(session.exec(select(SessionLog.notes)).all())
    service.stop()
    fake.close()
    engine.dispose()
    wanted = {f"load-{n}-{i}" for n in range(staff) for i in range(per_staff)}
    return {
        "logs": expected,
        "deliveries": sum(statuses.values()),
        "refused": sum(v for k, v in statuses.items() if k != 200),
        "stored": sum(notes.values()),
        "missing": len(wanted - set(notes)),
        "doubled": sum(1 for n in notes.values() if n > 1),
        "sent_s": sent_all,
        "stored_s": stored_all,
        "per_second": expected / stored_all,
        "ack_median": statistics.median(acks),
        "ack_p95": percentile(acks, 95),
        "ack_p99": percentile(acks, 99),
        "ack_max": max(acks),
    }


def row(name: str, r: dict) -> str:
    return (
        f"| {name} | {r['logs']:,} ({r['deliveries']:,} deliveries) | {r['stored']:,} | {r['missing']} | "
        f"{r['doubled']} | {r['refused']} | {r['sent_s']:.1f} s / {r['stored_s']:.1f} s | "
        f"{r['per_second']:.0f}/s | {r['ack_median']:.1f} / {r['ack_p95']:.1f} / {r['ack_p99']:.1f} / {r['ack_max']:.0f} ms |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=50)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=50.0)
    parser.add_argument("--write", metavar="PATH")
    args = parser.parse_args()
    rows = []
    ok = True
    with ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory())
        targets = [("SQLite (WAL)", f"sqlite:///{tmp}/load.db")]
        try:
            admin = stack.enter_context(postgres_server())
            targets.append(("PostgreSQL", stack.enter_context(fresh_database(admin))))
        except NoPostgres as why:
            print(f"PostgreSQL skipped: {why}")
        for name, url in targets:
            result = run(url, args.staff, args.messages, args.seconds)
            ok &= result["missing"] == 0 and result["doubled"] == 0 and result["refused"] == 0
            rows.append(row(name, result))
            print(rows[-1], flush=True)
    body = (
        f"{args.staff} simulated staff, one thread each, send {args.messages:,} signed `/log` slash commands "
        f"at a steady pace over {args.seconds:.0f} s to the real Bolt app in HTTP mode on loopback (every "
        "20th delivered twice, as Slack's retry would). Afterwards the database is checked: every log "
        "stored exactly once, none refused.\n\n"
        "| database | logs | stored | missing | doubled | refused (non-200) | all sent / all stored | "
        "stored per second | ack median / p95 / p99 / max |\n|---|---|---|---|---|---|---|---|---|\n"
        + "\n".join(rows)
        + f"\n\nVerdict: {'every log stored exactly once, none refused' if ok else 'FAILED: see the table'}.\n"
        "Reproduce: `.venv/bin/python bench/bench_load.py --write docs/benchmarks.md`."
    )
    print(body)
    if args.write:
        write_section(args.write, "Load: 50 staff, 2,000 logs through Slack", body)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
