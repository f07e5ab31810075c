"""How the bot signs in to the Bot Connector, from Keyworker's own settings.

TEAMS_APP_ID with TEAMS_APP_PASSWORD (a client secret) or TEAMS_APP_CERTIFICATE_FILE
(a PEM holding the private key and its certificate). Either is redeemed through
MSAL here and handed to the SDK as a token function, so one MSAL client, and its
token cache, serves the whole process: the running bot and every outbox delivery
(each of which runs its own short-lived SDK App) share one token until it expires,
instead of signing in once per message. MSAL's client is made on the first token
request (making it looks the authority up), never at start-up.

Everything is passed to the SDK explicitly, so its own CLIENT_ID / CLIENT_SECRET /
TENANT_ID fallbacks are never consulted; a stray CLIENT_SECRET in the environment,
which the SDK would prefer over a token function, is refused.

`issue_tokens_with(provider)` replaces the sign-in for the whole process: for a
token obtained elsewhere (tests, whose MSAL can't be pointed at loopback).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import msal
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from bot.config import Settings

TokenFunction = Callable[[str | list[str], str | None], Any]
_override: list[TokenFunction] = []
# One MSAL client per (app, authority, credential): thread-safe, and it caches tokens.
_clients: dict[tuple[str, str, str], msal.ConfidentialClientApplication] = {}
_clients_lock = threading.Lock()


class TeamsNotConfigured(RuntimeError):
    pass


@contextmanager
def issue_tokens_with(provider: TokenFunction) -> Iterator[None]:
    _override.append(provider)
    try:
        yield
    finally:
        _override.remove(provider)


def certificate_credential(pem_file: str) -> dict[str, str]:
    """MSAL's certificate credential: the private key and the certificate's thumbprint."""
    pem = Path(pem_file).read_bytes()
    key = serialization.load_pem_private_key(pem, password=None)
    certificate = x509.load_pem_x509_certificate(pem)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return {
        "private_key": key_pem,
        "thumbprint": certificate.fingerprint(hashes.SHA1()).hex(),  # noqa: S303 (Entra's thumbprint is SHA-1)
    }


def _credential(settings: Settings) -> tuple[str | dict[str, str], str]:
    """The secret or certificate, and a fingerprint of it to key the client cache by."""
    if settings.teams_app_password and settings.teams_app_password.get_secret_value():
        secret = settings.teams_app_password.get_secret_value()
        return secret, hashlib.sha256(secret.encode()).hexdigest()
    assert settings.teams_app_certificate_file
    certificate = certificate_credential(settings.teams_app_certificate_file)
    return certificate, certificate["thumbprint"]


def _client(
    app_id: str, authority: str, credential: str | dict[str, str], fingerprint: str
) -> msal.ConfidentialClientApplication:
    with _clients_lock:
        key = (app_id, authority, fingerprint)
        if key not in _clients:
            _clients[key] = msal.ConfidentialClientApplication(
                app_id, client_credential=credential, authority=authority
            )
        return _clients[key]


def msal_tokens(settings: Settings, login_endpoint: str) -> TokenFunction:
    """The SDK's token function: app-only tokens from Entra for the school's tenant."""
    assert settings.teams_app_id
    app_id = settings.teams_app_id
    credential, fingerprint = _credential(settings)

    def acquire(scopes: list[str], tenant_id: str) -> dict[str, Any]:
        client = _client(app_id, f"{login_endpoint}/{tenant_id}", credential, fingerprint)
        result: dict[str, Any] = client.acquire_token_for_client(scopes)
        return result

    async def token(scope: str | list[str], tenant_id: str | None) -> str:
        scopes = [scope] if isinstance(scope, str) else list(scope)
        tenant = tenant_id or settings.teams_tenant_id or ""
        result = await asyncio.to_thread(acquire, scopes, tenant)
        if "access_token" not in result:
            raise RuntimeError(f"Teams sign-in failed: {result.get('error', 'no token')}")
        return str(result["access_token"])

    return token


def app_options(settings: Settings, login_endpoint: str) -> dict[str, Any]:
    """The SDK App's client_id, tenant_id and token function."""
    if not settings.teams_enabled:
        raise TeamsNotConfigured(
            "Teams needs TEAMS_APP_ID, TEAMS_TENANT_ID and TEAMS_APP_PASSWORD "
            "(or TEAMS_APP_CERTIFICATE_FILE)"
        )
    if os.environ.get("CLIENT_SECRET"):
        raise TeamsNotConfigured(
            "CLIENT_SECRET is set in the environment, and the Teams SDK would use it instead "
            "of Keyworker's sign-in: unset it (Keyworker reads TEAMS_APP_PASSWORD)"
        )
    return {
        "client_id": settings.teams_app_id,
        "tenant_id": settings.teams_tenant_id,
        "token": _override[-1] if _override else msal_tokens(settings, login_endpoint),
    }
