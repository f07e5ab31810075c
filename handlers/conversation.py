"""Questions the bot is waiting on: one pending question per chat user.

Kept in the database (ConversationState), not in memory, so an answer still
completes the record after a restart or on another worker process. Every
message asks whether a question is waiting, so the row is read once per message
with core SQL (the ORM's row handling costs several times the query) and what
was read is kept in the message's session, for the `forget` and `remember` that
follow in the same transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update

from handlers.request import Request
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
