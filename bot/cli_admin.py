"""Administration commands: staff accounts, the audit trail, retention.

The CLI is run by whoever administers the server; everything it changes or
reads is audited with platform "cli".
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from bot import app as wiring
from bot.cli_common import fail as _fail
from bot.cli_common import start_of_day
from bot.config import load_settings

staff_app = typer.Typer(help="Add staff, change their role, deactivate them.", no_args_is_help=True)


@staff_app.command("add")
def staff_add(
    email: str,
    name: str,
    role: Annotated[str, typer.Option(help="lsa | teacher | senco | dsl | admin")] = "lsa",
    school: Annotated[str | None, typer.Option(help="school slug")] = None,
) -> None:
    """Add a staff member."""
    from storage.db import session_scope
    from storage.identity import DEFAULT_SCHOOL_SLUG, get_or_create_school
    from storage.staff import StaffError, add_staff

    eng = wiring.init_database(load_settings())
    try:
        with session_scope(eng) as session:
            school_id = get_or_create_school(session, school or DEFAULT_SCHOOL_SLUG).id
            add_staff(session, school_id, email, name, role)
    except StaffError as error:
        _fail(str(error))
    typer.echo(f"Added {email} as {role}.")


@staff_app.command("role")
def staff_role(email: str, role: str) -> None:
    """Change a staff member's role."""
    from storage.staff import set_role

    _change(lambda session: set_role(session, email, role), f"{email} is now {role}.")


@staff_app.command("deactivate")
def staff_deactivate(email: str) -> None:
    """Stop a staff member logging or reading anything, on every platform, at once."""
    from storage.staff import set_active

    _change(lambda session: set_active(session, email, False), f"{email} is deactivated.")


@staff_app.command("activate")
def staff_activate(email: str) -> None:
    """Let a deactivated staff member back in."""
    from storage.staff import set_active

    _change(lambda session: set_active(session, email, True), f"{email} is active again.")


def _change(change, done: str) -> None:
    from storage.db import session_scope
    from storage.staff import StaffError

    eng = wiring.init_database(load_settings())
    try:
        with session_scope(eng) as session:
            change(session)
    except StaffError as error:
        _fail(str(error))
    typer.echo(done)


def audit_log(
    pupil: Annotated[str | None, typer.Option(help="UPN")] = None,
    staff: Annotated[str | None, typer.Option(help="staff email")] = None,
    since: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
) -> None:
    """Print the audit trail, oldest first, one JSON object a line."""
    from storage.audit import audit_trail
    from storage.db import session_scope

    settings = load_settings()
    start = start_of_day(since, settings.tz)
    eng = wiring.init_database(settings)
    with session_scope(eng) as session:
        trail = audit_trail(session, pupil_upn=pupil, staff_email=staff, since=start)
        for event, email, upn in trail:
            sys.stdout.write(
                json.dumps(
                    {
                        "at": event.at.astimezone(settings.tz).isoformat(),
                        "action": event.action,
                        "staff": email,
                        "platform": event.platform,
                        "record_type": event.record_type,
                        "record_id": event.record_id,
                        "pupil": upn,
                        "detail": event.detail,
                    }
                )
                + "\n"
            )


def retention(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="count, delete nothing")] = False,
) -> None:
    """Apply the RETENTION_POLICY setting (default keep: deletes nothing)."""
    from storage.db import session_scope
    from storage.retention import apply_retention

    settings = load_settings()
    eng = wiring.init_database(settings)
    try:
        with session_scope(eng) as session:
            removed = apply_retention(
                session, settings.retention_policy, datetime.now(UTC), dry_run
            )
    except ValueError as error:
        _fail(str(error), 2)
    if not removed:
        typer.echo("Retention policy is 'keep': nothing deleted.")
    else:
        verb = "would delete" if dry_run else "deleted"
        typer.echo(f"{verb}: " + ", ".join(f"{n} {kind}" for kind, n in removed.items()))


def backup_database(
    target: Annotated[
        Path, typer.Argument(help="file to write (SQLite copy, or pg_dump custom format)")
    ],
) -> None:
    """Back up the database while the bot keeps running."""
    from storage.backup import backup

    eng = wiring.init_database(load_settings())
    try:
        backup(eng, target)
    except (RuntimeError, OSError) as error:
        _fail(f"Backup failed: {error}")
    typer.echo(f"Backed up to {target}")
