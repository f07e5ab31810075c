"""`deliver`: send one outbox message to a staff member's DM with the bot.

Called by the scheduler's outbox sender. Only ever a DM (conversations.open
with the user, then chat.postMessage), never a channel, because digests and
nudges name pupils. A message with choices (a follow-up's "Mark done", a
nudge's Log/Missed) goes out as the same Block Kit a handler's reply uses
(bot.slack.blocks.reply_blocks), so a press arrives as a `kw_choice_N`
action carrying the handler's value and the app's existing action listener
handles it like any other button. Attachments are uploaded into the same DM
with files_upload_v2. Raises (SlackApiError, SlackRequestError or an
OSError) when anything fails, so the sender can retry later.
"""

from __future__ import annotations

from bot.config import Settings
from bot.slack.app import make_client
from bot.slack.blocks import escape, reply_blocks
from bot.slack.respond import dm_channel
from handlers.types import Attachment, Choice, Reply

MESSAGE_LIMIT = 39_000  # chat.postMessage truncates text beyond 40,000 characters


def deliver(settings: Settings, external_user_id: str, text: str, attachments: list[Attachment], *,
            choices: list[Choice] | None = None) -> None:
    client = make_client(settings)
    channel = dm_channel(client, external_user_id)
    extra = {}
    if choices:
        # `text` stays the notification and screen-reader fallback; the blocks carry the buttons.
        extra["blocks"] = reply_blocks(Reply(text=text, choices=list(choices)))
    client.chat_postMessage(channel=channel, text=escape(text)[:MESSAGE_LIMIT], unfurl_links=False, **extra)
    if attachments:
        client.files_upload_v2(
            channel=channel,
            file_uploads=[
                {"content": a.content, "filename": a.filename, "title": a.title or a.filename}
                for a in attachments
            ],
        )
