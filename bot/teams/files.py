"""Files in Teams: a report pack or export is offered, and sent once the person allows it.

A bot can't just post a file into a Teams chat: it sends a file consent card (the
name, size and what it is), the person presses Allow, and Teams answers with a
`fileConsent/invoke` carrying an upload URL in the person's OneDrive. The file is
then PUT there and a file card pointing at it is posted in the chat. Until the
person answers, the file waits in storage.teams (24 hours at most), and only that
person can take it; Decline, or the wait running out, removes it. Personal chats
only: that is where anything naming a pupil goes.

Images (digest charts) don't need any of this: they are shown inline.
"""

from __future__ import annotations

import asyncio
import logging

import httpx
from microsoft_teams.api import Attachment, FileConsentInvokeActivity, MessageActivityInput
from microsoft_teams.apps import App
from sqlalchemy.engine import Engine

from bot.teams.activities import Where, where_of
from handlers.types import Attachment as File
from storage.db import session_scope
from storage.teams import FileOffer, offer_file, take_file_offer

log = logging.getLogger(__name__)

CONSENT_CARD = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO_CARD = "application/vnd.microsoft.teams.card.file.info"
UPLOAD_TIMEOUT = 60.0
EXPIRED = "That file is no longer waiting (files wait 24 hours): ask for it again."
DECLINED = "OK: I haven't sent the file."
UPLOAD_FAILED = "Sorry, the file couldn't be saved to your OneDrive. Please ask for it again."


def _store_offers(engine: Engine, aad_object_id: str, files: list[File]) -> list[FileOffer]:
    with session_scope(engine) as session:
        return [
            offer_file(session, aad_object_id, f.filename, f.mime_type, f.content) for f in files
        ]


async def offer_files(engine: Engine, where: Where, files: list[File]) -> list[FileOffer]:
    """Keep `files` for the person in this personal chat to allow."""
    assert where.personal and where.aad_object_id
    return await asyncio.to_thread(_store_offers, engine, where.aad_object_id, files)


def consent_attachment(offer: FileOffer, description: str) -> Attachment:
    context = {"offer": offer.key}
    return Attachment(
        content_type=CONSENT_CARD,
        name=offer.filename,
        content={
            "description": description or offer.filename,
            "sizeInBytes": len(offer.content),
            "acceptContext": context,
            "declineContext": context,
        },
    )


def _take(engine: Engine, key: str, aad_object_id: str) -> FileOffer | None:
    with session_scope(engine) as session:
        return take_file_offer(session, key, aad_object_id)


async def _upload(upload_url: str, content: bytes) -> None:
    """One PUT of the whole file to the upload session Teams opened in OneDrive (its
    URL carries its own authorisation: no bot token goes with it)."""
    size = len(content)
    headers = {"Content-Range": f"bytes 0-{size - 1}/{size}"}
    async with httpx.AsyncClient(timeout=UPLOAD_TIMEOUT) as client:
        response = await client.put(upload_url, content=content, headers=headers)
        response.raise_for_status()


async def answer_consent(app: App, engine: Engine, activity: FileConsentInvokeActivity) -> None:
    """Allow: upload the file and post its card. Decline: forget it. Either way say so."""
    where = where_of(activity)
    consent = activity.value
    context = consent.context if isinstance(consent.context, dict) else {}
    key = str(context.get("offer") or "")
    offer = await asyncio.to_thread(_take, engine, key, where.aad_object_id or "")
    message = MessageActivityInput()
    if consent.action != "accept":
        message.add_text(DECLINED)
    elif offer is None:
        message.add_text(EXPIRED)
    elif consent.upload_info is None or not consent.upload_info.upload_url:
        message.add_text(UPLOAD_FAILED)
    else:
        upload = consent.upload_info
        try:
            await _upload(str(upload.upload_url), offer.content)
        except httpx.HTTPError as exc:
            log.warning("Teams file upload failed: %s", type(exc).__name__)
            message.add_text(UPLOAD_FAILED)
        else:
            message.add_attachments(
                Attachment(
                    content_type=FILE_INFO_CARD,
                    content_url=upload.content_url,
                    name=upload.name or offer.filename,
                    content={"uniqueId": upload.unique_id, "fileType": upload.file_type},
                )
            )
    await app.send(where.conversation_id, message, service_url=where.service_url)
