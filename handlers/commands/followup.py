"""Marking a promised parent follow-up done: the reminder's button, or `/followup done N`."""

from __future__ import annotations

import re

from handlers.registry import READ_ALL_ROLES, action, command
from handlers.request import Request
from handlers.types import Reply
from storage.models import ParentContact, Pupil


def mark_done(req: Request, raw_id: str) -> Reply:
    contact = req.session.get(ParentContact, int(raw_id)) if raw_id.strip().isdigit() else None
    if contact is None or contact.school_id != req.school_id or contact.withdrawn_at is not None:
        return Reply(text="I can't find that follow-up.")
    if contact.logged_by_id != req.staff.id and req.staff.role not in READ_ALL_ROLES:
        return Reply(text="Only the person who made that contact, or the SENCO, can mark it done.")
    pupil = req.session.get(Pupil, contact.pupil_id)
    if contact.follow_up_done_at is not None:
        return Reply(text=f"That follow-up for {pupil.full_name} was already marked done.")
    contact.follow_up_done_at = req.inbound.received_at
    req.session.add(contact)
    req.audit(
        "follow_up_done",
        record_type="parent_contact",
        record_id=contact.id,
        pupil_id=contact.pupil_id,
    )
    return Reply(
        text=f"Done ✓ Follow-up with {pupil.full_name}'s {contact.contact_with or 'family'} marked done."
    )


@action("followup_done")
def followup_done_action(req: Request, raw_id: str) -> Reply:
    return mark_done(req, raw_id)


@command(
    "followup",
    summary="Mark a parent follow-up done",
    usage="/followup done 12",
    bare=re.compile(r"done\s+\d+", re.IGNORECASE),
)
def followup_command(req: Request, args: str) -> Reply:
    verb, _, raw_id = args.strip().partition(" ")
    if verb.lower() != "done" or not raw_id.strip():
        return Reply(text="Use /followup done NUMBER (the number is in the reminder).")
    return mark_done(req, raw_id)
