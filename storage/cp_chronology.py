"""One child's safeguarding chronology, for the DSL and deputies only: concerns raised (the
words as typed), when each was seen, every action and decision with its reason and
outcome, the incidents the child was in (as the subject or involved) and the contacts
with their parents, in time order.

It is the child-protection file's chronology, exported for a referral or for the next
school's DSL (transferred separately from the main record). Undone (withdrawn) records
are left out: they were mistakes, not events. Reading it is audited by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from storage.ids import stored_id
from storage.models import (
    BehaviourIncident,
    ConcernStep,
    IncidentInvolved,
    ParentContact,
    Pupil,
    SafeguardingAlert,
    Staff,
)
from storage.vocabulary import CONCERN_STEPS, METHOD_WORDS


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str  # concern | seen | concern_step | incident | parent_contact
    what: str
    by: str
    ref: str  # "concern 3", "incident 12": where it is kept
    seq: int = 0  # the row's id: things at the same minute stay in the order recorded


# At the same moment: what happened, then the concern about it, then the DSL's response.
_RANK = {"incident": 0, "parent_contact": 0, "concern": 1, "seen": 2, "concern_step": 3}


def _names(session: Session, school_id: int) -> dict[int | None, str]:
    return dict(
        session.exec(select(Staff.id, Staff.name).where(Staff.school_id == school_id)).all()
    )


def chronology(session: Session, pupil: Pupil) -> list[Entry]:
    assert pupil.id is not None
    names = _names(session, pupil.school_id)
    out: list[Entry] = []
    alerts = session.exec(
        select(SafeguardingAlert).where(SafeguardingAlert.pupil_id == pupil.id)
    ).all()
    for a in alerts:
        ref = f"concern {a.id}"
        out.append(
            Entry(
                a.raised_at,
                "concern",
                f"Concern raised: “{a.words}”",
                names.get(a.raised_by_id, "?"),
                ref,
            )
        )
        if a.acknowledged_at is not None:
            who = names.get(a.acknowledged_by_id, "a safeguarding lead")
            out.append(
                Entry(
                    a.acknowledged_at, "seen", "Seen by the safeguarding lead", who, ref, a.id or 0
                )
            )
    alert_ids = [a.id for a in alerts]
    steps = session.exec(
        select(ConcernStep).where(
            (col(ConcernStep.pupil_id) == pupil.id) | col(ConcernStep.alert_id).in_(alert_ids)
        )
    ).all()
    for s in steps:
        label = CONCERN_STEPS.get(s.step, s.step)
        why = f" Reason: {s.reason}" if s.reason else ""
        out.append(
            Entry(s.taken_at, "concern_step", f"{label}: {s.detail or '—'}.{why}",
                  names.get(s.recorded_by_id, "?"), f"concern {s.alert_id}", s.id or 0)
        )  # fmt: skip
    involved = dict(
        session.exec(
            select(IncidentInvolved.incident_id, IncidentInvolved.role).where(
                IncidentInvolved.pupil_id == pupil.id
            )
        ).all()
    )
    incidents = session.exec(
        select(BehaviourIncident).where(
            (col(BehaviourIncident.pupil_id) == pupil.id)
            | col(BehaviourIncident.id).in_(list(involved)),
            col(BehaviourIncident.withdrawn_at).is_(None),
        )
    ).all()
    for i in incidents:
        role = (
            ""
            if i.pupil_id == pupil.id
            else f" (this child {involved.get(stored_id(i), 'involved')})"
        )
        force = " · force used" if i.physical_intervention else ""
        injuries = f" · injuries: {i.injuries}" if i.injuries else ""
        what = f"Incident{role}{force}: {i.notes or i.behaviour}{injuries}"
        out.append(
            Entry(
                i.occurred_at, "incident", what, names.get(i.logged_by_id, "?"), f"incident {i.id}"
            )
        )
    contacts = session.exec(
        select(ParentContact).where(
            ParentContact.pupil_id == pupil.id, col(ParentContact.withdrawn_at).is_(None)
        )
    ).all()
    for c in contacts:
        how = METHOD_WORDS.get(c.method or "", c.method or "")
        who = c.contact_with or "parent/carer"
        what = f"Contact with {who}" + (f" ({how})" if how else "") + f": {c.summary or c.notes}"
        out.append(
            Entry(
                c.occurred_at,
                "parent_contact",
                what,
                names.get(c.logged_by_id, "?"),
                f"contact {c.id}",
            )
        )
    out.sort(key=lambda e: (e.at, _RANK[e.kind], e.seq))
    return out
