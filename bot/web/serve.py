"""Serving the pages: `mount_web` puts them at /web on any Starlette or FastAPI app (the
shared HTTP front reuses it), and `keyworker web` runs them alone under uvicorn.

`WebServer` runs uvicorn in a background thread (port 0 picks a free port),
for `keyworker run`'s console mode and for the browser tests.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request as HttpRequest
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from bot.config import Settings
from bot.web.app import build_web_app
from handlers.types import HandlerContext

log = logging.getLogger(__name__)
MOUNT_PATH = "/web"
# Timeouts and limits for a server that may face the internet behind a proxy.
UVICORN_LIMITS: dict[str, Any] = {
    "timeout_keep_alive": 5,
    "limit_concurrency": 200,
    "h11_max_incomplete_event_size": 64 * 1024,
}


def mount_web(parent: Starlette, settings: Settings, ctx: HandlerContext) -> None:
    """Mount the pages at /web on `parent` (a Starlette or FastAPI app), unless turned off."""
    if settings.web_enabled:
        parent.mount(MOUNT_PATH, build_web_app(settings, ctx))


async def _healthz(_: HttpRequest) -> Response:
    return PlainTextResponse("ok")


async def _to_pages(_: HttpRequest) -> Response:
    return RedirectResponse(f"{MOUNT_PATH}/", status_code=303)


def web_front(settings: Settings, ctx: HandlerContext) -> Starlette:
    """An HTTP front with only the pages (and /healthz), until the shared front lands."""
    front = Starlette(routes=[Route("/", _to_pages), Route("/healthz", _healthz)])
    mount_web(front, settings, ctx)
    return front


class WebServer:
    """uvicorn in a thread: `start()` returns once it listens; `url`; `stop()`."""

    def __init__(self, app: Starlette, host: str = "127.0.0.1", port: int = 0) -> None:
        config = uvicorn.Config(
            app,
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            lifespan="off",
            **UVICORN_LIMITS,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="keyworker-web", daemon=True)
        self.host = host

    def start(self, timeout: float = 10.0) -> WebServer:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the web server did not start (is the port in use?)")
            time.sleep(0.02)
        return self

    @property
    def port(self) -> int:
        sockets = [s for server in self.server.servers for s in server.sockets]
        return int(sockets[0].getsockname()[1])

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def serve(settings: Settings, ctx: HandlerContext, host: str, port: int) -> None:
    """Run the pages in the foreground until Ctrl-C (`keyworker web`)."""
    uvicorn.run(
        web_front(settings, ctx),
        host=host,
        port=port,
        log_level="info",
        access_log=False,
        **UVICORN_LIMITS,
    )
