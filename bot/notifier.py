"""The outbox's `send(message, recipient)`: one staff member, one platform, by DM.

The platform is the recipient's `/platform` choice (Staff.preferred_platform)
when that account is linked and the platform configured, else their first
linked account on a configured platform. Someone with no usable account (or a
bot with no platform tokens) gets the message printed to stdout, which is what
the console and `keyworker schedule run` show. Delivery goes through
`bot.slack.notify.deliver` / `bot.telegram.notify.deliver` /
`bot.teams.notify.deliver`; they raise on
failure, and so do we, so the outbox retries with back-off.

Every adapter's `deliver(settings, target, text, attachments, *, choices=)`
also gets the message's buttons (follow-up "Mark done", nudge "Log"/"Missed"),
rendered as Block Kit on Slack and an inline keyboard on Telegram; a press is
routed by the running bot to handlers.service like a reply's button. The text
always carries the equivalent command too, so nothing depends on buttons.
"""

from __future__ import annotations

import sys
from typing import TextIO

from bot.config import Settings
from handlers.types import Attachment, Choice
from schedules.outbox import Identity, Outgoing, Recipient


class NotifierError(RuntimeError):
    """No adapter delivers by that platform; the outbox keeps the message and retries."""


def _deliver_function(platform: str):
    """The platform's deliver(), imported on first use so an unused platform costs nothing."""
    if platform == "slack":
        from bot.slack.notify import deliver
    elif platform == "telegram":
        from bot.telegram.notify import deliver
    elif platform == "teams":
        from bot.teams.notify import deliver
    else:
        raise NotifierError(f"no adapter delivers by {platform}")
    return deliver


class Notifier:
    """Callable given to schedules.outbox.deliver_pending."""

    def __init__(self, settings: Settings, stdout: TextIO | None = None):
        self.settings = settings
        self.stdout = stdout

    def configured(self, platform: str) -> bool:
        return {
            "slack": self.settings.slack_enabled,
            "telegram": self.settings.telegram_enabled,
            "teams": self.settings.teams_enabled,
        }.get(platform, False)

    def pick(self, recipient: Recipient) -> Identity | None:
        usable = [i for i in recipient.identities if self.configured(i.platform)]
        preferred = [i for i in usable if i.platform == recipient.preferred_platform]
        return (preferred or usable or [None])[0]

    def __call__(self, message: Outgoing, recipient: Recipient) -> None:
        identity = self.pick(recipient)
        if identity is None:
            self._print(message, recipient)
            return
        deliver = _deliver_function(identity.platform)
        attachments = [
            Attachment(a.filename, a.content, a.mime_type, a.title) for a in message.attachments
        ]
        # Slack and Teams are reached by the person's id (Teams: their Entra object id,
        # whose personal chat bot.teams.notify looks up); Telegram by the chat.
        target = (
            identity.external_id
            if identity.platform in ("slack", "teams")
            else (identity.chat_id or identity.external_id)
        )
        choices = [Choice(c.label, c.value, c.style) for c in message.choices]
        deliver(self.settings, target, message.text, attachments, choices=choices or None)

    def _print(self, message: Outgoing, recipient: Recipient) -> None:
        out = self.stdout or sys.stdout
        out.write(f"--- {message.job} for {recipient.name} <{recipient.email}> ({message.key})\n")
        out.write(message.text + "\n")
        for a in message.attachments:
            out.write(f"[attachment: {a.filename}, {len(a.content):,} bytes]\n")
        out.flush()


def start_scheduler_service(settings: Settings):
    """The scheduler as a bot.runner service, delivering through this notifier."""
    from bot import app as wiring
    from schedules.config import ScheduleConfig
    from schedules.scheduler import start_scheduler

    return start_scheduler(
        wiring.engine(settings), ScheduleConfig.from_settings(settings), Notifier(settings)
    )
