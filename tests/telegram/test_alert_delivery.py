"""A concern typed in Telegram reaches the DSL's Telegram private chat at once.

The real PTB bot (polling the fake Bot API) and the real urgent sender, as
`keyworker run` starts them. The sender's poll is set to a minute, so only the
wake-up after the alert's transaction commits can deliver it in time; the
target is 2 s, the bound here is generous for a loaded test machine.
"""

from __future__ import annotations

import time

from bot.notifier import Notifier
from schedules.alert_sender import AlertSender
from schedules.config import ScheduleConfig
from tests.telegram.conftest import AMY

CARL = 600200304  # carl.doyle, the DSL


def test_an_alert_reaches_the_dsl_on_telegram_within_seconds(bot, fake, settings, ctx):
    config = ScheduleConfig.from_settings(settings)
    sender = AlertSender(ctx.engine, config, Notifier(settings), poll_seconds=60).start()
    try:
        time.sleep(0.5)  # the sender's first round is over; from now on it sleeps on the bell
        started = time.perf_counter()
        fake.push(fake.message(AMY, "Harry said something at snack that worried me - need DSL"))
        [alert] = fake.wait_for(
            "sendMessage", lambda c: str(c.params.get("chat_id")) == str(CARL), timeout=10
        )
        elapsed = time.perf_counter() - started
    finally:
        sender.stop()
    assert "Possible safeguarding concern" in alert.text
    assert "Seen" in str(alert.markup)
    assert elapsed < 5.0, f"{elapsed:.2f} s from the message to the DSL's chat"
    fake.wait_for(
        "sendMessage",
        lambda c: (
            str(c.params.get("chat_id")) == str(AMY) and "passed this to Carl Doyle (DSL)" in c.text
        ),
        timeout=10,
    )
