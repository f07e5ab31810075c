"""The roster version moves on every change to staff, chat accounts, pupils and
provisions (database triggers), and another process's import is seen without a
restart, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text
from sqlmodel import select

from handlers.service import handle
from handlers.types import HandlerContext, Inbound
from storage.db import session_scope
from storage.models import Provision, Pupil, Staff
from storage.roster_version import read_version, trigger_names
from tests.conftest import LONDON

REPO = Path(__file__).resolve().parents[2]
AMY = "600200301"  # Amy Lowe's Telegram id in the fixture school


def test_every_roster_table_has_its_trigger(engine):
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            rows = connection.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"))
        else:
            rows = connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        found = {row[0] for row in rows}
    for name in trigger_names():
        assert any(t.startswith(name) for t in found), f"no trigger {name}"


def test_each_kind_of_change_moves_the_version(sample_school):
    engine = sample_school
    seen = [read_version(engine)]

    def changed(write) -> None:
        with session_scope(engine) as session:
            write(session)
        seen.append(read_version(engine))
        assert seen[-1] > seen[-2]

    def rename(session) -> None:
        session.exec(select(Pupil).where(Pupil.first_name == "Freya")).one().preferred_name = "Fre"

    def add_provision(session) -> None:
        freya = session.exec(select(Pupil).where(Pupil.first_name == "Freya")).one()
        session.add(
            Provision(
                school_id=freya.school_id,
                pupil_id=freya.id,
                name="Numicon",
                area_of_need="Cognition and learning",
                sessions_per_week=2,
                minutes_per_session=20,
            )
        )

    def deactivate(session) -> None:
        session.exec(select(Staff).where(Staff.name == "Raj Singh")).one().active = False

    def drop_provision(session) -> None:
        session.delete(session.exec(select(Provision).where(Provision.name == "Numicon")).one())

    for write in (rename, add_provision, deactivate, drop_provision):
        changed(write)


def test_a_pupil_imported_by_another_process_is_found_without_a_restart(
    sample_school, engine_url, tmp_path
):
    ctx = HandlerContext(engine=sample_school, tz=LONDON)

    def log(text: str, n: int):
        inbound = Inbound(
            platform="telegram",
            user_id=AMY,
            chat_id=AMY,
            text=text,
            received_at=datetime.now(UTC),
            event_id=f"roster-test:{n}",
        )
        return handle(ctx, inbound)

    first = log("Zara phonics 20 mins", 0)
    assert "Logged ✓" not in first.text  # nobody called Zara yet: the roster is now cached

    pupils = tmp_path / "pupils.csv"
    pupils.write_text(
        "upn,first_name,last_name,preferred_name,year_group,class,key_worker_email,plan_type,"
        "annual_review_due\n"
        "K873331220211,Zara,Quinn,,2,2H,amy.lowe@brookfield.example,SEN Support,\n",
        encoding="utf-8",
    )
    provisions = tmp_path / "provisions.csv"
    provisions.write_text(
        "upn,provision,area_of_need,sessions_per_week,minutes_per_session\n"
        "K873331220211,Phonics,Cognition and learning,5,20\n",
        encoding="utf-8",
    )
    env = {**os.environ, "DATABASE_URL": engine_url}
    keyworker = Path(sys.executable).with_name("keyworker")
    for kind, path in (("pupils", pupils), ("provisions", provisions)):
        subprocess.run(
            [str(keyworker), "import", kind, str(path)],
            check=True,
            env=env,
            cwd=tmp_path,
            capture_output=True,
        )

    deadline = time.monotonic() + 10
    attempt = 1
    while True:
        reply = log("Zara phonics 20 mins", attempt)
        if "Logged ✓" in reply.text or time.monotonic() > deadline:
            break
        attempt += 1
        time.sleep(0.2)
    assert "Logged ✓" in reply.text and "Zara Quinn" in reply.text
