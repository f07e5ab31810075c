"""Files Keyworker writes that hold pupil data: owner-only, never through a symlink, never
over an existing file unless the operator said --force.

Every report, export and backup goes through `private_output` (a file path a
program fills in, e.g. SQLite's backup API) or `open_private` (a file object).
The content is written to a new owner-only (0600) file beside the target,
created with O_EXCL|O_NOFOLLOW and chmod-ed to 0600 whatever the umask, and
only moved into place when it is complete: so a half-written report is never
left behind, a symlink planted at the target (`ln -s victim.txt link.html`)
is refused rather than followed, and a hard link to another file is replaced,
not written through. `private_folder` makes a folder the CLI promises to fill
(0700 when it creates it). `private_sqlite_file` makes a SQLite database file
owner-only before SQLite opens it, because SQLite gives its -wal and -shm
files the database file's permissions. `private_umask` (run by the CLI before
any command) covers files made by anything else: journals, libraries, pg_dump.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
PRIVATE_UMASK = 0o077


def private_umask() -> None:
    """Files this process creates are readable and writable by their owner only."""
    os.umask(PRIVATE_UMASK)


class OutputRefused(Exception):
    """The target can't be written safely; the message says what to do instead."""


def check_target(path: Path, *, force: bool) -> None:
    """Refuse a symlink always, an existing file unless force, anything else that isn't a file."""
    if path.is_symlink():
        raise OutputRefused(
            f"{path} is a symbolic link: refusing to write through it. Give a plain file name."
        )
    if path.exists():
        if not path.is_file():
            raise OutputRefused(f"{path} exists and is not a file.")
        if not force:
            raise OutputRefused(f"{path} already exists: add --force to replace it.")
    if not path.parent.is_dir():
        raise OutputRefused(f"The folder {path.parent} does not exist.")


def _create_private(path: Path) -> int:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), PRIVATE_FILE)
    os.fchmod(fd, PRIVATE_FILE)  # os.open's mode is cut by the umask; this is not
    return fd


def _publish(temporary: Path, path: Path, *, force: bool) -> None:
    if force:
        os.replace(temporary, path)  # replaces the name itself: never writes through a link
        return
    try:
        os.link(temporary, path)  # fails if anything appeared at the path meanwhile
    except FileExistsError:
        raise OutputRefused(f"{path} already exists: add --force to replace it.") from None
    finally:
        temporary.unlink(missing_ok=True)


@contextmanager
def _reserved(path: Path, *, force: bool) -> Iterator[tuple[Path, int]]:
    """(temporary path, its open descriptor); published to `path` when the block ends cleanly."""
    path = Path(path)
    check_target(path, force=force)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    fd = _create_private(temporary)
    try:
        yield temporary, fd
        os.chmod(temporary, PRIVATE_FILE)  # whatever filled it in
        _publish(temporary, path, force=force)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        os.close(fd)  # callers write through their own duplicate of it


@contextmanager
def private_output(path: Path, *, force: bool = False) -> Iterator[Path]:
    """A new empty owner-only file for another program to fill in (SQLite's backup API);
    it becomes `path` when the block ends cleanly."""
    with _reserved(path, force=force) as (temporary, _fd):
        yield temporary


@contextmanager
def open_private(
    path: Path, mode: str = "wb", *, force: bool = False, **kwargs: Any
) -> Iterator[IO[Any]]:
    """An owner-only file object (mode 'wb', or 'w' with encoding/newline) that becomes
    `path` when the block ends cleanly."""
    with _reserved(path, force=force) as (_temporary, fd):
        out = os.fdopen(os.dup(fd), mode, **kwargs)
        with out:
            yield out
            out.flush()
            os.fsync(out.fileno())


def private_folder(path: Path) -> Path:
    """A folder to write files into: made (0700, with its parents) when missing."""
    path = Path(path)
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        raise OutputRefused(f"{path} is not a folder.")
    path.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    return path


def private_sqlite_file(database: str | os.PathLike[str]) -> None:
    """Make a SQLite database file (and any -wal/-shm beside it) owner-only before use.

    SQLite creates the -wal and -shm files with the database file's own mode,
    so a database created 0600 keeps all three private whatever the umask.
    """
    path = Path(database)
    if not path.exists():
        try:
            os.close(_create_private(path))
        except FileExistsError:
            pass  # another process made it just now; tightened below
        except FileNotFoundError:
            return  # no such folder: SQLite's own error says so when it connects
    for member in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            if not member.is_symlink() and member.stat().st_mode & 0o077:
                os.chmod(member, PRIVATE_FILE)
        except FileNotFoundError:
            continue
        except PermissionError:
            continue  # not ours to change (read-only copy); SQLite will say if it can't open it
