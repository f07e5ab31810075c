"""`deliver`: send one outbox message to a staff member's DM with the bot.

Called by the scheduler's outbox sender. Only ever a DM (conversations.open
with the user), never a channel, because digests and nudges name pupils. A
message with choices (a follow-up's "Mark done", a nudge's Log/Missed) goes
out as the same Block Kit a handler's reply uses (bot.slack.blocks.reply_blocks),
so a press arrives as a `kw_choice_N` action carrying the handler's value and
the app's existing action listener handles it like any other button.

A message with files is one file share (respond.upload_to_dm) whose comment
is the text: nothing is visible until the share completes, so a failed upload
sends nothing and the outbox's retry repeats nothing. Buttons cannot ride on
a file's comment, so a message with both posts the text first; if its files
then fail, that is a PermanentDeliveryError (partly sent), not a retry that
would post the text again.

Raises PermanentDeliveryError for refusals a retry cannot fix (missing scope,
wrong token type, ...); SlackApiError, SlackRequestError or OSError for
anything else, so the sender retries later.
"""

from __future__ import annotations

from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.config import Settings
from bot.delivery import PermanentDeliveryError
from bot.slack.app import make_client
from bot.slack.blocks import escape, reply_blocks
from bot.slack.respond import dm_channel, upload_to_dm
from handlers.types import Attachment, Choice, Reply

MESSAGE_LIMIT = 39_000  # chat.postMessage truncates text beyond 40,000 characters
# Slack error codes that the same request will get again until a person changes something.
PERMANENT_ERRORS = frozenset(
    {
        "missing_scope",
        "not_allowed_token_type",
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "no_permission",
        "ekm_access_denied",
        "access_denied",
        "user_not_found",
        "user_disabled",
        "cannot_dm_bot",
        "channel_not_found",
        "is_archived",
        "file_uploads_disabled",
        "file_uploads_except_images_disabled",
        "file_type_not_allowed",
        "invalid_blocks",
        "invalid_arguments",
        "msg_too_long",
    }
)


def deliver(
    settings: Settings,
    external_user_id: str,
    text: str,
    attachments: list[Attachment],
    *,
    choices: list[Choice] | None = None,
) -> None:
    client = make_client(settings)
    body = escape(text)[:MESSAGE_LIMIT]
    try:
        channel = dm_channel(client, external_user_id)
        if attachments and not choices:
            upload_to_dm(client, external_user_id, attachments, comment=body, channel=channel)
            return
        extra = {}
        if choices:
            # `text` stays the notification and screen-reader fallback; the blocks carry the buttons.
            extra["blocks"] = reply_blocks(Reply(text=text, choices=list(choices)))
        client.chat_postMessage(channel=channel, text=body, unfurl_links=False, **extra)
    except SlackApiError as exc:
        _raise_if_permanent(exc)
        raise
    if not attachments:
        return
    try:
        upload_to_dm(client, external_user_id, attachments, channel=channel)
    except (SlackApiError, SlackRequestError, OSError) as exc:
        raise PermanentDeliveryError(
            f"the text was delivered but its files were not ({_why(exc)})", partly_sent=True
        ) from exc


def _why(exc: Exception) -> str:
    return exc.response.get("error", "") if isinstance(exc, SlackApiError) else type(exc).__name__


def _raise_if_permanent(exc: SlackApiError) -> None:
    code = _why(exc)
    if code in PERMANENT_ERRORS:
        raise PermanentDeliveryError(f"Slack refused the message: {code}") from exc
