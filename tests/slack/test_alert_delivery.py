"""A concern typed in Slack reaches the DSL's Slack DM at once: the running bot's urgent sender.

The real Bolt app in HTTP mode and the real alert sender (schedules.alerts,
as `keyworker run` starts it in every process) against the fake Slack. The
time from the slash command to the DSL's DM is measured; the target is 2 s,
the bound here is generous for a loaded test machine. Nothing waits for the
minute-by-minute delivery job: the sender's poll is set to a minute, so only
the wake-up after the alert commits can deliver it in time.
"""

from __future__ import annotations

import time

from bot.notifier import Notifier
from schedules.alert_sender import AlertSender
from schedules.config import ScheduleConfig
from tests.slack.conftest import AMY

CARL_DM = "D0CARLD04"


def test_an_alert_reaches_the_dsl_on_slack_within_seconds(slack, settings):
    config = ScheduleConfig.from_settings(settings)
    sender = AlertSender(slack.engine, config, Notifier(settings), poll_seconds=60).start()
    try:
        time.sleep(0.5)  # the sender's first round is over; from now on it sleeps on the bell
        started = time.perf_counter()
        status, _ = slack.slash(
            "Harry said something at snack that worried me - need DSL", user=AMY
        )
        assert status == 200
        [post] = slack.fake.wait_for(
            "chat.postMessage", timeout=10, where=lambda c: c.params.get("channel") == CARL_DM
        )
        elapsed = time.perf_counter() - started
    finally:
        sender.stop()
    assert "Possible safeguarding concern" in post.params["text"]
    assert "Seen" in str(post.params.get("blocks"))
    assert elapsed < 5.0, f"{elapsed:.2f} s from the slash command to the DSL's DM"
    [answer] = slack.fake.wait_for("response_url")
    assert "passed this to Carl Doyle (DSL)" in answer.params["text"]
