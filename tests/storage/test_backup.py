"""Backups taken while the bot runs restore with every record."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess

import pytest
from sqlmodel import Session, func, select

from storage.backup import backup
from storage.db import make_engine, session_scope
from storage.migrate import upgrade
from storage.models import Pupil
from tests.support.chat import Dialog
from tests.support.school import load_school, migrated_engine


def _pupils(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Pupil)).one()


def test_sqlite_online_backup_restores(sqlite_url, samples_dir, tmp_path):
    sample_school = migrated_engine(sqlite_url)
    load_school(sample_school, samples_dir)
    Dialog(sample_school, "amy.lowe@brookfield.example").send("Freya phonics 20 mins")
    with session_scope(sample_school) as busy:  # a transaction open during the backup
        busy.exec(select(Pupil)).first()
        backup(sample_school, tmp_path / "copy.db")
    restored = make_engine(f"sqlite:///{tmp_path / 'copy.db'}")
    upgrade(restored)  # already at head: a no-op that proves the schema version came along
    assert _pupils(restored) == 10
    with restored.connect() as connection:
        assert connection.exec_driver_sql("select count(*) from sessionlog").scalar() == 1


@pytest.mark.postgres
def test_pg_dump_backup_restores(postgres_url, samples_dir, tmp_path):
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump/pg_restore not installed")
    engine = make_engine(postgres_url)
    upgrade(engine)
    load_school(engine, samples_dir)
    previous = os.umask(0o000)
    try:
        backup(engine, tmp_path / "dump.pgc")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "dump.pgc").stat().st_mode) == 0o600
    engine.dispose()
    target = postgres_url.rsplit("/", 1)[0] + "/" + "restored_" + os.urandom(4).hex()
    admin = postgres_url.rsplit("/", 1)[0] + "/postgres"
    name = target.rsplit("/", 1)[1]
    subprocess.run(
        ["psql", admin, "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True
    )
    try:
        subprocess.run(["pg_restore", "--dbname", target, str(tmp_path / "dump.pgc")], check=True)
        restored = make_engine(target)
        assert _pupils(restored) == 10
        restored.dispose()
    finally:
        subprocess.run(
            ["psql", admin, "-c", f"DROP DATABASE {name} WITH (FORCE)"], capture_output=True
        )
