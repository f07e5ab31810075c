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


class PrivateCluster:
    """A throwaway PostgreSQL cluster in a temporary directory, on a free port, that a
    test may stop and start again (an outage) before `destroy()` removes it."""

    def __init__(self) -> None:
        self.bin_dir = _bin_dir()
        as_root = hasattr(os, "geteuid") and os.geteuid() == 0
        if as_root and shutil.which("runuser") is None:
            raise NoPostgres("running as root without runuser: cannot start PostgreSQL")
        self.prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
        self.data = tempfile.mkdtemp(prefix="kw-pg-")
        self.port = _free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        try:
            if as_root:
                shutil.chown(self.data, "postgres", "postgres")
            self._run("initdb", "-D", self.data, "-U", "postgres", "-A", "trust")
        except (subprocess.SubprocessError, OSError, KeyError, LookupError) as exc:
            shutil.rmtree(self.data, ignore_errors=True)
            raise NoPostgres(f"could not create a local PostgreSQL: {exc}") from None

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(
            [*self.prefix, f"{self.bin_dir}/{tool}", *args],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self) -> PrivateCluster:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = f"{self.data}/server.log"
        try:
            self._run("pg_ctl", "-D", self.data, "-w", "-l", log, "-o", options, "start")
        except (subprocess.SubprocessError, OSError) as exc:
            raise NoPostgres(f"could not start a local PostgreSQL: {exc}") from None
        return self

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", self.data, "-m", mode, "stop")

    def destroy(self) -> None:
        subprocess.run(
            [*self.prefix, f"{self.bin_dir}/pg_ctl", "-D", self.data, "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(self.data, ignore_errors=True)


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yields an admin URL (a superuser, database 'postgres')."""
    if os.environ.get(ENV_URL):
        yield os.environ[ENV_URL]
        return
    cluster = PrivateCluster()
    try:
        cluster.start()
    except NoPostgres:
        cluster.destroy()
        raise
    try:
        yield cluster.url
    finally:
        cluster.destroy()


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
