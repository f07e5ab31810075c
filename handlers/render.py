"""Plain-English wording of records and times, shared by every reply."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from storage.models import BehaviourIncident, ParentContact, RecordBase, SessionLog
from storage.vocabulary import KIND_LABELS, METHOD_WORDS


def when(moment: datetime, tz: ZoneInfo, today: date | None = None, clock: bool = True) -> str:
    """'today 10:40', 'yesterday 14:00' or 'Tue 9 Jun 10:40' in school time; without the
    clock ('yesterday') when the message named only a day (its time is a stand-in)."""
    local = moment.astimezone(tz)
    at = local.strftime(" %H:%M") if clock else ""
    if today is not None:
        gap = (today - local.date()).days
        if gap == 0:
            return f"today{at}"
        if gap == 1:
            return f"yesterday{at}"
    return f"{local:%a} {local.day} {local:%b}{at}"


def shows_clock(record: RecordBase, tz: ZoneInfo) -> bool:
    """Whether the record's clock time means anything: not when the log named a day
    alone, whose time is a stand-in (a log that said nothing happened when it was sent)."""
    if record.time_precision != "none":
        return True
    logged = record.logged_at.astimezone(tz).date()
    return record.occurred_at.astimezone(tz).date() == logged


def describe_record(
    record: RecordBase,
    *,
    pupil_name: str,
    provision_name: str | None,
    tz: ZoneInfo,
    today: date | None = None,
) -> str:
    """One line a key worker can check at a glance."""
    clock = shows_clock(record, tz)
    parts: list[str]
    if isinstance(record, SessionLog):
        parts = [KIND_LABELS["session"], pupil_name, provision_name or "no provision"]
        if record.duration_minutes:
            parts.append(f"{record.duration_minutes} min")
        parts.append(when(record.occurred_at, tz, today, clock))
        if record.status == "missed":
            reason = f" ({record.missed_reason})" if record.missed_reason else ""
            parts.append(f"missed{reason}")
    elif isinstance(record, BehaviourIncident):
        parts = [KIND_LABELS["behaviour"], pupil_name, when(record.occurred_at, tz, today, clock)]
        if record.physical_intervention:
            hold = record.hold_type or "physical intervention"
            if record.hold_minutes:
                hold += f", {record.hold_minutes} min"
            parts.append(f"RPI: {hold}")
        if record.place:
            parts.append(record.place)
    elif isinstance(record, ParentContact):
        parts = [KIND_LABELS["parent_contact"], pupil_name]
        if record.contact_with:
            parts.append(record.contact_with)
        if record.method:
            parts.append(METHOD_WORDS.get(record.method, record.method))
        parts.append(when(record.occurred_at, tz, today, clock))
        if record.follow_up_on:
            parts.append(
                f"follow up {record.follow_up_on:%a} {record.follow_up_on.day} {record.follow_up_on:%b}"
            )
    else:  # pragma: no cover - every record model is handled above
        raise TypeError(type(record).__name__)
    line = " · ".join(parts)
    if record.notes:
        line += f"\n  “{record.notes}”"
    return line
