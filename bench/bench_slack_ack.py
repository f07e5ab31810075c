"""Slack acknowledgement latency: signed slash command in, HTTP 200 out, on loopback.

Starts the real Bolt app in HTTP mode exactly as `keyworker run` does (via
`start_slack`, with SLACK_API_URL pointing at the fake Slack from
tests/support), loads the sample school into a fresh SQLite database, then
sends a few hundred signed `/log` slash commands one after another and times
each from sending the request to receiving Slack's required acknowledgement.
The logs themselves are stored after the ack, in Bolt's lazy listeners, while
later commands arrive; the time to the ephemeral reply is reported too.
Target: ack p99 well under 100 ms (Slack's limit is 3 s).

    .venv/bin/python bench/bench_slack_ack.py [--commands 400] [--write docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.report import percentile, sample_slack, write_section  # noqa: E402
from bot import app as wiring  # noqa: E402
from bot.slack.runner import start_slack  # noqa: E402
from tests.support.fake_slack import FakeSlack, signed_request, slash_body  # noqa: E402

SECRET = "bench-signing-secret"
SENDERS = ["U0AMYLO01", "U0RAJSI02"]
TEMPLATES = [
    "Freya phonics {m} mins good focus",
    "s Gracie precision teaching {m}m",
    "Kai zones {m}",
    "Harry reading intervention {m} mins",
    "rang Harry's mum re: tiredness, will call back Friday",
    "",  # a bare /log: opens the form (loading view, then views.update)
]


def run(count: int) -> dict[str, float]:
    rng = random.Random(11)
    fake = FakeSlack()
    with tempfile.TemporaryDirectory() as tmp:
        settings, engine = sample_slack(tmp, fake.api_url, SECRET)
        service = start_slack(settings, wiring.context(settings), host="127.0.0.1", port=0)
        url = f"{service.url}/slack/events"
        acks: list[float] = []
        sent: dict[str, float] = {}
        try:
            for i in range(count + 20):
                text = rng.choice(TEMPLATES).format(m=rng.choice([10, 15, 20, 30]))
                name = f"c{i}"
                body = slash_body(
                    user=rng.choice(SENDERS),
                    text=text,
                    trigger_id=f"{i}.bench",
                    response_url=fake.response_url(name),
                )
                start = time.perf_counter()
                status, _ = signed_request(
                    url, body, SECRET, content_type="application/x-www-form-urlencoded"
                )
                elapsed = time.perf_counter() - start
                assert status == 200, status
                if i >= 20:  # the first few warm up connections, threads and caches
                    acks.append(elapsed * 1000)
                    if text:
                        sent[name] = start
            replies = fake.wait_for(
                "response_url",
                count=len(sent),
                timeout=120,
                where=lambda c: c.path.rsplit("/", 1)[-1] in sent,
            )
        finally:
            service.stop()
            fake.close()
            engine.dispose()
    reply_ms = [(c.at - sent[c.path.rsplit("/", 1)[-1]]) * 1000 for c in replies]
    return {
        "commands": count,
        "median_ms": statistics.median(acks),
        "p99_ms": percentile(acks, 99),
        "max_ms": max(acks),
        "reply_median_ms": statistics.median(reply_ms),
        "reply_p99_ms": percentile(reply_ms, 99),
    }


def report(r: dict[str, float]) -> str:
    verdict = "met" if r["p99_ms"] < 100 else "NOT met"
    return f"""\
{int(r["commands"])} signed `/log` slash commands sent one after another to the real Bolt app in
HTTP mode (`start_slack`: the shared HTTP front, SQLite in WAL mode, sample school), on
loopback, from the moment the request is sent until Slack's acknowledgement (HTTP 200) is
received. The delivery is stored in the inbox before the ack (in the request's own thread,
`process_before_response`); the intake's workers parse and store the record after it, while
later commands arrive.

| measure | median | 99th percentile |
|---|---|---|
| request → acknowledgement | {r["median_ms"]:.1f} ms | {r["p99_ms"]:.1f} ms (max {r["max_ms"]:.1f} ms) |
| request → ephemeral reply at the response_url | {r["reply_median_ms"]:.1f} ms | {r["reply_p99_ms"]:.1f} ms |

Target: acknowledgement p99 well under 100 ms (Slack allows 3 s): **{verdict}**.
Reproduce: `.venv/bin/python bench/bench_slack_ack.py --write docs/benchmarks.md`."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=400)
    parser.add_argument("--write", metavar="PATH", help="write the section into this markdown file")
    args = parser.parse_args()
    result = run(args.commands)
    text = report(result)
    print(text)
    if args.write:
        write_section(args.write, "Slack acknowledgement", text)
    return 0 if result["p99_ms"] < 100 else 1


if __name__ == "__main__":
    sys.exit(main())
