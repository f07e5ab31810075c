"""Shared fixtures: databases (SQLite and a real PostgreSQL), the sample school, a chat."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from tests.support.postgres import NoPostgres, fresh_database, postgres_server

REPO = Path(__file__).resolve().parents[1]
LONDON = ZoneInfo("Europe/London")
# `make test` runs the suite on SQLite, then the database tests again with
# KEYWORKER_TEST_DATABASE=postgres against a real PostgreSQL server.
TEST_DATABASE = os.environ.get("KEYWORKER_TEST_DATABASE", "sqlite")


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch):
    """Files Keyworker keeps for itself (the intake's spool) go in the test's own folder."""
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))


def pytest_report_header(config):
    return f"keyworker test database: {TEST_DATABASE}"


def pytest_collection_modifyitems(config, items):
    """On the PostgreSQL pass, run only the tests that use the `engine` database."""
    if TEST_DATABASE != "postgres":
        return
    keep = [item for item in items if "engine" in getattr(item, "fixturenames", ())]
    config.hook.pytest_deselected(items=[i for i in items if i not in keep])
    items[:] = keep


# The fictional school every test loads: part of the repository, so a fresh
# clone needs nothing beside it.
FIXTURE_SCHOOL = REPO / "tests" / "fixtures" / "brookfield"


def samples_path() -> Path:
    return FIXTURE_SCHOOL


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return samples_path()


@pytest.fixture(scope="session")
def postgres_admin_url():
    try:
        with postgres_server() as url:
            yield url
    except NoPostgres as why:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required in CI: {why}")
        pytest.skip(f"PostgreSQL tests skipped: {why}")


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'keyworker.db'}"


@pytest.fixture(scope="session")
def postgres_template(postgres_admin_url):
    """A database migrated once; each test gets a copy (much faster than migrating)."""
    from storage.db import make_engine
    from storage.migrate import upgrade

    with fresh_database(postgres_admin_url) as url:
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url.rsplit("/", 1)[1]


@pytest.fixture
def postgres_url(postgres_admin_url, postgres_template):
    with fresh_database(postgres_admin_url, template=postgres_template) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request) -> str:
    """Runs the test once on SQLite and once on a real PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
def engine(request):
    """The test database: SQLite, or PostgreSQL on the second pass of `make test`."""
    from tests.support.school import migrated_engine

    url = request.getfixturevalue("postgres_url" if TEST_DATABASE == "postgres" else "sqlite_url")
    eng = migrated_engine(url)
    yield eng
    eng.dispose()


@pytest.fixture
def engine_url(engine) -> str:
    """The URL of the `engine` database, for settings and the CLI."""
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture
def any_engine(database_url):
    from tests.support.school import migrated_engine

    eng = migrated_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def sample_school(engine, samples_dir):
    from tests.support.school import load_school

    load_school(engine, samples_dir)
    return engine


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


# --- the keyworker command line on a temporary SQLite database ---------------------


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """`cli(*args, input=None, code=0)` runs `keyworker` and checks its exit status;
    `cli.url` is its database."""
    monkeypatch.chdir(tmp_path)  # no stray .env; keyworker.db lands in tmp
    url = f"sqlite:///{tmp_path / 'kw.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("KEYWORKER_OPERATOR", raising=False)
    from bot.cli import app

    runner = CliRunner()

    def invoke(*args, input=None, code=0):
        result = runner.invoke(app, list(args), input=input, catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result

    invoke.url = url
    # Every command makes the process umask 0077; the tests share one process.
    umask = os.umask(0o022)
    os.umask(umask)
    yield invoke
    os.umask(umask)


@pytest.fixture
def sample_cli(cli, samples_dir):
    for kind in ("staff", "pupils", "provisions"):
        cli("import", kind, str(samples_dir / f"{kind}.csv"))
    return cli
