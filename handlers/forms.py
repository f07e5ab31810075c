"""Forms: what a Slack modal or Telegram guided form shows, and what its submission stores.

The adapters render a `FormRequest` and send back the filled values as a flat
dict with the keys in FORM_FIELDS; `submit_form` validates them (errors keyed
by field, shown beside the field) and stores through the same path as /log.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from handlers.confirm import confirm
from handlers.grammar.result import ParseResult
from handlers.request import Request
from handlers.types import FormRequest, HandlerContext, Inbound, Reply
from storage.db import session_scope
from storage.identity import staff_for_chat_user
from storage.models import RECORD_MODELS

# Field name -> meaning. Adapters use exactly these keys.
FORM_FIELDS: dict[str, str] = {
    "kind": "session | behaviour | parent_contact",
    "pupil_ids": "list of pupil ids (a group session has several)",
    "provision_id": "provision id (sessions)",
    "duration_minutes": "whole minutes",
    "occurred_at": "school-local 'YYYY-MM-DDTHH:MM'; empty means now",
    "status": "delivered | missed (sessions)",
    "missed_reason": "why a session was missed",
    "notes": "free text",
    "contact_method": "phone | email | in_person | letter | text | video",
    "contact_with": "who: mum, dad, carer...",
    "follow_up_on": "YYYY-MM-DD",
    "antecedent": "what happened before (behaviour)",
    "consequence": "what happened after / strategies used (behaviour)",
    "place": "where (behaviour)",
    "physical_intervention": "true when a restrictive physical intervention was used",
    "staff_involved": "RPI: staff involved",
    "hold_type": "RPI: type of hold",
    "hold_minutes": "RPI: duration of hold in minutes",
    "deescalation_tried": "RPI: de-escalation tried first",
    "reason_for_force": "RPI: why it was necessary",
    "injuries": "RPI: injuries to anyone ('none' if none)",
    "support_after": "RPI: support given afterwards",
    "parents_informed": "RPI: true once parents/carers were told",
}
RPI_REQUIRED = {
    "staff_involved": "Who was involved?",
    "place": "Where did it happen?",
    "antecedent": "What happened before?",
    "deescalation_tried": "What de-escalation was tried first?",
    "hold_type": "What type of hold was used?",
    "hold_minutes": "How long was the hold (minutes)?",
    "reason_for_force": "Why was it necessary?",
    "injuries": "Any injuries? Write 'none' if none.",
}
KINDS = ("session", "behaviour", "parent_contact")
METHODS = ("phone", "email", "in_person", "letter", "text", "video")


def form_request_for(req: Request, result: ParseResult | None) -> FormRequest:
    roster = req.roster
    mine = [p for p in roster.pupils if p.key_worker_id == req.staff.id]
    others = [p for p in roster.pupils if p.key_worker_id != req.staff.id]
    values: dict[str, Any] = {}
    if result is not None:
        values = {
            "kind": result.kind if result.kind in KINDS else None,
            "pupil_ids": [p.id for p in result.pupils],
            "provision_id": result.provision.id if result.provision else None,
            "duration_minutes": result.duration_minutes,
            "occurred_at": result.occurred_at.strftime("%Y-%m-%dT%H:%M")
            if result.occurred_at
            else None,
            "status": result.status,
            "missed_reason": result.missed_reason,
            "notes": result.notes,
            "contact_method": result.contact_method,
            "contact_with": result.contact_with,
            "follow_up_on": result.follow_up_on.isoformat() if result.follow_up_on else None,
            "physical_intervention": result.physical_intervention,
            "place": result.place,
            "hold_type": result.hold_type,
            "hold_minutes": result.hold_minutes,
            "staff_involved": result.staff_involved,
            "injuries": result.injuries,
        }
    return FormRequest(
        kind=values.get("kind"),
        values={k: v for k, v in values.items() if v not in (None, "", [])},
        title="Log",
        pupil_options=[(p.id, p.display_name) for p in (*mine, *others)],
        provision_options={
            p.id: [(prov.id, prov.name) for prov in p.provisions] for p in roster.pupils
        },
    )


def form_for(ctx: HandlerContext, inbound: Inbound) -> Reply:
    """The blank form for whoever sent `inbound`, read-only (opening or redrawing a Slack modal).

    Unlike `/log` it forgets no pending question and stores nothing: a form opened
    and closed again must not lose the question the chat was waiting on.
    """
    from handlers.service import unknown_user_reply  # service imports this module

    with session_scope(ctx.engine) as session:
        staff = staff_for_chat_user(session, inbound.platform, inbound.user_id)
        if staff is None:
            return unknown_user_reply(inbound)
        req = Request(ctx=ctx, session=session, inbound=inbound, staff=staff)
        return Reply(text="What would you like to log?", form=form_request_for(req, None))


def _int(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _truthy(value: Any) -> bool:
    return (
        str(value).strip().lower() in {"1", "true", "yes", "on", "y"}
        if value is not None
        else False
    )


def _too_long(kind: Any, form: dict[str, Any]) -> dict[str, str]:
    """Free text longer than its column holds, as field errors (never silently cut)."""
    model = RECORD_MODELS.get(kind)
    if model is None:
        return {}
    columns = model.__table__.columns
    errors = {}
    for name, value in form.items():
        limit = getattr(columns[name].type, "length", None) if name in columns else None
        if limit and isinstance(value, str) and len(value) > limit:
            errors[name] = f"Please keep this under {limit:,} characters (it has {len(value):,})."
    return errors


def validate_form(
    req: Request, form: dict[str, Any]
) -> tuple[ParseResult | None, dict[str, Any], dict[str, str]]:
    """Form values -> (draft, extra model fields, field errors)."""
    errors: dict[str, str] = {}
    kind = form.get("kind")
    if kind not in KINDS:
        errors["kind"] = "Choose session, behaviour or parent contact."
    raw_ids = form.get("pupil_ids") or []
    if isinstance(raw_ids, (str, int)):
        raw_ids = [raw_ids]
    pupils = [req.roster.pupil(i) for i in (_int(x) for x in raw_ids) if i is not None]
    pupils = [p for p in pupils if p is not None]
    if not pupils:
        errors["pupil_ids"] = "Choose the pupil."
    provision = None
    if kind == "session":
        provision_id = _int(form.get("provision_id"))
        provision = next(
            (prov for p in pupils for prov in p.provisions if prov.id == provision_id), None
        )
        if provision is None and any(p.provisions for p in pupils):
            errors["provision_id"] = "Choose one of this pupil's provisions."
    duration = _int(form.get("duration_minutes"))
    if form.get("duration_minutes") not in (None, "") and (
        duration is None or not 1 <= duration <= 600
    ):
        errors["duration_minutes"] = "Minutes as a whole number, 1 to 600."
    occurred_at = req.now
    if form.get("occurred_at"):
        try:
            occurred_at = datetime.fromisoformat(str(form["occurred_at"]))
            if occurred_at.tzinfo is None:
                occurred_at = occurred_at.replace(tzinfo=req.ctx.tz)
            if occurred_at > req.now:
                errors["occurred_at"] = (
                    "That's in the future: logs are for things that have happened."
                )
        except ValueError:
            errors["occurred_at"] = "Use a date and time like 2026-11-18 10:40."
    follow_up = None
    if form.get("follow_up_on"):
        try:
            follow_up = date.fromisoformat(str(form["follow_up_on"]))
        except ValueError:
            errors["follow_up_on"] = "Use a date like 2026-11-20."
    method = form.get("contact_method") or None
    if kind == "parent_contact" and method not in METHODS:
        errors["contact_method"] = "Choose how you were in touch."
    rpi = kind == "behaviour" and _truthy(form.get("physical_intervention"))
    extra: dict[str, Any] = {}
    if kind == "behaviour":
        for name in ("antecedent", "consequence", "place"):
            if form.get(name):
                extra[name] = str(form[name])[:2000]
    if rpi:
        for name, question in RPI_REQUIRED.items():
            if form.get(name) in (None, ""):
                errors[name] = question
        hold = _int(form.get("hold_minutes"))
        if form.get("hold_minutes") not in (None, "") and hold is None:
            errors["hold_minutes"] = "Minutes as a whole number."
        for name in (
            "staff_involved",
            "hold_type",
            "deescalation_tried",
            "reason_for_force",
            "injuries",
            "support_after",
        ):
            if form.get(name):
                extra[name] = str(form[name])[:2000]
        extra["hold_minutes"] = hold
        if _truthy(form.get("parents_informed")):
            extra["parents_informed_at"] = req.now
    errors |= _too_long(kind, form)
    if errors:
        return None, {}, errors
    status = "missed" if form.get("status") == "missed" else "delivered"
    draft = ParseResult(
        text=str(form.get("notes") or "")[:4000],
        kind=kind,
        pupils=pupils,
        provision=provision,
        status=status if kind == "session" else None,
        missed_reason=(form.get("missed_reason") or None) if status == "missed" else None,
        duration_minutes=duration,
        occurred_at=occurred_at,
        time_given=bool(form.get("occurred_at")),
        contact_method=method if kind == "parent_contact" else None,
        contact_with=form.get("contact_with") or None,
        follow_up_on=follow_up,
        physical_intervention=rpi,
        notes=str(form.get("notes") or "")[:4000],
    )
    return draft, extra, {}


def submit_form(req: Request, form: dict[str, Any]) -> Reply:
    draft, extra, errors = validate_form(req, form)
    if errors:
        return Reply(text="Please check the highlighted fields.", field_errors=errors)
    assert draft is not None
    return confirm(req, draft, extra=extra)
