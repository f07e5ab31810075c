"""`start_telegram`: the PTB Application in a background thread with its own event loop.

`keyworker run` calls it beside Slack, Teams and the scheduler. The thread
initialises the Application (getMe, persistence loaded from the database),
sets the command menu, and starts long polling, or, when TELEGRAM_WEBHOOK_URL
is set, registers the webhook, whose route on the shared HTTP front
(bot.telegram.webhook) refuses (403) any request without the
TELEGRAM_WEBHOOK_SECRET header. Webhook mode needs that secret set: several
processes behind one webhook must all check the secret Telegram was given
(a random one per process would make each refuse the others' updates). Either
way every update is stored by the durable intake before it counts as
delivered (bot.telegram.durable).
`start_telegram` returns once updates are flowing, or raises why they can't;
`stop()` ends polling, flushes the persistence and closes everything on the
thread's own loop. While running, abandoned forms are swept away hourly
(bot/telegram/cleanup.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from datetime import UTC, datetime, timedelta

from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application

from bot.config import Settings
from bot.http.front import Front
from bot.intake import Intake
from bot.telegram import cleanup
from bot.telegram.app import ALLOWED_UPDATES, build_application
from bot.telegram.durable import DurableQueue, Resumer
from bot.telegram.menu import set_default_menu
from bot.telegram.webhook import WebhookRoute
from handlers.types import HandlerContext

log = logging.getLogger(__name__)

START_TIMEOUT_SECONDS = 60
STOP_TIMEOUT_SECONDS = 30
POLL_TIMEOUT = timedelta(seconds=10)
BOOTSTRAP_RETRIES = 5


class TelegramStartError(RuntimeError):
    """The bot could not start (token refused, API unreachable, port taken...)."""


class TelegramService:
    def __init__(
        self,
        settings: Settings,
        application: Application,
        resumer: Resumer,
        *,
        route: WebhookRoute | None = None,
        owned: tuple[object, ...] = (),
    ):
        self.settings = settings
        self.application = application
        self.resumer = resumer
        self.route = route
        self.owned = owned  # the front and intake this service made, stopped with it
        self.webhook = bool(settings.telegram_webhook_url)
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="telegram", daemon=True)

    # --- from the calling thread ------------------------------------------------------------

    def start(self, timeout: float = START_TIMEOUT_SECONDS) -> TelegramService:
        self._thread.start()
        if not self._ready.wait(timeout):
            self.stop()
            raise TelegramStartError(f"Telegram did not start within {timeout:.0f} s")
        if self._error is not None:
            self._thread.join(STOP_TIMEOUT_SECONDS)
            raise TelegramStartError(_why(self._error, self.application.bot.token)) from None
        log.info(
            "Telegram bot @%s running (%s)",
            self.application.bot.username,
            "webhook" if self.webhook else "long polling",
        )
        return self

    def stop(self) -> None:
        loop, stopping = self._loop, self._stopping
        if loop is not None and stopping is not None and not loop.is_closed():
            # The loop may close between the check and the call: nothing left to stop.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(stopping.set)
        self._thread.join(STOP_TIMEOUT_SECONDS)
        if self._thread.is_alive():
            log.warning("the Telegram thread did not stop within %d s", STOP_TIMEOUT_SECONDS)
        for part in self.owned:
            part.stop()  # type: ignore[attr-defined]

    # --- on the bot's own thread and loop ---------------------------------------------------

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        self.resumer.loop = self._loop
        app = self.application
        try:
            await app.initialize()
            await self._set_commands()
            await app.start()
            await self._start_updates()
        except BaseException as exc:  # reported to start(); the thread must not die silently
            self._error = exc
            self._ready.set()
            await self._shutdown()
            return
        self._ready.set()
        sweeper = asyncio.create_task(self._sweep_forever(), name="telegram-form-sweep")
        await self._stopping.wait()
        sweeper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sweeper
        await self._shutdown()

    async def _sweep_forever(self) -> None:
        while True:
            try:
                dropped = await cleanup.sweep(self.application, datetime.now(UTC))
                if dropped:
                    log.info("dropped %d abandoned Telegram form(s)", dropped)
            except Exception as exc:  # best effort: try again next time
                log.warning("the Telegram form sweep failed: %s", type(exc).__name__)
            await asyncio.sleep(cleanup.SWEEP_SECONDS)

    async def _set_commands(self) -> None:
        try:
            await set_default_menu(self.application.bot)
        except TelegramError as exc:  # a missing menu is no reason not to log
            log.warning("could not set the Telegram command menu: %s", type(exc).__name__)

    async def _start_updates(self) -> None:
        updater = self.application.updater
        if not self.webhook:
            await updater.start_polling(
                timeout=POLL_TIMEOUT,
                allowed_updates=ALLOWED_UPDATES,
                bootstrap_retries=BOOTSTRAP_RETRIES,
                drop_pending_updates=False,
            )
            return
        url = self.settings.telegram_webhook_url
        assert url and self.route is not None
        self.route.attach(self.application.bot, self.resumer.queue, asyncio.get_running_loop())
        for attempt in range(BOOTSTRAP_RETRIES + 1):
            try:
                await self.application.bot.set_webhook(
                    url,
                    secret_token=webhook_secret(self.settings),
                    allowed_updates=ALLOWED_UPDATES,
                    drop_pending_updates=False,
                )
                return
            except TelegramError:
                if attempt == BOOTSTRAP_RETRIES:
                    raise
                await asyncio.sleep(1)

    async def _shutdown(self) -> None:
        app = self.application
        for step, needed in (
            (lambda: app.updater.stop(), app.updater is not None and app.updater.running),
            (app.stop, app.running),
            (app.shutdown, True),
        ):
            if not needed:
                continue
            try:
                await step()
            except Exception:  # keep going: the other parts must still be closed
                log.exception("error while stopping the Telegram bot")


def _why(error: BaseException, token: str) -> str:
    """Why start-up failed, without the token (PTB and httpx messages may quote it)."""
    if isinstance(error, InvalidToken):
        return "Telegram refused TELEGRAM_BOT_TOKEN: check it with @BotFather."
    if isinstance(error, OSError):
        why = f"could not open the Telegram webhook port: {error}"
    else:
        why = f"could not reach the Telegram Bot API: {type(error).__name__}: {error}"
    return why.replace(token, "<token>") if token else why


def webhook_secret(settings: Settings) -> str:
    secret = settings.telegram_webhook_secret
    return secret.get_secret_value() if secret else ""


def start_telegram(
    settings: Settings,
    ctx: HandlerContext,
    *,
    intake: Intake | None = None,
    front: Front | None = None,
) -> TelegramService:
    """Start the bot in the background; returns once it is receiving updates.

    `keyworker run` passes the shared intake and front; on its own the service
    makes (and stops) its own."""
    if settings.telegram_webhook_url and not webhook_secret(settings):
        raise TelegramStartError(
            "TELEGRAM_WEBHOOK_SECRET is required in webhook mode (TELEGRAM_WEBHOOK_URL is set): "
            "every process behind the webhook must check the same secret. Make one with "
            'python -c "import secrets; print(secrets.token_urlsafe(32))".'
        )
    owned: list[object] = []
    if intake is None:
        intake = Intake(ctx, settings.spool_dir)
        owned.append(intake)
    queue = DurableQueue(intake)
    application = build_application(settings, ctx, queue)
    resumer = Resumer(application, queue, intake)
    intake.register_resumer("telegram", resumer)
    route = None
    if settings.telegram_webhook_url:
        if front is None:
            front = Front(settings.http_listen, settings.port)
            owned.insert(0, front)
        route = WebhookRoute(front.app, settings.telegram_webhook_url, webhook_secret(settings))
    for part in owned:
        part.start()  # type: ignore[attr-defined]
    try:
        return TelegramService(
            settings, application, resumer, route=route, owned=tuple(owned)
        ).start()
    except BaseException:
        for part in reversed(owned):
            part.stop()  # type: ignore[attr-defined]
        raise
