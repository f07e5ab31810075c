"""`keyworker run`: the configured platforms, one HTTP front, the intake and the scheduler.

Every platform's deliveries go through one durable intake (bot.intake); every
HTTP route (Slack's HTTP mode, Telegram's webhook, Teams, the web pages and
/healthz) is on one front (bot.http.front, on PORT). Each part runs in the
background with a `stop()`; the main thread waits for Ctrl-C or SIGTERM and
stops them in turn. With no platform configured it opens the console chat,
with the web pages served beside it.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from typing import Protocol

from bot import app as wiring
from bot.config import Settings
from bot.http.front import Front
from bot.intake import Intake
from handlers.types import HandlerContext

log = logging.getLogger(__name__)


class Service(Protocol):
    def stop(self) -> None: ...


def _needs_front(settings: Settings) -> bool:
    slack_http = settings.slack_enabled and not (
        settings.slack_app_token and settings.slack_app_token.get_secret_value()
    )
    return bool(
        slack_http
        or settings.telegram_webhook_url
        or settings.teams_enabled
        or settings.web_enabled
    )


def start_services(settings: Settings) -> list[Service]:
    """Start every configured part; each runs in the background. The order they are
    returned in is the reverse of the order they should be stopped in."""
    ctx = wiring.context(settings)
    intake = Intake(ctx, settings.spool_dir)
    front = Front(settings.http_listen, settings.port) if _needs_front(settings) else None
    services: list[Service] = []
    try:
        services += _platforms(settings, ctx, intake, front)
        if front is not None:
            if settings.web_enabled:
                from bot.web.serve import mount_web

                mount_web(front.app, settings, ctx)
            services.insert(0, front.start())
            log.info("HTTP front on %s:%d", settings.http_listen, front.port)
        services.insert(0, intake.start())
        # Safeguarding alerts go out from every process, scheduler or not.
        from bot.notifier import start_alert_service, start_scheduler_service

        services.append(
            start_scheduler_service(settings)
            if settings.scheduler_enabled
            else start_alert_service(settings)
        )
    except BaseException:
        for service in reversed(services):
            service.stop()
        raise
    return services


def _platforms(
    settings: Settings, ctx: HandlerContext, intake: Intake, front: Front | None
) -> list[Service]:
    started: list[Service] = []
    if settings.slack_enabled:
        from bot.slack.runner import start_slack

        started.append(start_slack(settings, ctx, intake=intake, front=front))
    if settings.teams_enabled:
        from bot.teams.runner import start_teams

        assert front is not None
        started.append(start_teams(settings, ctx, intake=intake, front=front))
    if settings.telegram_enabled:
        from bot.telegram.runner import start_telegram

        started.append(start_telegram(settings, ctx, intake=intake, front=front))
    return started


def run_bot(settings: Settings) -> None:
    from handlers.grammar.parser import warm_up

    warm_up()
    if not (settings.slack_enabled or settings.telegram_enabled or settings.teams_enabled):
        _console(settings)
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


def _console(settings: Settings) -> None:
    from bot.console import chat

    email = wiring.first_lsa_email(wiring.engine(settings))
    if email is None:
        sys.exit("No staff yet: run `keyworker demo` or import a staff CSV first.")
    print("No Slack, Telegram or Teams settings in .env: starting the console chat.")
    chat(wiring.context(settings), email, sys.stdin, prompt=sys.stdin.isatty())
