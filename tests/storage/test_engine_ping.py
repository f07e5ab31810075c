"""A pooled PostgreSQL connection the server closed while it sat idle is replaced, not used."""

from __future__ import annotations

import pytest
from sqlalchemy import exc, text
from sqlalchemy.pool import NullPool

import storage.db
from storage.db import make_engine


def _server_closes_pooled_connection(engine) -> None:
    """Check a connection out and back in, then have the server end its backend."""
    with engine.connect() as connection:
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    killer = make_engine(engine.url.render_as_string(hide_password=False), poolclass=NullPool)
    with killer.connect() as connection:
        assert connection.execute(
            text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}
        ).scalar_one()
    killer.dispose()


@pytest.fixture
def pg_engine(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("pooled server connections are PostgreSQL's")
    fresh = make_engine(engine.url.render_as_string(hide_password=False), pool_size=1)
    yield fresh
    fresh.dispose()


def test_connection_idle_past_the_limit_is_pinged_and_replaced(pg_engine, monkeypatch):
    monkeypatch.setattr(storage.db, "PING_AFTER_IDLE_SECONDS", 0.0)
    _server_closes_pooled_connection(pg_engine)

    with pg_engine.connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar_one() == 1


def test_connection_in_recent_use_is_not_pinged(pg_engine, monkeypatch):
    # Proves the ping is what saves the idle case: without it the dead connection is used.
    monkeypatch.setattr(storage.db, "PING_AFTER_IDLE_SECONDS", 3600.0)
    _server_closes_pooled_connection(pg_engine)

    with pytest.raises(exc.OperationalError), pg_engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    with pg_engine.connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar_one() == 1
