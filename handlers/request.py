"""The per-message request: who is asking, in which school, inside which transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from handlers.grammar.roster import Roster
from handlers.roster_cache import cached_roster
from handlers.types import HandlerContext, Inbound
from storage.audit import audit
from storage.ids import stored_id
from storage.models import Staff


@dataclass
class PublicRequest:
    """A message from anyone, before (or without) knowing who they are: /start CODE."""

    ctx: HandlerContext
    session: Session
    inbound: Inbound


@dataclass
class Request:
    ctx: HandlerContext
    session: Session
    inbound: Inbound
    staff: Staff

    @property
    def school_id(self) -> int:
        return self.staff.school_id

    @property
    def staff_id(self) -> int:
        """The asker's id (a signed-in staff member is always a stored row)."""
        return stored_id(self.staff)

    @property
    def now(self) -> datetime:
        """When the message was sent, in school time (the base for 'yesterday')."""
        return self.inbound.received_at.astimezone(self.ctx.tz)

    @property
    def roster(self) -> Roster:
        return cached_roster(self.ctx.engine, self.school_id)

    def audit(self, action: str, **fields: Any) -> None:
        audit(
            self.session,
            action=action,
            school_id=self.school_id,
            staff_id=self.staff.id,
            platform=self.inbound.platform,
            **fields,
        )
