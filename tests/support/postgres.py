"""A real PostgreSQL server for the tests: CI's, or a throwaway one started here.

CI exports KEYWORKER_TEST_POSTGRES_URL (see .ci/postgres.sh). Locally, when the
server binaries are installed, a private cluster is started in a temporary
directory for the test session. Otherwise Postgres tests skip, saying why.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

ENV_URL = "KEYWORKER_TEST_POSTGRES_URL"


class NoPostgres(Exception):
    """Raised with the reason no server could be had."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _bin_dir() -> str:
    found = shutil.which("initdb")
    if found:
        return os.path.dirname(found)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not candidates:
        raise NoPostgres("no PostgreSQL server binaries (initdb) installed; CI installs them")
    return os.path.dirname(candidates[-1])


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yields an admin URL (a superuser, database 'postgres')."""
    if os.environ.get(ENV_URL):
        yield os.environ[ENV_URL]
        return
    bin_dir = _bin_dir()
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if as_root and shutil.which("runuser") is None:
        raise NoPostgres("running as root without runuser: cannot start PostgreSQL")
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    data = tempfile.mkdtemp(prefix="kw-pg-")
    port = _free_port()
    try:
        if as_root:
            shutil.chown(data, "postgres", "postgres")
        run = lambda *args: subprocess.run(  # noqa: E731
            [*prefix, *args], check=True, capture_output=True, timeout=120
        )
        run(f"{bin_dir}/initdb", "-D", data, "-U", "postgres", "-A", "trust")
        run(
            f"{bin_dir}/pg_ctl",
            "-D",
            data,
            "-w",
            "-l",
            f"{data}/server.log",
            "-o",
            f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )
    except (subprocess.SubprocessError, OSError, KeyError, LookupError) as exc:
        shutil.rmtree(data, ignore_errors=True)
        raise NoPostgres(f"could not start a local PostgreSQL: {exc}") from None
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, f"{bin_dir}/pg_ctl", "-D", data, "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(data, ignore_errors=True)


@contextmanager
def fresh_database(admin_url: str, template: str | None = None) -> Iterator[str]:
    """A new database on the server (a copy of `template` if given), dropped afterwards."""
    name = f"kw_{uuid.uuid4().hex[:12]}"
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(statement)
    base = admin_url.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
