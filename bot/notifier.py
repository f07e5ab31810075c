"""The outbox's `send(message, recipient)`: one staff member, one platform, by DM.

The platform is the recipient's `/platform` choice (Staff.preferred_platform)
when that account is linked and the platform configured, else their first
linked account on a configured platform (storage.reach, the rule the
safeguarding chain uses too). Someone with no usable account (or a bot with
no platform tokens) gets nothing: `schedules.outbox.Unreachable` is raised and
the row is marked `undelivered` with the reason. Nothing is ever printed: the
texts name pupils, and an alert's words must never reach stdout or a log.
`keyworker schedule preview` and `keyworker digest` show job output on a
terminal. Delivery goes through `bot.slack.notify.deliver`,
`bot.telegram.notify.deliver` or `bot.teams.notify.deliver`; they raise on
failure, and so do we, so the outbox retries with back-off.

Every adapter's `deliver(settings, target, text, attachments, *, choices=)`
also gets the message's buttons (follow-up "Mark done", nudge "Log"/"Missed",
an alert's "Seen"), rendered as Block Kit on Slack and an inline keyboard on
Telegram; a press is routed by the running bot to handlers.service like a
reply's button. The text always carries the equivalent command too, so
nothing depends on buttons.
"""

from __future__ import annotations

from bot.config import Settings
from handlers.types import Attachment, Choice
from schedules.outbox import Identity, Outgoing, Recipient, Unreachable
from storage.reach import pick_platform


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

    def __init__(self, settings: Settings):
        self.settings = settings
        self.platforms = settings.delivery_platforms

    def pick(self, recipient: Recipient) -> Identity | None:
        platform = pick_platform(
            [i.platform for i in recipient.identities], recipient.preferred_platform, self.platforms
        )
        return next((i for i in recipient.identities if i.platform == platform), None)

    def __call__(self, message: Outgoing, recipient: Recipient) -> str:
        identity = self.pick(recipient)
        if identity is None:
            raise Unreachable(
                "no linked chat account on a configured platform"
                if self.platforms
                else "no chat platform is configured (console only)"
            )
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
        return identity.platform


def start_alert_service(settings: Settings):
    """The urgent safeguarding sender alone (SCHEDULER_ENABLED=false): a concern
    is never left waiting for a scheduler that this process does not run."""
    from bot import app as wiring
    from schedules.alert_sender import AlertSender
    from schedules.config import ScheduleConfig

    return AlertSender(
        wiring.engine(settings), ScheduleConfig.from_settings(settings), Notifier(settings)
    ).start()


def start_scheduler_service(settings: Settings):
    """The scheduler as a bot.runner service, delivering through this notifier."""
    from bot import app as wiring
    from schedules.config import ScheduleConfig
    from schedules.scheduler import start_scheduler

    # The scheduler is elected to one process; its alert sender runs in every one.
    return start_scheduler(
        wiring.engine(settings), ScheduleConfig.from_settings(settings), Notifier(settings)
    )
