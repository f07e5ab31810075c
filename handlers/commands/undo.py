"""`/undo` and the Undo and Edit buttons: withdraw or correct your own recent record.

Nothing is deleted: undo marks the record withdrawn (the old version is kept
in RecordVersion and the audit log), and an edit keeps the previous version.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from handlers.confirm import involved_line, record_lines
from handlers.conversation import forget, pending, remember
from handlers.forms import CHECK_FIELDS, RECORD_REF, check, form_request_for
from handlers.forms.values import values_from_record
from handlers.grammar.parser import parse_message
from handlers.grammar.result import Kind, ParseOverrides, ParseResult
from handlers.registry import ALONE, READ_ALL_ROLES, action, answers, command, submits
from handlers.request import Request
from handlers.rpi import settle as settle_rpi
from handlers.rpi import still_needed
from handlers.safeguarding import is_concern, raise_alert
from handlers.store import OPTIONAL_DETAILS, amend_involved, fit_to_columns, record_fields
from handlers.types import Reply
from handlers.wording import amend_prompt, correction_refused
from storage.models import BehaviourIncident, RecordBase
from storage.records import (
    amend,
    get_record,
    latest_by_staff,
    record_type_of,
    records_in_group,
    withdraw,
)

UNDO_REASON = "undone by the person who logged it"


@command("undo", summary="Withdraw the last thing you logged (within 15 minutes)", bare=ALONE)
def undo_command(req: Request, args: str) -> Reply:
    since = req.ctx.now() - req.ctx.undo_window
    record = latest_by_staff(req.session, req.staff_id, since)
    if record is None:
        minutes = int(req.ctx.undo_window.total_seconds() // 60)
        return Reply(text=f"There is nothing of yours from the last {minutes} minutes to undo.")
    return _withdraw(req, record)


@action("undo")
def undo_action(req: Request, ref: str) -> Reply:
    record = _own_record(req, ref)
    if isinstance(record, Reply):
        return record
    if record.withdrawn_at is not None:
        return Reply(text="That record was already undone.")
    if record.logged_at < req.ctx.now() - req.ctx.undo_window:
        return Reply(
            text="It's too late to undo that one. Use Edit to correct it, or ask your SENCO."
        )
    return _withdraw(req, record)


def _withdraw(req: Request, record: RecordBase) -> Reply:
    rows = records_in_group(req.session, record)
    for row in rows:
        withdraw(req.session, row, by_staff_id=req.staff_id, reason=UNDO_REASON, at=req.ctx.now())
        req.audit("undo", record_type=_type(ref_of(row)), record_id=row.id, pupil_id=row.pupil_id)
    names = ", ".join(_pupil_name(req, r.pupil_id) for r in rows)
    return Reply(
        text=f"Undone: that log for {names} is withdrawn (kept in the history, not counted)."
    )


def _pupil_name(req: Request, pupil_id: int) -> str:
    pupil = req.roster.pupil(pupil_id)
    return pupil.full_name if pupil else "a pupil"


def ref_of(record: RecordBase) -> str:
    return f"{record_type_of(record)}:{record.id}"


# A ref names a stored record, so its type is one of the record kinds.
_RECORD_KINDS: dict[str, Kind] = {
    "session": "session",
    "behaviour": "behaviour",
    "parent_contact": "parent_contact",
}


def _type(ref: str) -> Kind:
    return _RECORD_KINDS[ref.partition(":")[0]]


def _own_record(req: Request, ref: str) -> RecordBase | Reply:
    record_type, _, raw_id = ref.partition(":")
    record = get_record(req.session, record_type, int(raw_id)) if raw_id.isdigit() else None
    if record is None or record.school_id != req.school_id:
        return Reply(text="I can't find that record.")
    if record.logged_by_id != req.staff.id and req.staff.role not in READ_ALL_ROLES:
        return Reply(
            text="Only the person who logged that record, or the SENCO, DSL or an admin, can change it."
        )
    return record


@action("edit", opens_form=True)
def edit_action(req: Request, ref: str) -> Reply:
    record = _own_record(req, ref)
    if isinstance(record, Reply):
        return record
    req.audit(
        "read", record_type=_type(ref), record_id=record.id, pupil_id=record.pupil_id, detail="edit"
    )
    form = form_request_for(req, None)
    form.record_ref = ref
    form.kind = _type(ref)
    form.values = values_from_record(req.session, record, req.ctx.tz)
    if req.inbound.forms:
        return Reply(
            text="Correct the record in the form. The previous version is kept.", form=form
        )
    # No forms here (the console): the next message typed is the correction.
    remember(
        req,
        {
            "awaiting": "amend",
            "ref": ref,
            "sent_at": req.now.isoformat(),
            "options": [],
            "text": record.source_text,
        },
    )
    return Reply(text=amend_prompt(record.source_text), form=form)


@answers("amend")
def amend_from_text(req: Request, state: dict[str, Any], text: str) -> Reply:
    """Apply a corrected message to the record being edited."""
    forget(req)
    record = _own_record(req, state["ref"])
    if isinstance(record, Reply):
        return record
    kind = _type(state["ref"])
    rows = records_in_group(req.session, record)
    result = parse_message(
        text,
        roster=req.roster,
        now=datetime.fromisoformat(state["sent_at"]),
        overrides=ParseOverrides(kind=kind),
    )
    if not result.pupils:
        result = parse_message(
            text,
            roster=req.roster,
            now=datetime.fromisoformat(state["sent_at"]),
            overrides=ParseOverrides(kind=kind, pupil_ids=[r.pupil_id for r in rows]),
        )
    if result.kind == "safeguarding":  # the grammar lets a concern win over the record's kind
        return raise_alert(req, result.pupils, result.text)
    if not result.ok:
        remember(req, state)
        return Reply(text=correction_refused(text, result.problems, str(state.get("text") or "")))
    # A typed correction that names no other pupil leaves them as they were.
    return _apply_changes(req, rows, result, kind, {}, involved=bool(result.involved))


@submits("amend")
def amend_from_form(req: Request, form: dict[str, Any]) -> Reply:
    ref = str(form[RECORD_REF])
    record = _own_record(req, ref)
    if isinstance(record, Reply):
        return record
    rows = records_in_group(req.session, record)
    form = {**form, "kind": _type(ref)}
    form.setdefault("pupil_ids", [r.pupil_id for r in rows])
    checked = check(req, form)
    draft, extra = checked.draft, checked.extra
    if draft is not None and (why := _pupils_changed(rows, draft)):
        checked.errors["pupil_ids"] = why
    if checked.errors:
        return Reply(text=CHECK_FIELDS, field_errors=checked.errors)
    assert draft is not None
    texts = [draft.notes, *(v for v in extra.values() if isinstance(v, str))]
    if is_concern(req, texts):
        return raise_alert(req, draft.pupils, " · ".join(t for t in texts if t))
    # The form showed the other pupils involved: what it sends back is the whole list.
    return _apply_changes(req, rows, draft, _type(ref), extra, involved="involved_ids" in form)


def _pupils_changed(rows: list[RecordBase], result: ParseResult) -> str | None:
    """Why a correction may not be applied: it names other pupils than the record's."""
    if result.pupils and {p.id for p in result.pupils} != {r.pupil_id for r in rows}:
        return (
            "A correction can't change which pupils a record is about. Undo it (or ask "
            "your SENCO) and log it again for the right pupil."
        )
    return None


def _apply_changes(
    req: Request,
    rows: list[RecordBase],
    result: ParseResult,
    kind: str,
    extra: dict[str, Any],
    *,
    involved: bool,
) -> Reply:
    """Amend every row of the record; `involved`: replace its other pupils with the
    result's (else they stay as they were)."""
    if why := _pupils_changed(rows, result):
        return Reply(text=why)
    for row in rows:
        pupil = req.roster.pupil(row.pupil_id)
        if pupil is None:
            return Reply(
                text="That pupil is no longer on the roster, so the record can't be edited here."
            )
        fields = {
            "occurred_at": result.occurred_at,
            "time_precision": result.time_precision,
            "notes": result.notes,
            "source_text": result.text,
        }
        for name, value in record_fields(kind, result, pupil).items():
            # Keep what the record had where the correction is silent.
            if value is None and (name in OPTIONAL_DETAILS or name in ("provision_id", "method")):
                continue
            fields[name] = value
        fields |= {k: v for k, v in extra.items() if k in type(row).model_fields}
        amend(req.session, row, fields, by_staff_id=req.staff_id, reason="edited")
        fit_to_columns(row)
        req.audit("amend", record_type=kind, record_id=row.id, pupil_id=row.pupil_id)
    if involved and kind == "behaviour":
        amend_involved(req, rows, result)
    lines = record_lines(req, rows)
    first = rows[0]
    if isinstance(first, BehaviourIncident) and (others := involved_line(req, first)):
        lines.append(others)
    text = (
        "Updated ✓\n" + "\n".join(lines) + "\nThe previous version is kept in the record's history."
    )
    if isinstance(first, BehaviourIncident) and first.physical_intervention:
        settle_rpi(req, rows)  # type: ignore[arg-type]  # every row of an incident is one
        if needed := still_needed(first):
            text += "\n" + needed
    return Reply(text=text, record_refs=[ref_of(row) for row in rows])


@command("cancel", summary="Forget the question I asked you", bare=ALONE)
def cancel_command(req: Request, args: str) -> Reply:
    had = pending(req) is not None
    forget(req)
    return Reply(text="OK, forgotten." if had else "There was nothing to cancel.")
