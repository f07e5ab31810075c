"""Chat dialogs for tests, through the real handlers.

`Dialog.verify([(message, expected words), ...])` reads like the chat itself,
after zulip_bots' verify_dialog.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from handlers.service import handle
from handlers.types import HandlerContext, Inbound, Reply

LONDON = ZoneInfo("Europe/London")


class Clock:
    """A settable clock for HandlerContext (school-local times in, UTC out)."""

    def __init__(self, start: datetime):
        self.current = start

    def __call__(self) -> datetime:
        return self.current.astimezone(UTC)

    def advance(self, **kwargs) -> None:
        self.current = self.current + timedelta(**kwargs)


class Dialog:
    def __init__(
        self,
        engine: Engine,
        user: str,
        platform: str = "console",
        clock: Clock | None = None,
        forms: bool = False,
    ):
        self.clock = clock or Clock(datetime.now(LONDON))
        self.ctx = HandlerContext(engine=engine, tz=LONDON, clock=self.clock)
        self.user = user
        self.platform = platform
        self.forms = forms
        self.last: Reply | None = None

    def send(
        self,
        text: str = "",
        *,
        action: str | None = None,
        form: dict | None = None,
        event_id: str | None = None,
    ) -> Reply:
        inbound = Inbound(
            platform=self.platform,
            user_id=self.user,
            chat_id=self.user,
            text=text,
            action=action,
            form=form,
            event_id=event_id,
            received_at=self.clock(),
            forms=self.forms,
        )
        self.last = handle(self.ctx, inbound)
        return self.last

    def press(self, label: str) -> Reply:
        assert self.last is not None, "nothing to press"
        for choice in self.last.choices:
            if choice.label == label:
                return self.send(action=choice.value)
        raise AssertionError(f"no button {label!r} in {[c.label for c in self.last.choices]}")

    def verify(self, steps: list[tuple[str, list[str]]]) -> None:
        for message, expected in steps:
            reply = self.send(message)
            for words in expected:
                assert words in reply.text, f"{message!r}: expected {words!r} in {reply.text!r}"
