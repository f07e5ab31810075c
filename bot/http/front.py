"""The HTTP front every platform shares: one FastAPI app on one port (PORT).

Slack's events (`POST /slack/events`), Telegram's webhook (its URL's path),
Teams' messages (`POST /api/messages`) and the web pages (`/web/`) are mounted
on it by their adapters; it answers `GET /healthz` itself. Every request goes
through bot.http.limits (body size and time) first, and the server
(bot.http.server) adds the connection timeouts. Put TLS in front of it (a
reverse proxy): the platforms only call https.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

from bot.http.limits import BodyLimits
from bot.http.server import HttpServer

HEALTH_PATH = "/healthz"


Startup = Callable[[FastAPI], Awaitable[None]]


def build_front(startup: list[Startup] | None = None) -> FastAPI:
    """The app; each `startup` hook runs on the server's event loop before it serves
    (an adapter whose SDK must initialise on that loop mounts itself there)."""
    hooks = startup if startup is not None else []

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        for hook in hooks:
            await hook(app)
        yield

    front = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    front.add_middleware(BodyLimits)

    @front.get(HEALTH_PATH, response_class=PlainTextResponse)
    @front.head(HEALTH_PATH, response_class=PlainTextResponse)
    def healthz() -> str:
        return "ok\n"

    return front


class Front:
    """The front and its server: adapters mount routes on `app` before `start()`."""

    def __init__(self, host: str, port: int) -> None:
        self.startup: list[Startup] = []
        self.app = build_front(self.startup)
        self.host = host
        self.port = port
        self.server: HttpServer | None = None

    def start(self) -> Front:
        self.server = HttpServer(self.app, self.host, self.port).start()
        self.port = self.server.port
        return self

    @property
    def url(self) -> str:
        assert self.server is not None, "the front has not started"
        return self.server.url

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
