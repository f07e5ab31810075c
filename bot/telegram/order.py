"""Updates handled concurrently across people, one at a time (in order) for each person.

PTB either handles every update in turn (`concurrent_updates(False)`: one
person's slow /report holds up everybody) or all at once (a person's two
quick button presses could run out of order, and the guided form's state,
one dict per user, would be changed by both at once). PTB has no per-user
mode of its own; its documented extension point is a BaseUpdateProcessor, so
this one takes a per-user asyncio.Lock around each update.

Order is kept because PTB starts the update tasks in the order it fetched the
updates, and both the shared semaphore and asyncio.Lock wake their waiters
first come, first served. A user's waiting updates do hold semaphore slots,
so the limit is generous (PTB's own default for concurrent updates).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 256


class PerUserOrder(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES):
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._queued: dict[int, int] = {}  # updates holding or waiting for each lock

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _person(update)
        if key is None:  # nothing to keep in order (e.g. an update with no sender)
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._queued[key] = self._queued.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._queued[key] -= 1
            if not self._queued[key]:  # no one waiting: don't keep a lock per person ever seen
                del self._queued[key]
                del self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def _person(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat is not None else None
