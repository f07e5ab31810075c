"""Slack failing underneath us: 5xx answers lose nothing and double nothing."""

from __future__ import annotations

import time

from .conftest import AMY


def _dm(text: str) -> dict:
    return {
        "type": "message",
        "channel_type": "im",
        "channel": "D0AMYLO01",
        "user": AMY,
        "text": text,
        "ts": f"{time.time():.6f}",
    }


def test_a_5xx_from_slack_is_retried_and_the_log_is_stored_once(slack, watch_log):
    slack.fake.http_errors["chat.postMessage"] = [503, 500]
    finished = watch_log("bot.intake", "answered slack delivery Ev0FAULT001")
    assert slack.event("Ev0FAULT001", _dm("Freya phonics 20 mins"))[0] == 200
    assert finished.wait(timeout=20)
    attempts = slack.fake.calls_to("chat.postMessage")
    assert len(attempts) == 3  # two 5xx answers, then the confirmation got through
    assert "Logged ✓" in attempts[-1].params["text"]
    assert len(slack.sessions()) == 1


def test_slack_down_for_the_reply_still_stores_once_and_the_next_log_works(slack, watch_log):
    slack.fake.http_errors["chat.postMessage"] = [503, 503, 503]  # more than the retries
    assert slack.event("Ev0FAULT002", _dm("Freya phonics 20 mins"))[0] == 200
    slack.fake.wait_for("chat.postMessage", count=3, timeout=20)  # every attempt refused
    # Slack redelivers the event it thinks went wrong: still one record.
    retried = watch_log("bot.slack.app", "duplicate Slack delivery Ev0FAULT002")
    assert (
        slack.event(
            "Ev0FAULT002", _dm("Freya phonics 20 mins"), headers={"X-Slack-Retry-Num": "1"}
        )[0]
        == 200
    )
    assert retried.wait(timeout=20)
    assert len(slack.sessions()) == 1
    slack.event("Ev0FAULT003", _dm("Kai zones 15"))
    (reply,) = slack.fake.wait_for(
        "chat.postMessage", where=lambda c: "Kai Robinson" in str(c.params.get("text"))
    )
    assert "Logged ✓" in reply.params["text"]
    assert len(slack.sessions()) == 2
