"""The `keyworker` command line: set-up, import, parse, console, export, run.

Sub-commands added by later features (schedule, report, staff, audit...)
live in their own modules and are attached at the bottom with add_typer.
Before any of them runs, the top-level callback makes the process umask 0077
and notes the operator (`--as EMAIL` or KEYWORKER_OPERATOR); every command
opens the database with `cli_session`, so what it does is audited as theirs.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from bot.cli_common import (
    FORCE_HELP,
    OPERATOR_ENV,
    cli_session,
    output_file,
    private_stdout,
    remember_operator,
    start_of_day,
)
from bot.cli_common import fail as _fail

if TYPE_CHECKING:  # each command imports what it needs, so `--help` imports none of it
    from bot.config import Settings

app = typer.Typer(
    help="Keyworker: log SEND provision, behaviour and parent contacts from chat.",
    no_args_is_help=True,
    add_completion=False,
)

DEMO_DIR = Path(__file__).resolve().parent / "demo"


def _settings() -> Settings:
    from bot.config import load_settings

    return load_settings()


@app.callback()
def main(
    as_: Annotated[
        str | None,
        typer.Option(
            "--as",
            envvar=OPERATOR_ENV,
            help="staff email of the person running the command, for the audit "
            "(default: the OS account only)",
        ),
    ] = None,
) -> None:
    """Keyworker: log SEND provision, behaviour and parent contacts from chat."""
    from storage.private_files import private_umask

    private_umask()
    private_stdout()
    remember_operator(as_)


@app.command()
def init() -> None:
    """Create or upgrade the database (alembic upgrade head)."""
    from bot import app as wiring
    from storage.audit import cli_audit

    settings = _settings()
    eng = wiring.init_database(settings)
    with cli_session(eng) as session:
        cli_audit(
            session,
            "init",
        )
    typer.echo(f"Database ready: {settings.database_url.split('@')[-1]}")


def _new_or_existing_school_id(session, slug: str | None) -> int:
    """Imports may start a new school (a trust adding an academy); nothing else may."""
    from storage.identity import DEFAULT_SCHOOL_SLUG, get_or_create_school

    return get_or_create_school(session, slug or DEFAULT_SCHOOL_SLUG).id


def _existing_school_id(session, slug: str | None) -> int:
    from storage.identity import school_by_slug

    found = school_by_slug(session, slug)
    if found is None:
        _fail(
            f"No school with slug {slug!r}: nothing imported. A new school starts with its "
            f"staff (keyworker import staff FILE --school {slug}); check the slug otherwise."
        )
    return found.id


def _where(line: int) -> str:
    """'line 3', or 'the file' for a problem with the whole file (line 0)."""
    return f"line {line}" if line else "the file"


def _school_id(session, slug: str | None) -> int:
    from storage.identity import school_by_slug

    school = school_by_slug(session, slug)
    if school is None:
        _fail(f"No school with slug {slug!r}.")
    return school.id


@app.command("import")
def import_(
    kind: Annotated[str, typer.Argument(help="staff | pupils | provisions")],
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    school: Annotated[str | None, typer.Option(help="school slug (multi-academy trusts)")] = None,
) -> None:
    """Import a roster CSV: the whole file or nothing."""
    from bot import app as wiring
    from handlers.roster_cache import invalidate
    from storage.importer import HEADERS, ImportFailed, import_file

    if kind not in HEADERS:
        _fail(f"Import what? Use one of: {', '.join(HEADERS)}", 2)
    eng = wiring.init_database(_settings())
    try:
        with cli_session(eng) as session:
            # A new school starts with its staff; pupils and provisions go into one that exists
            # (else every row would be refused for a key worker of another school).
            school_id = (
                _new_or_existing_school_id(session, school)
                if kind == "staff"
                else _existing_school_id(session, school)
            )
            report = import_file(session, school_id, kind, file)
    except ImportFailed as failed:
        typer.echo(f"{file}: nothing imported, {len(failed.report.errors)} problem(s):", err=True)
        for line, why in failed.report.errors:
            typer.echo(f"  {_where(line)}: {why}", err=True)
        raise typer.Exit(1) from None
    invalidate()
    typer.echo(f"{kind}: {report.created} added, {report.updated} updated")


@app.command()
def demo(
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="do nothing when pupils exist")
    ] = False,
) -> None:
    """Load the fictional demo school (Oakfield Primary) into an empty database."""
    from bot import app as wiring
    from storage.importer import import_folder
    from storage.models import School

    eng = wiring.init_database(_settings())
    if not wiring.is_empty(eng):
        if if_empty:
            return
        _fail("The database already has pupils; the demo school only loads into an empty one.")
    with cli_session(eng) as session:
        school_id = _new_or_existing_school_id(session, None)
        school = session.get(School, school_id)
        school.name = "Oakfield Primary (demo)"
        import_folder(session, school_id, DEMO_DIR)
    typer.echo("Loaded the demo school: Oakfield Primary (fictional).")


def _parse_now(now: str | None, settings: Settings) -> datetime:
    if not now:
        return datetime.now(UTC).astimezone(settings.tz)
    try:
        return datetime.fromisoformat(now).replace(tzinfo=settings.tz)
    except ValueError:
        _fail("--now must look like 2026-11-18T10:40", 2)
        raise


@app.command()
def parse(
    text: Annotated[str, typer.Argument(help="the message, or - to read one per line from stdin")],
    as_: Annotated[str, typer.Option("--as", help="staff email of the sender")],
    now: Annotated[str | None, typer.Option(help="school-local time YYYY-MM-DDTHH:MM")] = None,
) -> None:
    """Parse messages without storing them; one JSON object per message."""
    from bot import app as wiring
    from handlers.grammar.parser import parse_message
    from handlers.roster_cache import cached_roster
    from handlers.timetable import TimetableError
    from storage.audit import cli_audit
    from storage.identity import staff_by_email

    settings = _settings()
    eng = wiring.init_database(settings)
    moment = _parse_now(now, settings)
    with cli_session(eng) as session:
        staff = staff_by_email(session, as_)
        if staff is None:
            _fail(f"No staff member with email {as_}.", 2)
        try:
            timetable = wiring.school_timetable(settings)
        except TimetableError as err:
            _fail(str(err), 2)
            raise
        roster = cached_roster(eng, staff.school_id)
        lines = sys.stdin if text == "-" else [text]
        count = 0
        for line in lines:
            result = parse_message(
                line.rstrip("\r\n"), roster=roster, now=moment, timetable=timetable
            )
            sys.stdout.write(json.dumps(result.to_contract(), ensure_ascii=False) + "\n")
            count += 1
        sys.stdout.flush()
        # The roster (pupil names) was read; the messages themselves are not kept.
        cli_audit(
            session,
            "parse",
            school_id=staff.school_id,
            detail=f"{count} message(s) as {staff.email}, nothing stored",
        )


@app.command()
def console(
    as_: Annotated[
        str | None, typer.Option("--as", help="staff email (default: first LSA)")
    ] = None,
) -> None:
    """Chat with Keyworker in the terminal, through the same handlers as Slack and Telegram."""
    from bot import app as wiring
    from bot.console import chat, log_to_file
    from handlers.grammar.parser import warm_up
    from storage.audit import cli_audit

    settings = _settings()
    log_to_file(settings.data_dir, settings.log_level)  # the terminal shows the chat only
    eng = wiring.init_database(settings)
    email = as_ or wiring.first_lsa_email(eng)
    if not email:
        _fail("No staff yet: run `keyworker demo` or import a staff CSV first.")
    with cli_session(eng) as session:
        # Each message is audited by the handlers as the chat user; this row says
        # which OS account (and operator) opened the console as them.
        cli_audit(
            session,
            "console",
            detail=f"console chat as {email.strip().lower()}",
        )
    warm_up()
    chat(wiring.context(settings), email, sys.stdin, prompt=sys.stdin.isatty())


@contextmanager
def _out(output: Path | None, force: bool) -> Iterator[TextIO]:
    """Standard output, or an owner-only file for --output."""
    if output is None or str(output) == "-":
        yield sys.stdout
        return
    with output_file(output, force=force, text=True) as out:
        yield out


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", help="jsonl | csv")] = "jsonl",
    kind: Annotated[str | None, typer.Option(help="session | behaviour | parent_contact")] = None,
    since: Annotated[
        str | None, typer.Option(help="first day, YYYY-MM-DD or DD/MM/YYYY (school-local)")
    ] = None,
    school: Annotated[str | None, typer.Option(help="school slug")] = None,
    pupil: Annotated[
        str | None, typer.Option(help="UPN: everything held about one child, as JSON")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="owner-only file to write (default: standard output)"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=FORCE_HELP)] = False,
) -> None:
    """Print stored records, one line per pupil record (or one child's subject-access export)."""
    from bot import app as wiring

    if pupil:
        _subject_access(pupil, school, output, force)
        return
    from storage.audit import cli_audit
    from storage.csv_cells import SafeDictWriter
    from storage.export import EXPORT_FIELDS, KINDS, export_rows

    if format not in ("jsonl", "csv"):
        _fail("--format must be jsonl or csv", 2)
    if kind and kind not in KINDS:
        _fail(f"--kind must be one of: {', '.join(KINDS)}", 2)
    settings = _settings()
    start = start_of_day(since, settings.tz)
    eng = wiring.init_database(settings)
    with cli_session(eng) as session:
        school_id = _school_id(session, school)
        rows = export_rows(session, school_id=school_id, tz=settings.tz, kind=kind, since=start)
        count = 0
        with _out(output, force) as out:
            if format == "csv":
                writer = SafeDictWriter(out, fieldnames=EXPORT_FIELDS, lineterminator="\n")
                writer.writeheader()
            for row in rows:
                count += 1
                if format == "csv":
                    writer.writerow(row)
                else:
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
        cli_audit(
            session,
            "export",
            school_id=school_id,
            detail=f"format={format} kind={kind or 'all'} since={since or '-'} rows={count}"
            + (f" to {output}" if output is not None else ""),
        )


def _subject_access(upn: str, school: str | None, output: Path | None, force: bool) -> None:
    from bot import app as wiring
    from bot.cli_common import cli_requester
    from handlers.reports.permissions import may_take_concerns
    from storage.audit import cli_audit
    from storage.identity import pupils_by_upn
    from storage.subject_access import subject_access

    eng = wiring.init_database(_settings())
    with cli_session(eng) as session:
        school_id = _school_id(session, school)
        child = next((p for p in pupils_by_upn(session, upn) if p.school_id == school_id), None)
        if child is None:
            _fail(f"No pupil with UPN {upn}.")
        dsl = may_take_concerns(cli_requester(session), school_id)
        document = subject_access(session, child, with_concerns=dsl)
        with _out(output, force) as out:
            out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        cli_audit(
            session,
            "subject_access_export",
            school_id=school_id,
            pupil_id=child.id,
            detail="keyworker export --pupil"
            + (" with the child-protection file" if dsl else "")
            + (f" to {output}" if output is not None else ""),
        )


@app.command()
def run() -> None:
    """Start the bot: Slack, Telegram and/or Teams when configured in .env, else the console chat."""
    from bot import app as wiring
    from bot.runner import run_bot
    from storage.audit import cli_audit

    settings = _settings()
    if settings.slack_enabled or settings.telegram_enabled or settings.teams_enabled:
        wiring.configure_logging(settings)
    else:  # no platform: the console chat, which shows the chat only
        from bot.console import log_to_file

        log_to_file(settings.data_dir, settings.log_level)
    eng = wiring.init_database(settings)
    with cli_session(eng) as session:
        started = [
            name
            for name, on in (
                ("slack", settings.slack_enabled),
                ("telegram", settings.telegram_enabled),
                ("teams", settings.teams_enabled),
            )
            if on
        ]
        cli_audit(
            session,
            "run",
            detail=f"bot started: {', '.join(started) or 'console'}",
        )
    run_bot(settings)


# Feature command groups, each in its own module.
from bot.cli_admin import audit_app, backup_database, retention_app, staff_app  # noqa: E402

app.add_typer(staff_app, name="staff")

from bot.cli_roster import pupils_app, staff_list  # noqa: E402

staff_app.command("list")(staff_list)
app.add_typer(pupils_app, name="pupils")
app.add_typer(audit_app, name="audit")
app.add_typer(retention_app, name="retention")
app.command("backup")(backup_database)

from bot.cli_telegram import link_code  # noqa: E402

app.command("link-code")(link_code)

from bot.cli_schedule import digest, schedule_app  # noqa: E402

app.add_typer(schedule_app, name="schedule")
app.command("digest")(digest)

from bot.cli_report import report_app  # noqa: E402

app.add_typer(report_app, name="report")

from bot.cli_web import web, web_link  # noqa: E402

app.command("web")(web)
app.command("web-link")(web_link)
from bot.cli_teams import teams_app  # noqa: E402

app.add_typer(teams_app, name="teams")
