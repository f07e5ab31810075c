"""The front door of the product: one Inbound in, one Reply out.

For every message the dispatcher first parses a likely /log with no transaction
open (handlers.preparse), then, inside one short transaction: drops a redelivered
event, runs a command anyone may send (/start CODE links an account), finds
the staff member behind the chat account (strangers learn only how to get
linked), then routes a request for a form, a submitted form, a button press,
a command, an answer to the question the person was asked, or plain text
(which is a /log). Everything it routes to is looked up in handlers.registry;
it knows no command's internals. Platform adapters call `handle` (and
`may_open_form`, to open a placeholder while a form is built) and nothing else.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

import handlers.commands  # noqa: F401  (registers the commands)
from handlers.conversation import forget, pending, set_aside, with_dropped
from handlers.forms import RECORD_REF, form_request_for
from handlers.preparse import keep, prepare
from handlers.rate_limit import admit
from handlers.registry import (
    ACTIONS,
    ANSWERS,
    COMMANDS,
    FORM_ACTIONS,
    PUBLIC_COMMANDS,
    SUBMITTERS,
    PublicHandler,
    bare_command,
)
from handlers.request import PublicRequest, Request
from handlers.roster_cache import staff_for_chat
from handlers.types import HandlerContext, Inbound, Reply, reply_from_json, reply_to_json
from handlers.wording import (
    EDIT_NOT_APPLIED,
    EMPTY_MESSAGE,
    FORWARDED,
    MAX_MESSAGE_CHARS,
    NOT_TEXT,
    account_not_active,
    group_refusal,
    too_long,
)
from storage import inbox
from storage.audit import audit
from storage.db import write_scope
from storage.identity import deactivated_staff_for_chat_user, who_reactivates
from storage.vocabulary import role_label

log = logging.getLogger(__name__)

PUBLIC_TEXTS = frozenset({"/help", "/start"})
NOT_LOGGED = {"file": NOT_TEXT, "edited": EDIT_NOT_APPLIED, "forwarded": FORWARDED}
NOT_SAVED = (
    "Sorry, I couldn't save that just now: the records database is busy or unreachable. "
    "Nothing was stored. Please send it again in a minute."
)


def unknown_user_reply(inbound: Inbound) -> Reply:
    return Reply(
        text=(
            "I don't know you yet, so I can't show or log anything. Ask your SENCO or "
            f"admin to link your account. Your {inbound.platform} user id is {inbound.user_id}."
        ),
        private=True,
        linked=False,
    )


class _AlreadyHandled(Exception):
    """The event was handled before: this transaction's records would be a second copy."""


def handle(ctx: HandlerContext, inbound: Inbound) -> Reply:
    """Handle one inbound message, button press or form; never raises for user input.

    One transaction: whatever is stored, the audit rows, and the inbox's "handled"
    mark for the event (storage.inbox), together or not at all."""
    try:
        # Read and parse first, outside the write transaction (handlers.preparse).
        prepared = prepare(ctx, inbound, clean_text(inbound.text))
        with write_scope(ctx.engine) as session:
            keep(session, prepared)
            return _handle(ctx, session, inbound)
    except _AlreadyHandled:
        # Handled before (this transaction was rolled back: the records exist once).
        # If its reply may never have been sent (a crash between storing and answering),
        # the kept reply is given again; if it was answered, there is nothing to send.
        log.info("duplicate delivery of %s event %s", inbound.platform, inbound.event_id)
        return _kept_reply(ctx, inbound) or Reply(text="", duplicate=True)
    except DBAPIError:
        log.exception("database error while handling a %s message", inbound.platform)
        return Reply(text=NOT_SAVED, retryable=True)


def _kept_reply(ctx: HandlerContext, inbound: Inbound) -> Reply | None:
    assert inbound.event_id is not None
    try:
        with write_scope(ctx.engine) as session:
            kept = inbox.unanswered_reply(
                session, platform=inbound.platform, event_id=inbound.event_id
            )
    except DBAPIError:
        return None
    return reply_from_json(kept) if kept is not None else None


def _handle(ctx: HandlerContext, session: Session, inbound: Inbound) -> Reply:
    if (limited := admit(session, inbound)) is not None:
        return limited  # over a rate limit: nothing is stored (handlers.rate_limit)
    reply = _route(ctx, session, inbound)
    if not inbound.event_id or reply.duplicate:
        return reply
    key = {"platform": inbound.platform, "event_id": inbound.event_id}
    if reply.field_errors:
        # Nothing was stored: the same values sent again (once the problem has
        # passed, e.g. a time no longer in the future) must not count as a repeat.
        inbox.mark_refused(session, **key, reply=reply_to_json(reply), at=ctx.now())
    elif not inbox.mark_handled(
        session, **key, person=inbound.user_id, reply=reply_to_json(reply), at=ctx.now()
    ):
        raise _AlreadyHandled
    return reply


def _route(ctx: HandlerContext, session: Session, inbound: Inbound) -> Reply:
    public = _public_command(inbound)
    if public is not None:
        run, args = public
        return run(PublicRequest(ctx=ctx, session=session, inbound=inbound), args)
    staff = staff_for_chat(session, inbound.platform, inbound.user_id)
    if staff is None and (
        gone := deactivated_staff_for_chat_user(session, inbound.platform, inbound.user_id)
    ):
        audit(
            session,
            action="refused",
            school_id=gone.school_id,
            staff_id=gone.id,
            platform=inbound.platform,
            detail="deactivated account",
        )
        helpers = [
            f"{s.name} ({role_label(s.role)})" for s in who_reactivates(session, gone.school_id)
        ]
        return Reply(text=account_not_active(helpers), private=True, linked=False)
    if staff is None:
        audit(
            session,
            action="unknown_user",
            school_id=None,
            staff_id=None,
            platform=inbound.platform,
            detail=f"user {inbound.user_id[:64]}",
        )
        return unknown_user_reply(inbound)
    req = Request(ctx=ctx, session=session, inbound=inbound, staff=staff)
    reply = _route_known(req, inbound)
    reply.role = staff.role
    return reply


def _route_known(req: Request, inbound: Inbound) -> Reply:
    waiting = pending(req)
    reply = _route_message(req, inbound, waiting)
    if waiting is not None:
        set_aside(req, waiting)  # a no-op unless the question still waits, unanswered
    return reply


def _route_message(req: Request, inbound: Inbound, state: dict[str, Any] | None) -> Reply:
    if not inbound.private and inbound.text.strip().lower() not in PUBLIC_TEXTS:
        # The adapters keep group chats out too; this is the product's own rule.
        req.audit("refused", detail=f"group chat {inbound.chat_id[:64]}")
        return Reply(text=group_refusal(), private=False)
    if inbound.content != "text":
        return Reply(text=NOT_LOGGED[inbound.content])
    if inbound.open_form is not None:
        return _open_form(req, inbound)
    if inbound.form is not None:
        forget(req)  # a submitted form answers whatever question was waiting
        purpose = "amend" if inbound.form.get(RECORD_REF) else "new"
        return SUBMITTERS[purpose](req, inbound.form)
    if inbound.action:
        return _action(req, inbound.action)
    text = clean_text(inbound.text)
    if not text:
        return Reply(text=EMPTY_MESSAGE)
    if len(text) > MAX_MESSAGE_CHARS:
        return Reply(text=too_long(len(text)))
    text = bare_command(text) or text
    if text.startswith("/"):
        return _command(req, text)
    if state is None:
        return COMMANDS["log"].handler(req, text)
    answer = ANSWERS.get(str(state.get("awaiting")))
    answered = answer(req, state, text) if answer is not None else None
    if answered is not None:
        return answered
    # A new message, not the answer: the question ends, and the person is told so.
    forget(req)
    return with_dropped(state, COMMANDS["log"].handler(req, text))


def _open_form(req: Request, inbound: Inbound) -> Reply:
    """A blank form (or one being redrawn with `inbound.form`'s values), read-only:
    opening and closing a form must not lose the question the chat was waiting on."""
    form = form_request_for(req, None)
    form.kind = inbound.open_form or (inbound.form or {}).get("kind") or None
    form.values = {**(inbound.form or {}), **({"kind": form.kind} if form.kind else {})}
    form.values.pop(RECORD_REF, None)
    form.record_ref = (inbound.form or {}).get(RECORD_REF)
    return Reply(text="What would you like to log?", form=form)


def _public_command(inbound: Inbound) -> tuple[PublicHandler, str] | None:
    text = inbound.text.strip()
    if inbound.form is not None or inbound.action or not text.startswith("/"):
        return None
    if not inbound.private and " " in text:
        return None  # a link code typed in a group is refused with the rest of the group
    head, _, args = text[1:].partition(" ")
    run = PUBLIC_COMMANDS.get(head.split("@", 1)[0].lower())
    return (run, args.strip()) if run is not None else None


def may_open_form(inbound: Inbound) -> bool:
    """Whether handling `inbound` will most likely reply with a form (so a platform whose
    form triggers expire in seconds can open a placeholder at once)."""
    if not inbound.forms:
        return False
    if inbound.open_form is not None:
        return True
    if inbound.action:
        return inbound.action.partition(":")[0] in FORM_ACTIONS
    text = bare_command(inbound.text) or inbound.text.strip()
    if not text.startswith("/"):
        return False
    head, _, args = text[1:].partition(" ")
    spec = COMMANDS.get(head.lower())
    return bool(spec and spec.opens_form and spec.opens_form(args.strip()))


# A terminal's colour and cursor codes (ESC [ ... letter, ESC ] ... BEL): pasted, they
# would be stored as typed, so they go whole, not just their invisible first character.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")


def clean_text(text: str) -> str:
    """Strip control characters (pasted from other apps) but keep line breaks."""
    text = _ANSI.sub("", text)
    return "".join(ch for ch in text if ch in "\n\t" or ch.isprintable()).strip()


def _command(req: Request, text: str) -> Reply:
    head, _, args = text[1:].partition(" ")
    name = head.split("@", 1)[0].lower()  # Telegram sends /log@KeyworkerBot in groups
    spec = COMMANDS.get(name)
    if spec is None:
        return Reply(text=f"I don't know /{name[:30]}. Send /help to see what I can do.")
    if req.staff.role not in spec.roles:
        req.audit("refused", detail=f"/{spec.name}")
        return Reply(text=f"Sorry, /{spec.name} isn't available to your role ({req.staff.role}).")
    return spec.handler(req, args.strip())


def _action(req: Request, value: str) -> Reply:
    prefix, _, argument = value.partition(":")
    handler = ACTIONS.get(prefix)
    if handler is None:
        return Reply(text="That button has expired.")
    return handler(req, argument)
