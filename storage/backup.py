"""Online backups: SQLite's backup API (safe while the bot runs), pg_dump for PostgreSQL."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import Engine, make_url


def backup(engine: Engine, target: Path) -> Path:
    url = engine.url
    target = Path(target)
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(url.database)
        try:
            destination = sqlite3.connect(target)
            with destination:
                source.backup(destination)
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
        plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        subprocess.run([pg_dump, "--format=custom", "--file", str(target), plain], check=True)
        return target
    raise RuntimeError(f"no backup method for {url.get_backend_name()}")
