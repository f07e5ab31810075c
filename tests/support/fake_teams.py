"""Loopback stand-ins for Microsoft's side of Teams, for driving the real Teams SDK.

* `KeyServer`: the Bot Framework's OpenID metadata and signing keys (JWKS), with a
  local RSA key; `token(...)` signs a Bot Connector bearer token the way the
  service does (issuer, audience = the app id, serviceurl, expiry). Served from a
  thread: the SDK fetches keys with blocking I/O on its own event loop.
* `FakeConnector`: the Bot Connector service an activity's `serviceUrl` points at.
  It records every activity the bot posts (and the bearer token it used) and
  answers roster look-ups from `members`.
* `message`, `card_action`, `installed`: activities as Teams sends them.

Only stdlib HTTP servers on 127.0.0.1, like slack-bolt's mock_web_api_server.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
KEY_ID = "kw-test-key"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class _Server:
    """A ThreadingHTTPServer on loopback, stopped with `close()`."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.owner = self  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def _json(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"null")


# -- the signing keys -----------------------------------------------------------------


class _KeyHandler(_Handler):
    def do_GET(self) -> None:
        keys: KeyServer = self.server.owner  # type: ignore[attr-defined]
        keys.requests += 1
        if self.path == "/v1/.well-known/openidconfiguration":
            self._json(
                200,
                {
                    "issuer": BOT_FRAMEWORK_ISSUER,
                    "jwks_uri": f"{keys.base_url}/v1/.well-known/keys",
                    "id_token_signing_alg_values_supported": ["RS256"],
                },
            )
        elif self.path == "/v1/.well-known/keys":
            jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(keys.key.public_key()))
            jwk.update({"kid": KEY_ID, "use": "sig", "alg": "RS256", "endorsements": ["msteams"]})
            self._json(200, {"keys": [jwk]})
        else:
            self._json(404, {"error": "not found"})


class KeyServer(_Server):
    def __init__(self) -> None:
        self.key = new_key()
        self.requests = 0
        super().__init__(_KeyHandler)

    @property
    def metadata_url(self) -> str:
        return f"{self.base_url}/v1/.well-known/openidconfiguration"

    def token(
        self,
        *,
        audience: str,
        service_url: str,
        issuer: str = BOT_FRAMEWORK_ISSUER,
        expires_in: int = 3600,
        key: rsa.RSAPrivateKey | None = None,
        **claims: Any,
    ) -> str:
        """A bearer token as the Bot Connector signs it (another `key` forges one)."""
        now = int(time.time())
        payload = {
            "iss": issuer,
            "aud": audience,
            "serviceurl": service_url,
            "iat": now - 60,
            "nbf": now - 60,
            "exp": now + expires_in,
            **claims,
        }
        return jwt.encode(payload, key or self.key, algorithm="RS256", headers={"kid": KEY_ID})


# -- the Bot Connector ------------------------------------------------------------------


@dataclass
class Posted:
    method: str
    path: str
    conversation_id: str
    body: dict[str, Any]
    authorization: str

    @property
    def cards(self) -> list[dict[str, Any]]:
        return [
            a["content"]
            for a in self.body.get("attachments") or []
            if a.get("contentType") == "application/vnd.microsoft.card.adaptive"
        ]


CONVERSATION_PATH = re.compile(r"^/v3/conversations/([^/]+)/(activities|members)(?:/([^/?]+))?")


class _ConnectorHandler(_Handler):
    def _route(self) -> tuple[FakeConnector, re.Match[str] | None]:
        from urllib.parse import unquote

        connector: FakeConnector = self.server.owner  # type: ignore[attr-defined]
        return connector, CONVERSATION_PATH.match(unquote(self.path))

    def do_POST(self) -> None:
        connector, match = self._route()
        if self.path.rstrip("/") == "/v3/conversations":
            self._create(connector)
            return
        if match is None or match.group(2) != "activities":
            self._json(404, {"error": "not found"})
            return
        self._record(connector, match)

    def _create(self, connector: FakeConnector) -> None:
        """Open a personal chat: Teams answers with the chat's id (the member's own)."""
        body = self._body()
        connector.created.append(body)
        member = connector.members.get((body.get("members") or [{}])[0].get("id", ""))
        if member is None:
            self._json(404, {"error": {"code": "MemberNotFoundInConversation"}})
            return
        self._json(201, {"id": f"a:personal-{member['aadObjectId']}"})

    def do_PUT(self) -> None:
        connector, match = self._route()
        if self.path.startswith("/upload/"):  # a OneDrive upload session Teams opened
            length = int(self.headers.get("Content-Length") or 0)
            connector.uploads[self.path.removeprefix("/upload/")] = self.rfile.read(length)
            connector.upload_ranges.append(self.headers.get("Content-Range", ""))
            self._json(201, {"id": "drive-item-1"})
            return
        if match is None:
            self._json(404, {"error": "not found"})
            return
        self._record(connector, match)

    def _record(self, connector: FakeConnector, match: re.Match[str]) -> None:
        status = connector.refuse_with
        if status:
            self._body()
            self._json(status, {"error": {"code": "Forbidden", "message": "refused"}})
            return
        posted = Posted(
            method=self.command,
            path=self.path,
            conversation_id=match.group(1),
            body=self._body(),
            authorization=self.headers.get("Authorization", ""),
        )
        with connector.lock:
            connector.posted.append(posted)
            activity_id = f"sent-{next(connector.ids)}"
        self._json(200, {"id": activity_id})

    def do_GET(self) -> None:
        connector, match = self._route()
        if match is None or match.group(2) != "members" or not match.group(3):
            self._json(404, {"error": "not found"})
            return
        connector.roster_lookups.append(match.group(3))
        member = connector.members.get(match.group(3))
        if member is None:
            self._json(404, {"error": {"code": "MemberNotFoundInConversation"}})
        else:
            self._json(200, member)


class FakeConnector(_Server):
    def __init__(self) -> None:
        self.posted: list[Posted] = []
        self.members: dict[str, dict[str, Any]] = {}
        self.roster_lookups: list[str] = []
        self.created: list[dict[str, Any]] = []  # personal chats the bot opened
        self.uploads: dict[str, bytes] = {}  # files the bot put in someone's OneDrive
        self.upload_ranges: list[str] = []
        self.refuse_with = 0  # an HTTP status to answer every post with, to test failures
        self.lock = threading.Lock()
        self.ids = count(1)
        super().__init__(_ConnectorHandler)

    @property
    def service_url(self) -> str:
        return self.base_url + "/"

    def add_member(self, person: Person) -> None:
        self.members[person.user_id] = {
            "id": person.user_id,
            "name": person.name,
            "aadObjectId": person.aad_object_id,
            "email": person.email,
            "userPrincipalName": person.email,
            "tenantId": person.tenant_id,
        }

    def sent_to(self, conversation_id: str) -> list[Posted]:
        with self.lock:
            return [p for p in self.posted if p.conversation_id == conversation_id]


# -- activities -------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    aad_object_id: str
    tenant_id: str
    user_id: str  # the Teams id ("29:...")

    @property
    def personal_chat(self) -> str:
        return f"a:personal-{self.aad_object_id}"


_activity_ids = count(1_700_000_000_000)


def _activity(
    kind: str,
    person: Person,
    service_url: str,
    bot_id: str,
    *,
    conversation: dict[str, Any] | None = None,
    activity_id: str | None = None,
    **fields: Any,
) -> dict[str, Any]:
    conversation = conversation or {
        "id": person.personal_chat,
        "conversationType": "personal",
        "tenantId": person.tenant_id,
    }
    return {
        "type": kind,
        "id": activity_id or str(next(_activity_ids)),
        "timestamp": datetime.now(UTC).isoformat(),
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": {"id": person.user_id, "name": person.name, "aadObjectId": person.aad_object_id},
        "conversation": conversation,
        "recipient": {"id": f"28:{bot_id}", "name": "Keyworker"},
        "channelData": {"tenant": {"id": conversation.get("tenantId", person.tenant_id)}},
        "locale": "en-GB",
        **fields,
    }


def message(
    person: Person, text: str, service_url: str, bot_id: str, **fields: Any
) -> dict[str, Any]:
    return _activity("message", person, service_url, bot_id, text=text, **fields)


def group_message(
    person: Person, text: str, service_url: str, bot_id: str, **fields: Any
) -> dict[str, Any]:
    """`text` @mentioning the bot in a group chat (the only way the bot hears one)."""
    mention = "<at>Keyworker</at>"
    return message(
        person,
        f"{mention} {text}",
        service_url,
        bot_id,
        conversation={
            "id": "19:staffroom-chat@thread.v2",
            "conversationType": "groupChat",
            "isGroup": True,
            "tenantId": person.tenant_id,
        },
        entities=[
            {
                "type": "mention",
                "text": mention,
                "mentioned": {"id": f"28:{bot_id}", "name": "Keyworker"},
            }
        ],
        **fields,
    )


def card_action(
    person: Person, data: dict[str, Any], service_url: str, bot_id: str, **fields: Any
) -> dict[str, Any]:
    """An Action.Execute press: the action's data merged with the card's inputs."""
    return _activity(
        "invoke",
        person,
        service_url,
        bot_id,
        name="adaptiveCard/action",
        value={"action": {"type": "Action.Execute", "verb": "keyworker", "data": data}},
        **fields,
    )


def file_consent(
    person: Person,
    consent_card: dict[str, Any],
    action: str,
    service_url: str,
    bot_id: str,
    upload_base: str,
) -> dict[str, Any]:
    """The person pressing Allow (action "accept") or Decline on a file consent card;
    on Allow, Teams has opened an upload session in their OneDrive."""
    name = consent_card["name"]
    content = consent_card["content"]
    value: dict[str, Any] = {
        "type": "fileUpload",
        "action": action,
        "context": content["acceptContext" if action == "accept" else "declineContext"],
    }
    if action == "accept":
        value["uploadInfo"] = {
            "contentUrl": f"https://brookfield-my.sharepoint.invalid/personal/{name}",
            "name": name,
            "uploadUrl": f"{upload_base}/upload/{name}",
            "uniqueId": "1a2b3c4d-0000-4000-8000-000000000001",
            "fileType": name.rsplit(".", 1)[-1],
        }
    return _activity("invoke", person, service_url, bot_id, name="fileConsent/invoke", value=value)


def installed(person: Person, service_url: str, bot_id: str) -> dict[str, Any]:
    """The app installed in someone's personal scope (by them, or by an admin's policy)."""
    return _activity("installationUpdate", person, service_url, bot_id, action="add")
