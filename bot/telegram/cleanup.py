"""Dropping guided forms people abandoned, so the KeyValue table doesn't keep them for ever.

A form is dropped when its owner next writes (KeyworkerBot.drop_expired_form);
`sweep` catches the ones whose owner never writes again: first those this
process holds in memory (saved at once, which deletes their rows), then rows
untouched for FORM_TTL that another process or an earlier run left behind.

The runner calls it every SWEEP_SECONDS as a plain asyncio task on the bot's
own loop. That is not one of the product's schedules (those belong to
schedules/, and PTB's in-memory JobQueue is off): it tidies the bot's own
UI state, best effort, and a missed run costs nothing.
"""

from __future__ import annotations

from datetime import datetime

from telegram.ext import Application

from bot.telegram.persistence import DatabasePersistence
from handlers.forms import guided

SWEEP_SECONDS = 3600.0


def without_expired_form(data: dict, now: datetime) -> dict:
    state = data.get("form")
    if state is not None and guided.expired(state, now):
        return {key: value for key, value in data.items() if key != "form"}
    return data


async def sweep(application: Application, now: datetime) -> int:
    """Drop every expired form, in memory and in the database; how many went."""
    held = [
        user_id
        for user_id, data in application.user_data.items()
        if data.get("form") is not None and guided.expired(data["form"], now)
    ]
    for user_id in held:
        application.user_data[user_id].pop("form", None)
        application.mark_data_for_update_persistence(user_ids=user_id)
    if held:
        await application.update_persistence()
    pruned: list[str] = []
    persistence = application.persistence
    if isinstance(persistence, DatabasePersistence):
        pruned = await persistence.prune_user_data(
            lambda data: without_expired_form(data, now), updated_before=now - guided.FORM_TTL
        )
    return len(held) + len(pruned)
