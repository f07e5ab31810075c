"""`start_slack`: the Slack service `keyworker run` starts, in Socket Mode or HTTP mode.

With SLACK_APP_TOKEN set the app dials out to Slack over a WebSocket (no
public URL needed; the socket is authenticated, so there are no signatures
to check). Otherwise it serves Bolt's endpoint on 0.0.0.0:$PORT and checks
every request's signature with SLACK_SIGNING_SECRET.
"""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.config import Settings
from bot.slack.app import Listeners, build_app
from bot.slack.http import HttpServer
from handlers.types import HandlerContext

log = logging.getLogger(__name__)


class SocketModeService:
    mode = "socket"

    def __init__(self, app: App, listeners: Listeners, app_token: str):
        self.app = app
        self.listeners = listeners
        # The socket client asks apps.connections.open through the app's own WebClient,
        # so SLACK_API_URL applies to it too.
        self.handler = SocketModeHandler(app, app_token, web_client=app.client)
        self.handler.connect()
        log.info("Slack: connected in Socket Mode")

    def stop(self) -> None:
        self.handler.close()
        self.listeners.stop()


class HttpService:
    mode = "http"

    def __init__(self, app: App, listeners: Listeners, host: str, port: int, signing_secret: str):
        self.app = app
        self.listeners = listeners
        self.server = HttpServer(app, host, port, signing_secret)
        self.port = self.server.port
        self.url = f"http://{'127.0.0.1' if host == '0.0.0.0' else host}:{self.port}"
        log.info("Slack: HTTP mode, POST /slack/events on %s:%d", host, self.port)

    def stop(self) -> None:
        self.server.stop()
        self.listeners.stop()


def start_slack(
    settings: Settings, ctx: HandlerContext, *, host: str = "0.0.0.0", port: int | None = None
) -> SocketModeService | HttpService:
    """Build the Bolt app and start it in the background; returns a service with .stop()."""
    app_token = settings.slack_app_token.get_secret_value() if settings.slack_app_token else ""
    secret = (
        settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    )
    if not app_token and not secret:
        raise RuntimeError(
            "SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)."
        )
    app, listeners = build_app(settings, ctx)
    try:
        if app_token:
            return SocketModeService(app, listeners, app_token)
        return HttpService(app, listeners, host, settings.port if port is None else port, secret)
    except BaseException:
        listeners.stop()  # no thread pools left behind by a start that failed
        raise
