"""Only the school's tenant: every request to the messaging endpoint from any other
Entra tenant is refused with 401 before the SDK looks at it.

The SDK validates the bearer token (issuer, audience = the app id, signature
against the Bot Framework's published keys, expiry, the serviceUrl claim), but a
Bot Framework token says nothing about the user's tenant: any Teams tenant that
installed the app could otherwise talk to the bot. So the messaging route is
registered through `SchoolTenantAdapter`, which checks the activity's tenant (the
conversation's, or channelData's) and, where the token names one (`tid`, as Entra
tokens do), the token's too. Reading the token's claims unverified is safe here: it
can only refuse; the SDK verifies the signature of everything let through.
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
from microsoft_teams.apps import FastAPIAdapter
from microsoft_teams.apps.http.adapter import (
    HttpMethod,
    HttpRequest,
    HttpResponse,
    HttpRouteHandler,
)

log = logging.getLogger(__name__)

REFUSED = HttpResponse(status=401, body={"error": "Unauthorized"})


def activity_tenant(body: dict[str, Any]) -> str | None:
    conversation = body.get("conversation")
    if isinstance(conversation, dict) and conversation.get("tenantId"):
        return str(conversation["tenantId"])
    channel_data = body.get("channelData")
    tenant = channel_data.get("tenant") if isinstance(channel_data, dict) else None
    return str(tenant["id"]) if isinstance(tenant, dict) and tenant.get("id") else None


def token_tenant(headers: dict[str, str]) -> str | None:
    authorization = headers.get("authorization") or headers.get("Authorization") or ""
    raw = authorization.removeprefix("Bearer ").strip()
    try:
        claims = jwt.decode(raw, options={"verify_signature": False})
    except jwt.InvalidTokenError:
        return None  # the SDK refuses it anyway
    tid = claims.get("tid")
    return str(tid) if tid else None


def from_school(request: HttpRequest, tenant_id: str) -> bool:
    body = request["body"]
    if not isinstance(body, dict):
        return False
    wanted = tenant_id.lower()
    if (activity_tenant(body) or "").lower() != wanted:
        return False
    tid = token_tenant(request["headers"])
    return tid is None or tid.lower() == wanted


class SchoolTenantAdapter(FastAPIAdapter):
    """The SDK's FastAPI adapter, with the school's tenant checked on every route."""

    def __init__(self, tenant_id: str, **options: Any):
        super().__init__(**options)
        self.tenant_id = tenant_id

    def register_route(self, method: HttpMethod, path: str, handler: HttpRouteHandler) -> None:
        async def school_only(request: HttpRequest) -> HttpResponse:
            if not from_school(request, self.tenant_id):
                log.warning("refused a Teams request from outside the school's tenant")
                return REFUSED
            return await handler(request)

        super().register_route(method, path, school_only)
