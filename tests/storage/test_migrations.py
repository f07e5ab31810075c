"""The Alembic migrations and the SQLModel classes describe the same schema."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import storage.models  # noqa: F401
from storage.db import make_engine
from storage.migrate import include_object, upgrade


def downgrade(engine, revision: str) -> None:
    from alembic import command

    from storage.migrate import alembic_config

    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


# The schema of the release before this one: upgrades from it must keep every row.
PREVIOUS_RELEASE = "0002_school_date_indexes"


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


def _previous_release_school(engine) -> None:
    """A school as the previous release stored it, written with plain SQL against the
    tables as they were then (reflected from the database), so nothing here depends
    on today's models."""
    from sqlalchemy import MetaData, Table

    now = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
    meta = MetaData()

    def table(name: str) -> Table:
        return Table(name, meta, autoload_with=engine)

    rows = [
        ("school", {"id": 1, "slug": "default", "name": "Brookfield", "created_at": now}),
        (
            "staff",
            {
                "id": 1,
                "school_id": 1,
                "email": "amy.lowe@brookfield.example",
                "name": "Amy Lowe",
                "role": "lsa",
                "active": True,
                "mute_nudges": False,
                "created_at": now,
            },
        ),
        (
            "chatidentity",
            {
                "id": 1,
                "staff_id": 1,
                "platform": "telegram",
                "external_id": "600200301",
                "linked_at": now,
            },
        ),
        (
            "pupil",
            {
                "id": 1,
                "school_id": 1,
                "upn": "X873331220201",
                "first_name": "Freya",
                "last_name": "Jones",
                "key_worker_id": 1,
                "plan_type": "EHCP",
                "active": True,
            },
        ),
        (
            "provision",
            {
                "id": 1,
                "school_id": 1,
                "pupil_id": 1,
                "name": "Phonics",
                "area_of_need": "Cognition and learning",
                "sessions_per_week": 5,
                "minutes_per_session": 20,
            },
        ),
    ]
    record = {
        "school_id": 1,
        "pupil_id": 1,
        "occurred_at": now,
        "notes": "",
        "logged_by_id": 1,
        "logged_at": now,
        "platform": "telegram",
        "source_text": "",
        "version": 1,
    }
    for n in range(1, 4):
        rows.append(
            (
                "sessionlog",
                {
                    **record,
                    "id": n,
                    "provision_id": 1,
                    "status": "delivered",
                    "duration_minutes": 20,
                },
            )
        )
    rows += [
        (
            "behaviourincident",
            {
                **record,
                "id": 1,
                "behaviour": "threw a chair",
                "severity": 1,
                "physical_intervention": False,
            },
        ),
        ("parentcontact", {**record, "id": 1, "direction": "outbound", "summary": "rang mum"}),
        (
            "recordversion",
            {
                "id": 1,
                "school_id": 1,
                "record_type": "session",
                "record_id": 1,
                "version": 1,
                "data": {},
                "changed_by_id": 1,
                "changed_at": now,
                "reason": "edit",
            },
        ),
        (
            "auditevent",
            {
                "id": 1,
                "school_id": 1,
                "at": now,
                "staff_id": 1,
                "platform": "cli",
                "action": "logged",
                "detail": "",
            },
        ),
    ]
    with engine.begin() as connection:
        for name, values in rows:
            connection.execute(table(name).insert().values(**values))
        if engine.dialect.name == "postgresql":  # explicit ids: move the sequences past them
            for name in {name for name, _ in rows}:
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), max(id)) FROM {name}"
                )


def test_an_existing_database_upgrades_without_losing_a_row(database_url):
    """A school on the previous release, with records in it, runs `keyworker init`."""
    from sqlalchemy import func, select
    from sqlmodel import Session

    from storage.audit import verify_chain
    from storage.models import (
        AuditEvent,
        BehaviourIncident,
        ParentContact,
        Pupil,
        RecordVersion,
        SessionLog,
    )
    from tests.support.chat import Dialog

    engine = make_engine(database_url)
    # Whatever the test database holds (PostgreSQL's is migrated already), step it
    # back to exactly the previous release's tables, through every downgrade.
    upgrade(engine)
    downgrade(engine, PREVIOUS_RELEASE)
    _previous_release_school(engine)
    tables = (Pupil, SessionLog, BehaviourIncident, ParentContact, RecordVersion, AuditEvent)

    def counts():
        with engine.connect() as connection:
            return {
                t.__tablename__: connection.execute(select(func.count()).select_from(t)).scalar()
                for t in tables
            }

    before = counts()
    upgrade(engine)
    after = counts()
    # The upgrade may add audit rows of its own; it never loses one.
    assert {k: v for k, v in after.items() if k != "auditevent"} == {
        k: v for k, v in before.items() if k != "auditevent"
    }
    assert after["auditevent"] >= before["auditevent"]
    with engine.connect() as connection:
        minutes = sorted(connection.execute(select(SessionLog.duration_minutes)).scalars())
    assert minutes == [20, 20, 20]
    with Session(engine) as session:
        chain = verify_chain(session)
    assert chain.intact and chain.rows == after["auditevent"] > 0  # the old rows are chained
    amy = Dialog(engine, "amy.lowe@brookfield.example")
    assert amy.send("Freya phonics 15").text.startswith("Logged ✓")
    with Session(engine) as session:
        assert verify_chain(session).intact
    engine.dispose()
