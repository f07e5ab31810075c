"""Test helpers: a migrated database with a school loaded."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from handlers.roster_cache import invalidate
from storage.db import make_engine, session_scope
from storage.identity import get_or_create_school
from storage.importer import import_folder
from storage.migrate import upgrade
from storage.models import ChatIdentity, Staff


def migrated_engine(url: str) -> Engine:
    engine = make_engine(url)
    upgrade(engine)
    invalidate()
    return engine


def load_school(engine: Engine, folder: Path, slug: str = "default") -> int:
    with session_scope(engine) as session:
        school_id = get_or_create_school(session, slug).id
        import_folder(session, school_id, folder)
    invalidate()
    return school_id


def add_slack_staff(engine: Engine, count: int) -> list[str]:
    """`count` more LSAs in the engine's first school, each linked to a Slack id (for load tests)."""
    users = []
    with session_scope(engine) as session:
        school_id = (
            session.exec(select(Staff.school_id)).first() or get_or_create_school(session).id
        )
        for n in range(count):
            staff = Staff(
                school_id=school_id, email=f"load{n}@brookfield.example", name=f"Load Tester {n}"
            )
            session.add(staff)
            session.flush()
            session.add(
                ChatIdentity(staff_id=staff.id, platform="slack", external_id=f"U0LOAD{n:03d}")
            )
            users.append(f"U0LOAD{n:03d}")
    return users
