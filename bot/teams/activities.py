"""Teams activities flattened into `Inbound`s, each with where its reply goes.

Pure functions (no I/O), so the HTTP route and a durable intake worker can both
call them: a message (typed text, a file, an edit, an Action.Submit from an
older client) or a card button's `adaptiveCard/action` invoke becomes one
Inbound, plus a `Where` (the conversation, its Bot Connector endpoint, the
tenant, and the sender's ids) that bot.teams.respond sends the Reply to.

Teams redelivers an activity with the same id when the bot was slow to answer;
ids are unique within a conversation only, so the event id is both.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from microsoft_teams.api import ActivityBase, MessageActivity
from microsoft_teams.api.activities.utils import StripMentionsTextOptions, strip_mentions_text

from bot.teams import PLATFORM
from bot.teams.cards import CHOICE, REFRESH, SAVE, form_values
from handlers.types import Content, Inbound
from storage.teams import ConversationRef

# Attachments Teams adds to an ordinary message (its formatted copy, the card a
# button sat on): not something the person sent.
NOT_SENT_BY_PERSON = ("text/html", "application/vnd.microsoft.card.adaptive")


@dataclass(frozen=True)
class Where:
    """Where a reply goes, and who it answers."""

    conversation_id: str
    service_url: str
    bot_id: str
    user_id: str  # the sender's Teams id ("29:...")
    aad_object_id: str | None  # the sender's Entra object id: Keyworker's id for them
    tenant_id: str | None
    personal: bool  # a 1:1 chat with the bot (not a group chat or channel)
    activity_id: str | None = None

    def reference(self) -> ConversationRef:
        """What is stored to reach this person again: this chat if it is their personal
        one; from a group, only who they are and where (the chat is opened later)."""
        assert self.aad_object_id and self.tenant_id
        ref = ConversationRef(**{f.name: getattr(self, f.name) for f in fields(ConversationRef)})
        return ref if self.personal else replace(ref, conversation_id=None)

    @classmethod
    def of_reference(cls, ref: ConversationRef) -> Where:
        """The personal chat a stored reference points at (for proactive messages)."""
        assert ref.conversation_id is not None
        return cls(**asdict(ref), personal=True)


def tenant_of(activity: ActivityBase) -> str | None:
    """The tenant an activity came from: the conversation's, else channelData's."""
    if activity.conversation and activity.conversation.tenant_id:
        return activity.conversation.tenant_id
    tenant = activity.channel_data.tenant if activity.channel_data else None
    return tenant.id if tenant else None


def where_of(activity: ActivityBase) -> Where:
    sender = activity.from_
    return Where(
        conversation_id=activity.conversation.id,
        service_url=(activity.service_url or "").rstrip("/"),
        bot_id=activity.recipient.id,
        user_id=sender.id,
        aad_object_id=sender.aad_object_id,
        tenant_id=tenant_of(activity),
        personal=activity.conversation.conversation_type in (None, "personal")
        and not activity.conversation.is_group,
        activity_id=activity.id,
    )


def event_id_of(activity: ActivityBase) -> str | None:
    if not activity.id:
        return None
    conversation = hashlib.sha256(activity.conversation.id.encode()).hexdigest()[:24]
    return f"{conversation}:{activity.id}"[:128]


def _received(activity: ActivityBase) -> datetime:
    stamp = activity.timestamp
    if stamp is None:
        return datetime.now(UTC)
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def _inbound(activity: ActivityBase, where: Where, **what: Any) -> Inbound:
    return Inbound(
        platform=PLATFORM,
        # Strangers without an Entra id (a guest, another bot) match no staff member.
        user_id=where.aad_object_id or where.user_id,
        chat_id=where.conversation_id,
        received_at=_received(activity),
        event_id=event_id_of(activity),
        private=where.personal,
        forms=True,
        **what,
    )


def _content(activity: MessageActivity) -> Content:
    sent = [
        a for a in activity.attachments or [] if (a.content_type or "") not in NOT_SENT_BY_PERSON
    ]
    return "file" if sent else "text"


def from_message(activity: MessageActivity, tz: ZoneInfo) -> tuple[Inbound, Where] | None:
    """A person's message; None for the bot's own. Action.Submit (older clients) sends
    the card's data as `value` with no text: it is read like a button press."""
    where = where_of(activity)
    if activity.from_.id == activity.recipient.id:
        return None
    if isinstance(activity.value, dict) and not activity.text:
        return from_card_data(activity, activity.value, tz)
    # In a group chat or channel the bot only hears messages that @mention it.
    text = strip_mentions_text(activity, StripMentionsTextOptions(account_id=where.bot_id))
    return _inbound(activity, where, text=(text or "").strip(), content=_content(activity)), where


def from_edit(activity: ActivityBase) -> tuple[Inbound, Where]:
    """An edit to a message already sent: the handlers say why nothing changed."""
    where = where_of(activity)
    return _inbound(activity, where, content="edited"), where


def from_card_data(
    activity: ActivityBase, data: dict[str, Any], tz: ZoneInfo
) -> tuple[Inbound, Where]:
    """A card button: a choice's value, a form redraw, or a form's Save."""
    where = where_of(activity)
    kind = data.get("kw")
    if kind == CHOICE:
        return _inbound(activity, where, action=str(data.get("value") or "")), where
    if kind == REFRESH:
        inbound = _inbound(activity, where, open_form="", form=form_values(data, tz))
        return inbound, where
    if kind == SAVE:
        return _inbound(activity, where, form=form_values(data, tz)), where
    # A card from an older version of the bot: its buttons have expired.
    return _inbound(activity, where, action="expired"), where


def is_form_button(inbound: Inbound) -> bool:
    return inbound.form is not None or inbound.open_form is not None
