"""Everything held about one child, for a subject-access request.

Records of every kind (withdrawn ones too, marked), every earlier version of
them, safeguarding alerts, and every audit entry that touched the child.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, SQLModel, col, select

from storage.models import (
    RECORD_MODELS,
    AuditEvent,
    IncidentInvolved,
    Provision,
    Pupil,
    RecordVersion,
    SafeguardingAlert,
)


def _dump(row: SQLModel) -> dict[str, Any]:
    return row.model_dump(mode="json")


def subject_access(session: Session, pupil: Pupil) -> dict[str, Any]:
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
        "safeguarding_alerts": [
            _dump(a)
            for a in session.exec(
                select(SafeguardingAlert).where(SafeguardingAlert.pupil_id == pupil.id)
            )
        ],
        "audit": [
            _dump(a)
            for a in session.exec(
                select(AuditEvent)
                .where(col(AuditEvent.pupil_id) == pupil.id)
                .order_by(col(AuditEvent.id))
            )
        ],
    }
