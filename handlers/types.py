"""The platform-neutral shapes that cross the bot/ -> handlers/ boundary.

An adapter (Slack, Telegram, console) turns a platform event into an
`Inbound` and renders the `Reply` it gets back in its own idiom. Nothing here
knows about any platform.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from handlers.timetable import PRIMARY, Timetable

Platform = Literal["slack", "telegram", "console"]


@dataclass(frozen=True)
class Inbound:
    """One thing a user did: typed text, pressed a button, or submitted a form."""

    platform: str
    user_id: str
    chat_id: str
    text: str = ""
    received_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    event_id: str | None = None
    private: bool = True
    # The `Choice.value` of a pressed button, round-tripped through the platform.
    action: str | None = None
    # Values of a submitted form (see handlers.forms.FORM_FIELDS), already flattened.
    form: dict[str, Any] | None = None
    # The platform can show a Reply.form (Slack modal, Telegram guided form);
    # the console cannot, so there an edit is made by typing the correction.
    forms: bool = False


@dataclass(frozen=True)
class Choice:
    label: str
    value: str
    style: Literal["primary", "danger"] | None = None


def picked_number(text: str, count: int) -> int | None:
    """The 0-based option a typed '1'..'count' picks; None for anything else.

    ASCII digits only: '²'.isdigit() is True in Python but is no answer.
    """
    text = text.strip()
    if text.isascii() and text.isdigit() and 1 <= int(text) <= count:
        return int(text) - 1
    return None


@dataclass
class FormRequest:
    """Ask the adapter to open a form (Slack modal, Telegram guided form).

    `values` pre-fills it with what was understood; `pupil_options` and
    `provision_options` list what may be picked (id, label), provisions keyed by
    pupil id so the form shows only that pupil's.
    """

    kind: str | None
    values: dict[str, Any] = field(default_factory=dict)
    title: str = "Log"
    pupil_options: list[tuple[int, str]] = field(default_factory=list)
    provision_options: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    record_ref: str | None = None  # "session:12" when the form edits a record


@dataclass
class Attachment:
    filename: str
    content: bytes
    mime_type: str
    title: str = ""


@dataclass
class Reply:
    text: str
    choices: list[Choice] = field(default_factory=list)
    form: FormRequest | None = None
    field_errors: dict[str, str] = field(default_factory=dict)
    attachments: list[Attachment] = field(default_factory=list)
    # True when the reply may only go to the asker (it names a pupil); adapters
    # must then use an ephemeral message or a private chat.
    private: bool = True
    # Set on the reply to a redelivered event: adapters send nothing.
    duplicate: bool = False
    # False when the sender is not a linked staff member (the reply says how to link).
    linked: bool = True
    record_refs: list[str] = field(default_factory=list)
    # True when nothing was stored because the database failed (handlers.service.NOT_SAVED):
    # sending the same thing again later may work, so a form should stay open, filled in.
    retryable: bool = False


@dataclass
class HandlerContext:
    """What the handlers need from the outside world, injected by bot/."""

    engine: Engine
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/London"))
    undo_window: timedelta = timedelta(minutes=15)
    clock: Any = None  # callable returning an aware datetime; None = real time
    # The school calendar (schedules.calendar.SchoolCalendar, injected by bot/):
    # `is_school_day(date)` and `term_of(date)`. None counts every weekday.
    calendar: Any = None
    # When the parts of the school day begin ("p3", "after break"): SCHOOL_TIMETABLE.
    timetable: Timetable = PRIMARY

    def now(self) -> datetime:
        current = self.clock() if self.clock else datetime.now(UTC)
        return current.astimezone(self.tz)
