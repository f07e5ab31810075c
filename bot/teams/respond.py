"""Sending a Reply into a Teams conversation, and a card button's answer.

`send_reply(app, where, reply, tz)` posts the reply through the SDK's `App.send`
to the conversation's own Bot Connector endpoint; it is separate from reading the
activity so a durable intake worker can send later what it handled. Every reply
is one Adaptive Card (its text, its buttons, or the form); the message `summary`
is what a notification shows. Small images ride along inline; other files are
offered with a consent card (bot.teams.files). `card_response` is the answer to a button's invoke:
the card that replaces the one pressed.

Privacy: outside a personal chat only a reply that names nobody is sent (the
group refusal, the stranger's how-to-link); anything else becomes the group
refusal, whatever the handlers said.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from microsoft_teams.api import Attachment, InvokeResponse, MessageActivityInput
from microsoft_teams.apps import App
from sqlalchemy.engine import Engine

from bot.teams.activities import Where
from bot.teams.cards import CARD_TYPE, Element, form_card, reply_card, text_block
from bot.teams.files import consent_attachment, offer_files
from handlers.types import Attachment as File
from handlers.types import Reply
from handlers.wording import group_refusal
from storage.teams import FileOffer

INLINE_IMAGE_LIMIT = 1024 * 1024  # Teams shows inline images up to 1 MB
SUMMARY_LIMIT = 200
NO_FILES = "{name} is ready: send the same request as a message and I'll offer it to you."


def reply_content(reply: Reply, tz: ZoneInfo, *, files_offered: bool = False) -> Element:
    """The one card a reply is shown as: a question's buttons first (a form may come
    with them as another way to answer, as on Slack, where a typed message gets the
    question), else its form, else its text. Files that can't be offered (a card
    button's answer can't carry them) are named, with where to get them instead."""
    if reply.form is not None and not reply.choices:
        return form_card(reply.form, tz, errors=reply.field_errors, note=reply.text or None)
    content = reply_card(reply)
    if not files_offered:
        for file in _files(reply):
            content["body"].append(text_block(NO_FILES.format(name=file.filename), isSubtle=True))
    return content


def _files(reply: Reply) -> list[File]:
    """What needs the person's consent to send (everything but small images)."""
    return [f for f in reply.attachments if not _inline_image(f)]


def _inline_image(file: File) -> bool:
    return file.mime_type.startswith("image/") and len(file.content) <= INLINE_IMAGE_LIMIT


def reply_activity(
    reply: Reply,
    tz: ZoneInfo,
    content: Element | None = None,
    offers: Sequence[FileOffer] = (),
) -> MessageActivityInput:
    """The message for a reply: its card (or `content`, a card made for it), its images,
    and a consent card for each file `offers` holds for the person."""
    activity = MessageActivityInput(summary=(reply.text or "Keyworker")[:SUMMARY_LIMIT])
    card = content if content is not None else reply_content(reply, tz, files_offered=bool(offers))
    activity.add_attachments(Attachment(content_type=CARD_TYPE, content=card))
    titles = {f.filename: f.title for f in reply.attachments}
    for offer in offers:
        activity.add_attachments(consent_attachment(offer, titles.get(offer.filename, "")))
    for file in reply.attachments:
        if _inline_image(file):
            data = base64.b64encode(file.content).decode()
            activity.add_attachments(
                Attachment(
                    content_type=file.mime_type,
                    content_url=f"data:{file.mime_type};base64,{data}",
                    name=file.filename,
                )
            )
    return activity


def safe_for(where: Where, reply: Reply) -> Reply:
    """The reply itself in a personal chat; in a group, only what names nobody."""
    if where.personal or not reply.private or not reply.linked:
        return reply
    return Reply(text=group_refusal(), private=False)


async def send_reply(
    app: App,
    where: Where,
    reply: Reply,
    tz: ZoneInfo,
    *,
    content: Element | None = None,
    engine: Engine | None = None,
) -> None:
    """Post `reply` into the conversation it answers (nothing for a redelivery);
    `content` is a card made for it (a form redrawn with its problems). With the
    `engine`, its files are offered for the person to allow (bot.teams.files)."""
    if reply.duplicate:
        return
    safe = safe_for(where, reply)
    files = _files(safe)
    offers: list[FileOffer] = []
    if engine is not None and files and where.personal and where.aad_object_id:
        offers = await offer_files(engine, where, files)
    activity = reply_activity(safe, tz, content if safe is reply else None, offers)
    await app.send(where.conversation_id, activity, service_url=where.service_url)


def card_response(content: Element) -> InvokeResponse[Any]:
    """The answer to an Action.Execute: Teams replaces the pressed card with this one."""
    return InvokeResponse(status=200, body={"statusCode": 200, "type": CARD_TYPE, "value": content})
