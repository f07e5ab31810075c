"""Questions the bot is waiting on: one pending question per chat user.

Kept in the database (ConversationState), not in memory, so an answer still
completes the record after a restart or on another worker process. Each
question saved gets its own `asked` mark, so the dispatcher can tell when
another reply came after it (`set_aside`): a bare number typed then belongs to
that later reply's numbering, never silently to the older question. Every
message asks whether a question is waiting, so the row is read once per message
with core SQL (the ORM's row handling costs several times the query) and what
was read is kept in the message's session, for the `forget` and `remember` that
follow in the same transaction.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update

from handlers.request import Request
from handlers.types import Reply
from handlers.wording import dropped_question
from storage.models import ConversationState
from storage.types import utcnow

_READ = "keyworker.questions"  # session.info: (platform, user) -> (row id, data) or None
_T = ConversationState.__table__  # type: ignore[attr-defined]
_FIND = select(_T.c.id, _T.c.data).where(
    _T.c.platform == bindparam("platform"), _T.c.user_key == bindparam("user_key")
)
_ADD = insert(_T).returning(_T.c.id)
_CHANGE = update(_T).where(_T.c.id == bindparam("row_id"))
_DROP = delete(_T).where(_T.c.id == bindparam("row_id"))

Question = tuple[int, dict[str, Any]]


def _key(req: Request) -> tuple[str, str]:
    return req.inbound.platform, req.inbound.user_id


def _read(req: Request) -> dict[tuple[str, str], Question | None]:
    read: dict[tuple[str, str], Question | None] = req.session.info.setdefault(_READ, {})
    key = _key(req)
    if key not in read:
        platform, user_key = key
        row = (
            req.session.connection()
            .execute(_FIND, {"platform": platform, "user_key": user_key})
            .first()
        )
        read[key] = (row.id, row.data) if row is not None else None
    return read


def pending(req: Request) -> dict[str, Any] | None:
    found = _read(req)[_key(req)]
    return dict(found[1]) if found else None


def remember(req: Request, data: dict[str, Any]) -> None:
    """Save the question just asked (replacing any other): it is the last thing said."""
    fresh = {k: v for k, v in data.items() if k != "set_aside"}
    data = {**fresh, "asked": uuid.uuid4().hex}
    read = _read(req)
    key = _key(req)
    connection = req.session.connection()
    found = read[key]
    if found is None:
        platform, user_key = key
        row_id = connection.execute(
            _ADD,
            {"platform": platform, "user_key": user_key, "data": data, "updated_at": utcnow()},
        ).scalar_one()
    else:
        row_id = found[0]
        connection.execute(_CHANGE, {"row_id": row_id, "data": data, "updated_at": utcnow()})
    read[key] = (row_id, dict(data))


def forget(req: Request) -> None:
    read = _read(req)
    key = _key(req)
    found = read[key]
    if found is not None:
        req.session.connection().execute(_DROP, {"row_id": found[0]})
        read[key] = None


def set_aside(req: Request, before: dict[str, Any]) -> None:
    """Note that a reply other than the question `before` was given since it was asked
    (a command, a button on an older message), if that question still waits."""
    read = _read(req)
    key = _key(req)
    found = read[key]
    if found is None or found[1].get("asked") != before.get("asked"):
        return  # answered, replaced or forgotten
    if not found[1].get("set_aside"):
        data = {**found[1], "set_aside": True}
        req.session.connection().execute(
            _CHANGE, {"row_id": found[0], "data": data, "updated_at": utcnow()}
        )
        read[key] = (found[0], data)


def with_dropped(state: dict[str, Any] | None, reply: Reply) -> Reply:
    """`reply` to a new message that ended the question `state` unanswered, saying so first:
    the earlier message is not stored, and the person must not think it was."""
    if state and state.get("awaiting"):
        notice = dropped_question(
            str(state["awaiting"]), str(state.get("text") or ""), bool(state.get("routed"))
        )
        reply.text = f"{notice}\n\n{reply.text}"
    return reply
