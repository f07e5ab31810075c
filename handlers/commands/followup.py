"""Marking a promised parent follow-up done: the reminder's button, or `/followup done N`."""

from __future__ import annotations

import re

from handlers.registry import READ_ALL_ROLES, action, command
from handlers.request import Request
from handlers.types import Reply
from storage.models import ParentContact, Pupil, Staff


def mark_done(req: Request, raw_id: str) -> Reply:
    contact = req.session.get(ParentContact, int(raw_id)) if raw_id.strip().isdigit() else None
    if contact is None or contact.school_id != req.school_id or contact.withdrawn_at is not None:
        return Reply(text="I can't find that follow-up.")
    # Whoever made the contact, or a SENCO, DSL or admin (when the key worker is away): the
    # README's rule. The audit row names who closed it, and whose contact it was.
    if contact.logged_by_id != req.staff.id and req.staff.role not in READ_ALL_ROLES:
        return Reply(
            text="Only the person who made that contact, or a SENCO, DSL or admin, can mark it done."
        )
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
        detail=_closed_for(req, contact),
    )
    return Reply(
        text=f"Done ✓ Follow-up with {pupil.full_name}'s {contact.contact_with or 'family'} marked done."
    )


def _closed_for(req: Request, contact: ParentContact) -> str:
    if contact.logged_by_id == req.staff.id:
        return "closed by whoever made the contact"
    maker = req.session.get(Staff, contact.logged_by_id)
    return f"closed by {req.staff.email} ({req.staff.role}) for {maker.email if maker else '?'}"


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
