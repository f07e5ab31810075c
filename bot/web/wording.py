"""How a logged record reads in a table on the pages (labels from storage.vocabulary;
the chat wording lives in handlers.render)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from handlers.render import shows_clock
from storage.chronology import LoggedRecord
from storage.models import BehaviourIncident, ParentContact, SessionLog
from storage.vocabulary import KIND_LABELS, METHOD_WORDS


def kind_label(row: LoggedRecord) -> str:
    return KIND_LABELS.get(row.kind, row.kind)


def what(row: LoggedRecord) -> str:
    """The record in a few words: provision and minutes, the incident, the contact."""
    record = row.record
    parts: list[str] = []
    if isinstance(record, SessionLog):
        parts.append(row.provision or "no provision")
        if record.status == "missed":
            parts.append("missed" + (f": {record.missed_reason}" if record.missed_reason else ""))
        elif record.duration_minutes:
            parts.append(f"{record.duration_minutes} min")
    elif isinstance(record, BehaviourIncident):
        parts.append(record.behaviour or "incident")
        if record.physical_intervention:
            hold = record.hold_type or "physical intervention"
            if record.hold_minutes:
                hold += f", {record.hold_minutes} min"
            parts.append(f"restrictive physical intervention: {hold}")
        if record.place:
            parts.append(record.place)
    elif isinstance(record, ParentContact):
        if record.contact_with:
            parts.append(record.contact_with)
        if record.method:
            parts.append(METHOD_WORDS.get(record.method, record.method))
        if record.summary:
            parts.append(record.summary)
        if record.follow_up_on:
            parts.append(f"follow up {record.follow_up_on:%d/%m/%Y}")
    return " · ".join(parts)


def table_row(row: LoggedRecord, tz: ZoneInfo) -> dict[str, Any]:
    """What the Today and pupil pages show of one record."""
    description = what(row)
    return {
        "when": row.record.occurred_at.astimezone(tz),
        "clock": shows_clock(row.record, tz),  # not for a day named alone (its time is a stand-in)
        "pupil": row.pupil,
        "kind": kind_label(row),
        "what": what(row),
        # Chat often stores the typed words as both the summary and the notes: show them once.
        "notes": "" if row.record.notes and row.record.notes in description else row.record.notes,
        "by": row.logged_by,
        "withdrawn": row.withdrawn,
        "withdrawn_reason": row.record.withdrawn_reason,
        "rpi": getattr(row.record, "physical_intervention", False),
    }
