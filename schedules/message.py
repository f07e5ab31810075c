"""What a job hands the outbox: one message for one member of staff, and its buttons.

A `PendingMessage` carries its idempotency key (`digest:<staff>:<date>`...),
so storing it twice stores it once (schedules.outbox.enqueue). Its payload
holds the buttons (`choices`), chart data (`charts`) and every pupil the
text names (`pupil_ids`), which the outbox audits per pupil on delivery.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from storage.models import Staff


@dataclass(frozen=True)
class PendingMessage:
    key: str
    job: str
    school_id: int
    recipient_id: int
    recipient_email: str
    text: str
    payload: dict[str, Any] = field(default_factory=dict)


def for_staff(
    job: str, key: str, staff: Staff, text: str, payload: dict[str, Any] | None = None
) -> PendingMessage:
    assert staff.id is not None
    return PendingMessage(key, job, staff.school_id, staff.id, staff.email, text, payload or {})


def choice(label: str, value: str, style: str | None = None) -> dict[str, Any]:
    """A button in a message's payload: the label shown, the handler's action value."""
    return {"label": label, "value": value, "style": style}
