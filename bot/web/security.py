"""Headers every web response carries: a strict CSP, no sniffing, no referrer, no caching.

Nothing is loaded from another site, no inline script or style runs, no
other site may frame the pages, and forms post only back here. Pages name
pupils, so browsers and proxies must not keep them (Cache-Control: no-store);
only the vendored static files may be cached.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)
HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
STATIC_PREFIX = "/static/"


class SecurityHeaders:
    """ASGI middleware: adds HEADERS (and no-store outside /static/) to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = (
            scope.get("path", "").removeprefix(scope.get("root_path", "")).startswith(STATIC_PREFIX)
        )

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.decode().lower() not in HEADERS and k.decode().lower() != "cache-control"
                ]
                headers += [(k.encode(), v.encode()) for k, v in HEADERS.items()]
                cache = "public, max-age=3600" if static else "no-store"
                headers.append((b"cache-control", cache.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
