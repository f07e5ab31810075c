"""Sending a `Reply` back to the one person who asked, never to a channel.

Where Slack gave a `response_url` (slash commands, button clicks on messages)
the reply is ephemeral through it; otherwise it goes to the user's DM with the
bot. A reply carrying a form opens (or fills) a modal when a trigger or an
open "loading" view allows it. A reply's files (a /report pack) always go to
the user's DM (`upload_to_dm`, shared with the outbox's `notify.deliver`):
never a channel, and never the response_url, which cannot carry files. A
reply to a redelivered event sends nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields, replace
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.webhook import WebhookClient

from bot.slack.blocks import fallback_text, reply_blocks
from bot.slack.modals import form_view, message_view
from handlers.types import Attachment, Reply

log = logging.getLogger(__name__)
RESPONSE_URL_TIMEOUT = 5
FILE_IN_DM = "The file is in your direct messages with me."
FILE_FAILED = "I couldn't send you the file just now. Please ask again in a few minutes."


@dataclass
class Target:
    """Where a reply may go, from the payload that caused it."""

    user_id: str
    dm_channel: str | None = None  # the IM channel, when the event came from it
    response_url: str | None = None
    trigger_id: str | None = None
    view_id: str | None = None  # a "loading" modal opened for this reply
    replace_original: bool = False


def target_json(target: Target) -> dict[str, Any]:
    """Where to answer, as the intake keeps it with the delivery."""
    return asdict(target)


def target_from(data: dict[str, Any]) -> Target:
    known = {f.name for f in fields(Target)}
    return Target(**{k: v for k, v in data.items() if k in known})


def dm_channel(client: WebClient, user_id: str) -> str:
    return client.conversations_open(users=user_id)["channel"]["id"]


def upload_to_dm(
    client: WebClient,
    user_id: str,
    attachments: Sequence[Attachment],
    *,
    comment: str | None = None,
    channel: str | None = None,
) -> None:
    """Share `attachments` in the user's DM with the bot, as one message with `comment`.

    Nothing appears in the DM until the last step (completeUploadExternal)
    succeeds, so a failure leaves nothing behind that a retry would repeat.
    """
    client.files_upload_v2(
        channel=channel or dm_channel(client, user_id),
        initial_comment=comment or None,
        file_uploads=[
            {"content": a.content, "filename": a.filename, "title": a.title or a.filename}
            for a in attachments
        ],
    )


def post_dm(client: WebClient, target: Target, reply: Reply) -> None:
    channel = target.dm_channel or dm_channel(client, target.user_id)
    client.chat_postMessage(channel=channel, text=fallback_text(reply), blocks=reply_blocks(reply))


def _ephemeral(target: Target, reply: Reply) -> bool:
    if not target.response_url:
        return False
    try:
        sent = WebhookClient(target.response_url, timeout=RESPONSE_URL_TIMEOUT).send(
            text=fallback_text(reply),
            blocks=reply_blocks(reply),
            response_type="ephemeral",
            replace_original=target.replace_original,
        )
    except OSError:
        log.warning("response_url unreachable; sending the reply by DM instead")
        return False
    if sent.status_code != 200:
        # response_urls expire after 30 minutes or 5 uses; the DM still reaches the person.
        log.warning("response_url refused the reply (%s); sending by DM", sent.status_code)
        return False
    return True


def open_form(client: WebClient, target: Target, reply: Reply, tz: ZoneInfo) -> bool:
    """Show the reply's form in a modal; False when no trigger or view is usable."""
    assert reply.form is not None
    view = form_view(reply.form, tz)
    try:
        if target.view_id:
            client.views_update(view_id=target.view_id, view=view)
        elif target.trigger_id:
            client.views_open(trigger_id=target.trigger_id, view=view)
        else:
            return False
    except SlackApiError as exc:
        # Most often expired_trigger_id: the three seconds passed. Fall back to a message.
        log.warning("could not open the form modal: %s", exc.response.get("error"))
        return False
    return True


def _send_files(client: WebClient, target: Target, reply: Reply) -> Reply | None:
    """Upload the reply's files, with its text, to the DM; what is left to say elsewhere, if anything."""
    try:
        upload_to_dm(
            client,
            target.user_id,
            reply.attachments,
            comment=fallback_text(reply),
            channel=target.dm_channel,
        )
    except (SlackApiError, SlackRequestError, OSError) as exc:
        why = exc.response.get("error") if isinstance(exc, SlackApiError) else type(exc).__name__
        log.warning("could not upload a reply's file to the DM: %s", why)
        return replace(reply, text=f"{reply.text}\n\n{FILE_FAILED}", attachments=[])
    if target.response_url or target.view_id:
        # Asked in a channel or a modal: answer there too, and say where the file went.
        return replace(reply, text=f"{reply.text}\n\n{FILE_IN_DM}", attachments=[])
    return None  # asked in the DM: the file's message, with the text, is the whole answer


def send_reply(client: WebClient, target: Target, reply: Reply, tz: ZoneInfo) -> None:
    if reply.duplicate:
        return
    if reply.form is not None and open_form(client, target, reply, tz):
        return
    if reply.attachments:
        rest = _send_files(client, target, reply)
        if rest is None:
            return
        reply = rest
    if target.view_id:
        # A loading modal is open and waiting: show the answer there, privately.
        client.views_update(view_id=target.view_id, view=message_view(reply.text))
        return
    if not _ephemeral(target, reply):
        post_dm(client, target, reply)
