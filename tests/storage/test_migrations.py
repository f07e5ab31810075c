"""The Alembic migrations and the SQLModel classes describe the same schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import storage.models  # noqa: F401
from storage.db import make_engine
from storage.migrate import include_object, upgrade

# The schema of the release before this one: upgrades from it must keep every row.
PREVIOUS_RELEASE = "0001_initial"


def test_upgrade_creates_every_table(any_engine):
    tables = set(inspect(any_engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables


def test_models_and_migrations_agree(any_engine):
    with any_engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include_object}
        )
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_upgrade_twice_is_harmless(any_engine):
    upgrade(any_engine)
    assert "pupil" in inspect(any_engine).get_table_names()


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(sqlite_url):
    engine = make_engine(sqlite_url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_an_existing_database_upgrades_without_losing_a_row(database_url, samples_dir):
    """A school on the previous release, with records in it, runs `keyworker init`."""
    from sqlalchemy import func, select

    from storage.db import make_engine
    from storage.models import AuditEvent, Pupil, RecordVersion, SessionLog
    from tests.support.chat import Dialog
    from tests.support.school import load_school

    engine = make_engine(database_url)
    upgrade(engine, PREVIOUS_RELEASE)
    load_school(engine, samples_dir)
    amy = Dialog(engine, "amy.lowe@brookfield.example")
    amy.send("Freya phonics 20 mins")
    amy.send("SALT Freya Max 30 mins")
    amy.press("Edit")
    amy.send("SALT Freya Max 25 mins")
    tables = (Pupil, SessionLog, RecordVersion, AuditEvent)

    def counts():
        with engine.connect() as connection:
            return {
                t.__tablename__: connection.execute(select(func.count()).select_from(t)).scalar()
                for t in tables
            }

    before = counts()
    upgrade(engine)
    assert counts() == before
    with engine.connect() as connection:
        minutes = sorted(connection.execute(select(SessionLog.duration_minutes)).scalars())
    assert minutes == [20, 25, 25]
    assert amy.send("Kai zones 15").text.startswith("Logged ✓")
    engine.dispose()
