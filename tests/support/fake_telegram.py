"""A fake Telegram Bot API on 127.0.0.1 that records every call, for the real PTB stack.

Serves getMe, getUpdates (long polling over a queue of scripted updates, with
Telegram's offset semantics: an update is delivered again until a later
offset confirms it), sendMessage, editMessageText, answerCallbackQuery,
setMyCommands, deleteWebhook, setWebhook and sendDocument. Tests script
updates with `message(...)` / `press(...)`, make a method fail with
`fail_next(...)` (a 429 with retry_after, a 502, a dropped connection), and
wait for calls with `wait_for(...)`, which polls a condition, never sleeps.
"""

from __future__ import annotations

import itertools
import json
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

TOKEN = "123456:TEST-token-for-the-fake"
BOT_ID = 123456
BOT_USERNAME = "KeyworkerTestBot"
DESCRIPTIONS = {
    400: "Bad Request: chat not found",
    429: "Too Many Requests: retry after 1",
    502: "Bad Gateway",
}
MAX_HOLD_SECONDS = 0.2  # how long an empty getUpdates is held (real Telegram: `timeout`)


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    status: int = 200
    files: dict[str, bytes] = field(default_factory=dict)
    result: Any = None

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))

    @property
    def markup(self) -> list[list[dict]]:
        raw = self.params.get("reply_markup")
        data = json.loads(raw) if isinstance(raw, str) else raw or {}
        return data.get("inline_keyboard", [])

    def buttons(self) -> dict[str, str]:
        """Label -> callback_data of the inline keyboard sent with this call."""
        return {b["text"]: b["callback_data"] for row in self.markup for b in row}


class FakeTelegram:
    def __init__(self, token: str = TOKEN):
        self.token = token
        self.calls: list[Call] = []
        self._pending: list[dict] = []
        self._failures: dict[str, list[tuple[int, dict | None]]] = {}
        self._cond = threading.Condition()
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(5000)
        self._server = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # --- lifecycle -----------------------------------------------------------------------

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    def __enter__(self) -> FakeTelegram:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        with self._cond:
            self._cond.notify_all()
        self._server.shutdown()
        self._server.server_close()

    # --- scripting -----------------------------------------------------------------------

    def push(self, *updates: dict) -> None:
        """Queue updates; several pushed together arrive in one getUpdates answer."""
        with self._cond:
            self._pending.extend(updates)
            self._cond.notify_all()

    def next_update_id(self) -> int:
        return next(self._update_ids)

    def message(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        chat_type: str = "private",
        update_id: int | None = None,
        forwarded_from: str | None = None,
        photo: bool = False,
    ) -> dict:
        """A Bot API message update; `forwarded_from` names the original sender (hidden
        user), `photo` sends a photo with `text` as its caption instead of a text message."""
        chat_id = user_id if chat_id is None else chat_id
        chat = {"id": chat_id, "type": chat_type}
        if chat_type != "private":
            chat["title"] = "Year 4 team"
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": {"id": user_id, "is_bot": False, "first_name": "Staff"},
            "text": text,
        }
        if forwarded_from is not None:
            origin = {"type": "hidden_user", "date": int(time.time()) - 3600}
            message["forward_origin"] = {**origin, "sender_user_name": forwarded_from}
        if photo:
            caption = message.pop("text")
            message["photo"] = [
                {"file_id": "ph1", "file_unique_id": "u1", "width": 90, "height": 90}
            ]
            message["caption"] = caption
        if text.startswith("/") and not photo:
            length = len(text.split()[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return {"update_id": update_id or self.next_update_id(), "message": message}

    def press(
        self,
        user_id: int,
        data: str,
        *,
        message_id: int | None = None,
        chat_id: int | None = None,
        chat_type: str = "private",
    ) -> dict:
        chat_id = user_id if chat_id is None else chat_id
        return {
            "update_id": self.next_update_id(),
            "callback_query": {
                "id": f"cq{next(self._message_ids)}",
                "from": {"id": user_id, "is_bot": False, "first_name": "Staff"},
                "chat_instance": "ci-1",
                "data": data,
                "message": {
                    "message_id": message_id or next(self._message_ids),
                    "date": int(time.time()),
                    "chat": {"id": chat_id, "type": chat_type},
                    "from": {"id": BOT_ID, "is_bot": True, "first_name": "Keyworker"},
                    "text": "…",
                },
            },
        }

    def fail_next(
        self,
        method: str,
        status: int = 429,
        *,
        retry_after: int = 1,
        times: int = 1,
        drop: bool = False,
        after: int = 0,
    ) -> None:
        """Answer the next `times` calls of `method` with an error (or drop the connection),
        once `after` more calls of it have been answered normally."""
        body = (
            None
            if drop
            else {
                "ok": False,
                "error_code": status,
                "description": DESCRIPTIONS.get(status, "Internal Server Error"),
                **({"parameters": {"retry_after": retry_after}} if status == 429 else {}),
            }
        )
        with self._cond:
            queue = self._failures.setdefault(method, [])
            queue.extend([None] * after)  # None: answer this one normally
            queue.extend([(0 if drop else status, body)] * times)

    # --- reading what happened -----------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method and c.status == 200]

    def calls_to_any(self, methods: tuple[str, ...]) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method in methods and c.status == 200]

    def wait_until(self, condition: Callable[[], bool], *, timeout: float = 10.0) -> None:
        """Wait (on the call log's condition variable) until `condition()` holds."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not condition():
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [(c.method, c.status, c.text[:60]) for c in self.calls[-15:]]
                    raise AssertionError(f"condition not met within {timeout}s; last calls: {seen}")
                self._cond.wait(left)

    def wait_for(
        self,
        method: str,
        predicate: Callable[[Call], bool] | None = None,
        *,
        count: int = 1,
        timeout: float = 10.0,
    ) -> list[Call]:
        """Wait until `count` successful calls of `method` match; returns them."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [
                    c
                    for c in self.calls
                    if c.method == method
                    and c.status == 200
                    and (predicate is None or predicate(c))
                ]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [(c.method, c.status, c.text[:60]) for c in self.calls[-15:]]
                    raise AssertionError(
                        f"no {count} x {method} within {timeout}s; last calls: {seen}"
                    )
                self._cond.wait(left)

    def sent_texts(self) -> list[str]:
        return [c.text for c in self.calls_to("sendMessage") + self.calls_to("editMessageText")]

    # --- the API -------------------------------------------------------------------------

    def _answer(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "Keyworker",
                "username": BOT_USERNAME,
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
            }
        if method == "getUpdates":
            return self._get_updates(params)
        if method in ("sendMessage", "sendDocument", "editMessageText"):
            chat_id = int(params.get("chat_id") or 0)
            message = {
                "message_id": int(params.get("message_id") or next(self._message_ids)),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Keyworker"},
            }
            if method == "sendDocument":
                message["document"] = {"file_id": "doc1", "file_unique_id": "u1"}
            else:
                message["text"] = params.get("text", "")
            return message
        return True  # answerCallbackQuery, setMyCommands, deleteWebhook, setWebhook, ...

    def _get_updates(self, params: dict[str, Any]) -> list[dict]:
        offset = int(params.get("offset") or 0)
        hold = min(float(params.get("timeout") or 0), MAX_HOLD_SECONDS)
        deadline = time.monotonic() + hold
        with self._cond:
            while True:
                # Updates below the offset were confirmed by the client; drop them.
                self._pending = [u for u in self._pending if u["update_id"] >= offset]
                if self._pending or time.monotonic() >= deadline:
                    return list(self._pending)
                self._cond.wait(deadline - time.monotonic())

    def _record(self, call: Call) -> None:
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()

    def _take_failure(self, method: str) -> tuple[int, dict | None] | None:  # None: no failure
        with self._cond:
            queue = self._failures.get(method)
            return queue.pop(0) if queue else None

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes; with Nagle on, keep-alive
            # requests stall ~40 ms on the client's delayed ACK.
            disable_nagle_algorithm = True

            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                prefix = f"/bot{fake.token}/"
                if not self.path.startswith(prefix):
                    self._send(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                    return
                method = self.path[len(prefix) :]
                length = int(self.headers.get("Content-Length") or 0)
                params, files = _parse_body(
                    self.headers.get("Content-Type", ""), self.rfile.read(length)
                )
                failure = fake._take_failure(method)
                if failure is not None:
                    status, body = failure
                    fake._record(Call(method, params, status, files))
                    if body is None:  # a dropped connection
                        self.close_connection = True
                        self.connection.shutdown(2)
                        return
                    self._send(status, body)
                    return
                result = fake._answer(method, params)
                fake._record(Call(method, params, 200, files, result))
                self._send(200, {"ok": True, "result": result})

            def _send(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # A long poll the client gave up on (stop, cancel) ends in a broken pipe: expected.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _parse_body(content_type: str, body: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    if content_type.startswith("application/json"):
        return (json.loads(body) if body else {}), {}
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body
        )
        params: dict[str, Any] = {}
        files: dict[str, bytes] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            if part.get_filename():
                files[part.get_filename()] = payload
            else:
                params[name] = payload.decode()
        return params, files
    return dict(parse_qsl(body.decode())), {}


class TelegramChat:
    """One person's private chat with the bot, read like the chat itself.

    `send(text)` and `press(label)` script an update and return the bot's next
    message (a sendMessage or an in-place editMessageText).
    """

    OUTPUTS = ("sendMessage", "editMessageText")

    def __init__(self, fake: FakeTelegram, user_id: int, timeout: float = 10.0):
        self.fake = fake
        self.user_id = user_id
        self.timeout = timeout
        self.last: Call | None = None

    def _outputs(self) -> list[Call]:
        return [
            c
            for c in self.fake.calls_to_any(self.OUTPUTS)
            if str(c.params.get("chat_id")) == str(self.user_id)
        ]

    def _expect_output(self, update: dict) -> Call:
        before = len(self._outputs())
        self.fake.push(update)
        self.fake.wait_until(lambda: len(self._outputs()) > before, timeout=self.timeout)
        self.last = self._outputs()[before]
        return self.last

    def send(self, text: str) -> Call:
        return self._expect_output(self.fake.message(self.user_id, text))

    def press(self, label: str) -> Call:
        assert self.last is not None, "nothing on screen to press"
        buttons = self.last.buttons()
        assert label in buttons, f"no button {label!r} in {list(buttons)}"
        return self.press_value(buttons[label])

    def press_value(self, data: str) -> Call:
        message_id = self.last.result["message_id"] if self.last and self.last.result else None
        return self._expect_output(self.fake.press(self.user_id, data, message_id=message_id))
