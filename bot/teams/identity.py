"""Who is writing: a Teams sender linked to staff by their work email, no codes.

The first time an Entra object id is seen, the Teams roster (the conversation's
members, through the SDK) gives that person's email and user principal name; the
active staff member with that email is linked (storage.identity), and the link is
audited. Only people in the school's tenant get this far (bot.teams.tenant), and the
roster's own tenant must agree. Anyone else stays unknown and the dispatcher tells
them only how to get linked.

For linked staff, the personal chat's conversation reference is remembered
(storage.teams) so the outbox can reach them later (met only in a group, just who
they are, so the outbox can open the personal chat); people who are not staff leave
nothing behind.
"""

from __future__ import annotations

import asyncio
import logging

from microsoft_teams.api import TeamsChannelAccount
from microsoft_teams.apps import App
from sqlalchemy.engine import Engine

from bot.teams import PLATFORM
from bot.teams.activities import Where
from storage.audit import audit
from storage.db import session_scope
from storage.identity import link_chat_identity, staff_by_email, staff_for_chat_user
from storage.teams import remember_conversation

log = logging.getLogger(__name__)


def _is_linked(engine: Engine, aad_object_id: str) -> bool:
    with session_scope(engine) as session:
        return staff_for_chat_user(session, PLATFORM, aad_object_id) is not None


async def roster_member(app: App, where: Where) -> TeamsChannelAccount | None:
    """The sender as the conversation's roster has them (email, UPN, tenant)."""
    api = app.api.clone(service_url=where.service_url)
    try:
        member: TeamsChannelAccount = await api.conversations.get_member_by_id(
            where.conversation_id, where.user_id
        )
        return member
    except Exception as exc:  # the roster being unreachable must not stop the message
        log.warning("Teams roster lookup failed: %s", type(exc).__name__)
        return None


def emails_of(member: TeamsChannelAccount) -> list[str]:
    found = [member.email, member.user_principal_name]
    return list(dict.fromkeys(e.strip().lower() for e in found if e and "@" in e))


def link_by_email(engine: Engine, where: Where, emails: list[str]) -> bool:
    """Link the sender to the active staff member with one of these emails."""
    assert where.aad_object_id
    with session_scope(engine) as session:
        for email in emails:
            staff = staff_by_email(session, email)
            if staff is None or not staff.active:
                continue
            link_chat_identity(session, staff, PLATFORM, where.aad_object_id)
            audit(
                session,
                action="linked",
                school_id=staff.school_id,
                staff_id=staff.id,
                platform=PLATFORM,
                detail="by work email from the Teams roster",
            )
            return True
    return False


def remember(engine: Engine, where: Where) -> None:
    with session_scope(engine) as session:
        remember_conversation(session, where.reference())


async def recognise(app: App, engine: Engine, where: Where, tenant_id: str) -> bool:
    """Link a first-time sender from the roster if they are staff, and remember a
    linked person's personal chat. True when the sender is (now) linked staff."""
    if not where.aad_object_id:
        return False
    linked = await asyncio.to_thread(_is_linked, engine, where.aad_object_id)
    if not linked:
        member = await roster_member(app, where)
        if (
            member is not None
            and member.aad_object_id in (None, where.aad_object_id)
            and member.tenant_id in (None, tenant_id)
        ):
            linked = await asyncio.to_thread(link_by_email, engine, where, emails_of(member))
    if linked and where.tenant_id:
        await asyncio.to_thread(remember, engine, where)
    return linked
