"""The Bolt app: thin listeners that acknowledge at once and hand the work to `handle`.

Every listener acks before any database work (Bolt's lazy listeners run the
work on its thread pool after the HTTP response, or Socket Mode envelope ack,
has gone). The one exception is a modal submission, whose ack must carry the
field errors: it waits for `handle` at most SUBMIT_BUDGET seconds, then
acknowledges with a "saving" view and reports the outcome by DM.
"""

from __future__ import annotations

import logging
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.config import Settings
from bot.slack import inbound as payloads
from bot.slack.blocks import CHOICE_ACTION_PREFIX
from bot.slack.home import LOG_ACTIONS, home_view
from bot.slack.modals import (
    CALLBACK_ID,
    REFRESH_ACTION,
    form_values,
    form_view,
    loading_view,
    message_view,
    refreshed_form,
    view_errors,
)
from bot.slack.respond import Target, post_dm, send_reply
from handlers.service import handle
from handlers.types import HandlerContext, Reply

log = logging.getLogger(__name__)

SUBMIT_BUDGET = 2.0  # seconds a modal submission may wait for `handle` before acking
SHORTCUTS = {"log_session": "session", "log_behaviour": "behaviour", "log_parent_contact": "parent_contact"}
SAVING = "Saving… I'll send you a message when it's stored."
FAILED = "Sorry, something went wrong and nothing was stored. Please try again."


def make_client(settings: Settings) -> WebClient:
    """The one WebClient shape the app uses: the bot token against SLACK_API_URL."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    base_url = settings.slack_api_url if settings.slack_api_url.endswith("/") else settings.slack_api_url + "/"
    client = WebClient(token=token, base_url=base_url, timeout=10)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    # Slack's own 5xx blips: try again shortly rather than lose the confirmation.
    client.retry_handlers.append(ServerErrorRetryHandler(max_retry_count=2))
    return client


def build_app(settings: Settings, ctx: HandlerContext, *, client: WebClient | None = None) -> App:
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    app = App(
        client=client or make_client(settings),
        signing_secret=secret,
        process_before_response=False,
        name="keyworker",
        # Under "slack_bolt" so configure_logging keeps library chatter (and payloads) quiet.
        logger=logging.getLogger("slack_bolt.keyworker"),
    )
    Listeners(ctx).register(app)
    return app


def _ack(ack: Ack) -> None:
    ack()


class Listeners:
    """Slack payload in, `handle` called, reply sent privately: one method per kind of payload."""

    def __init__(self, ctx: HandlerContext):
        self.ctx = ctx
        self.submissions = ThreadPoolExecutor(max_workers=4, thread_name_prefix="kw-slack-submit")

    def register(self, app: App) -> None:
        app.command(re.compile(r"^/"))(ack=_ack, lazy=[self.run_command])
        app.event("message")(ack=_ack, lazy=[self.run_message])
        app.event("app_home_opened")(ack=_ack, lazy=[self.run_home])
        app.action(re.compile(rf"^{CHOICE_ACTION_PREFIX}\d+$"))(ack=_ack, lazy=[self.run_choice])
        app.action(REFRESH_ACTION)(ack=_ack, lazy=[self.run_refresh])
        app.action(re.compile("^(" + "|".join(LOG_ACTIONS) + ")$"))(ack=_ack, lazy=[self.run_open_form])
        app.shortcut(re.compile("^(" + "|".join(SHORTCUTS) + ")$"))(ack=_ack, lazy=[self.run_open_form])
        app.view(CALLBACK_ID)(self.on_submit)

    # -- work done after the ack ------------------------------------------------------

    def run_command(self, body: dict[str, Any], client: WebClient) -> None:
        inbound, target = payloads.slash_command(body)
        if inbound.text == "/log":
            # A bare /log always wants the form; the trigger lives 3 s, so hold it with a view now.
            target.view_id = self._open_loading(client, target.trigger_id)
        send_reply(client, target, handle(self.ctx, inbound), self.ctx.tz)

    def run_message(self, body: dict[str, Any], client: WebClient) -> None:
        parsed = payloads.direct_message(body)
        if parsed is None:
            log.debug("ignored a message event that isn't a person's DM: %s", body.get("event_id"))
            return
        inbound, target = parsed
        send_reply(client, target, handle(self.ctx, inbound), self.ctx.tz)
        log.debug("finished message event %s", inbound.event_id)

    def run_choice(self, body: dict[str, Any], client: WebClient) -> None:
        inbound, target = payloads.button_click(body, body["actions"][0])
        if (inbound.action or "").startswith("edit:"):
            target.view_id = self._open_loading(client, target.trigger_id)
        send_reply(client, target, handle(self.ctx, inbound), self.ctx.tz)

    def run_open_form(self, body: dict[str, Any], client: WebClient) -> None:
        """Home buttons and global shortcuts: open the form for one kind of record."""
        user = body["user"]["id"]
        kind = SHORTCUTS.get(body.get("callback_id", "")) or LOG_ACTIONS.get(
            (body.get("actions") or [{}])[0].get("action_id", ""))
        target = Target(user_id=user, trigger_id=body.get("trigger_id"))
        target.view_id = self._open_loading(client, target.trigger_id)
        reply = handle(self.ctx, payloads.plain_request(user, "/log"))
        if reply.form is not None and kind:
            reply.form.kind = kind
            reply.form.values["kind"] = kind
        send_reply(client, target, reply, self.ctx.tz)

    def run_refresh(self, body: dict[str, Any], client: WebClient) -> None:
        """The kind, pupils or RPI box changed: rebuild the modal with the fields that now apply."""
        view = body.get("view") or {}
        reply = handle(self.ctx, payloads.plain_request(body["user"]["id"], "/log"))
        if reply.form is None or not view.get("id"):
            return
        form = refreshed_form(reply.form, view, self.ctx.tz)
        try:
            client.views_update(view_id=view["id"], hash=view.get("hash"), view=form_view(form, self.ctx.tz))
        except SlackApiError as exc:
            # hash_conflict: the user changed something else meanwhile; that change refreshes it.
            log.info("form refresh skipped: %s", exc.response.get("error"))

    def run_home(self, event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") == "home" and event.get("user"):
            client.views_publish(user_id=event["user"], view=home_view(self.ctx, event["user"]))

    # -- the modal submission: its ack carries the outcome -----------------------------

    def on_submit(self, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        view = body.get("view") or {}
        user = (body.get("user") or {}).get("id", "")
        inbound = payloads.view_submission(body, form_values(view, self.ctx.tz))
        future = self.submissions.submit(handle, self.ctx, inbound)
        try:
            reply = future.result(timeout=SUBMIT_BUDGET)
        except TimeoutError:
            ack(response_action="update", view=message_view(SAVING))
            self._report_late(client, user, future)
            return
        except Exception:
            log.exception("form submission failed")
            ack(response_action="update", view=message_view(FAILED))
            return
        if reply.field_errors:
            ack(response_action="errors", errors=view_errors(reply.field_errors, view))
            return
        ack()
        if not reply.duplicate:
            post_dm(client, Target(user_id=user), reply)

    def _report_late(self, client: WebClient, user: str, future) -> None:
        try:
            reply = future.result()
        except Exception:
            log.exception("form submission failed after the ack")
            reply = Reply(text=FAILED)
        if reply.duplicate:
            return
        if reply.field_errors:
            problems = "\n".join(f"• {message}" for message in reply.field_errors.values())
            reply = Reply(text=f"Nothing was stored yet. Please open the form again and check:\n{problems}")
        post_dm(client, Target(user_id=user), reply)

    @staticmethod
    def _open_loading(client: WebClient, trigger_id: str | None) -> str | None:
        if not trigger_id:
            return None
        try:
            return client.views_open(trigger_id=trigger_id, view=loading_view())["view"]["id"]
        except SlackApiError as exc:
            log.warning("could not open a modal: %s", exc.response.get("error"))
            return None
