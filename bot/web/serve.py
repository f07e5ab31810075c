"""Serving the pages: `mount_web` puts them at /web on the shared HTTP front
(bot.http.front), and `web_front` is that front with only the pages, for
`keyworker web`, the screenshots and the browser tests.
"""

from __future__ import annotations

import signal
import threading

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

from bot.config import Settings
from bot.http.front import build_front
from bot.http.server import HttpServer
from bot.web.app import build_web_app
from handlers.types import HandlerContext

MOUNT_PATH = "/web"


def mount_web(parent: FastAPI, settings: Settings, ctx: HandlerContext) -> None:
    """Mount the pages at /web on `parent`, unless turned off."""
    if settings.web_enabled:
        parent.mount(MOUNT_PATH, build_web_app(settings, ctx))


def web_front(settings: Settings, ctx: HandlerContext) -> FastAPI:
    """The shared front (its limits and /healthz) with only the pages, and / sending
    the browser to them."""
    front = build_front()

    @front.get("/", include_in_schema=False)
    def to_pages() -> RedirectResponse:
        return RedirectResponse(f"{MOUNT_PATH}/", status_code=303)

    mount_web(front, settings, ctx)
    return front


def serve(settings: Settings, ctx: HandlerContext, host: str, port: int) -> None:
    """Run the pages until Ctrl-C or SIGTERM (`keyworker web`)."""
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    server = HttpServer(web_front(settings, ctx), host, port).start()
    try:
        stop.wait()
    finally:
        server.stop()
