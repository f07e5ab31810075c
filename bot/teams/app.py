"""The Teams bot: the SDK's App mounted on a FastAPI front, with thin activity handlers.

`mount_teams_async(front, settings, ctx, intake)` registers POST /api/messages on
the given FastAPI app through the SDK's FastAPI adapter (wrapped so only the school's tenant
gets in: bot.teams.tenant); the SDK validates every bearer token against the Bot
Framework's published keys before a handler runs. Each handler does three steps:
the activity becomes an Inbound and a Where (bot.teams.activities, pure), the
sender is recognised from the roster on first contact (bot.teams.identity), and
`dispatch` hands the Inbound to the one dispatcher in a worker thread (database
work never runs on the event loop). The Reply goes back as a new message
(bot.teams.respond.send_reply) or, for a card button, as the card that replaces
the one pressed, which is how a form redraws itself, shows its field errors, or
turns into its confirmation after Save.

Failures are logged by type and place only (the message may quote a pupil), and
the person is told their message may not have been saved.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import traceback
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from microsoft_teams.api import (
    AdaptiveCardInvokeActivity,
    ConversationUpdateActivity,
    FileConsentInvokeActivity,
    InstalledActivity,
    InvokeResponse,
    MessageActivity,
    MessageUpdateActivity,
)
from microsoft_teams.api.auth.cloud_environment import PUBLIC, CloudEnvironment, with_overrides
from microsoft_teams.apps import ActivityContext, App

from bot.config import Settings
from bot.intake import Envelope, Intake
from bot.teams.activities import Where, from_card_data, from_edit, from_message, where_of
from bot.teams.cards import Element, form_card, message_card
from bot.teams.credentials import app_options
from bot.teams.files import answer_consent
from bot.teams.identity import recognise
from bot.teams.respond import card_response, reply_content, safe_for, send_reply
from bot.teams.tenant import SchoolTenantAdapter
from handlers.service import handle
from handlers.types import HandlerContext, Inbound, Reply
from handlers.wording import MAY_HAVE_FAILED

log = logging.getLogger(__name__)

MESSAGING_ENDPOINT = "/api/messages"
# Replies go to each activity's own serviceUrl; this is only the SDK's default.
DEFAULT_SERVICE_URL = "https://smba.trafficmanager.net/teams"
SAVING = "Saving… I'll send you a message when it's stored."
SINK_TIMEOUT = 30.0  # seconds a worker waits for the bot's event loop to send a reply
ALREADY_DONE = "Done: that was already handled."
FILES_FOLLOW = "Your file: press Allow to save it to your OneDrive and open it."
SAVE_AGAIN = (
    "Couldn't save just now: the records database is busy. Nothing was stored. "
    "Press Save again in a minute."
)


def cloud_for(settings: Settings) -> CloudEnvironment:
    """Microsoft's public cloud, with the signing keys' address overridden if set."""
    return with_overrides(PUBLIC, openid_metadata_url=settings.teams_openid_metadata_url)


def build_app(front: FastAPI, settings: Settings) -> App:
    """The SDK App with every option passed explicitly (no environment fallbacks)."""
    cloud = cloud_for(settings)
    assert settings.teams_tenant_id
    return App(
        **app_options(settings, cloud.login_endpoint),
        cloud=cloud,
        service_url=DEFAULT_SERVICE_URL,
        http_server_adapter=SchoolTenantAdapter(settings.teams_tenant_id, app=front),
        messaging_endpoint=MESSAGING_ENDPOINT,
        dangerously_allow_unauthenticated_requests=False,
        state=False,
        fetch_user_token=False,
        telemetry={"agent365": False},
    )


def log_failure(what: str, exc: BaseException) -> None:
    """The exception's type and where it came from; its message may quote a pupil."""
    where = "".join(traceback.format_tb(exc.__traceback__))
    log.error("Teams %s failed: %s\n%s", what, type(exc).__name__, where.rstrip())
    log.debug("Teams %s failed", what, exc_info=exc)


@dataclass
class TeamsService:
    """The mounted bot: its activity handlers, and the intake's Teams side (TeamsSink)."""

    app: App
    settings: Settings
    ctx: HandlerContext
    intake: Intake
    loop: asyncio.AbstractEventLoop
    stopped: bool = False

    async def recognise(self, where: Where) -> None:
        assert self.settings.teams_tenant_id
        await recognise(self.app, self.ctx.engine, where, self.settings.teams_tenant_id)

    # -- messages: stored, then answered by the intake with a new message ------------

    async def on_message(self, actx: ActivityContext[MessageActivity]) -> None:
        parsed = from_message(actx.activity, self.ctx.tz)
        if parsed is not None:
            await self._store("message", *parsed)

    async def on_edit(self, actx: ActivityContext[MessageUpdateActivity]) -> None:
        await self._store("edit", *from_edit(actx.activity))

    async def _store(self, what: str, inbound: Inbound, where: Where) -> None:
        """Store the delivery; only then does the SDK answer the Bot Connector."""
        envelope = Envelope(inbound, dataclasses.asdict(where))
        if inbound.event_id is None:  # nothing to key it by: answer it here and now
            await asyncio.to_thread(self._answer, envelope)
            return
        await asyncio.to_thread(self.intake.accept, envelope)

    def _answer(self, envelope: Envelope) -> None:
        sink = TeamsSink(self)
        try:
            sink.before(envelope)
            sink.deliver(envelope, handle(self.ctx, envelope.inbound))
        except Exception as exc:
            log_failure("message", exc)
            sink.run(self._tell_failed(Where(**envelope.reply_to)))

    async def answer_by_message(self, where: Where, inbound: Inbound, reply: Reply) -> None:
        """Send the reply as a new message (raising if Teams would not take it)."""
        # An Action.Submit (older clients) can't redraw its card: the form comes again.
        again = None
        if self._form_refused(inbound, reply):
            again = await self._form_again(inbound, where, reply)
        await send_reply(self.app, where, reply, self.ctx.tz, content=again, engine=self.ctx.engine)

    async def _tell_failed(self, where: Where) -> None:
        try:
            await send_reply(self.app, where, Reply(text=MAY_HAVE_FAILED), self.ctx.tz)
        except Exception as exc:  # Teams itself may be what failed
            log.warning("could not tell the user about the failure: %s", type(exc).__name__)

    # -- card buttons: the answer replaces the card --------------------------------

    async def on_card_action(
        self, actx: ActivityContext[AdaptiveCardInvokeActivity]
    ) -> InvokeResponse[Any]:
        inbound, where = from_card_data(actx.activity, actx.activity.value.action.data, self.ctx.tz)
        try:
            await self.recognise(where)
            reply = await self._card_now(inbound, where)
            if reply is None:  # held while the database is away: answered once it is stored
                return card_response(message_card(SAVING))
            content = await self._card_for(inbound, where, reply)
            if reply.attachments and where.personal and not reply.duplicate:
                # A card can't carry files: they follow as a message, to be allowed.
                files = Reply(text=FILES_FOLLOW, attachments=reply.attachments)
                await send_reply(self.app, where, files, self.ctx.tz, engine=self.ctx.engine)
            return card_response(content)
        except Exception as exc:
            log_failure("card action", exc)
            return card_response(message_card(MAY_HAVE_FAILED))

    async def _card_now(self, inbound: Inbound, where: Where) -> Reply | None:
        """A card's answer must come in this request: stored, then handled at once
        (read-only requests, such as a form's redraw, need nothing stored)."""
        if inbound.event_id is None:
            return await asyncio.to_thread(handle, self.ctx, inbound)
        envelope = Envelope(inbound, dataclasses.asdict(where))
        return await asyncio.to_thread(self.intake.handle_now, envelope)

    async def _card_for(self, inbound: Inbound, where: Where, reply: Reply) -> Element:
        if reply.duplicate:
            return message_card(ALREADY_DONE)
        if self._form_refused(inbound, reply):
            return await self._form_again(inbound, where, reply)
        return reply_content(safe_for(where, reply), self.ctx.tz, files_offered=where.personal)

    @staticmethod
    def _form_refused(inbound: Inbound, reply: Reply) -> bool:
        """A Save that stored nothing: something to fix, or the database was busy."""
        saved = inbound.form is not None and inbound.open_form is None
        return saved and bool(reply.field_errors or reply.retryable)

    async def _form_again(self, submitted: Inbound, where: Where, reply: Reply) -> Element:
        """The submitted form redrawn with what was filled in and what to fix."""
        redraw = dataclasses.replace(submitted, open_form="", event_id=None)
        again = await asyncio.to_thread(handle, self.ctx, redraw)
        if again.form is None:  # no longer allowed (deactivated meanwhile): say why
            return reply_content(safe_for(where, again), self.ctx.tz)
        errors = {"notes": SAVE_AGAIN} if reply.retryable else reply.field_errors
        return form_card(again.form, self.ctx.tz, errors=errors, note=reply.text)

    # -- installs: remember the personal chat of staff the app was installed for --

    async def on_install(self, actx: ActivityContext[InstalledActivity]) -> None:
        await self._recognise_installer(where_of(actx.activity))

    async def on_conversation_update(
        self, actx: ActivityContext[ConversationUpdateActivity]
    ) -> None:
        await self._recognise_installer(where_of(actx.activity))

    async def _recognise_installer(self, where: Where) -> None:
        assert self.settings.teams_tenant_id
        try:
            await recognise(self.app, self.ctx.engine, where, self.settings.teams_tenant_id)
        except Exception as exc:
            log_failure("install", exc)

    # -- files: the person allowed (or declined) a file the bot offered ------------

    async def on_file_consent(self, actx: ActivityContext[FileConsentInvokeActivity]) -> None:
        try:
            await answer_consent(self.app, self.ctx.engine, actx.activity)
        except Exception as exc:
            log_failure("file consent", exc)

    def register(self) -> None:
        self.app.on_message(self.on_message)
        self.app.on_file_consent(self.on_file_consent)
        self.app.on_edit_message(self.on_edit)
        self.app.on_card_action(self.on_card_action)
        self.app.on_install_add(self.on_install)
        self.app.on_conversation_update(self.on_conversation_update)

    def stop(self) -> None:
        self.stopped = True


class TeamsSink:
    """The intake's Teams side: recognise the sender, then send the reply, both on the
    bot's own event loop (the SDK's clients live there)."""

    def __init__(self, service: TeamsService) -> None:
        self.service = service

    def run(self, coroutine: Any) -> Any:
        future = asyncio.run_coroutine_threadsafe(coroutine, self.service.loop)
        return future.result(timeout=SINK_TIMEOUT)

    def before(self, envelope: Envelope) -> None:
        self.run(self.service.recognise(Where(**envelope.reply_to)))

    def deliver(self, envelope: Envelope, reply: Reply) -> None:
        where = Where(**envelope.reply_to)
        self.run(self.service.answer_by_message(where, envelope.inbound, reply))


async def mount_teams_async(
    front: FastAPI, settings: Settings, ctx: HandlerContext, intake: Intake
) -> TeamsService:
    """Mount POST /api/messages on `front`; run on the event loop that will serve it."""
    app = build_app(front, settings)
    service = TeamsService(
        app=app, settings=settings, ctx=ctx, intake=intake, loop=asyncio.get_running_loop()
    )
    service.register()
    intake.register("teams", TeamsSink(service))
    await app.initialize()
    return service
