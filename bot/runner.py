"""`keyworker run`: starts the configured platforms and the scheduler in one process.

Slack, Telegram, Teams and the scheduler each run as a background service with a
`stop()`; the main thread waits for Ctrl-C or SIGTERM and stops them in turn.
With no platform token in `.env` it opens the console chat instead.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from typing import Protocol

from bot import app as wiring
from bot.config import Settings

log = logging.getLogger(__name__)


class Service(Protocol):
    def stop(self) -> None: ...


def start_services(settings: Settings) -> list[Service]:
    """Start every configured service; each returns at once, running in the background."""
    ctx = wiring.context(settings)
    services: list[Service] = []
    if settings.slack_enabled:
        from bot.slack.runner import start_slack

        services.append(start_slack(settings, ctx))
    if settings.telegram_enabled:
        from bot.telegram.runner import start_telegram

        services.append(start_telegram(settings, ctx))
    if settings.teams_enabled:
        from bot.teams.runner import start_teams

        services.append(start_teams(settings, ctx))
    if settings.scheduler_enabled:
        from bot.notifier import start_scheduler_service

        services.append(start_scheduler_service(settings))
    return services


def run_bot(settings: Settings) -> None:
    from handlers.grammar.parser import warm_up

    warm_up()
    if not (settings.slack_enabled or settings.telegram_enabled or settings.teams_enabled):
        from bot.console import chat

        email = wiring.first_lsa_email(wiring.engine(settings))
        if email is None:
            sys.exit("No staff yet: run `keyworker demo` or import a staff CSV first.")
        print("No Slack, Telegram or Teams settings in .env: starting the console chat.")
        chat(wiring.context(settings), email, sys.stdin, prompt=sys.stdin.isatty())
        return
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    services = start_services(settings)
    log.info("Keyworker running with %d service(s); Ctrl-C to stop", len(services))
    stop.wait()
    for service in reversed(services):
        try:
            service.stop()
        except Exception:  # one service failing to stop must not strand the others
            log.exception("error while stopping %s", type(service).__name__)
