"""Request body limits for the HTTP front: too large, or too slow to arrive, is refused.

Slack, Telegram and Teams send a few kilobytes; a roster upload on the web pages
is the largest thing anyone sends. A body over MAX_BODY gets 413 before it is
read; one that has not arrived within BODY_TIMEOUT gets 408. Both are pure ASGI
middleware, so they hold for every route, mounted apps included.
"""

from __future__ import annotations

import asyncio
from typing import Any

MAX_BODY = 5 * 1024 * 1024  # bytes: a big school's roster CSV fits many times over
BODY_TIMEOUT = 30.0  # seconds for the whole body to arrive

Scope = dict[str, Any]
Message = dict[str, Any]


class _TooLarge(Exception):
    pass


class BodyLimits:
    def __init__(self, app: Any, max_body: int = MAX_BODY, timeout: float = BODY_TIMEOUT) -> None:
        self.app = app
        self.max_body = max_body
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _plain(send, 413, b"too large\n")
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        seen = 0
        responded = False

        async def limited_receive() -> Message:
            nonlocal seen
            remaining = deadline - loop.time()
            message = await asyncio.wait_for(receive(), timeout=max(remaining, 0.001))
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal responded
            if message["type"] == "http.response.start":
                responded = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except TimeoutError:
            if not responded:
                await _plain(send, 408, b"request body too slow\n")
        except _TooLarge:
            if not responded:
                await _plain(send, 413, b"too large\n")


async def _plain(send: Any, status: int, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
