"""Forms: what a Slack modal, Telegram's guided form, a Teams card or a web page shows,
and what submitting it stores.

The fields and their rules are in `schema`; `validate` reads and checks a
submission; `values` fills a form from a message or a stored record. This
module puts them together for the commands: the FormRequest an adapter
renders, and the submission of a new record (a correction is submitted by
handlers.commands.undo, through the same validation).
"""

from __future__ import annotations

from typing import Any

from handlers.confirm import confirm
from handlers.forms.schema import FIELDS, RECORD_REF
from handlers.forms.validate import Checked, check_form
from handlers.forms.values import values_from_parse
from handlers.grammar.result import ParseResult
from handlers.registry import submits
from handlers.request import Request
from handlers.safeguarding import raise_alert
from handlers.types import FormRequest, Reply
from storage.vocabulary import RecordKind

CHECK_FIELDS = "Please check the highlighted fields."


def form_request_for(
    req: Request, result: ParseResult | None, *, suggested: list[int] | None = None
) -> FormRequest:
    """The form for this person: their key pupils first, each pupil's own provisions,
    pre-filled with what `result` understood; `suggested` pupils are offered first."""
    roster = req.roster
    mine = [p for p in roster.pupils if p.key_worker_id == req.staff.id]
    others = [p for p in roster.pupils if p.key_worker_id != req.staff.id]
    values = values_from_parse(result, req.ctx.tz) if result is not None else {}
    return FormRequest(
        kind=values.get("kind"),
        values=values,
        title="Log",
        pupil_options=[(p.id, p.display_name) for p in (*mine, *others)],
        provision_options={
            p.id: [(prov.id, prov.name) for prov in p.provisions] for p in roster.pupils
        },
        suggested_pupil_ids=list(suggested or []),
    )


def check(req: Request, form: dict[str, Any]) -> Checked:
    return check_form(form, req.roster, req.now, req.ctx.timetable)


@submits("new")
def submit_form(req: Request, form: dict[str, Any]) -> Reply:
    """A filled-in form for a new record: stored as a typed /log would be."""
    checked = check(req, form)
    if checked.errors:
        return Reply(text=CHECK_FIELDS, field_errors=checked.errors)
    assert checked.draft is not None
    if checked.draft.kind == RecordKind.safeguarding:
        return raise_alert(req, checked.draft.pupils, checked.draft.notes)
    return confirm(req, checked.draft, extra=checked.extra)


__all__ = ["CHECK_FIELDS", "FIELDS", "RECORD_REF", "check", "form_request_for", "submit_form"]
