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
from storage.models import BehaviourIncident, RecordBase


def confirm(
    req: Request, result: ParseResult, extra: dict[str, Any] | None = None, *, routed: bool = False
) -> Reply:
    stored = store_parsed(req, result, extra, routed=routed)
    if stored.alert_reply is not None:
        return stored.alert_reply
    lines = record_lines(req, stored.records)
    first = stored.records[0]
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


def provision_name(pupil: RosterPupil | None, provision_id: int | None) -> str | None:
    if pupil is None or provision_id is None:
        return None
    return next((p.name for p in pupil.provisions if p.id == provision_id), None)
