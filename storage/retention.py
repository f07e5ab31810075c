"""The retention job: the only code that deletes records, and only by policy.

Policy comes from settings: `keep` (the default) deletes nothing; `Ny` (for
example `25y`) deletes records, their versions and alerts that happened more
than N years ago. Each run is audited with what it removed; the audit log
itself is kept.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, func, select

from storage.audit import audit
from storage.models import (
    RECORD_MODELS,
    BehaviourIncident,
    IncidentInvolved,
    RecordVersion,
    SafeguardingAlert,
)

_YEARS = re.compile(r"^(\d{1,3})y$")


def retention_cutoff(policy: str, now: datetime) -> datetime | None:
    """None to keep everything, else the instant before which records go."""
    policy = policy.strip().lower()
    if policy == "keep":
        return None
    match = _YEARS.match(policy)
    if not match or int(match.group(1)) < 1:
        raise ValueError(
            f"retention policy must be 'keep' or a number of years like '25y', not {policy!r}"
        )
    return now - timedelta(days=365.25 * int(match.group(1)))


def apply_retention(
    session: Session, policy: str, now: datetime, dry_run: bool = False
) -> dict[str, int]:
    cutoff = retention_cutoff(policy, now)
    removed: dict[str, int] = {}
    if cutoff is None:
        audit(
            session,
            action="retention",
            school_id=None,
            staff_id=None,
            platform="cli",
            detail="policy keep: nothing deleted",
        )
        return removed
    for kind, model in RECORD_MODELS.items():
        old_ids = select(model.id).where(model.occurred_at < cutoff)
        removed[kind] = session.exec(select(func.count()).select_from(old_ids.subquery())).one()
        if not dry_run and removed[kind]:
            session.exec(
                delete(RecordVersion).where(
                    RecordVersion.record_type == kind, RecordVersion.record_id.in_(old_ids)
                )
            )
            if model is BehaviourIncident:  # the pupils involved go with their incident
                session.exec(
                    delete(IncidentInvolved).where(IncidentInvolved.incident_id.in_(old_ids))
                )
            session.exec(delete(model).where(model.occurred_at < cutoff))
    old_alerts = select(SafeguardingAlert.id).where(SafeguardingAlert.raised_at < cutoff)
    removed["safeguarding"] = session.exec(
        select(func.count()).select_from(old_alerts.subquery())
    ).one()
    if not dry_run and removed["safeguarding"]:
        session.exec(delete(SafeguardingAlert).where(SafeguardingAlert.raised_at < cutoff))
    summary = ", ".join(f"{k}={v}" for k, v in removed.items())
    audit(
        session,
        action="retention_dry_run" if dry_run else "retention",
        school_id=None,
        staff_id=None,
        platform="cli",
        detail=f"policy {policy}, before {cutoff:%Y-%m-%d}: {summary}",
    )
    return removed
