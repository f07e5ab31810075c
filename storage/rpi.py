"""What a use-of-force record must hold (DfE guidance on reasonable force), and which of it
one record is missing; the staff it names resolved to their accounts.

RPI_DETAILS is the one list of the guidance's fields that a person must give
(the date and time are always stored; other pupils are optional; SEN status
comes from the roster). The form schema (handlers.forms.schema) shows and asks
each of them, the chat reply and the afternoon nudge ask for what is missing,
and the SENCO's digest lists records still incomplete and parents not yet told.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from sqlmodel import Session, col, select

from storage.models import BehaviourIncident, IncidentStaff, Staff

# (column, how the missing detail is asked for inside a sentence)
RPI_DETAILS: tuple[tuple[str, str], ...] = (
    ("staff_involved", "which staff were involved"),
    ("place", "where it happened"),
    ("antecedent", "what happened before"),
    ("deescalation_tried", "what de-escalation was tried"),
    ("hold_type", "the type of force or hold"),
    ("degree_of_force", "the degree of force"),
    ("hold_minutes", "how long it lasted"),
    ("reason_for_force", "why force was necessary"),
    ("injuries", "any injuries to anyone ('none' if none)"),
    ("support_after", "the support given afterwards"),
    ("parents_informed_at", "when parents/carers were told"),
    ("parents_informed_how", "how parents/carers were told"),
    ("parents_informed_by", "who told the parents/carers"),
)
RPI_COLUMNS = tuple(column for column, _ in RPI_DETAILS)
ASKED = dict(RPI_DETAILS)


class ForceRecord(Protocol):
    """An incident, or a row of its columns (storage.queries.force reads only those)."""

    @property
    def physical_intervention(self) -> bool: ...
    @property
    def parents_informed(self) -> bool | None: ...
    @property
    def parents_informed_at(self) -> datetime | None: ...


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def missing_details(incident: ForceRecord) -> list[str]:
    """The statutory columns still empty on an RPI record, in RPI_DETAILS order."""
    if not incident.physical_intervention:
        return []
    return [column for column in RPI_COLUMNS if _empty(getattr(incident, column, None))]


def asks(columns: Iterable[str]) -> str:
    """'where it happened, why force was necessary'"""
    return ", ".join(ASKED[c] for c in columns)


def parents_not_told(incident: ForceRecord) -> bool:
    """An RPI whose record does not say parents/carers have been told."""
    return bool(incident.physical_intervention) and not (
        incident.parents_informed or incident.parents_informed_at is not None
    )


_SPLIT = re.compile(r"\s*(?:,|\+|&|/|\band\b|\bwith\b|\bplus\b)\s*", re.I)
_TITLE = re.compile(r"^(?:mr|mrs|ms|miss|mx|dr|sir)\.?\s+", re.I)
_ROLE = re.compile(r"\s*\((?:[^)]*)\)\s*$")
_ME = frozenset({"me", "myself", "i"})


def active_staff(session: Session, school_id: int) -> list[Staff]:
    """The school's active staff: what the names on an RPI are resolved against."""
    return list(
        session.exec(
            select(Staff).where(Staff.school_id == school_id, col(Staff.active).is_(True))
        ).all()
    )


def resolve_staff(staff: Iterable[Staff], typed: str | None, *, me: int | None = None) -> list[int]:
    """The accounts among `staff` that `typed` names ("me + Mr Patel", "Femi and Jo (TA)").

    A part is resolved only when exactly one active member of the school has
    that full name, first name or surname (never a guess between two); "me"
    is the person logging it. Parts not resolved stay as typed on the record.
    """
    if _empty(typed):
        return []
    staff = list(staff)
    found: list[int] = []
    for part in _SPLIT.split(str(typed)):
        words = _ROLE.sub("", _TITLE.sub("", part.strip())).casefold().strip()
        if not words:
            continue
        if words in _ME:
            hit = [me] if me is not None else []
        else:
            hit = [
                s.id
                for s in staff
                if s.id is not None
                and (
                    words == s.name.casefold()
                    or words in (s.name.casefold().split()[0], s.name.casefold().split()[-1])
                )
            ]
        if len(hit) == 1 and hit[0] not in found:
            found.append(hit[0])
    return found


def resolve_one(staff: Iterable[Staff], typed: str | None, *, me: int | None) -> int | None:
    """One member of staff named in `typed` (who told the parents), or None."""
    ids = resolve_staff(staff, typed, me=me)
    return ids[0] if len(ids) == 1 else None


def link_staff(session: Session, incident: BehaviourIncident, staff_ids: Iterable[int]) -> None:
    """Store the accounts the incident's staff_involved resolved to (replacing earlier ones)."""
    assert incident.id is not None
    wanted = list(dict.fromkeys(staff_ids))
    kept: set[int] = set()
    for old in session.exec(select(IncidentStaff).where(IncidentStaff.incident_id == incident.id)):
        if old.staff_id in wanted:
            kept.add(old.staff_id)  # deleting and re-adding one would clash in a single flush
        else:
            session.delete(old)  # derived from staff_involved, which keeps its own history
    for staff_id in wanted:
        if staff_id not in kept:
            session.add(
                IncidentStaff(
                    school_id=incident.school_id, incident_id=incident.id, staff_id=staff_id
                )
            )


def involved_staff(session: Session, incident_ids: Iterable[int]) -> dict[int, list[str]]:
    """Incident id -> the names of the staff accounts resolved on it."""
    ids = list(incident_ids)
    if not ids:
        return {}
    out: dict[int, list[str]] = {}
    rows = session.exec(
        select(IncidentStaff.incident_id, Staff.name)
        .join(Staff, col(Staff.id) == col(IncidentStaff.staff_id))
        .where(col(IncidentStaff.incident_id).in_(ids))
        .order_by(col(IncidentStaff.id))
    )
    for incident_id, name in rows:
        out.setdefault(incident_id, []).append(name)
    return out
