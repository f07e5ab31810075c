"""Safeguarding alerts: the chain of leads who receive one, and counts of where alerts went.

The words typed never leave storage here: only counts, who an alert went to
and whether it reached anyone.

The chain (storage.models.SAFEGUARDING_ROUTE): the DSL (the school's first
active DSL by id), the deputies (its other DSLs, by id), then the head or
admin, then the SENCO. Each lead comes with the platform a message reaches
them on (storage.reach), or None when they have no linked chat account on a
configured platform: the handlers and the sender skip those.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage.ids import stored_id
from storage.models import SAFEGUARDING_ROUTE, AlertDelivery, ChatIdentity, SafeguardingAlert, Staff
from storage.queries.common import in_school
from storage.reach import pick_platform

TITLES = {"dsl": "DSL", "admin": "head/admin", "senco": "SENCO"}


@dataclass(frozen=True)
class Lead:
    staff: Staff
    title: str  # "DSL", "deputy DSL", "head/admin", "SENCO"
    platform: str | None  # where a message reaches them now; None: they cannot be reached

    @property
    def label(self) -> str:
        return f"{self.staff.name} ({self.title})"


def alert_chain(
    session: Session,
    school_id: int,
    platforms: Collection[str] | None,
    *,
    exclude: int | None = None,
) -> list[Lead]:
    """The school's safeguarding leads in chain order, each with how to reach them.

    `exclude` (the person raising the concern) is left out: a DSL who raises
    one is not their own recipient, the deputies are.
    """
    order = {role.value: i for i, role in enumerate(SAFEGUARDING_ROUTE)}
    staff = sorted(
        session.exec(
            select(Staff).where(
                col(Staff.school_id) == school_id,
                col(Staff.active),
                col(Staff.role).in_(list(order)),
            )
        ),
        key=lambda s: (order[s.role], s.id),
    )
    linked: dict[int, list[str]] = defaultdict(list)
    if staff:
        for staff_id, platform in session.exec(
            select(ChatIdentity.staff_id, ChatIdentity.platform)
            .where(col(ChatIdentity.staff_id).in_([s.id for s in staff]))
            .order_by(col(ChatIdentity.id))
        ):
            linked[staff_id].append(platform)
    leads, dsl_seen = [], False
    for s in staff:
        title = TITLES.get(s.role, s.role)
        if s.role == "dsl":
            title = "deputy DSL" if dsl_seen else "DSL"
            dsl_seen = True
        if s.id != exclude:
            leads.append(
                Lead(s, title, pick_platform(linked[stored_id(s)], s.preferred_platform, platforms))
            )
    return leads


@dataclass(frozen=True)
class AlertCount:
    school_id: int
    routed_to: str  # staff emails, comma-separated, in the order the alert reached them
    delivery: str  # storage.models.AlertDelivery
    count: int

    @property
    def undelivered(self) -> bool:
        return self.delivery == AlertDelivery.undelivered


def safeguarding_counts(
    session: Session, school_id: int | None, start: datetime, end: datetime
) -> list[AlertCount]:
    """How many alerts raised between two instants went to whom (or reached nobody), per school."""
    stmt = (
        select(
            SafeguardingAlert.school_id,
            SafeguardingAlert.routed_to,
            SafeguardingAlert.delivery,
            func.count(col(SafeguardingAlert.id)),
        )
        .where(
            in_school(SafeguardingAlert, school_id),
            SafeguardingAlert.raised_at >= start,
            SafeguardingAlert.raised_at < end,
        )
        .group_by(
            col(SafeguardingAlert.school_id),
            col(SafeguardingAlert.routed_to),
            col(SafeguardingAlert.delivery),
        )
        .order_by(
            col(SafeguardingAlert.school_id),
            col(SafeguardingAlert.routed_to),
            col(SafeguardingAlert.delivery),
        )
    )
    return [
        AlertCount(school, routed or "", delivery, int(n))
        for school, routed, delivery, n in session.exec(stmt)
    ]


def undelivered_alerts(session: Session) -> int:
    """Alerts that reached nobody and that nobody has marked seen: someone must act in person."""
    return int(
        session.exec(
            select(func.count(col(SafeguardingAlert.id))).where(
                SafeguardingAlert.delivery == AlertDelivery.undelivered.value,
                col(SafeguardingAlert.acknowledged_at).is_(None),
            )
        ).one()
    )
