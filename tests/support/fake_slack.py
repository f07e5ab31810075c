"""A fake Slack on 127.0.0.1 for tests: Web API, response_urls, uploads and Socket Mode.

`FakeSlack` answers the Web API methods Keyworker calls and records every
call (method and decoded parameters), so tests assert what was sent and
where; `wait_for` polls under a condition variable instead of sleeping.
`FakeSocketMode` is a minimal WebSocket server speaking Slack's Socket Mode
envelopes, so the real slack_sdk socket client can connect to it.
`signed_request` signs bodies exactly as Slack does (v0, HMAC-SHA256 over
`v0:{timestamp}:{body}`), after slack-bolt's own mock_web_api_server.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import itertools
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode

JSON_FIELDS = ("view", "blocks", "attachments", "files", "errors")
TEAM_ID = "T0BROOK01"  # the workspace of the fake's bot token (auth.test)


@dataclass
class Call:
    method: str  # Web API method, "response_url" or "upload"
    params: dict[str, Any]
    path: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes = b""
    at: float = field(default_factory=time.perf_counter)  # when it arrived


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.fail: dict[str, str] = {}  # method -> Slack error code to answer with
        self.http_errors: dict[str, list[int]] = {}  # method -> HTTP statuses to answer first (5xx)
        self.socket_url: str | None = None
        # Members users.info knows (the fixture school's staff), by Slack user id.
        self.members: dict[str, str] = {"U0AMYLO01": "Amy Lowe", "U0RAJSI02": "Raj Singh"}
        self._cond = threading.Condition()
        self._ids = itertools.count(1)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, answer = fake._answer(self.path, dict(self.headers), raw)
                body = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
                self.send_response(status)
                self.send_header(
                    "Content-Type",
                    "application/json" if not isinstance(answer, bytes) else "text/plain",
                )
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.api_url = self.base + "/api/"
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    # -- recording -------------------------------------------------------------------

    def response_url(self, name: str = "r") -> str:
        return f"{self.base}/respond/{name}"

    def _record(self, call: Call) -> None:
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()

    def calls_to(self, method: str) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method]

    def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 10.0,
        where: Callable[[Call], bool] | None = None,
    ) -> list[Call]:
        """Block until `count` matching calls were received; fail the test otherwise."""

        def matching() -> list[Call]:
            return [c for c in self.calls if c.method == method and (where is None or where(c))]

        with self._cond:
            if not self._cond.wait_for(lambda: len(matching()) >= count, timeout=timeout):
                seen = [c.method for c in self.calls]
                raise AssertionError(
                    f"expected {count} {method} call(s) within {timeout}s; saw {seen}"
                )
            return matching()

    def reset(self) -> None:
        with self._cond:
            self.calls.clear()

    # -- answering -------------------------------------------------------------------

    @staticmethod
    def _decode(headers: dict[str, str], raw: bytes) -> dict[str, Any]:
        kind = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
        if "json" in kind:
            return json.loads(raw or b"{}")
        params: dict[str, Any] = dict(parse_qsl(raw.decode("utf-8", "replace")))
        for name in JSON_FIELDS:
            if isinstance(params.get(name), str):
                with contextlib.suppress(ValueError):
                    params[name] = json.loads(params[name])
        return params

    def _answer(self, path: str, headers: dict[str, str], raw: bytes) -> tuple[int, Any]:
        if path.startswith("/upload/"):
            self._record(Call("upload", {}, path, headers, raw))
            return 200, b"OK"
        params = self._decode(headers, raw)
        if path.startswith("/respond/"):
            self._record(Call("response_url", params, path, headers, raw))
            return 200, b"ok"
        method = path.removeprefix("/api/").split("?")[0]
        self._record(Call(method, params, path, headers, raw))
        if self.http_errors.get(method):
            return self.http_errors[method].pop(0), {"ok": False, "error": "fatal_error"}
        if method in self.fail:
            return 200, {"ok": False, "error": self.fail[method]}
        return 200, self._result(method, params)

    def _result(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        n = next(self._ids)
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://brookfield.example/",
                "team": "Brookfield",
                "user": "keyworker",
                "team_id": TEAM_ID,
                "user_id": "U0KWBOT01",
                "bot_id": "B0KWBOT01",
            }
        if method in ("views.open", "views.update", "views.publish"):
            view_id = params.get("view_id") or f"V{n:08d}"
            return {
                "ok": True,
                "view": {**(params.get("view") or {}), "id": view_id, "hash": f"h{n}"},
            }
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(params.get("users", "X"))[1:]}}
        if method in ("chat.postMessage", "chat.postEphemeral"):
            return {
                "ok": True,
                "channel": params.get("channel"),
                "ts": f"{time.time():.6f}",
                "message_ts": f"{time.time():.6f}",
            }
        if method == "users.info":
            user = str(params.get("user"))
            if user not in self.members:
                return {"ok": False, "error": "user_not_found"}
            name = self.members[user]
            profile = {"display_name": name, "real_name": name}
            return {"ok": True, "user": {"id": user, "tz": "Europe/London", "profile": profile}}
        if method == "apps.connections.open":
            if not self.socket_url:
                return {"ok": False, "error": "no_socket_server"}
            return {"ok": True, "url": self.socket_url}
        if method == "files.getUploadURLExternal":
            return {"ok": True, "upload_url": f"{self.base}/upload/F{n}", "file_id": f"F{n}"}
        if method == "files.completeUploadExternal":
            return {
                "ok": True,
                "files": [
                    {"id": f["id"], "title": f.get("title")} for f in params.get("files", [])
                ],
            }
        return {"ok": False, "error": "unknown_method"}

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# -- signed requests, as Slack sends them --------------------------------------------


def signature(secret: str, timestamp: str, body: str) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_request(
    url: str,
    body: str,
    secret: str,
    *,
    content_type: str,
    timestamp: int | None = None,
    sign_with: str | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 10,
) -> tuple[int, bytes]:
    """POST `body` signed with `sign_with` (default: the right secret); returns (status, body)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    all_headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature(sign_with or secret, ts, body),
        **(headers or {}),
    }
    request = urllib.request.Request(url, data=body.encode(), headers=all_headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def slash_body(
    *,
    user: str,
    text: str,
    trigger_id: str,
    response_url: str,
    command: str = "/log",
    channel: str = "C0STAFF01",
    team: str = TEAM_ID,
) -> str:
    return urlencode(
        {
            "token": "legacy",
            "team_id": team,
            "team_domain": "brookfield",
            "channel_id": channel,
            "channel_name": "staffroom",
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A0KEYWK01",
            "response_url": response_url,
            "trigger_id": trigger_id,
        }
    )


def event_body(event_id: str, event: dict[str, Any], team: str = TEAM_ID) -> str:
    return json.dumps(
        {
            "token": "legacy",
            "team_id": team,
            "api_app_id": "A0KEYWK01",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": event,
        }
    )


def interactive_body(payload: dict[str, Any], team: str = TEAM_ID) -> str:
    """An interactivity payload as Slack sends it: with the team and the user's team_id."""
    payload = {"team": {"id": team, "domain": "brookfield"}, "api_app_id": "A0KEYWK01", **payload}
    if isinstance(payload.get("user"), dict):
        payload["user"] = {"team_id": team, **payload["user"]}
    return urlencode({"payload": json.dumps(payload)})


# -- Socket Mode ----------------------------------------------------------------------

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class FakeSocketMode:
    """Accepts the app's WebSocket, says hello, sends envelopes and collects their acks."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"ws://127.0.0.1:{self.listener.getsockname()[1]}/link/?ticket=fake"
        self.acks: dict[str, dict[str, Any]] = {}
        self.connected = threading.Event()
        self._cond = threading.Condition()
        self._conn: socket.socket | None = None
        self._send_lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self._closed:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def _session(self, conn: socket.socket) -> None:
        reader = conn.makefile("rb")
        request = b""
        while not request.endswith(b"\r\n\r\n"):
            line = reader.readline()
            if not line:
                return
            request += line
        headers = dict(
            line.split(": ", 1) for line in request.decode().split("\r\n")[1:] if ": " in line
        )
        key = headers.get("Sec-WebSocket-Key", "").strip()
        accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
        conn.sendall(
            b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + f"Sec-WebSocket-Accept: {accept}\r\n\r\n".encode()
        )
        self._conn = conn
        self._send(1, json.dumps({"type": "hello", "num_connections": 1}).encode())
        self.connected.set()
        try:
            while True:
                opcode, payload = self._read_frame(reader)
                if opcode == 8:  # close
                    return
                if opcode == 9:  # ping -> pong
                    self._send(10, payload)
                elif opcode == 1:
                    message = json.loads(payload)
                    with self._cond:
                        self.acks[message.get("envelope_id", "")] = message
                        self._cond.notify_all()
        except (OSError, ValueError):
            return

    @staticmethod
    def _read_frame(reader) -> tuple[int, bytes]:
        head = reader.read(2)
        if len(head) < 2:
            raise OSError("closed")
        opcode, length = head[0] & 0x0F, head[1] & 0x7F
        if length == 126:
            length = int.from_bytes(reader.read(2), "big")
        elif length == 127:
            length = int.from_bytes(reader.read(8), "big")
        mask = reader.read(4) if head[1] & 0x80 else b"\0\0\0\0"
        data = reader.read(length)
        return opcode, bytes(b ^ mask[i % 4] for i, b in enumerate(data))

    def _send(self, opcode: int, payload: bytes) -> None:
        size = len(payload)
        if size < 126:
            header = bytes([0x80 | opcode, size])
        elif size < 65536:
            header = bytes([0x80 | opcode, 126]) + size.to_bytes(2, "big")
        else:
            header = bytes([0x80 | opcode, 127]) + size.to_bytes(8, "big")
        with self._send_lock:
            assert self._conn is not None, "no Socket Mode client connected"
            self._conn.sendall(header + payload)

    def send_envelope(self, kind: str, payload: dict[str, Any]) -> str:
        envelope_id = f"env-{time.monotonic_ns()}"
        self._send(
            1,
            json.dumps(
                {
                    "envelope_id": envelope_id,
                    "type": kind,
                    "payload": payload,
                    "accepts_response_payload": kind != "events_api",
                }
            ).encode(),
        )
        return envelope_id

    def wait_ack(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        with self._cond:
            if not self._cond.wait_for(lambda: envelope_id in self.acks, timeout=timeout):
                raise AssertionError(f"no ack for {envelope_id} within {timeout}s")
            return self.acks[envelope_id]

    def close(self) -> None:
        self._closed = True
        self.listener.close()
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.close()
