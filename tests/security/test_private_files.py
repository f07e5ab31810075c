"""Issue 13 (2, 3, 4): files holding pupil data are owner-only whatever the umask, never
written through a symlink or over a file without --force; pg_dump's password stays off
its command line."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from storage.backup import backup, pg_dump_command
from storage.private_files import OutputRefused, open_private
from tests.support.school import migrated_engine

VICTIM = "the operator's own notes\n"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@contextmanager
def umask(value: int):
    previous = os.umask(value)
    try:
        yield
    finally:
        os.umask(previous)


def test_a_new_sqlite_database_and_its_wal_and_shm_are_owner_only(tmp_path):
    with umask(0o000):  # the worst case: everything would be world-writable
        engine = migrated_engine(f"sqlite:///{tmp_path / 'kw.db'}")
        with engine.connect() as connection:  # WAL files exist while a connection is open
            connection.exec_driver_sql("select count(*) from pupil").scalar()
            for name in ("kw.db", "kw.db-wal", "kw.db-shm"):
                assert mode(tmp_path / name) == 0o600, name
        engine.dispose()


def test_an_existing_world_readable_database_is_made_private(tmp_path):
    path = tmp_path / "kw.db"
    migrated_engine(f"sqlite:///{path}").dispose()
    os.chmod(path, 0o644)
    migrated_engine(f"sqlite:///{path}").dispose()
    assert mode(path) == 0o600


def test_every_keyworker_command_runs_with_umask_0077(cli):
    with umask(0o022):
        cli("init")
        assert os.umask(0o022) == 0o077


def test_a_sqlite_backup_is_owner_only_and_never_overwrites_without_force(tmp_path):
    engine = migrated_engine(f"sqlite:///{tmp_path / 'kw.db'}")
    with umask(0o000):
        backup(engine, tmp_path / "copy.db")
        assert mode(tmp_path / "copy.db") == 0o600
        with pytest.raises(OutputRefused, match="already exists: add --force"):
            backup(engine, tmp_path / "copy.db")
        backup(engine, tmp_path / "copy.db", force=True)
        assert mode(tmp_path / "copy.db") == 0o600
    (tmp_path / "victim.txt").write_text(VICTIM)
    (tmp_path / "link.db").symlink_to(tmp_path / "victim.txt")
    with pytest.raises(OutputRefused, match="symbolic link"):
        backup(engine, tmp_path / "link.db", force=True)
    assert (tmp_path / "victim.txt").read_text() == VICTIM
    assert sorted(p.name for p in tmp_path.iterdir() if ".part" in p.name) == []
    engine.dispose()


def test_private_files_are_0600_whatever_the_umask_and_replace_hard_links(tmp_path):
    with umask(0o000):
        with open_private(tmp_path / "report.html") as out:
            out.write(b"<p>Freya</p>")
        assert mode(tmp_path / "report.html") == 0o600
    (tmp_path / "victim.txt").write_text(VICTIM)
    os.link(tmp_path / "victim.txt", tmp_path / "hard.html")
    with open_private(tmp_path / "hard.html", force=True) as out:
        out.write(b"report")
    assert (tmp_path / "victim.txt").read_text() == VICTIM  # replaced, not written through
    assert (tmp_path / "hard.html").read_bytes() == b"report"


def test_report_output_refuses_a_symlink_and_an_existing_file(sample_cli, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text(VICTIM)
    (tmp_path / "link.html").symlink_to(victim)
    pack = ("report", "pupil", "X873331220201", "--format", "html")
    err = sample_cli(*pack, "-o", "link.html", code=1).stderr
    assert "symbolic link" in err
    assert "symbolic link" in sample_cli(*pack, "-o", "link.html", "--force", code=1).stderr
    assert victim.read_text() == VICTIM
    sample_cli(*pack, "-o", "freya.html")
    assert "already exists: add --force" in sample_cli(*pack, "-o", "freya.html", code=1).stderr
    sample_cli(*pack, "-o", "freya.html", "--force")
    assert mode(tmp_path / "freya.html") == 0o600
    for csv_file in ("link.csv", "victim.txt"):
        if csv_file == "link.csv":
            (tmp_path / csv_file).symlink_to(victim)
        sample_cli("report", "csv", "--kind", "session", "-o", csv_file, code=1)
    assert victim.read_text() == VICTIM
    assert "symbolic link" in sample_cli("backup", "link.html", code=1).stderr
    assert "already exists" in sample_cli("export", "-o", "victim.txt", code=1).stderr
    assert victim.read_text() == VICTIM


def test_csv_for_every_kind_creates_the_folder_it_was_promised(sample_cli, tmp_path):
    dsl = ("--as", "carl.doyle@brookfield.example")  # the concerns' file is the DSL's only
    out = sample_cli(*dsl, "report", "csv", "--kind", "all", "-o", "exports/today").stdout
    folder = tmp_path / "exports" / "today"
    assert mode(folder) == 0o700 and "exports/today/keyworker-session-" in out
    assert {mode(p) for p in folder.iterdir()} == {0o600} and len(list(folder.iterdir())) == 4


def test_an_export_redirected_by_the_shell_is_made_owner_only(sample_cli, tmp_path):
    target = tmp_path / "export.csv"
    with umask(0o022):
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)  # as `>` does
    assert mode(target) == 0o644
    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DATABASE_URL": sample_cli.url, "PYTHONPATH": str(repo)}
    subprocess.run(
        [sys.executable, "-c", "from bot.cli import app; app()", "export", "--format", "csv"],
        stdout=fd,
        check=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    os.close(fd)
    assert mode(target) == 0o600 and target.read_text().startswith("id,kind,pupil")


def test_pg_dump_gets_the_password_in_its_environment_not_its_arguments():
    url = make_url("postgresql+psycopg://keyworker:s3cr%40t-pw@db.internal:5433/kw?sslmode=require")
    argv, env = pg_dump_command(url, "/usr/bin/pg_dump")
    assert not any("s3cr" in arg for arg in argv)
    assert env["PGPASSWORD"] == "s3cr@t-pw"
    assert argv[0] == "/usr/bin/pg_dump" and "--no-password" in argv
    (target,) = [arg for arg in argv if arg.startswith("postgresql://")]
    target_url = make_url(target)
    assert (target_url.username, target_url.host, target_url.port, target_url.database) == (
        "keyworker",
        "db.internal",
        5433,
        "kw",
    )
    assert target_url.query["sslmode"] == "require" and target_url.password is None
    _, no_password = pg_dump_command(make_url("postgresql://keyworker@db.internal/kw"))
    assert "PGPASSWORD" not in no_password
