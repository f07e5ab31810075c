"""The Bolt app: listeners that store each delivery, acknowledge, and let the intake work.

A slash command, a DM and a button press are turned into an Inbound (with
where to answer: response_url, DM, trigger), stored by the durable intake
(bot.intake) and only then acknowledged; the intake's workers handle it once
and answer through SlackSink. Read-only requests (App Home, opening or
redrawing a form) need nothing stored and run on the app's own pool
(bot/slack/work.py says why not Bolt's lazy listeners: they share Bolt's
threads with the acks). A modal submission's ack must carry its field errors:
it is stored and handled at once, waiting at most SUBMIT_BUDGET seconds, then
acknowledges with a "saving" view and reports the outcome by DM. Failures are
logged by type and place only (the message may quote a pupil).
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.config import Settings
from bot.intake import Acceptance, Envelope, Intake
from bot.slack import inbound as payloads
from bot.slack.blocks import CHOICE_ACTION_PREFIX
from bot.slack.home import LOG_ACTIONS, home_view
from bot.slack.members import MemberNames
from bot.slack.modals import (
    CALLBACK_ID,
    REFRESH_ACTION,
    form_values,
    form_view,
    loading_view,
    message_view,
    view_errors,
)
from bot.slack.respond import Target, post_dm, send_reply, target_from, target_json
from bot.slack.work import WorkPool
from bot.slack.workspace import workspace_guard
from handlers.service import handle, may_open_form
from handlers.types import HandlerContext, Inbound, Reply
from handlers.wording import MAY_HAVE_FAILED

log = logging.getLogger(__name__)

SUBMIT_BUDGET = 2.0  # seconds a modal submission may wait for `handle` before acking
# Slow work at once: below SQLAlchemy's default 15 connections, so the database pool,
# not a queue of threads, is never what a form submission waits on.
WORKERS = 8
SUBMIT_WORKERS = 4  # form submissions get their own threads: their ack waits for them
STOP_TIMEOUT = 20.0  # seconds stop() lets acked work finish
SHORTCUTS = {
    "log_session": "session",
    "log_behaviour": "behaviour",
    "log_parent_contact": "parent_contact",
}
SAVING = "Saving… I'll send you a message when it's stored."
FAILED = "Sorry, something went wrong and nothing was stored. Please try again."
SAVE_AGAIN = "Couldn't save just now: the records database is busy. Nothing was stored. Press Save again in a minute."


def make_client(settings: Settings) -> WebClient:
    """The one WebClient shape the app uses: the bot token against SLACK_API_URL."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    base_url = (
        settings.slack_api_url
        if settings.slack_api_url.endswith("/")
        else settings.slack_api_url + "/"
    )
    client = WebClient(token=token, base_url=base_url, timeout=10)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    # Slack's own 5xx blips: try again shortly rather than lose the confirmation.
    client.retry_handlers.append(ServerErrorRetryHandler(max_retry_count=2))
    return client


def build_app(
    settings: Settings, ctx: HandlerContext, intake: Intake, *, client: WebClient | None = None
) -> tuple[App, Listeners]:
    """The Bolt app and its listeners (whose `stop()` drains their work pools); Slack's
    deliveries are handled by `intake`, answered through a SlackSink on the app's client."""
    secret = (
        settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    )
    listeners = Listeners(ctx, intake)
    app = App(
        client=client or make_client(settings),
        signing_secret=secret,
        # Every listener stores (or hands its work to a pool) and acks within milliseconds,
        # so it runs in the thread that took the request and the answer goes straight
        # back: no second thread, and none of Bolt's 10 ms polling for the ack.
        process_before_response=True,
        name="keyworker",
        # Under "slack_bolt" so configure_logging keeps library chatter (and payloads) quiet.
        logger=logging.getLogger("slack_bolt.keyworker"),
    )
    app.use(workspace_guard)
    listeners.register(app)
    intake.register(payloads.PLATFORM, SlackSink(app.client, ctx))
    return app, listeners


class SlackSink:
    """The intake's Slack side: a placeholder form first when one is coming, then the reply."""

    def __init__(self, client: WebClient, ctx: HandlerContext):
        self.client = client
        self.ctx = ctx

    def before(self, envelope: Envelope) -> None:
        if may_open_form(envelope.inbound) and envelope.reply_to.get("trigger_id"):
            # The trigger lives 3 s: hold it with a placeholder view now, fill it in after.
            view_id = open_loading(self.client, envelope.reply_to["trigger_id"])
            envelope.reply_to["view_id"] = view_id

    def deliver(self, envelope: Envelope, reply: Reply) -> None:
        send_reply(self.client, target_from(envelope.reply_to), reply, self.ctx.tz)


def open_loading(client: WebClient, trigger_id: str | None) -> str | None:
    if not trigger_id:
        return None
    try:
        return client.views_open(trigger_id=trigger_id, view=loading_view())["view"]["id"]
    except SlackApiError as exc:
        log.warning("could not open a modal: %s", exc.response.get("error"))
        return None


Work = Callable[[dict[str, Any], WebClient], None]


def _user_of(body: dict[str, Any]) -> str | None:
    return (
        body.get("user_id")
        or (body.get("user") or {}).get("id")
        or (body.get("event") or {}).get("user")
    )


def log_failure(what: str, exc: BaseException) -> None:
    """The exception's type and where it came from; its message may quote a pupil, so only at DEBUG."""
    where = "".join(traceback.format_tb(exc.__traceback__))
    log.error("Slack %s failed: %s\n%s", what, type(exc).__name__, where.rstrip())
    log.debug("Slack %s failed", what, exc_info=exc)


class Listeners:
    """Slack payload in, `handle` called, reply sent privately: one method per kind of payload."""

    def __init__(self, ctx: HandlerContext, intake: Intake):
        self.ctx = ctx
        self.intake = intake
        self.work = WorkPool(WORKERS, "kw-slack-work")
        self.submissions = WorkPool(SUBMIT_WORKERS, "kw-slack-submit")
        self.names = MemberNames()

    def register(self, app: App) -> None:
        later, stored = self._later, self._stored
        app.command(re.compile(r"^/"))(stored(self.decode_command))
        app.event("message")(stored(self.decode_message))
        app.event("app_home_opened")(later(self.run_home, tell=False))
        app.action(re.compile(rf"^{CHOICE_ACTION_PREFIX}\d+$"))(stored(self.decode_choice))
        app.action(REFRESH_ACTION)(later(self.run_refresh))
        app.action(re.compile("^(" + "|".join(LOG_ACTIONS) + ")$"))(later(self.run_open_form))
        app.shortcut(re.compile("^(" + "|".join(SHORTCUTS) + ")$"))(later(self.run_open_form))
        app.view(CALLBACK_ID)(self.on_submit)

    def stop(self) -> None:
        """After the server or socket has stopped: let acked work finish, then close the pools."""
        self.work.stop(STOP_TIMEOUT)
        self.submissions.stop(STOP_TIMEOUT)

    # -- store, then ack: the intake handles it -----------------------------------------

    def _stored(self, decode: Callable[[dict[str, Any], WebClient], tuple[Inbound, Target] | None]):
        """A Bolt listener that stores the decoded delivery durably, then acks.

        If neither the database nor the spool can take it, it does not ack: Bolt
        answers 500 and Slack (or the person) tries again."""

        def listener(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
            decoded = decode(body, client)
            if decoded is None:
                ack()
                return
            inbound, target = decoded
            accepted = self.intake.accept(Envelope(inbound, target_json(target)))
            if accepted is Acceptance.duplicate:
                log.info("duplicate Slack delivery %s", inbound.event_id)
            ack()

        listener.__name__ = decode.__name__  # Bolt names listeners in its own logs
        return listener

    def decode_command(self, body: dict[str, Any], client: WebClient) -> tuple[Inbound, Target]:
        return payloads.slash_command(body)

    def decode_message(
        self, body: dict[str, Any], client: WebClient
    ) -> tuple[Inbound, Target] | None:
        parsed = payloads.direct_message(body, self.names.resolver(client))
        if parsed is None:
            log.debug("ignored a message event that isn't a person's DM: %s", body.get("event_id"))
        return parsed

    def decode_choice(self, body: dict[str, Any], client: WebClient) -> tuple[Inbound, Target]:
        return payloads.button_click(body, body["actions"][0])

    # -- read-only: ack now, work on the pool --------------------------------------------

    def _later(self, work: Work, *, tell: bool = True):
        """A Bolt listener that acks and queues `work(body, client)` on the work pool."""

        def listener(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
            ack()
            self.work.submit(self._guarded, work, body, client, tell)

        listener.__name__ = work.__name__  # Bolt names listeners in its own logs
        return listener

    def _guarded(self, work: Work, body: dict[str, Any], client: WebClient, tell: bool) -> None:
        try:
            work(body, client)
        except (
            Exception
        ) as exc:  # the user must hear something, and the next request must still work
            log_failure(work.__name__, exc)
            if tell:
                self._tell_failed(body, client)

    def _tell_failed(self, body: dict[str, Any], client: WebClient) -> None:
        user = _user_of(body)
        if not user:
            return
        event = body.get("event") or {}
        target = Target(
            user_id=user,
            response_url=body.get("response_url"),
            dm_channel=event.get("channel") if event.get("channel_type") == "im" else None,
        )
        try:
            send_reply(client, target, Reply(text=MAY_HAVE_FAILED), self.ctx.tz)
        except Exception as exc:  # Slack itself may be what failed
            log.warning("could not tell the user about the failure: %s", type(exc).__name__)

    # -- work done after the ack ------------------------------------------------------

    def run_open_form(self, body: dict[str, Any], client: WebClient) -> None:
        """Home buttons and global shortcuts: open the form for one kind of record."""
        user = body["user"]["id"]
        kind = SHORTCUTS.get(body.get("callback_id", "")) or LOG_ACTIONS.get(
            (body.get("actions") or [{}])[0].get("action_id", "")
        )
        target = Target(user_id=user, trigger_id=body.get("trigger_id"))
        target.view_id = open_loading(client, target.trigger_id)
        inbound = payloads.form_request(user, kind or "")
        send_reply(client, target, handle(self.ctx, inbound), self.ctx.tz)

    def run_refresh(self, body: dict[str, Any], client: WebClient) -> None:
        """The kind, pupils or RPI box changed: rebuild the modal with the fields that now apply."""
        view = body.get("view") or {}
        filled = form_values(view, self.ctx.tz)
        reply = handle(self.ctx, payloads.form_request(body["user"]["id"], "", filled))
        if reply.form is None or not view.get("id"):
            return
        try:
            client.views_update(
                view_id=view["id"], hash=view.get("hash"), view=form_view(reply.form, self.ctx.tz)
            )
        except SlackApiError as exc:
            # hash_conflict: the user changed something else meanwhile; that change refreshes it.
            log.info("form refresh skipped: %s", exc.response.get("error"))

    def run_home(self, body: dict[str, Any], client: WebClient) -> None:
        event = body.get("event") or {}
        if event.get("tab", "home") == "home" and event.get("user"):
            client.views_publish(user_id=event["user"], view=home_view(self.ctx, event["user"]))

    # -- the modal submission: its ack carries the outcome -----------------------------

    def on_submit(self, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        view = body.get("view") or {}
        user = (body.get("user") or {}).get("id", "")
        inbound = payloads.view_submission(body, form_values(view, self.ctx.tz))
        envelope = Envelope(inbound, target_json(Target(user_id=user)))
        future = self.submissions.submit(self.intake.handle_now, envelope)
        try:
            reply = future.result(timeout=SUBMIT_BUDGET)
            if reply is None:  # held in the spool: it is answered by DM once stored
                ack(response_action="update", view=message_view(SAVING))
                return
        except TimeoutError:
            ack(response_action="update", view=message_view(SAVING))
            # The outcome is reported from the work pool once `handle` is done: no
            # Bolt thread (they only ack) waits for a slow database.
            future.add_done_callback(
                lambda done: self.work.submit(self._guarded_late, client, user, done)
            )
            return
        except Exception as exc:
            log_failure("form submission", exc)
            ack(response_action="update", view=message_view(FAILED))
            return
        if reply.retryable:
            # The database failed and nothing was stored: keep the form, filled in, to press Save again.
            ack(response_action="errors", errors=view_errors({"notes": SAVE_AGAIN}, view))
            return
        if reply.field_errors:
            ack(response_action="errors", errors=view_errors(reply.field_errors, view))
            return
        ack()
        if not reply.duplicate:  # after the ack, off the request's thread: Slack waits on it
            self.work.submit(self._guarded_dm, client, user, reply)

    def _guarded_dm(self, client: WebClient, user: str, reply: Reply) -> None:
        try:
            post_dm(client, Target(user_id=user), reply)
        except Exception as exc:
            log_failure("form reply", exc)

    def _guarded_late(self, client: WebClient, user: str, future: Future) -> None:
        try:
            self._report_late(client, user, future)
        except Exception as exc:
            log_failure("late form report", exc)

    def _report_late(self, client: WebClient, user: str, future: Future) -> None:
        try:
            reply = future.result()
        except Exception as exc:
            log_failure("form submission after the ack", exc)
            reply = Reply(text=FAILED)
        if reply is None or reply.duplicate:
            return  # held: the intake answers it once it is stored
        if reply.field_errors:
            problems = "\n".join(f"• {message}" for message in reply.field_errors.values())
            reply = Reply(
                text=f"Nothing was stored yet. Please open the form again and check:\n{problems}"
            )
        post_dm(client, Target(user_id=user), reply)
