"""The PTB Application: Telegram updates in, handlers.service.handle, replies out.

Private chat only: a message or command becomes an Inbound (event id
"update:<update_id>", so a redelivered update is stored once by the handlers'
own transaction); a button press becomes Inbound(action=...); a Reply with a
form starts the guided form (handlers/forms/guided.py, drawn here as inline
keyboards), whose steps are answered here and whose end is submitted as
Inbound(form=...). In a group the bot refuses before any handler runs,
without naming anyone. `/start CODE` goes to the handlers like any text (it
links the account). Blocking database work runs in worker threads. Updates from
different people run concurrently, each person's in order (bot/telegram/order.py).
A form left for FORM_TTL is dropped when its owner next writes (and by the
runner's periodic sweep, bot/telegram/cleanup.py).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import CallbackQuery, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.config import Settings
from bot.telegram.durable import DurableApplication, DurableQueue
from bot.telegram.keyboards import markup
from bot.telegram.menu import CommandMenus
from bot.telegram.order import PerUserOrder
from bot.telegram.persistence import DatabasePersistence
from bot.telegram.replies import edit_or_send, send_reply
from bot.telegram.retry import RetryingRateLimiter
from handlers.forms import guided
from handlers.service import handle
from handlers.types import HandlerContext, Inbound, Reply
from handlers.wording import group_refusal

log = logging.getLogger(__name__)

PLATFORM = "telegram"
ALLOWED_UPDATES = ["message", "callback_query"]

CANCELLED = "Cancelled: nothing was stored."
FORM_GONE = "This form has finished. Send /log to start another."
ALREADY_SAVED = "That was already saved. Send /today to see it."
SAVE_AGAIN = "Couldn't save just now: the records database is busy. Nothing was stored yet. Press Save ✓ again in a minute."
SORRY = (
    "Sorry, something went wrong on my side. Check /today to see whether your log was "
    "stored before you send it again."
)


def file_url_for(api_url: str) -> str:
    """The Bot API's file URL beside its method URL (…/bot -> …/file/bot)."""
    base = api_url.rstrip("/")
    if base.endswith("/bot"):
        return base[: -len("/bot")] + "/file/bot"
    return base + "/file/bot"


def build_application(
    settings: Settings, ctx: HandlerContext, queue: DurableQueue
) -> DurableApplication:
    """The bot, its updates stored by `queue` (the durable intake) before PTB sees them."""
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    application = (
        ApplicationBuilder()
        .application_class(DurableApplication)
        .update_queue(queue)
        .token(token)
        .base_url(settings.telegram_api_url)
        .base_file_url(file_url_for(settings.telegram_api_url))
        .rate_limiter(RetryingRateLimiter())
        .persistence(DatabasePersistence(ctx.engine))
        # Schedules belong to schedules/, not to PTB's in-memory JobQueue.
        .job_queue(None)
        # Concurrent across people, in order for each: a user's form steps never interleave.
        .concurrent_updates(PerUserOrder())
        .build()
    )
    application.intake = queue.intake
    KeyworkerBot(ctx).register(application)
    return application


class KeyworkerBot:
    """The update callbacks, sharing the handlers' context."""

    def __init__(self, ctx: HandlerContext):
        self.ctx = ctx
        self.menus = CommandMenus()

    def register(self, application: Application) -> None:
        private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
        # Group -1 runs before the others for every update and never stops them.
        application.add_handler(TypeHandler(Update, self.drop_expired_form), group=-1)
        application.add_handler(CallbackQueryHandler(self.on_button))
        application.add_handler(
            MessageHandler(
                filters.ChatType.GROUPS & filters.UpdateType.MESSAGE, self.on_group_message
            )
        )
        application.add_handler(MessageHandler(private & filters.TEXT, self.on_text))
        application.add_handler(MessageHandler(private, self.on_other))
        application.add_error_handler(self.on_error)

    # --- calling the product -------------------------------------------------------------

    async def _handle(self, inbound: Inbound) -> Reply:
        return await asyncio.to_thread(handle, self.ctx, inbound)

    async def _handle_and_menu(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, inbound: Inbound
    ) -> Reply:
        """`handle`, then the chat's command menu made to fit who the sender turned out to be."""
        reply = await self._handle(inbound)
        if inbound.private and not (reply.duplicate or reply.retryable):
            role = reply.role if reply.linked else None
            await self.menus.refresh(context.bot, update.effective_chat.id, role)
        return reply

    def _inbound(self, update: Update, **fields: Any) -> Inbound:
        user, chat = update.effective_user, update.effective_chat
        received = update.message.date if update.message else self.ctx.now()
        return Inbound(
            platform=PLATFORM,
            user_id=str(user.id),
            chat_id=str(chat.id),
            received_at=received,
            event_id=f"update:{update.update_id}",
            private=chat.type == ChatType.PRIVATE,
            forms=True,
            **fields,
        )

    async def _deliver(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        reply: Reply,
        *,
        edit: Message | None = None,
    ) -> None:
        if reply.duplicate:
            return
        if reply.form is not None:
            await self._start_form(update, context, reply)
            return
        await send_reply(context.bot, update.effective_chat.id, reply, edit=edit)

    # --- private chat ------------------------------------------------------------------------

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        text = update.effective_message.text or ""
        if update.effective_message.forward_origin is not None:
            # Never a form answer nor a log: it would be stored as the forwarder's, timed now.
            inbound = self._inbound(update, content="forwarded")
            await self._deliver(
                update, context, await self._handle_and_menu(update, context, inbound)
            )
            return
        command = _command_name(text, context.bot.username)
        state = self._form(context)
        if state is not None and _seen(state, update):
            return
        if state is not None and command is None:
            outcome = guided.on_text(state, text, self.ctx.now())
            await self._after_step(update, context, state, outcome)
            return
        if state is not None and command == "cancel":
            await self._end_form(update, context)
            await self._handle(self._inbound(update, text=text))  # forgets any question too
            await update.effective_message.reply_text(CANCELLED)
            return
        if state is not None and command == "log":
            await self._end_form(update, context)
        reply = await self._handle_and_menu(update, context, self._inbound(update, text=text))
        await self._deliver(update, context, reply)

    async def on_other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A photo, file, sticker or voice note: the handlers say what to do instead."""
        inbound = self._inbound(update, content="file")
        await self._deliver(update, context, await self._handle_and_menu(update, context, inbound))

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        chat = update.effective_chat
        if chat is None or chat.type != ChatType.PRIVATE:
            await _answer(query, group_refusal(), alert=True)
            return
        data = query.data or ""
        if not data.startswith(guided.PREFIX):
            await _answer(query)
            inbound = self._inbound(update, action=data)
            await self._deliver(
                update, context, await self._handle_and_menu(update, context, inbound)
            )
            return
        state = self._form(context)
        if state is None:
            await _answer(query, FORM_GONE)
            return
        if _seen(state, update):
            await _answer(query)
            return
        outcome = guided.on_button(state, data, self.ctx.now())
        await _answer(query, outcome.toast)
        await self._after_step(update, context, state, outcome, edit=query.message)

    # --- the guided form ---------------------------------------------------------------------

    async def drop_expired_form(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Whatever the user sends, a form they left more than FORM_TTL ago goes (and its row)."""
        state = context.user_data.get("form") if update.effective_user else None
        if state is not None and guided.expired(state, self.ctx.now()):
            await self._end_form(update, context)

    def _form(self, context: ContextTypes.DEFAULT_TYPE) -> dict | None:
        state = context.user_data.get("form")
        if state is not None and guided.expired(state, self.ctx.now()):
            context.user_data.pop("form", None)  # expired mid-update; drop_expired_form saves it
            return None
        return state

    async def _save(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Write the form to the database now, not at PTB's next interval: a restart
        or crash a moment later must not lose the step just answered."""
        application = context.application
        application.mark_data_for_update_persistence(user_ids=update.effective_user.id)
        await application.update_persistence()

    async def _end_form(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        context.user_data.pop("form", None)
        await self._save(update, context)

    async def _start_form(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, reply: Reply
    ) -> None:
        # The handlers also remembered their one-line question (or the record being
        # edited); on Telegram the form answers it, so forget it or a later
        # plain message would be taken as its answer.
        await self._handle(
            Inbound(
                platform=PLATFORM,
                user_id=str(update.effective_user.id),
                chat_id=str(update.effective_chat.id),
                text="/cancel",
            )
        )
        state = guided.start(reply.form, now=self.ctx.now())
        state["last_update"] = update.update_id
        context.user_data["form"] = state
        await self._show_form(update, context, state, edit=None)

    async def _show_form(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        state: dict,
        *,
        edit: Message | None,
    ) -> None:
        # Saved before it is shown: whatever the user sees next is already in the database.
        await self._save(update, context)
        screen = guided.screen(state, self.ctx.now())
        await edit_or_send(
            context.bot, update.effective_chat.id, screen.text, markup(screen.rows), edit
        )

    async def _after_step(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        state: dict,
        outcome: guided.Outcome,
        *,
        edit: Message | None = None,
    ) -> None:
        state["last_update"] = update.update_id
        if outcome.action == "stale":
            await self._save(update, context)
            return
        if outcome.action == "cancel":
            await self._end_form(update, context)
            await edit_or_send(context.bot, update.effective_chat.id, CANCELLED, None, edit)
            return
        if outcome.action == "submit":
            inbound = self._inbound(update, form=guided.submission(state))
            reply = await self._handle_and_menu(update, context, inbound)
            if reply.duplicate:
                # This Save was stored before (Telegram delivered it again after a restart
                # that lost the form's end): end the form rather than leave it open.
                await self._end_form(update, context)
                await edit_or_send(context.bot, update.effective_chat.id, ALREADY_SAVED, None, edit)
                return
            if reply.retryable:
                # The database failed and nothing was stored: keep every answer for another Save.
                state["notice"] = SAVE_AGAIN
                await self._show_form(update, context, state, edit=edit)
                return
            if reply.field_errors and reply.form is None:
                guided.apply_errors(state, reply.field_errors)
                await self._show_form(update, context, state, edit=edit)
                return
            await self._end_form(update, context)
            await self._deliver(update, context, reply, edit=edit)
            return
        await self._show_form(update, context, state, edit=edit)

    # --- groups and errors -------------------------------------------------------------------

    async def on_group_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        username = context.bot.username
        if not _addressed_to(message, username, context.bot.id):
            return
        await message.reply_text(group_refusal(f"https://t.me/{username}" if username else None))

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        # The update itself may quote a pupil's name: log its id and the error type only.
        update_id = getattr(update, "update_id", None)
        log.error(
            "Telegram update %s failed: %s",
            update_id,
            type(context.error).__name__,
            exc_info=context.error,
        )
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is not None and chat.type == ChatType.PRIVATE:
            try:
                await context.bot.send_message(chat.id, SORRY)
            except TelegramError:  # the error may well have been Telegram itself
                log.warning("could not tell the user about the failed update %s", update_id)


def _seen(state: dict, update: Update) -> bool:
    """A form step redelivered by Telegram (same or older update id) is ignored."""
    last = state.get("last_update")
    return last is not None and update.update_id <= last


def _command_name(text: str, username: str | None) -> str | None:
    if not text.startswith("/"):
        return None
    head = text[1:].split(maxsplit=1)[0] if len(text) > 1 else ""
    name, _, target = head.partition("@")
    if target and username and target.lower() != username.lower():
        return None
    return name.lower() or None


def _addressed_to(message: Message | None, username: str | None, bot_id: int) -> bool:
    if message is None:
        return False
    text = message.text or message.caption or ""
    if text.startswith("/"):
        head = text[1:].split(maxsplit=1)[0] if len(text) > 1 else ""
        _, _, target = head.partition("@")
        return not target or (username is not None and target.lower() == username.lower())
    if username and f"@{username.lower()}" in text.lower():
        return True
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == bot_id)


async def _answer(query: CallbackQuery, text: str | None = None, *, alert: bool = False) -> None:
    """Stop the button's spinner; a query Telegram already forgot is not an error."""
    try:
        await query.answer(text=text, show_alert=alert)
    except BadRequest as exc:
        log.info("could not answer a callback query: %s", exc)
