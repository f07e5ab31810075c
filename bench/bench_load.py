"""Sustained load through a real `keyworker run`: 200 logs/s for a minute on SQLite,
100 logs/s on PostgreSQL, over HTTP, nothing lost.

`keyworker run` is started as its own process (Slack HTTP mode, the one HTTP front,
scheduler and web pages off), exactly as deployed, against a fake Slack on loopback
(tests/support/fake_slack.py) that takes the replies posted to each command's
response_url. Signed `/log` slash commands are sent open-loop: command k leaves at
start + k/rate whatever the answers before it did (64 sender threads, a new
connection each, as Slack's are), from STAFF linked staff in turn, each well inside
the per-person rate limit. Measured: the acknowledgement (request sent -> HTTP 200),
the reply (request sent -> the "Logged ✓" at the response_url), and afterwards that
every acknowledged log is stored exactly once and answered. The process's resident
memory (VmRSS) is read idle, after start-up, and every half second under load.

    .venv/bin/python bench/bench_load.py [--seconds 60] [--sqlite-rate 200] [--pg-rate 100]
        [--write docs/benchmarks.md]

PostgreSQL: an empty database at KEYWORKER_BENCH_POSTGRES_URL, else a throwaway cluster
when the server binaries are installed, else skipped (said so).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import select  # noqa: E402

from bench.report import SAMPLES, percentile, write_section  # noqa: E402
from storage.db import session_scope  # noqa: E402
from storage.models import SessionLog  # noqa: E402
from tests.support.fake_slack import FakeSlack, signed_request, slash_body  # noqa: E402
from tests.support.keyworker_process import KeyworkerProcess  # noqa: E402
from tests.support.postgres import NoPostgres, fresh_database, postgres_server  # noqa: E402
from tests.support.school import add_slack_staff, load_school, migrated_engine  # noqa: E402

SECRET = "load-signing-secret"
FORM = "application/x-www-form-urlencoded"
PG_ENV = "KEYWORKER_BENCH_POSTGRES_URL"
STAFF = 400  # at 200/s each sends one every 2 s: 30 a minute, half the rate limit
SENDERS = 64
ACK_P99_TARGET_MS = 100.0
TEMPLATES = [
    "Freya phonics {m} mins",
    "Kai zones {m}",
    "s Gracie precision teaching {m}m",
    "Aarav attention autism {m}m",
    "Isla intensive interaction {m} mins",
    "Lily emile maths {m} mins",
]


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class _Memory:
    """VmRSS of the process every half second, in a thread of its own."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(0.5):
            try:
                self.samples.append(_rss_mb(self.pid))
            except OSError:
                return

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return max(self.samples, default=0.0)


def _keyworker(url: str, fake: FakeSlack, folder: Path) -> KeyworkerProcess:
    return KeyworkerProcess.slack_http(url, fake.api_url, SECRET, folder, LOG_LEVEL="WARNING")


def run(url: str, rate: float, seconds: float, folder: Path) -> dict:
    engine = migrated_engine(url)
    load_school(engine, SAMPLES)
    users = add_slack_staff(engine, STAFF)
    with session_scope(engine) as session:
        before = len(session.exec(select(SessionLog.id)).all())
    fake = FakeSlack()
    kw = _keyworker(url, fake, folder).start()
    assert kw.process is not None
    endpoint = f"{kw.url}/slack/events"
    pid = kw.process.pid

    def send(marker: str, user: str, text: str) -> tuple[int, float, float]:
        body = slash_body(
            user=user, text=text, trigger_id=f"{marker}.t", response_url=fake.response_url(marker)
        )
        sent = time.perf_counter()
        try:
            status, _ = signed_request(endpoint, body, SECRET, content_type=FORM, timeout=30)
        except OSError:
            status = 0
        return status, sent, time.perf_counter()

    # Warm-up (parser, pools, caches), then idle memory.
    for i in range(20):
        send(f"warm-{i}", users[i], f"Kai zones 10 warm-{i}")
    fake.wait_for(
        "response_url", 20, timeout=60, where=lambda c: "Logged" in str(c.params.get("text"))
    )
    time.sleep(2)
    idle_rss = _rss_mb(pid)

    total = int(rate * seconds)
    results: dict[str, tuple[int, float, float]] = {}
    late: list[float] = []
    lock = threading.Lock()
    memory = _Memory(pid)
    began = time.perf_counter() + 0.5

    def one(k: int) -> None:
        due = began + k / rate
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        marker = f"load-{k}"
        text = TEMPLATES[k % len(TEMPLATES)].format(m=10 + (k % 4) * 5) + f" {marker}"
        outcome = send(marker, users[k % len(users)], text)
        with lock:
            results[marker] = outcome
            late.append((outcome[1] - due) * 1000)

    with ThreadPoolExecutor(max_workers=SENDERS) as pool:
        for k in range(total):
            pool.submit(one, k)
    sent_all = time.perf_counter() - began
    loaded_rss = memory.stop()

    acked = {m for m, (status, _, _) in results.items() if status == 200}
    deadline = time.monotonic() + 180
    replies: dict[str, float] = {}
    while time.monotonic() < deadline:
        replies = {
            c.path.rsplit("/", 1)[-1]: c.at
            for c in fake.calls_to("response_url")
            if "Logged ✓" in str(c.params.get("text", ""))
        }
        if acked <= set(replies):
            break
        time.sleep(0.5)
    answered_all = time.perf_counter() - began
    with session_scope(engine) as session:
        notes = Counter(n.rsplit(" ", 1)[-1] for n in session.exec(select(SessionLog.notes)))
        stored_rows = len(session.exec(select(SessionLog.id)).all()) - before
    after_rss = _rss_mb(pid)
    kw.stop()
    fake.close()
    engine.dispose()

    acks = [(done - sent) * 1000 for status, sent, done in results.values() if status == 200]
    reply_ms = [(replies[m] - results[m][1]) * 1000 for m in acked if m in replies]
    statuses = Counter(status for status, _, _ in results.values())
    return {
        "dialect": engine.dialect.name,
        "rate": rate,
        "seconds": seconds,
        "logs": total,
        "acked": len(acked),
        "refused": total - len(acked),
        "statuses": dict(statuses),
        "stored": sum(1 for m in acked if notes.get(m)),
        "lost": len(acked - {m for m in acked if notes.get(m)}),
        "doubled": sum(1 for m in acked if notes.get(m, 0) > 1),
        "unanswered": len(acked - set(replies)),
        "stored_rows": stored_rows,
        "sent_s": sent_all,
        "answered_s": answered_all,
        "late_p99": percentile(late, 99),
        "ack_p50": statistics.median(acks) if acks else float("nan"),
        "ack_p95": percentile(acks, 95) if acks else float("nan"),
        "ack_p99": percentile(acks, 99) if acks else float("nan"),
        "ack_max": max(acks, default=float("nan")),
        "reply_p50": statistics.median(reply_ms) if reply_ms else float("nan"),
        "reply_p95": percentile(reply_ms, 95) if reply_ms else float("nan"),
        "idle_rss": idle_rss,
        "loaded_rss": loaded_rss,
        "after_rss": after_rss,
    }


def _ok(r: dict) -> bool:
    return (
        r["refused"] == 0
        and r["lost"] == 0
        and r["doubled"] == 0
        and r["unanswered"] == 0
        and r["ack_p99"] < ACK_P99_TARGET_MS
    )


def _row(name: str, r: dict) -> str:
    return (
        f"| {name} | {r['rate']:.0f}/s for {r['seconds']:.0f} s | {r['logs']:,} | {r['acked']:,} "
        f"| {r['stored']:,} | {r['lost']} | {r['doubled']} | {r['unanswered']} "
        f"| {r['sent_s']:.1f} s / {r['answered_s']:.1f} s "
        f"| {r['ack_p50']:.1f} / {r['ack_p95']:.1f} / {r['ack_p99']:.1f} / {r['ack_max']:.0f} ms "
        f"| {r['reply_p50']:.0f} / {r['reply_p95']:.0f} ms "
        f"| {r['idle_rss']:.0f} / {r['loaded_rss']:.0f} MB | {r['late_p99']:.0f} ms "
        f"| {'met' if _ok(r) else 'NOT met'} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--sqlite-rate", type=float, default=200.0)
    parser.add_argument("--pg-rate", type=float, default=100.0)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--write", metavar="FILE")
    args = parser.parse_args()
    rows, ok, notes = [], True, []
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        targets = [("SQLite (WAL)", f"sqlite:///{tmp}/load.db", args.sqlite_rate)]
        if not args.sqlite_only:
            try:
                url = os.environ.get(PG_ENV) or stack.enter_context(
                    fresh_database(stack.enter_context(postgres_server()))
                )
                targets.append(("PostgreSQL", url, args.pg_rate))
            except NoPostgres as why:
                notes.append(f"PostgreSQL skipped: {why}.")
        for n, (name, url, rate) in enumerate(targets):
            folder = tmp / f"run-{n}"
            folder.mkdir()
            result = run(url, rate, args.seconds, folder)
            ok &= _ok(result)
            rows.append(_row(name, result))
            print(rows[-1], result["statuses"], f"late p99 {result['late_p99']:.0f} ms", flush=True)
    body = (
        "A real `keyworker run` process (Slack HTTP mode through the one HTTP front; "
        "scheduler and web pages off) against a fake Slack on loopback. Signed `/log` slash "
        f"commands sent open-loop at a fixed rate from {STAFF} linked staff in turn "
        f"({SENDERS} sender threads, a new connection per command), then the database "
        "checked: every acknowledged log stored exactly once and answered. Ack: request "
        "sent to HTTP 200 (stored in the inbox first); reply: request sent to the "
        '"Logged ✓" posted to its response_url. RSS: VmRSS of the process idle after '
        "start-up and 20 warm-up logs, and its peak under load. The load generator, the fake "
        f"Slack, the database and keyworker share the machine's {os.cpu_count()} cores with "
        'other work, so the percentiles include waiting for a core; "sender late" is how far '
        "behind its schedule the load generator itself sent (when it is large, the whole "
        "machine was starved at that moment, not only keyworker).\n\n"
        "| database | rate | logs | acknowledged | stored | lost | doubled | unanswered "
        "| all sent / all answered | ack p50 / p95 / p99 / max | reply p50 / p95 "
        "| RSS idle / loaded | sender late p99 | target |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
        + "\n".join(rows)
        + "\n\n"
        + "".join(f"{n}\n" for n in notes)
        + f"Target: the rate sustained, nothing lost or doubled, ack p99 under "
        f"{ACK_P99_TARGET_MS:.0f} ms: **{'met' if ok else 'NOT met'}**.\n"
        "Reproduce: `.venv/bin/python bench/bench_load.py --write docs/benchmarks.md`."
    )
    print(body)
    if args.write:
        write_section(args.write, "Load: sustained logs through keyworker run", body)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
