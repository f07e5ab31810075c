"""`start_slack`: the Slack service `keyworker run` starts, in Socket Mode or HTTP mode.

With SLACK_APP_TOKEN set the app dials out to Slack over a WebSocket (no
public URL needed; the socket is authenticated, so there are no signatures
to check). Otherwise it serves `POST /slack/events` on the shared HTTP front
(bot.http.front, PORT) and checks every request's signature with
SLACK_SIGNING_SECRET. Either way every delivery goes through the durable
intake (bot.intake). `keyworker run` passes the shared intake and front; on
its own (tests, a bot with only Slack) the service makes and owns them.
"""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.config import Settings
from bot.http.front import Front
from bot.intake import Intake
from bot.slack.app import Listeners, build_app
from bot.slack.http import EVENTS_PATH, mount_slack
from handlers.types import HandlerContext

log = logging.getLogger(__name__)


class SlackService:
    """A running Slack app; stops what it started (the front and intake only if it owns them)."""

    def __init__(
        self,
        app: App,
        listeners: Listeners,
        intake: Intake,
        *,
        owns_intake: bool,
        front: Front | None = None,
        owns_front: bool = False,
        socket: SocketModeHandler | None = None,
    ):
        self.app = app
        self.listeners = listeners
        self.intake = intake
        self.owns_intake = owns_intake
        self.front = front
        self.owns_front = owns_front
        self.socket = socket
        self.mode = "socket" if socket is not None else "http"

    @property
    def url(self) -> str:
        assert self.front is not None, "Socket Mode serves no URL"
        return self.front.url

    def stop(self) -> None:
        if self.socket is not None:
            self.socket.close()
        if self.front is not None and self.owns_front:
            self.front.stop()
        self.listeners.stop()
        if self.owns_intake:
            self.intake.stop()


def start_slack(
    settings: Settings,
    ctx: HandlerContext,
    *,
    intake: Intake | None = None,
    front: Front | None = None,
    host: str | None = None,
    port: int | None = None,
) -> SlackService:
    """Build the Bolt app and start it in the background; returns a service with .stop()."""
    app_token = settings.slack_app_token.get_secret_value() if settings.slack_app_token else ""
    secret = (
        settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    )
    if not app_token and not secret:
        raise RuntimeError(
            "SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)."
        )
    owns_intake = intake is None
    intake = intake or Intake(ctx, settings.spool_dir)
    app, listeners = build_app(settings, ctx, intake)
    try:
        if app_token:
            # The socket client asks apps.connections.open through the app's own WebClient,
            # so SLACK_API_URL applies to it too.
            socket = SocketModeHandler(app, app_token, web_client=app.client)
            socket.connect()
            log.info("Slack: connected in Socket Mode")
            service = SlackService(app, listeners, intake, owns_intake=owns_intake, socket=socket)
        else:
            owns_front = front is None
            if front is None:
                front = Front(host or settings.http_listen, settings.port if port is None else port)
            mount_slack(front.app, app, secret)
            if owns_front:
                front.start()
            log.info("Slack: HTTP mode, POST %s on the HTTP front", EVENTS_PATH)
            service = SlackService(
                app, listeners, intake, owns_intake=owns_intake, front=front, owns_front=owns_front
            )
    except BaseException:
        listeners.stop()  # no thread pools left behind by a start that failed
        raise
    if owns_intake:
        intake.start()
    return service
