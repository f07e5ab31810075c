"""Online backups: SQLite's backup API (safe while the bot runs), pg_dump for PostgreSQL.

The backup file is owner-only, never written through a symlink and never over
an existing file unless `force` (storage.private_files). pg_dump gets the
database password in its own environment (PGPASSWORD), never on its command
line, where every local user could read it with `ps`.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL, Engine

from storage.private_files import open_private, private_output


def pg_dump_command(url: URL, pg_dump: str = "pg_dump") -> tuple[list[str], dict[str, str]]:
    """pg_dump's argv (custom format, to standard output) and the environment to run it in."""
    plain = URL.create(  # URL.set(password=None) would keep the password
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    argv = [pg_dump, "--format=custom", "--no-password", "--dbname", plain.render_as_string()]
    env = dict(os.environ)
    env.pop("PGPASSWORD", None)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return argv, env


def backup(engine: Engine, target: Path, *, force: bool = False) -> Path:
    url = engine.url
    target = Path(target)
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(url.database or ":memory:")
        try:
            with private_output(target, force=force) as filling:
                destination = sqlite3.connect(filling)
                try:
                    with destination:
                        source.backup(destination)
                finally:
                    destination.close()
        finally:
            source.close()
        return target
    if url.get_backend_name() == "postgresql":
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise RuntimeError(
                "pg_dump is not installed (Debian: apt-get install postgresql-client)"
            )
        argv, env = pg_dump_command(url, pg_dump)
        with open_private(target, "wb", force=force) as out:
            done = subprocess.run(argv, env=env, stdout=out, stderr=subprocess.PIPE, check=False)
            if done.returncode != 0:
                why = done.stderr.decode("utf-8", "replace").strip().splitlines()
                raise RuntimeError(f"pg_dump failed: {why[-1] if why else done.returncode}")
        return target
    raise RuntimeError(f"no backup method for {url.get_backend_name()}")
