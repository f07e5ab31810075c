"""Everything held about one child, for a subject-access request.

Records of every kind (withdrawn ones too, marked), every earlier version of
them, safeguarding alerts, and every audit entry that touched the child.

What was said in a safeguarding concern, and the DSL's steps on it, are the
child-protection file: it is included only when a DSL or deputy makes the export
(`with_concerns`), since it is theirs to review before anything of it is disclosed;
otherwise the export says how many concerns are held and by whom.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, SQLModel, col, select

from storage.models import (
    RECORD_MODELS,
    AuditEvent,
    ConcernStep,
    IncidentInvolved,
    Provision,
    Pupil,
    RecordVersion,
    SafeguardingAlert,
)


def _dump(row: SQLModel) -> dict[str, Any]:
    return row.model_dump(mode="json")


CONCERNS_WITHHELD = (
    "Held in the child-protection file by the designated safeguarding lead, who reviews "
    "it before any disclosure: run the export as the DSL to include it."
)


def subject_access(session: Session, pupil: Pupil, *, with_concerns: bool) -> dict[str, Any]:
    records: dict[str, list[dict[str, Any]]] = {}
    versions: list[dict[str, Any]] = []
    for kind, model in RECORD_MODELS.items():
        rows = list(
            session.exec(
                select(model).where(col(model.pupil_id) == pupil.id).order_by(col(model.id))
            )
        )
        records[kind] = [_dump(r) for r in rows]
        if rows:
            versions += [
                _dump(v)
                for v in session.exec(
                    select(RecordVersion)
                    .where(
                        RecordVersion.record_type == kind,
                        col(RecordVersion.record_id).in_([r.id for r in rows]),
                    )
                    .order_by(col(RecordVersion.id))
                )
            ]
    return {
        "pupil": _dump(pupil),
        "provisions": [
            _dump(p) for p in session.exec(select(Provision).where(Provision.pupil_id == pupil.id))
        ],
        "records": records,
        "record_versions": versions,
        # Incidents about other children that name this one (the record itself
        # is the other child's; the role says how this child was involved).
        "involved_in_incidents": [
            _dump(i)
            for i in session.exec(
                select(IncidentInvolved)
                .where(IncidentInvolved.pupil_id == pupil.id)
                .order_by(col(IncidentInvolved.id))
            )
        ],
        "safeguarding_alerts": _concerns(session, pupil)
        if with_concerns
        else {
            "withheld": len(_alerts(session, pupil)),
            "reason": CONCERNS_WITHHELD,
        },
        "audit": [
            _dump(a)
            for a in session.exec(
                select(AuditEvent)
                .where(col(AuditEvent.pupil_id) == pupil.id)
                .order_by(col(AuditEvent.id))
            )
        ],
    }


def _alerts(session: Session, pupil: Pupil) -> list[SafeguardingAlert]:
    return list(
        session.exec(
            select(SafeguardingAlert)
            .where(SafeguardingAlert.pupil_id == pupil.id)
            .order_by(col(SafeguardingAlert.id))
        )
    )


def _concerns(session: Session, pupil: Pupil) -> list[dict[str, Any]]:
    """Each concern with the DSL's steps on it, in order."""
    out = []
    for alert in _alerts(session, pupil):
        steps = session.exec(
            select(ConcernStep)
            .where(ConcernStep.alert_id == alert.id)
            .order_by(col(ConcernStep.taken_at), col(ConcernStep.id))
        )
        out.append({**_dump(alert), "steps": [_dump(s) for s in steps]})
    return out
