"""Administration commands: staff accounts, the audit trail (and its check), retention,
backups.

The CLI is run by whoever administers the server; everything it changes or
reads is audited with platform "cli", as the operator (bot.cli_common).
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from bot.cli_common import FORCE_HELP, cli_session, start_of_day
from bot.cli_common import fail as _fail

staff_app = typer.Typer(help="Add staff, change their role, deactivate them.", no_args_is_help=True)


@staff_app.command("add")
def staff_add(
    email: str,
    name: str,
    role: Annotated[str, typer.Option(help="lsa | teacher | senco | dsl | admin")] = "lsa",
    school: Annotated[str | None, typer.Option(help="school slug")] = None,
) -> None:
    """Add a staff member."""
    from bot import app as wiring
    from bot.config import load_settings
    from storage.identity import DEFAULT_SCHOOL_SLUG, get_or_create_school
    from storage.staff import StaffError, add_staff

    eng = wiring.init_database(load_settings())
    try:
        with cli_session(eng) as session:
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
    from bot import app as wiring
    from bot.config import load_settings
    from storage.staff import StaffError

    eng = wiring.init_database(load_settings())
    try:
        with cli_session(eng) as session:
            change(session)
    except StaffError as error:
        _fail(str(error))
    typer.echo(done)


audit_app = typer.Typer(
    help="The audit trail: print it (filtered), or check that nobody has changed it.",
    invoke_without_command=True,
)


@audit_app.callback()
def audit_log(
    ctx: typer.Context,
    pupil: Annotated[str | None, typer.Option(help="UPN")] = None,
    staff: Annotated[str | None, typer.Option(help="staff email")] = None,
    since: Annotated[str | None, typer.Option(help="YYYY-MM-DD or DD/MM/YYYY")] = None,
) -> None:
    """Print the audit trail, oldest first, one JSON object a line."""
    from bot import app as wiring
    from bot.config import load_settings

    if ctx.invoked_subcommand is not None:
        return
    from storage.audit import audit_trail, cli_audit

    settings = load_settings()
    start = start_of_day(since, settings.tz)
    eng = wiring.init_database(settings)
    with cli_session(eng) as session:
        count = 0
        for event, email, upn in audit_trail(
            session, pupil_upn=pupil, staff_email=staff, since=start
        ):
            count += 1
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
        # Reading the trail is itself a read of pupil data (it names who saw whom).
        cli_audit(
            session,
            "audit_read",
            detail=f"pupil={pupil or '-'} staff={staff or '-'} since={since or '-'} rows={count}",
        )


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the hash chain: every row as written, none removed; names the first broken row."""
    from bot import app as wiring
    from bot.config import load_settings
    from storage.audit import cli_audit, verify_chain

    eng = wiring.init_database(load_settings())
    with cli_session(eng) as session:
        report = verify_chain(session)
        cli_audit(
            session,
            "audit_verify",
            detail=f"rows={report.rows} "
            + ("intact" if report.intact else f"broken at row {report.broken_id}"),
        )
    if not report.intact:
        _fail(f"The audit trail has been tampered with: {report.problem}.")
    typer.echo(
        f"Audit trail intact: {report.rows} rows, the newest #{report.last_id}, "
        f"chain hash {report.last_hash}."
    )


retention_app = typer.Typer(
    help="How long each kind of record is kept, per school; apply it (try --dry-run first).",
    invoke_without_command=True,
)
SchoolOpt = Annotated[str | None, typer.Option("--school", help="school slug (default school)")]


def _retention_school(session, slug: str | None):
    from storage.identity import school_by_slug

    school = school_by_slug(session, slug)
    if school is None:
        _fail(f"No school with slug {slug!r}.", 2)
    return school


@retention_app.callback()
def retention(
    ctx: typer.Context,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="count, delete nothing")] = False,
    school: SchoolOpt = None,
) -> None:
    """Delete what one school's rules say has been kept long enough (no rule: keep)."""
    from bot import app as wiring
    from bot.config import load_settings

    if ctx.invoked_subcommand is not None:
        return
    from storage.retention import KINDS, apply_retention

    settings = load_settings()
    if settings.retention_policy.strip().lower() != "keep":
        _fail(
            f"RETENTION_POLICY={settings.retention_policy} is no longer used: one period for "
            "every kind of record is unsafe. Set each kind for each school with "
            "`keyworker retention set KIND PERIOD [--school SLUG]` (see docs/security.md), "
            "then remove RETENTION_POLICY.",
            2,
        )
    eng = wiring.init_database(settings)
    with cli_session(eng) as session:
        found = _retention_school(session, school)
        report = apply_retention(session, found.id, datetime.now(UTC), dry_run)
    verb = "would delete" if dry_run else "deleted"
    if not report.deletions:
        typer.echo(f"{found.name}: nothing is due for deletion under its rules.")
        return
    for deletion in report.deletions:
        typer.echo(
            f"{found.name}: {verb} {len(deletion.ids)} {KINDS[deletion.kind].label} "
            f"(rule '{deletion.period}', before {deletion.cutoff:%d/%m/%Y})"
        )
    if report.copies:
        typer.echo("and their copies: " + ", ".join(f"{n} {k}" for k, n in report.copies.items()))


@retention_app.command("show")
def retention_show(school: SchoolOpt = None) -> None:
    """Each kind's period for the school, with the minimum allowed."""
    from bot import app as wiring
    from bot.config import load_settings
    from storage.audit import cli_audit
    from storage.retention import KINDS, counted_from, rules

    eng = wiring.init_database(load_settings())
    with cli_session(eng) as session:
        found = _retention_school(session, school)
        current = rules(session, found.id)
        cli_audit(
            session,
            "retention_show",
            school_id=found.id,
        )
    typer.echo(f"Retention at {found.name}:")
    for name, kind in KINDS.items():
        typer.echo(
            f"  {name:<15} {current[name]!s:<12} {kind.label}; at least '{kind.minimum}' "
            f"({kind.why}); counted {counted_from(current[name])}"
        )


@retention_app.command("set")
def retention_set(
    kind: Annotated[
        str,
        typer.Argument(help="session | behaviour | rpi | parent_contact | safeguarding | outbox"),
    ],
    period: Annotated[
        str, typer.Argument(help="'keep', '6 years', '18 months', '30 days' or 'age 25'")
    ],
    school: SchoolOpt = None,
) -> None:
    """Set how long one school keeps one kind of record (a too-short period is refused)."""
    from bot import app as wiring
    from bot.config import load_settings
    from storage.retention import RetentionError, set_rule

    eng = wiring.init_database(load_settings())
    try:
        with cli_session(eng) as session:
            found = _retention_school(session, school)
            stored = set_rule(session, found.id, kind.strip().lower(), period)
    except RetentionError as refused:
        _fail(str(refused), 2)
    typer.echo(f"{found.name}: {kind} kept '{stored}'.")


def backup_database(
    target: Annotated[
        Path, typer.Argument(help="file to write (SQLite copy, or pg_dump custom format)")
    ],
    force: Annotated[bool, typer.Option("--force", help=FORCE_HELP)] = False,
) -> None:
    """Back up the database while the bot keeps running (an owner-only file)."""
    from bot import app as wiring
    from bot.config import load_settings
    from storage.audit import cli_audit
    from storage.backup import backup
    from storage.private_files import OutputRefused

    eng = wiring.init_database(load_settings())
    with cli_session(eng) as session:
        try:
            backup(eng, target, force=force)
        except OutputRefused as refused:
            _fail(str(refused))
        except (RuntimeError, OSError) as error:
            _fail(f"Backup failed: {error}")
        cli_audit(
            session,
            "backup",
            detail=f"{eng.url.get_backend_name()} backup to {Path(target).resolve()}",
        )
    typer.echo(f"Backed up to {target}")
