"""How the bot signs in to the Bot Connector, from Keyworker's own settings.

TEAMS_APP_ID with TEAMS_APP_PASSWORD (a client secret, which the SDK redeems
through MSAL itself), or with TEAMS_APP_CERTIFICATE_FILE (a PEM holding the
private key and its certificate, redeemed here through MSAL and handed to the SDK
as a token function). Everything is passed to the SDK explicitly, so its own
CLIENT_ID / CLIENT_SECRET / TENANT_ID fallbacks are never consulted, and a stray
CLIENT_SECRET (which the SDK would prefer over a token function) is refused.

`issue_tokens_with(provider)` replaces the sign-in for the whole process: for a
token obtained elsewhere (tests, whose MSAL can't be pointed at loopback).
"""

from __future__ import annotations

import asyncio
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


def certificate_tokens(settings: Settings, login_endpoint: str) -> TokenFunction:
    """A token function signing in with the certificate. MSAL's client is made on the
    first call (it looks its authority up when made), then kept for its token cache."""
    assert settings.teams_app_id and settings.teams_app_certificate_file
    credential = certificate_credential(settings.teams_app_certificate_file)
    clients: list[msal.ConfidentialClientApplication] = []
    making = threading.Lock()

    def acquire(scopes: list[str]) -> dict[str, Any]:
        with making:
            if not clients:
                clients.append(
                    msal.ConfidentialClientApplication(
                        settings.teams_app_id,
                        client_credential=credential,
                        authority=f"{login_endpoint}/{settings.teams_tenant_id}",
                    )
                )
        result: dict[str, Any] = clients[0].acquire_token_for_client(scopes)
        return result

    async def token(scope: str | list[str], tenant_id: str | None) -> str:
        scopes = [scope] if isinstance(scope, str) else list(scope)
        result = await asyncio.to_thread(acquire, scopes)
        if "access_token" not in result:
            raise RuntimeError(f"Teams sign-in failed: {result.get('error', 'no token')}")
        return str(result["access_token"])

    return token


def app_options(settings: Settings, login_endpoint: str) -> dict[str, Any]:
    """The SDK App's client_id, tenant_id and secret or token function."""
    if not settings.teams_enabled:
        raise TeamsNotConfigured(
            "Teams needs TEAMS_APP_ID, TEAMS_TENANT_ID and TEAMS_APP_PASSWORD "
            "(or TEAMS_APP_CERTIFICATE_FILE)"
        )
    options: dict[str, Any] = {
        "client_id": settings.teams_app_id,
        "tenant_id": settings.teams_tenant_id,
    }
    if _override:
        options["token"] = _override[-1]
    elif settings.teams_app_password and settings.teams_app_password.get_secret_value():
        options["client_secret"] = settings.teams_app_password.get_secret_value()
        return options
    else:
        options["token"] = certificate_tokens(settings, login_endpoint)
    if os.environ.get("CLIENT_SECRET"):
        raise TeamsNotConfigured(
            "CLIENT_SECRET is set in the environment, and the Teams SDK would use it instead "
            "of Keyworker's sign-in: unset it (Keyworker reads TEAMS_APP_PASSWORD)"
        )
    return options
