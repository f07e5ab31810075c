"""What every `keyworker` sub-command shares: failing with a clear message, reading a day,
knowing who is at the keyboard, and writing files that hold pupil data.

Every command that touches the database opens it with `cli_session`, which
resolves the operator once: the staff member named by the global `--as EMAIL`
option or KEYWORKER_OPERATOR (refused unless an active staff member), plus the
OS account running the command. Every audit row written in that session is
theirs (storage.audit.attribute_to). Files go through storage.private_files:
owner-only, never through a symlink, never over an existing file without
--force.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn
from zoneinfo import ZoneInfo

import typer

if TYPE_CHECKING:  # imported only by the commands that open the database
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

    from handlers.reports.permissions import Requester
    from storage.models import Staff

OPERATOR_ENV = "KEYWORKER_OPERATOR"
FORCE_HELP = "replace the file if it exists (a symbolic link is always refused)"


def fail(message: str, code: int = 1) -> NoReturn:
    """Print to stderr and exit: 1 for a refusal, 2 for a mistyped option."""
    typer.echo(message, err=True)
    raise typer.Exit(code)


def read_day(text: str | None, option: str) -> date | None:
    """The one reader for every day option: 2026-12-01 or British 01/12/2026 (1 December);
    None when not given. A mistyped day exits 2, naming the option."""
    from handlers.reports.period import BadDate, parse_day

    if not text:
        return None
    try:
        return parse_day(text)
    except BadDate as why:
        fail(f"{option}: {why}", 2)


def start_of_day(text: str | None, tz: ZoneInfo, option: str = "--since") -> datetime | None:
    """Midnight, school time, at the start of that day (read_day); None when not given."""
    day = read_day(text, option)
    return datetime.combine(day, time.min, tzinfo=tz) if day else None


# --- who is at the keyboard ----------------------------------------------------------


def os_account() -> str:
    """The OS account running this process, as recorded in the audit ("os:root")."""
    try:
        import pwd

        name = pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError):  # no passwd entry (a bare container uid)
        name = str(os.geteuid()) if hasattr(os, "geteuid") else os.environ.get("USERNAME", "?")
    return f"os:{name}"


# One command runs per process (the top-level callback sets this before it runs).
_invocation: dict[str, str | None] = {"operator": None}


def remember_operator(email: str | None) -> None:
    """Called by the top-level callback with --as / KEYWORKER_OPERATOR."""
    _invocation["operator"] = email.strip().lower() if email and email.strip() else None


def operator_email() -> str | None:
    return _invocation["operator"]


@contextmanager
def cli_session(engine: Engine) -> Iterator[Session]:
    """One transaction, with every audit row in it attributed to the operator."""
    from storage.audit import Operator, attribute_to
    from storage.db import session_scope
    from storage.identity import staff_by_email

    with session_scope(engine) as session:
        email = operator_email()
        staff_id = None
        if email is not None:
            staff = staff_by_email(session, email)
            if staff is None or not staff.active:
                fail(
                    f"--as {email}: no active staff member has that email "
                    f"(it comes from --as or {OPERATOR_ENV}).",
                    2,
                )
            staff_id = staff.id
            session.info[_OPERATOR_STAFF] = staff
        attribute_to(session, Operator(staff_id, email, os_account()))
        yield session


_OPERATOR_STAFF = "keyworker_operator_staff"


def operator_staff(session: Session) -> Staff | None:
    """The staff member named by --as for this cli_session (checked active there), or None."""
    staff: Staff | None = session.info.get(_OPERATOR_STAFF)
    return staff


def cli_requester(session: Session) -> Requester:
    """Who a report made in this cli_session is for: the --as staff member, else the
    command line acting as an administrator."""
    from handlers.reports.permissions import Requester

    staff = operator_staff(session)
    return Requester(staff, "cli") if staff is not None else Requester.cli()


# --- files that hold pupil data --------------------------------------------------------


def private_stdout() -> None:
    """`keyworker export > file.csv`: the shell made the file with its own umask, so make it
    owner-only (only when standard output is a regular file we own)."""
    try:
        fd = sys.stdout.fileno()
        mode = os.fstat(fd).st_mode
        if stat.S_ISREG(mode) and mode & 0o077:
            os.fchmod(fd, 0o600)
    except (OSError, ValueError, AttributeError):
        return  # not a real file (a pipe, a terminal, a test's capture)


@contextmanager
def output_file(path: Path, *, force: bool, text: bool = False) -> Iterator[IO[Any]]:
    """An owner-only file for a report or export, refused (exit 1) when unsafe to write."""
    from storage.private_files import OutputRefused, open_private

    try:
        if text:
            with open_private(path, "w", force=force, encoding="utf-8", newline="") as out:
                yield out
        else:
            with open_private(path, "wb", force=force) as out:
                yield out
    except OutputRefused as refused:
        fail(str(refused))


def output_folder(path: Path) -> Path:
    """A folder the command promises to fill, made owner-only when it doesn't exist yet."""
    from storage.private_files import OutputRefused, private_folder

    try:
        return private_folder(path)
    except OutputRefused as refused:
        fail(str(refused))


def audit_pupils_read(
    session: Session,
    *,
    action: str,
    school_id: int | None,
    pupil_ids: Iterable[int],
    detail: str,
) -> None:
    """One audit row per pupil a printed message named (one row without a pupil if none),
    as the outbox does when it delivers the same messages."""
    from storage.audit import cli_audit

    for pupil_id in sorted(set(pupil_ids)) or [None]:
        cli_audit(
            session,
            action,
            school_id=school_id,
            pupil_id=pupil_id,
            detail=detail,
        )
