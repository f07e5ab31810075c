"""The platform-neutral shapes that cross the bot/ -> handlers/ boundary.

An adapter (Slack, Telegram, console) turns a platform event into an
`Inbound` and renders the `Reply` it gets back in its own idiom. Nothing here
knows about any platform.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from handlers.timetable import PRIMARY, Timetable

Platform = Literal["slack", "telegram", "teams", "console"]

# What a person sent besides plain text. Adapters say which; the dispatcher
# answers each the same way on every platform and stores nothing for them.
Content = Literal["text", "file", "edited", "forwarded"]


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
    # Values of a submitted form, keyed by handlers.forms.schema's field keys.
    form: dict[str, Any] | None = None
    # Asks for a blank form (opening one is an inbound too): "" for any kind, or
    # the kind to start with. With `form` set, those values are kept (a redraw).
    open_form: str | None = None
    # The platform can show a Reply.form (Slack modal, Telegram guided form);
    # the console cannot, so there an edit is made by typing the correction.
    forms: bool = False
    content: Content = "text"


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
    # Pupils to offer first (the ones a name could have meant).
    suggested_pupil_ids: list[int] = field(default_factory=list)


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
    # The sender's role when they are known and active (platform menus follow it).
    role: str | None = None
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
    # The platforms messages can be delivered on (configured tokens), so the sender of
    # a safeguarding concern is told truthfully who it reaches: empty in the console.
    # None: every linked chat account counts (storage.reach).
    delivery_platforms: frozenset[str] | None = None
    # Where the web pages are served (WEB_BASE_URL), for sign-in links; None when turned off.
    web_base_url: str | None = None
    # When the parts of the school day begin ("p3", "after break"): SCHOOL_TIMETABLE.
    timetable: Timetable = PRIMARY

    def now(self) -> datetime:
        current = self.clock() if self.clock else datetime.now(UTC)
        return current.astimezone(self.tz)


# --- kept as JSON: in the inbox (storage.inbox) and its local spool --------------------------


def inbound_to_json(inbound: Inbound) -> dict[str, Any]:
    # Shallow (not asdict's deep copy, once per delivery): it is serialised at once.
    data = {name: getattr(inbound, name) for name in Inbound.__dataclass_fields__}
    data["received_at"] = inbound.received_at.isoformat()
    return data


def inbound_from_json(data: dict[str, Any]) -> Inbound:
    values = {k: v for k, v in data.items() if k in Inbound.__dataclass_fields__}
    values["received_at"] = datetime.fromisoformat(values["received_at"])
    return Inbound(**values)


def reply_to_json(reply: Reply) -> dict[str, Any]:
    """A reply to keep for sending again; files are not kept (they are large, and named
    in the text instead, so the person can ask again)."""
    data = asdict(reply)
    data["attachments"] = []
    if reply.attachments:
        names = ", ".join(a.filename for a in reply.attachments)
        data["text"] = f"{reply.text}\n\n(The file {names} could not be sent: please ask again.)"
    return data


def reply_from_json(data: dict[str, Any]) -> Reply:
    values = {k: v for k, v in data.items() if k in Reply.__dataclass_fields__}
    values["choices"] = [Choice(**c) for c in values.get("choices") or []]
    form = values.get("form")
    if form is not None:
        form["pupil_options"] = [tuple(o) for o in form.get("pupil_options") or []]
        form["provision_options"] = {
            int(k): [tuple(o) for o in v] for k, v in (form.get("provision_options") or {}).items()
        }
        values["form"] = FormRequest(**form)
    values["attachments"] = []
    return Reply(**values)
