"""Test helpers: a migrated database with a school loaded."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from handlers.roster_cache import invalidate
from storage.db import make_engine, session_scope
from storage.identity import get_or_create_school
from storage.importer import import_folder
from storage.migrate import upgrade


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
