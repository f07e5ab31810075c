"""DatabasePersistence: PTB's data as JSON rows in KeyValue, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

from sqlmodel import select

from bot.telegram.persistence import DatabasePersistence
from storage.db import session_scope
from storage.models import KeyValue


def rows(engine) -> dict[tuple[str, str], dict]:
    with session_scope(engine) as session:
        return {(r.namespace, r.key): r.data for r in session.exec(select(KeyValue))}


def test_round_trip_through_a_new_instance(any_engine):
    async def scenario():
        first = DatabasePersistence(any_engine)
        await first.update_user_data(42, {"form": {"step": "kind", "values": {"pupil_ids": [3]}}})
        await first.update_user_data(43, {})  # empty data keeps no row
        await first.update_chat_data(42, {"seen": True})
        await first.update_bot_data({"version": 1})
        await first.update_conversation("log", (42, 42), "ASK_KIND")
        second = DatabasePersistence(any_engine)  # as after a restart
        return (
            await second.get_user_data(),
            await second.get_chat_data(),
            await second.get_bot_data(),
            await second.get_conversations("log"),
        )

    users, chats, bot_data, conversations = asyncio.run(scenario())
    assert users == {42: {"form": {"step": "kind", "values": {"pupil_ids": [3]}}}}
    assert chats == {42: {"seen": True}}
    assert bot_data == {"version": 1}
    assert conversations == {(42, 42): "ASK_KIND"}


def test_unchanged_data_is_not_rewritten_and_emptied_data_is_dropped(engine):
    async def scenario():
        store = DatabasePersistence(engine)
        await store.update_user_data(42, {"form": {"step": "kind"}})
        stamp = rows(engine)[("telegram.user_data", "42")]
        with session_scope(engine) as session:  # tamper: a rewrite would undo this
            row = session.exec(select(KeyValue)).one()
            row.data = {"form": {"step": "tampered"}}
            session.add(row)
        await store.update_user_data(42, {"form": {"step": "kind"}})
        unchanged = rows(engine)[("telegram.user_data", "42")]
        await store.update_user_data(42, {})
        return stamp, unchanged, rows(engine)

    stamp, unchanged, after = asyncio.run(scenario())
    assert stamp == {"form": {"step": "kind"}}
    assert unchanged == {"form": {"step": "tampered"}}
    assert after == {}


def test_conversation_end_deletes_its_row(engine):
    async def scenario():
        store = DatabasePersistence(engine)
        await store.update_conversation("log", (1, 2), "ASK")
        await store.update_conversation("log", (1, 2), None)
        return await DatabasePersistence(engine).get_conversations("log")

    assert asyncio.run(scenario()) == {}


def test_refresh_reloads_what_another_process_wrote_in_place(any_engine):
    """Two processes behind one webhook: a step answered in one is seen by the other."""

    async def scenario():
        first, second = DatabasePersistence(any_engine), DatabasePersistence(any_engine)
        await first.update_user_data(42, {"form": {"step": "kind"}})
        held = (await second.get_user_data())[42]  # the dict PTB keeps in `second`
        await first.update_user_data(
            42, {"form": {"step": "provision", "values": {"kind": "session"}}}
        )
        await second.refresh_user_data(42, held)
        after_step = dict(held)
        await second.update_user_data(42, held)  # unchanged since the reload: no rewrite
        await first.update_user_data(42, {})  # the form finished in `first`
        await second.refresh_user_data(42, held)
        return held, after_step

    held, after_step = asyncio.run(scenario())
    assert after_step == {"form": {"step": "provision", "values": {"kind": "session"}}}
    assert held == {}  # the same dict, emptied: the finished form is gone here too
    assert rows(any_engine) == {}
