"""HTTP mode: Bolt's WSGI adapter on a threaded stdlib server, plus GET /healthz.

`POST /slack/events` takes slash commands, interactivity and events alike;
Bolt verifies each request's signature (401 for a missing, stale or wrong
one) before any listener runs. Each request gets its own thread, so one slow
client can't hold up the acks of others. Put TLS in front (a reverse proxy).
"""

from __future__ import annotations

import io
import logging
import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

from bot.slack.precheck import precheck

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY = 1_000_000  # Slack payloads are a few kilobytes; refuse anything silly


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default backlog of 5 drops connections when a staff room
    # logs at once, and the client's SYN retry then costs a whole second.
    request_queue_size = 256


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        log.debug("%s " + format, self.address_string(), *args)


def wsgi_app(app: App, signing_secret: str):
    bolt = SlackRequestHandler(app, path=EVENTS_PATH)
    verifier = SignatureVerifier(signing_secret)

    def application(environ, start_response):
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"ok\n"]
        if path == EVENTS_PATH and method == "POST":
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = -1
            if not 0 <= length <= MAX_BODY:
                start_response("413 Payload Too Large", [("Content-Type", "text/plain")])
                return [b"too large\n"]
            body = environ["wsgi.input"].read(length)
            headers = {
                k[5:].replace("_", "-"): v for k, v in environ.items() if k.startswith("HTTP_")
            }
            headers["content-type"] = environ.get("CONTENT_TYPE", "")
            refusal = precheck(verifier, headers, body)
            if refusal is not None:
                status = "401 Unauthorized" if refusal.status == 401 else "400 Bad Request"
                start_response(status, [("Content-Type", "text/plain")])
                return [refusal.reason.encode() + b"\n"]
            environ["wsgi.input"] = io.BytesIO(body)
            return bolt(environ, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found\n"]

    return application


class HttpServer:
    """A running server; `port` is the bound port (useful when started on port 0)."""

    def __init__(self, app: App, host: str, port: int, signing_secret: str):
        self.server = make_server(
            host,
            port,
            wsgi_app(app, signing_secret),
            server_class=_ThreadingWSGIServer,
            handler_class=_QuietHandler,
        )
        self.host = host
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(
            target=self.server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="kw-slack-http",
            daemon=True,
        )
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
