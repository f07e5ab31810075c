"""The reply to a stored log: what was understood, with Undo and Edit, the
statutory RPI details still to give, and who a concern in it was passed to."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from handlers.grammar.result import ParseResult
from handlers.grammar.roster import RosterPupil
from handlers.render import describe_record
from handlers.request import Request
from handlers.rpi import PARENT_TEXT_ACTION, still_needed
from handlers.store import store_parsed
from handlers.types import Choice, Reply
from storage.ids import stored_id
from storage.models import BehaviourIncident, RecordBase
from storage.records import involved_in


def confirm(
    req: Request, result: ParseResult, extra: dict[str, Any] | None = None, *, routed: bool = False
) -> Reply:
    stored = store_parsed(req, result, extra, routed=routed)
    if stored.alert_reply is not None:
        return stored.alert_reply
    lines = record_lines(req, stored.records)
    first = stored.records[0]
    if (
        result.involved
        and isinstance(first, BehaviourIncident)
        and (others := involved_line(req, first))
    ):
        lines.append(others)
    ref = f"{result.kind}:{first.id}"
    minutes = int(req.ctx.undo_window.total_seconds() // 60)
    choices = [Choice("Undo", f"undo:{ref}", "danger"), Choice("Edit", f"edit:{ref}")]
    if isinstance(first, BehaviourIncident) and first.physical_intervention:
        # Asked the same day, from what was stored (typed or form alike).
        if needed := still_needed(first):
            lines.append(needed)
        choices.append(Choice("Parent text", f"{PARENT_TEXT_ACTION}:{first.id}"))
    if stored.routed_note:
        lines.append(stored.routed_note)
    return Reply(
        text="Logged ✓\n"
        + "\n".join(lines)
        + f"\nWrong? Undo within {minutes} minutes (/undo) or Edit.",
        choices=choices,
        record_refs=[f"{result.kind}:{r.id}" for r in stored.records],
    )


def record_lines(req: Request, records: Sequence[RecordBase]) -> list[str]:
    """Each record as the one line a key worker checks it by (stored or just edited);
    its clock time only where it means something (handlers.render.shows_clock)."""
    today = req.now.date()
    lines = []
    for record in records:
        pupil = req.roster.pupil(record.pupil_id)
        lines.append(
            describe_record(
                record,
                pupil_name=pupil.full_name if pupil else "?",
                provision_name=provision_name(pupil, getattr(record, "provision_id", None)),
                tz=req.ctx.tz,
                today=today,
            )
        )
    return lines


def involved_line(req: Request, incident: BehaviourIncident) -> str | None:
    """The other pupils stored on an incident, said back to the person who logged it."""
    names = []
    for row in involved_in(req.session, stored_id(incident)):
        pupil = req.roster.pupil(row.pupil_id)
        role = "" if row.role == "involved" else f" ({row.role})"
        names.append((pupil.full_name if pupil else "?") + role)
    if not names:
        return None
    return f"Also involved: {', '.join(names)}. Named on this record only, no record of their own."


def provision_name(pupil: RosterPupil | None, provision_id: int | None) -> str | None:
    if pupil is None or provision_id is None:
        return None
    return next((p.name for p in pupil.provisions if p.id == provision_id), None)
