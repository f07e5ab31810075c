"""PTB persistence in the Keyworker database (the KeyValue table), not a pickle file.

Each user's, chat's and the bot's data, and any persistent ConversationHandler
state, is one JSON row in KeyValue (namespace "telegram.<what>", key = the id),
so the guided form survives a restart or a move to another machine, and
lives under the same backups and access rules as the records themselves.

PTB calls the update methods for every user and chat it saw since the last
flush, changed or not; a row is only written when its JSON differs from
what was last loaded or written, and empty data keeps no row at all. Database work runs in a worker thread so the
event loop never blocks on it. Data must be JSON-able (the form state is).

Before each update PTB calls `refresh_user_data`, which reloads that user's
row into the dict PTB holds: with several processes behind one webhook, the
step a user answers in this process may follow one answered in another.
`prune_user_data` lets the runner's sweep drop abandoned rows.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select
from telegram.ext import BasePersistence, PersistenceInput

from storage.db import session_scope
from storage.models import KeyValue
from storage.types import utcnow

log = logging.getLogger(__name__)

NAMESPACE = "telegram"
BOT_KEY = "bot"


class DatabasePersistence(BasePersistence[dict, dict, dict]):
    def __init__(self, engine: Engine, *, namespace: str = NAMESPACE, update_interval: float = 5):
        # Arbitrary callback data is off (our button values are plain strings).
        super().__init__(
            store_data=PersistenceInput(callback_data=False), update_interval=update_interval
        )
        self.engine = engine
        self.namespace = namespace
        self._written: dict[tuple[str, str], str] = {}

    # --- the KeyValue table ---------------------------------------------------------------

    def _ns(self, what: str) -> str:
        return f"{self.namespace}.{what}"

    def _load_all(self, what: str) -> dict[str, Any]:
        namespace = self._ns(what)
        with session_scope(self.engine) as session:
            rows = session.exec(select(KeyValue).where(KeyValue.namespace == namespace)).all()
            found = {row.key: row.data for row in rows}
        for key, data in found.items():
            self._written[(namespace, key)] = _dump(data)
        return found

    def _load_one(self, namespace: str, key: str) -> dict | None:
        with session_scope(self.engine) as session:
            row = session.exec(
                select(KeyValue).where(KeyValue.namespace == namespace, KeyValue.key == key)
            ).first()
            data = dict(row.data) if row is not None else None
        if data is None:
            self._written.pop((namespace, key), None)
        else:
            self._written[(namespace, key)] = _dump(data)
        return data

    def _prune(
        self, namespace: str, keep: Callable[[dict], dict], updated_before: datetime
    ) -> list[str]:
        """Rows not written since `updated_before`, cut down to `keep(data)`; the keys changed."""
        changed = []
        with session_scope(self.engine) as session:
            rows = session.exec(
                select(KeyValue).where(
                    KeyValue.namespace == namespace, KeyValue.updated_at < updated_before
                )
            ).all()
            for row in rows:
                kept = keep(dict(row.data))
                if kept == row.data:
                    continue
                changed.append(row.key)
                if kept:
                    row.data = kept
                    session.add(row)
                else:
                    session.delete(row)
                self._written.pop((namespace, row.key), None)  # reload or rewrite it next time
        return changed

    def _store(self, namespace: str, key: str, data: dict, dumped: str) -> None:
        with session_scope(self.engine) as session:
            row = session.exec(
                select(KeyValue).where(KeyValue.namespace == namespace, KeyValue.key == key)
            ).first()
            if row is None:
                row = KeyValue(namespace=namespace, key=key)
            row.data = data
            row.updated_at = utcnow()
            session.add(row)
        self._written[(namespace, key)] = dumped

    def _drop(self, namespace: str, key: str) -> None:
        with session_scope(self.engine) as session:
            session.exec(
                delete(KeyValue).where(KeyValue.namespace == namespace, KeyValue.key == key)
            )
        self._written.pop((namespace, key), None)

    async def _save(self, what: str, key: str, data: dict) -> None:
        namespace = self._ns(what)
        dumped = _dump(data)  # on the loop thread: PTB hands us a private deep copy
        known = self._written.get((namespace, key))
        if known == dumped or (known is None and dumped == "{}"):
            return
        if dumped == "{}":  # emptied (a finished form): no row beats an empty one
            await asyncio.to_thread(self._drop, namespace, key)
            return
        await asyncio.to_thread(self._store, namespace, key, json.loads(dumped), dumped)

    # --- BasePersistence --------------------------------------------------------------------

    async def get_user_data(self) -> dict[int, dict]:
        rows = await asyncio.to_thread(self._load_all, "user_data")
        return {int(key): dict(data) for key, data in rows.items()}

    async def get_chat_data(self) -> dict[int, dict]:
        rows = await asyncio.to_thread(self._load_all, "chat_data")
        return {int(key): dict(data) for key, data in rows.items()}

    async def get_bot_data(self) -> dict:
        rows = await asyncio.to_thread(self._load_all, "bot_data")
        return dict(rows.get(BOT_KEY, {}))

    async def get_callback_data(self) -> None:
        return None

    async def get_conversations(self, name: str) -> dict:
        rows = await asyncio.to_thread(self._load_all, f"conversation.{name}")
        return {tuple(json.loads(key)): data.get("state") for key, data in rows.items()}

    async def update_user_data(self, user_id: int, data: dict) -> None:
        await self._save("user_data", str(user_id), data)

    async def update_chat_data(self, chat_id: int, data: dict) -> None:
        await self._save("chat_data", str(chat_id), data)

    async def update_bot_data(self, data: dict) -> None:
        await self._save("bot_data", BOT_KEY, data)

    async def update_callback_data(self, data: Any) -> None:
        return None

    async def update_conversation(self, name: str, key: tuple, new_state: object | None) -> None:
        what, row_key = f"conversation.{name}", json.dumps(list(key))
        if new_state is None:
            await asyncio.to_thread(self._drop, self._ns(what), row_key)
        else:
            await self._save(what, row_key, {"state": new_state})

    async def drop_user_data(self, user_id: int) -> None:
        await asyncio.to_thread(self._drop, self._ns("user_data"), str(user_id))

    async def drop_chat_data(self, chat_id: int) -> None:
        await asyncio.to_thread(self._drop, self._ns("chat_data"), str(chat_id))

    async def refresh_user_data(self, user_id: int, user_data: dict) -> None:
        """Reload the user's row in place: another process (behind the same webhook) may
        have moved their form on since this one last saw it."""
        try:
            stored = await asyncio.to_thread(self._load_one, self._ns("user_data"), str(user_id))
        except SQLAlchemyError as exc:
            # The database is down: carry on with what this process holds rather than
            # refuse the update (the handlers will say nothing could be saved).
            log.warning("could not reload Telegram user data: %s", type(exc).__name__)
            return
        user_data.clear()
        user_data.update(stored or {})

    async def prune_user_data(
        self, keep: Callable[[dict], dict], *, updated_before: datetime
    ) -> list[str]:
        """Cut rows untouched since `updated_before` down to `keep(data)` (dropping emptied ones)."""
        return await asyncio.to_thread(self._prune, self._ns("user_data"), keep, updated_before)

    async def refresh_chat_data(self, chat_id: int, chat_data: dict) -> None:
        """As refresh_user_data."""

    async def refresh_bot_data(self, bot_data: dict) -> None:
        """As refresh_user_data."""

    async def flush(self) -> None:
        """Nothing buffered: every update is written when PTB hands it over."""


def _dump(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False)
