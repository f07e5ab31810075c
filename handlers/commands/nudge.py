"""The nudge message's buttons: log a behind-pace provision, or record it missed.

Each opens the log form pre-filled with the pupil and provision (status
"missed" asks for the reason), so the record goes through the usual /log path.
"""

from __future__ import annotations

from handlers.forms import form_request_for
from handlers.registry import READ_ALL_ROLES, action
from handlers.request import Request
from handlers.types import Reply
from storage.models import Provision, Pupil
from storage.vocabulary import short_name


def _form(req: Request, raw_id: str, missed: bool) -> Reply:
    provision = req.session.get(Provision, int(raw_id)) if raw_id.isdigit() else None
    pupil = req.session.get(Pupil, provision.pupil_id) if provision else None
    if provision is None or pupil is None or pupil.school_id != req.school_id:
        return Reply(text="That provision is no longer on the plan.")
    if pupil.key_worker_id != req.staff.id and req.staff.role not in READ_ALL_ROLES:
        return Reply(
            text="You can log provision for your key pupils from here. Use /log for others."
        )
    form = form_request_for(req, None)
    form.kind = "session"
    form.title = "Missed session" if missed else "Log session"
    form.values = {
        "kind": "session",
        "pupil_ids": [pupil.id],
        "provision_id": provision.id,
        "status": "missed" if missed else "delivered",
    }
    name = short_name(pupil.first_name, pupil.preferred_name, pupil.last_name)
    if missed:
        text = (
            f"Why was {pupil.full_name}'s {provision.name} missed? Fill in the form, or send: "
            f"/log {name} {provision.name.lower()} missed - REASON"
        )
    else:
        form.values["duration_minutes"] = provision.minutes_per_session
        text = (
            f"Log {pupil.full_name}'s {provision.name}: fill in the form, or send: "
            f"/log {name} {provision.name.lower()} {provision.minutes_per_session} mins"
        )
    return Reply(text=text, form=form)


@action("nudge_log")
def nudge_log_action(req: Request, raw_id: str) -> Reply:
    return _form(req, raw_id, missed=False)


@action("nudge_missed")
def nudge_missed_action(req: Request, raw_id: str) -> Reply:
    return _form(req, raw_id, missed=True)
