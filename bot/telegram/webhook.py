"""Telegram's webhook on the shared HTTP front (the path of TELEGRAM_WEBHOOK_URL).

Telegram POSTs each update with the secret it was given in setWebhook; a
request without it gets 403 and changes nothing. An update is stored durably
(the intake) before the 200; if it can't be, the answer is 503 and Telegram
sends it again. It is then queued for the bot on the bot's own event loop.
"""

from __future__ import annotations

import hmac
import json
import logging
from urllib.parse import urlparse

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool
from telegram import Update

from bot.intake import Acceptance, IntakeUnavailable
from bot.telegram.durable import DurableQueue, envelope_for

log = logging.getLogger(__name__)
SECRET_HEADER = "x-telegram-bot-api-secret-token"


def webhook_path(url: str) -> str:
    return "/" + urlparse(url).path.lstrip("/")


class WebhookRoute:
    """Mounted before the bot starts; `attach` gives it the running bot's loop and queue."""

    def __init__(self, front: FastAPI, url: str, secret: str) -> None:
        self.secret = secret.encode()
        self.bot = None
        self.queue: DurableQueue | None = None
        self.loop = None
        front.add_api_route(webhook_path(url), self.receive, methods=["POST"])

    def attach(self, bot: object, queue: DurableQueue, loop: object) -> None:
        self.bot, self.queue, self.loop = bot, queue, loop

    async def receive(self, request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self.secret):
            return PlainTextResponse("forbidden\n", status_code=403)
        if self.queue is None or self.loop is None:
            return PlainTextResponse("starting\n", status_code=503)
        try:
            data = json.loads(await request.body())
            update = Update.de_json(data, self.bot)  # type: ignore[arg-type]
        except (ValueError, TypeError, KeyError):
            log.warning("Telegram webhook: a body that is not an update")
            return PlainTextResponse("bad update\n", status_code=400)
        try:
            accepted = await run_in_threadpool(
                self.queue.intake.accept, envelope_for(update), queue_it=False
            )
        except IntakeUnavailable:
            return PlainTextResponse("try again\n", status_code=503)
        if accepted is not Acceptance.duplicate:
            self.loop.call_soon_threadsafe(self.queue.resume, update)  # type: ignore[attr-defined]
        return PlainTextResponse("ok\n")
