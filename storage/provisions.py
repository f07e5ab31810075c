"""A pupil's plan, line by line: the rules for a provision and its amendments with history.

An amended EHCP or SEN Support plan is a new version of each changed line,
never an overwrite: the previous state goes into RecordVersion (record_type
"provision") before the row changes, so sessions logged against it keep
their link and the old plan can still be read. Ending a provision sets its
end date; nothing is deleted. The roster import and the web pages check a
provision's values with the same `provision_problems`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage.audit import audit
from storage.models import AREAS_OF_NEED, Provision, Pupil, RecordVersion, Staff
from storage.records import snapshot

RECORD_TYPE = "provision"
MAX_SESSIONS_PER_WEEK = 50
MAX_MINUTES_PER_SESSION = 600
_AREAS = {a.lower(): a for a in AREAS_OF_NEED}


def area_of_need(text: str) -> str | None:
    """The Code of Practice's spelling of a broad area of need, in any case; None if not one."""
    return _AREAS.get(" ".join(text.split()).lower())


def provision_problems(name: str, area: str, per_week: str, minutes: str) -> list[str]:
    """Every reason these values can't be a provision (empty when they can)."""
    problems = []
    if not name.strip():
        problems.append("provision is empty")
    if area_of_need(area) is None:
        problems.append(f"area_of_need '{area}' must be one of: {'; '.join(AREAS_OF_NEED)}")
    try:
        n, m = int(per_week), int(minutes)
    except ValueError:
        problems.append("sessions_per_week and minutes_per_session must be whole numbers")
    else:
        if not (1 <= n <= MAX_SESSIONS_PER_WEEK and 1 <= m <= MAX_MINUTES_PER_SESSION):
            problems.append(
                f"sessions_per_week must be 1-{MAX_SESSIONS_PER_WEEK} and "
                f"minutes_per_session 1-{MAX_MINUTES_PER_SESSION}"
            )
    return problems


def current_version(session: Session, provision_id: int) -> int:
    """1 for a provision never amended; one more for each kept previous version."""
    kept = session.exec(
        select(func.count())
        .select_from(RecordVersion)
        .where(RecordVersion.record_type == RECORD_TYPE, RecordVersion.record_id == provision_id)
    ).one()
    return int(kept) + 1


def add_provision(
    session: Session,
    pupil: Pupil,
    values: dict[str, Any],
    *,
    by_staff_id: int | None,
    platform: str,
) -> Provision:
    assert pupil.id is not None
    provision = Provision(school_id=pupil.school_id, pupil_id=pupil.id, **values)
    session.add(provision)
    session.flush()
    audit(
        session,
        action="provision_add",
        school_id=pupil.school_id,
        staff_id=by_staff_id,
        platform=platform,
        record_type=RECORD_TYPE,
        record_id=provision.id,
        pupil_id=pupil.id,
        detail=provision.name,
    )
    return provision


def amend_provision(
    session: Session,
    provision: Provision,
    changes: dict[str, Any],
    *,
    by_staff_id: int | None,
    platform: str,
    reason: str,
) -> bool:
    """Apply the changes that differ, keeping the previous state; False when nothing differs.

    The previous version is kept whenever a member of staff makes the change;
    the server's command line (no staff member) changes in place, audited.
    """
    changed = {k: v for k, v in changes.items() if getattr(provision, k) != v}
    if not changed:
        return False
    assert provision.id is not None
    if by_staff_id is not None:
        session.add(
            RecordVersion(
                school_id=provision.school_id,
                record_type=RECORD_TYPE,
                record_id=provision.id,
                version=current_version(session, provision.id),
                data=snapshot(provision),
                changed_by_id=by_staff_id,
                reason=reason[:500],
            )
        )
    for name, value in changed.items():
        setattr(provision, name, value)
    session.add(provision)
    audit(
        session,
        action="provision_amend",
        school_id=provision.school_id,
        staff_id=by_staff_id,
        platform=platform,
        record_type=RECORD_TYPE,
        record_id=provision.id,
        pupil_id=provision.pupil_id,
        detail=f"{', '.join(sorted(changed))}: {reason}"[:2000],
    )
    return True


@dataclass(frozen=True)
class PastVersion:
    version: int
    data: dict[str, Any]
    changed_at: datetime
    changed_by: str
    reason: str

    @property
    def end_on(self) -> date | None:
        raw = self.data.get("end_on")
        return date.fromisoformat(raw) if raw else None


def history(session: Session, provision_id: int) -> list[PastVersion]:
    """The provision's previous versions, newest first."""
    rows = session.exec(
        select(RecordVersion, Staff.name)
        .join(Staff, col(Staff.id) == col(RecordVersion.changed_by_id))
        .where(RecordVersion.record_type == RECORD_TYPE, RecordVersion.record_id == provision_id)
        .order_by(col(RecordVersion.version).desc())
    ).all()
    return [PastVersion(v.version, v.data, v.changed_at, name, v.reason) for v, name in rows]
