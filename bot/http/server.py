"""The production HTTP server: uvicorn, with the timeouts and limits an internet-facing
front needs, running in a background thread.

uvicorn serves every connection on one event loop (no thread per connection,
so thousands of idle connections cost memory, not threads) and closes idle
keep-alive connections after KEEP_ALIVE seconds. Two limits it lacks are added
here: a connection that has not sent a complete request's headers within
HEADER_TIMEOUT is closed (slow-loris), and (bot.http.limits) a body larger than
MAX_BODY, or one that takes longer than BODY_TIMEOUT to arrive, is refused.
Access logs stay off: a web sign-in link's path is a credential for ten minutes.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger(__name__)

HEADER_TIMEOUT = 10.0  # seconds for a connection to send a whole request's headers
KEEP_ALIVE = 5  # seconds an idle keep-alive connection is kept
MAX_CONCURRENT = 1000  # requests in flight at once before uvicorn answers 503
MAX_HEADER_BYTES = 64 * 1024


class HeaderTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request headers don't arrive.

    The timer runs from when the connection opens, and again after each response
    (uvicorn's keep-alive timer stops as soon as any byte arrives, so without this a
    client could hold a connection by trickling a request's first line)."""

    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: Any) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()

    def handle_events(self) -> None:
        before = self.cycle
        super().handle_events()
        if self.cycle is not before and self._header_timer is not None:
            self._header_timer.cancel()  # a whole request arrived
            self._header_timer = None

    def connection_lost(self, exc: Exception | None) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        self._header_timer = self.loop.call_later(HEADER_TIMEOUT, self._too_slow)

    def _too_slow(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            log.info("closed a connection that sent no complete request in %.0f s", HEADER_TIMEOUT)
            self.transport.close()


class HttpServer:
    """uvicorn serving `app` in a thread: `start()` returns once it listens."""

    def __init__(self, app: Any, host: str, port: int) -> None:
        config = uvicorn.Config(
            app,
            host=host,
            port=port,
            http=HeaderTimeoutProtocol,  # type: ignore[arg-type]
            log_level="warning",
            access_log=False,
            lifespan="on",
            timeout_keep_alive=KEEP_ALIVE,
            limit_concurrency=MAX_CONCURRENT,
            h11_max_incomplete_event_size=MAX_HEADER_BYTES,
            backlog=2048,
        )
        # Run off the main thread, uvicorn leaves signals to the process (bot.runner).
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="kw-http", daemon=True)
        self.host = host

    def start(self, timeout: float = 20.0) -> HttpServer:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the HTTP server did not start (is the port in use?)")
            time.sleep(0.02)
        return self

    @property
    def port(self) -> int:
        sockets = [s for server in self.server.servers for s in server.sockets]
        return int(sockets[0].getsockname()[1])

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
        return f"http://{host}:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)
