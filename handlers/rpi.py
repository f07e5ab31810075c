"""A use-of-force record's follow-through in chat: the staff it names resolved to accounts,
what the statutory record still lacks (asked the same day), and the text for parents.

What the record must hold is storage.rpi's one list; the fields are asked and
shown by the one form schema. `settle` runs in the log's own transaction
whenever an RPI record is stored or amended.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from handlers.request import Request
from storage.models import BehaviourIncident, IncidentInvolved, Pupil, School
from storage.rpi import (
    active_staff,
    asks,
    link_staff,
    missing_details,
    resolve_one,
    resolve_staff,
)
from storage.vocabulary import METHOD_WORDS

PARENT_TEXT_ACTION = "rpi_parent_text"


@dataclass(frozen=True)
class NamedStaff:
    """The staff one RPI log names, resolved once against the school's accounts: every
    record of the log (each pupil held) and every edit of them shares the same words."""

    involved: list[int]
    informed_by: int | None

    @classmethod
    def of(cls, req: Request, incident: BehaviourIncident) -> NamedStaff | None:
        if not incident.physical_intervention:
            return None
        staff = active_staff(req.session, incident.school_id)
        me = incident.logged_by_id
        return cls(
            involved=resolve_staff(staff, incident.staff_involved, me=me),
            informed_by=resolve_one(staff, incident.parents_informed_by, me=me),
        )

    def fill(self, incident: BehaviourIncident) -> None:
        """Who told the parents, to an account; a time they were told means they were told.
        Sets fields only, so it serves a record not yet inserted (handlers.store) too."""
        incident.parents_informed_by_id = self.informed_by
        if incident.parents_informed_at is not None:
            incident.parents_informed = True

    def link(self, req: Request, incident: BehaviourIncident) -> None:
        """The staff involved, as accounts on the stored record, in this transaction."""
        if incident.id is not None:
            link_staff(req.session, incident, self.involved)


def settle(req: Request, incidents: Sequence[BehaviourIncident]) -> None:
    """After an edit of a stored incident's rows: the staff resolved again (once), in this
    transaction."""
    named = NamedStaff.of(req, incidents[0]) if incidents else None
    if named is None:
        return
    for incident in incidents:
        named.link(req, incident)
        named.fill(incident)
        req.session.add(incident)


def still_needed(incident: BehaviourIncident) -> str | None:
    """The line asking for what the statutory record lacks, or None when it is complete."""
    missing = missing_details(incident)
    if not missing:
        return None
    return (
        f"The RPI record still needs: {asks(missing)}. Add them today with Edit "
        "(the law asks for them)."
    )


def _day(moment: datetime, tz: ZoneInfo) -> str:
    local = moment.astimezone(tz)
    return f"{local:%A} {local.day} {local:%B} at {local:%H:%M}"


def parent_text(session: Session, incident: BehaviourIncident, tz: ZoneInfo) -> str:
    """What a member of staff sends or reads to the parents: facts from the record, no other
    child named (other pupils are only 'another pupil'), no staff judgement added."""
    pupil = session.get(Pupil, incident.pupil_id)
    school = session.get(School, incident.school_id)
    name = (pupil.preferred_name or pupil.first_name) if pupil else "your child"
    others = session.exec(
        select(Pupil)
        .join(IncidentInvolved, col(IncidentInvolved.pupil_id) == col(Pupil.id))
        .where(IncidentInvolved.incident_id == incident.id)
    ).all()
    unnamed = _without(others)
    lines = [
        f"Dear parent/carer of {name},",
        "",
        f"I am writing to let you know that on {_day(incident.occurred_at, tz)}"
        + (f", in the {incident.place}," if incident.place else "")
        + f" staff at {school.name if school else 'school'} needed to use physical intervention "
        f"with {name}.",
    ]
    if incident.antecedent:
        lines.append(f"What happened before: {unnamed(incident.antecedent)}.")
    if incident.notes:
        lines.append(f"What happened: {unnamed(incident.notes)}")
    if others:
        lines.append("Another pupil was involved; we do not share other children's details.")
    if incident.deescalation_tried:
        lines.append(f"Before this, staff tried: {unnamed(incident.deescalation_tried)}.")
    hold = incident.hold_type or "a hold"
    if incident.degree_of_force:
        hold += f" ({incident.degree_of_force})"
    if incident.hold_minutes:
        hold += f", for about {incident.hold_minutes} minute" + (
            "s" if incident.hold_minutes != 1 else ""
        )
    lines.append(f"Staff used {hold}.")
    if incident.reason_for_force:
        lines.append(f"This was necessary because: {unnamed(incident.reason_for_force)}.")
    lines.append(f"Injuries: {incident.injuries or 'none recorded'}.")
    if incident.support_after:
        lines.append(f"Afterwards: {unnamed(incident.support_after)}.")
    lines += [
        "",
        "We record every use of force and review it to reduce the need for it. Please get in "
        "touch if you would like to talk about what happened or how we support "
        f"{name}.",
    ]
    return "\n".join(lines)


def _without(pupils: Sequence[Pupil]) -> Callable[[str | None], str]:
    """A function that puts 'another pupil' for these pupils' names in a text."""
    names: set[str] = set()
    for p in pupils:
        names |= {p.full_name, p.first_name, p.last_name}
        if p.preferred_name:
            names |= {p.preferred_name, f"{p.preferred_name} {p.last_name}"}
    # Longest first, so "Lily Ahmed" goes before "Lily" leaves "Ahmed" behind.
    pattern = (
        re.compile(
            r"\b(?:"
            + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
            + r")(?:'s)?\b",
            re.I,
        )
        if names
        else None
    )

    def unnamed(text: str | None) -> str:
        return pattern.sub("another pupil", text or "") if pattern else (text or "")

    return unnamed


def informed_line(incident: BehaviourIncident, tz: ZoneInfo, by: str | None) -> str:
    """'Parents told Tue 3 Nov 15:10, phone call, by Jo Bloggs' / 'Parents NOT yet told'."""
    if not (incident.parents_informed or incident.parents_informed_at):
        return "Parents NOT yet told"
    parts = ["Parents told"]
    if incident.parents_informed_at:
        local = incident.parents_informed_at.astimezone(tz)
        parts.append(f"{local:%a} {local.day} {local:%b %H:%M}")
    if incident.parents_informed_how:
        parts.append(METHOD_WORDS.get(incident.parents_informed_how, incident.parents_informed_how))
    if by or incident.parents_informed_by:
        parts.append(f"by {by or incident.parents_informed_by}")
    return " · ".join(parts)
