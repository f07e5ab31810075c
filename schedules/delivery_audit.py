"""The audit rows for a delivered outbox message: who was told about which pupils.

Digests, nudges and reminders name pupils, so each delivery is audited like
any other read of pupil data: action "notify", the recipient as staff, the
platform it went by, one row per pupil the message names (the job lists
them in the payload's `pupil_ids`; a safeguarding alert names its alert's
pupil). A message naming no pupil gets one row without a pupil, so every
delivery is on the trail. Written by the outbox in the transaction that
marks the message sent.
"""

from __future__ import annotations

from sqlmodel import Session, select

from storage.audit import audit
from storage.models import OutboxMessage, Pupil, SafeguardingAlert


def pupils_named(session: Session, row: OutboxMessage) -> list[int]:
    payload = row.payload or {}
    ids = {int(i) for i in payload.get("pupil_ids", [])}
    if row.job == "safeguarding" and payload.get("alert_id") is not None:
        alert = session.get(SafeguardingAlert, payload["alert_id"])
        if alert is not None and alert.pupil_id is not None:
            ids.add(alert.pupil_id)
    if not ids:
        return []
    # Only pupils still on record: the audit row's pupil_id is a foreign key.
    return sorted(session.exec(select(Pupil.id).where(Pupil.id.in_(ids))))


def record(session: Session, row: OutboxMessage, platform: str) -> None:
    for pupil_id in pupils_named(session, row) or [None]:
        audit(
            session,
            action="notify",
            school_id=row.school_id,
            staff_id=row.recipient_id,
            platform=platform,
            record_type="outbox",
            record_id=row.id,
            pupil_id=pupil_id,
            detail=f"{row.job} {row.key}",
        )
