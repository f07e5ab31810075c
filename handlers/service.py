"""The front door of the product: one Inbound in, one Reply out.

For every message the dispatcher, inside one transaction: drops a redelivered
event, finds the staff member behind the chat account (strangers learn only
how to get linked), then routes a button press, a form, a pending answer, a
command or plain text (which is a /log). Platform adapters call `handle` and
nothing else.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session, select

import handlers.commands  # noqa: F401  (registers the commands)
from handlers.commands.log import answer_pending, log_text
from handlers.commands.undo import amend_from_form, amend_from_text
from handlers.conversation import forget, pending
from handlers.forms import submit_form
from handlers.grammar.result import ParseOverrides
from handlers.rate_limit import admit
from handlers.registry import ACTIONS, COMMANDS
from handlers.request import Request
from handlers.types import HandlerContext, Inbound, Reply
from storage.audit import audit
from storage.db import session_scope
from storage.identity import staff_for_chat_user
from storage.models import ProcessedEvent

log = logging.getLogger(__name__)

MAX_TEXT = 10_000
PUBLIC_TEXTS = frozenset({"/help", "/start"})
GROUP_REFUSAL = (
    "I only log or show pupil records in a private chat with me, never in a group. "
    "Message me directly instead."
)
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


def handle(ctx: HandlerContext, inbound: Inbound) -> Reply:
    """Handle one inbound message, button press or form; never raises for user input."""
    try:
        with session_scope(ctx.engine) as session:
            return _handle(ctx, session, inbound)
    except IntegrityError:
        if _already_handled(ctx, inbound):
            # Two deliveries of one event racing: the loser's transaction is refused
            # by the processed-event unique key, so the record exists exactly once.
            log.info("duplicate delivery of %s event %s", inbound.platform, inbound.event_id)
            return Reply(text="", duplicate=True)
        log.exception("a %s message broke a database constraint", inbound.platform)
        return Reply(text=NOT_SAVED, retryable=True)
    except DBAPIError:
        log.exception("database error while handling a %s message", inbound.platform)
        return Reply(text=NOT_SAVED, retryable=True)


def _already_handled(ctx: HandlerContext, inbound: Inbound) -> bool:
    if not inbound.event_id:
        return False
    try:
        with session_scope(ctx.engine) as session:
            return (
                session.exec(
                    select(ProcessedEvent.id).where(
                        ProcessedEvent.platform == inbound.platform,
                        ProcessedEvent.event_id == inbound.event_id,
                    )
                ).first()
                is not None
            )
    except DBAPIError:
        return False


def _handle(ctx: HandlerContext, session: Session, inbound: Inbound) -> Reply:
    if (limited := admit(session, inbound)) is not None:
        return limited  # over a rate limit: nothing is stored (handlers.rate_limit)
    processed = None
    if inbound.event_id:
        processed = ProcessedEvent(platform=inbound.platform, event_id=inbound.event_id)
        session.add(processed)
        session.flush()
    reply = _route(ctx, session, inbound)
    if processed is not None and reply.field_errors:
        # Nothing was stored: the same values sent again (once the problem has
        # passed, e.g. a time no longer in the future) must not count as a repeat.
        session.delete(processed)
    return reply


def _route(ctx: HandlerContext, session: Session, inbound: Inbound) -> Reply:
    staff = staff_for_chat_user(session, inbound.platform, inbound.user_id)
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
    if not inbound.private and inbound.text.strip().lower() not in PUBLIC_TEXTS:
        # The adapters keep group chats out too; this is the product's own rule.
        req.audit("refused", detail=f"group chat {inbound.chat_id[:64]}")
        return Reply(text=GROUP_REFUSAL, private=False)
    if inbound.form is not None:
        forget(req)  # a submitted form answers whatever question was waiting
        ref = inbound.form.get("record_ref")
        return amend_from_form(req, ref, inbound.form) if ref else submit_form(req, inbound.form)
    if inbound.action:
        return _action(req, inbound.action)
    text = _clean(inbound.text)
    if len(text) > MAX_TEXT:
        return Reply(
            text=f"That message is too long ({len(text):,} characters). Please keep a log under {MAX_TEXT:,}."
        )
    if text.startswith("/"):
        return _command(req, text)
    state = pending(req)
    if state is not None:
        if state.get("awaiting") == "amend":
            return amend_from_text(req, state, text)
        answered = answer_pending(req, state, text)
        if answered is not None:
            return answered
        forget(req)
    return log_text(req, text, ParseOverrides(), req.now)


def _clean(text: str) -> str:
    """Strip control characters (pasted from other apps) but keep line breaks."""
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
