"""The `keyworker` command line: set-up, import, parse, console, export, run.

Sub-commands added by later features (schedule, report, staff, audit...)
live in their own modules and are attached at the bottom with add_typer.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from bot import app as wiring
from bot.cli_common import fail as _fail
from bot.cli_common import start_of_day
from bot.config import Settings, load_settings

app = typer.Typer(
    help="Keyworker: log SEND provision, behaviour and parent contacts from chat.",
    no_args_is_help=True,
    add_completion=False,
)

DEMO_DIR = Path(__file__).resolve().parent / "demo"


def _settings() -> Settings:
    return load_settings()


@app.command()
def init() -> None:
    """Create or upgrade the database (alembic upgrade head)."""
    settings = _settings()
    wiring.init_database(settings)
    typer.echo(f"Database ready: {settings.database_url.split('@')[-1]}")


def _new_or_existing_school_id(session, slug: str | None) -> int:
    """Imports may start a new school (a trust adding an academy); nothing else may."""
    from storage.identity import DEFAULT_SCHOOL_SLUG, get_or_create_school

    return get_or_create_school(session, slug or DEFAULT_SCHOOL_SLUG).id


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
    from handlers.roster_cache import invalidate
    from storage.db import session_scope
    from storage.importer import HEADERS, ImportFailed, import_file

    if kind not in HEADERS:
        _fail(f"Import what? Use one of: {', '.join(HEADERS)}", 2)
    eng = wiring.init_database(_settings())
    try:
        with session_scope(eng) as session:
            report = import_file(session, _new_or_existing_school_id(session, school), kind, file)
    except ImportFailed as failed:
        typer.echo(f"{file}: nothing imported, {len(failed.report.errors)} problem(s):", err=True)
        for line, why in failed.report.errors:
            typer.echo(f"  line {line}: {why}", err=True)
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
    from storage.db import session_scope
    from storage.importer import import_folder
    from storage.models import School

    eng = wiring.init_database(_settings())
    if not wiring.is_empty(eng):
        if if_empty:
            return
        _fail("The database already has pupils; the demo school only loads into an empty one.")
    with session_scope(eng) as session:
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
    from handlers.grammar.parser import parse_message
    from handlers.roster_cache import cached_roster
    from handlers.timetable import TimetableError
    from storage.db import session_scope
    from storage.identity import staff_by_email

    settings = _settings()
    eng = wiring.init_database(settings)
    with session_scope(eng) as session:
        staff = staff_by_email(session, as_)
        if staff is None:
            _fail(f"No staff member with email {as_}.", 2)
        school_id = staff.school_id
    roster = cached_roster(eng, school_id)
    moment = _parse_now(now, settings)
    try:
        timetable = wiring.school_timetable(settings)
    except TimetableError as err:
        _fail(str(err), 2)
        raise
    lines = sys.stdin if text == "-" else [text]
    for line in lines:
        result = parse_message(line.rstrip("\r\n"), roster=roster, now=moment, timetable=timetable)
        sys.stdout.write(json.dumps(result.to_contract(), ensure_ascii=False) + "\n")
    sys.stdout.flush()


@app.command()
def console(
    as_: Annotated[
        str | None, typer.Option("--as", help="staff email (default: first LSA)")
    ] = None,
) -> None:
    """Chat with Keyworker in the terminal, through the same handlers as Slack and Telegram."""
    from bot.console import chat
    from handlers.grammar.parser import warm_up

    settings = _settings()
    eng = wiring.init_database(settings)
    email = as_ or wiring.first_lsa_email(eng)
    if not email:
        _fail("No staff yet: run `keyworker demo` or import a staff CSV first.")
    warm_up()
    chat(wiring.context(settings), email, sys.stdin, prompt=sys.stdin.isatty())


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", help="jsonl | csv")] = "jsonl",
    kind: Annotated[str | None, typer.Option(help="session | behaviour | parent_contact")] = None,
    since: Annotated[str | None, typer.Option(help="YYYY-MM-DD (school-local)")] = None,
    school: Annotated[str | None, typer.Option(help="school slug")] = None,
    pupil: Annotated[
        str | None, typer.Option(help="UPN: everything held about one child, as JSON")
    ] = None,
) -> None:
    """Print stored records, one line per pupil record (or one child's subject-access export)."""
    if pupil:
        _subject_access(pupil, school)
        return
    from storage.audit import audit
    from storage.db import session_scope
    from storage.export import EXPORT_FIELDS, KINDS, export_rows

    if format not in ("jsonl", "csv"):
        _fail("--format must be jsonl or csv", 2)
    if kind and kind not in KINDS:
        _fail(f"--kind must be one of: {', '.join(KINDS)}", 2)
    settings = _settings()
    start = start_of_day(since, settings.tz)
    eng = wiring.init_database(settings)
    with session_scope(eng) as session:
        school_id = _school_id(session, school)
        rows = export_rows(session, school_id=school_id, tz=settings.tz, kind=kind, since=start)
        count = 0
        if format == "csv":
            writer = csv.DictWriter(sys.stdout, fieldnames=EXPORT_FIELDS, lineterminator="\n")
            writer.writeheader()
        for row in rows:
            count += 1
            if format == "csv":
                writer.writerow(row)
            else:
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        audit(
            session,
            action="export",
            school_id=school_id,
            staff_id=None,
            platform="cli",
            detail=f"format={format} kind={kind or 'all'} since={since or '-'} rows={count}",
        )


def _subject_access(upn: str, school: str | None) -> None:
    from storage.audit import audit
    from storage.db import session_scope
    from storage.identity import pupils_by_upn
    from storage.subject_access import subject_access

    eng = wiring.init_database(_settings())
    with session_scope(eng) as session:
        school_id = _school_id(session, school)
        child = next((p for p in pupils_by_upn(session, upn) if p.school_id == school_id), None)
        if child is None:
            _fail(f"No pupil with UPN {upn}.")
        document = subject_access(session, child)
        audit(
            session,
            action="subject_access_export",
            school_id=school_id,
            staff_id=None,
            platform="cli",
            pupil_id=child.id,
            detail="keyworker export --pupil",
        )
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


@app.command()
def run() -> None:
    """Start the bot: Slack and/or Telegram when configured in .env, else the console chat."""
    from bot.runner import run_bot

    settings = _settings()
    wiring.configure_logging(settings)
    wiring.init_database(settings)
    run_bot(settings)


# Feature command groups, each in its own module.
from bot.cli_admin import audit_log, backup_database, retention, staff_app  # noqa: E402

app.add_typer(staff_app, name="staff")
app.command("audit")(audit_log)
app.command("retention")(retention)
app.command("backup")(backup_database)

from bot.cli_telegram import link_code  # noqa: E402

app.command("link-code")(link_code)

from bot.cli_schedule import digest, schedule_app  # noqa: E402

app.add_typer(schedule_app, name="schedule")
app.command("digest")(digest)

from bot.cli_report import report_app  # noqa: E402

app.add_typer(report_app, name="report")
