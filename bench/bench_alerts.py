"""Safeguarding alert latency: a concern typed in Slack, to the DSL's Slack DM, on loopback.

Starts the real Bolt app in HTTP mode as `keyworker run` does, and the
urgent alert sender (schedules.alert_sender.AlertSender) with its poll set to a
minute so only the wake-up after the alert commits can deliver in time.
Sends concerns one after another as signed slash commands from the sample
school's LSAs and times each from sending the request until the fake Slack
receives the chat.postMessage to the DSL's DM. Target: within 2 s.

    .venv/bin/python bench/bench_alerts.py [--alerts 30] [--write docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.report import percentile, sample_slack, write_section  # noqa: E402
from bot import app as wiring  # noqa: E402
from bot.notifier import Notifier  # noqa: E402
from bot.slack.runner import start_slack  # noqa: E402
from schedules.alert_sender import AlertSender  # noqa: E402
from schedules.config import ScheduleConfig  # noqa: E402
from tests.support.fake_slack import FakeSlack, signed_request, slash_body  # noqa: E402

SECRET = "bench-signing-secret"
DSL_DM = "D0CARLD04"


def run(count: int) -> list[float]:
    fake = FakeSlack()
    with tempfile.TemporaryDirectory() as tmp:
        settings, engine = sample_slack(tmp, fake.api_url, SECRET)
        service = start_slack(settings, wiring.context(settings), host="127.0.0.1", port=0)
        config = ScheduleConfig.from_settings(settings)
        sender = AlertSender(engine, config, Notifier(settings), poll_seconds=60).start()
        url = f"{service.url}/slack/events"
        times: list[float] = []
        try:
            time.sleep(0.5)
            for i in range(count):
                body = slash_body(
                    user="U0AMYLO01" if i % 2 else "U0RAJSI02",
                    text=f"Harry said something at snack that worried me ({i}) - need DSL",
                    trigger_id=f"{i}.alert",
                    response_url=fake.response_url(f"a{i}"),
                )
                started = time.perf_counter()
                status, _ = signed_request(
                    url, body, SECRET, content_type="application/x-www-form-urlencoded"
                )
                assert status == 200, status
                fake.wait_for(
                    "chat.postMessage",
                    count=i + 1,
                    timeout=30,
                    where=lambda c: c.params.get("channel") == DSL_DM,
                )
                times.append(time.perf_counter() - started)
        finally:
            sender.stop()
            service.stop()
            fake.close()
            engine.dispose()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--alerts", type=int, default=30)
    parser.add_argument("--write", help="benchmarks markdown file to update")
    args = parser.parse_args()
    times = run(args.alerts)
    ms = [t * 1000 for t in times]
    body = "\n".join(
        [
            f"{len(ms)} concerns typed as signed `/log` slash commands to the real Bolt app (HTTP "
            "mode, SQLite, sample school), each timed until the fake Slack receives the alert in "
            "the DSL's DM. The urgent sender's poll is set to a minute, so each delivery is the "
            "wake-up after the alert's transaction commits.",
            "",
            "| measure | median | 95th percentile | max |",
            "|---|---|---|---|",
            f"| slash command → alert in the DSL's DM | {statistics.median(ms):.0f} ms "
            f"| {percentile(ms, 95):.0f} ms | {max(ms):.0f} ms |",
            "",
            f"Target: on the DSL's platform within 2 s: "
            f"{'**met**' if max(ms) < 2000 else '**not met**'}.",
            "Reproduce: `.venv/bin/python bench/bench_alerts.py --write docs/benchmarks.md`.",
        ]
    )
    print(body)
    if args.write:
        write_section(args.write, "Safeguarding alert delivery", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
