"""`keyworker report ...`: evidence packs, the school report and per-kind CSV exports.

The command line acts as an administrator (audited as platform "cli").
DATE options take 2026-11-03 or 03/11/2026 and are school-local days,
inclusive. Without --output a file named after the report is written in the
current directory and its path printed. Files are owner-only and never
replace an existing file (or follow a symlink) unless --force says so.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli_common import (
    FORCE_HELP,
    cli_session,
    fail,
    output_file,
    output_folder,
    read_day,
)

if TYPE_CHECKING:
    from bot.config import Settings

report_app = typer.Typer(
    help="Annual-review evidence packs, the school report, CSV exports.",
    no_args_is_help=True,
    add_completion=False,
)

FromOpt = Annotated[
    str | None,
    typer.Option(
        "--from",
        "--since",
        help="first day, YYYY-MM-DD or DD/MM/YYYY (default: when provision began in Keyworker, "
        "at most 12 months back)",
    ),
]
ToOpt = Annotated[str | None, typer.Option("--to", help="last day (default: today)")]
FormatOpt = Annotated[str, typer.Option("--format", help="pdf | html")]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="file to write (default: ./<name>)")
]
SchoolOpt = Annotated[
    str | None, typer.Option("--school", help="school slug (multi-academy trusts)")
]
ForceOpt = Annotated[bool, typer.Option("--force", help=FORCE_HELP)]


def _fail(message: str, code: int = 2) -> None:
    fail(message, code)


def _day(text: str | None, option: str) -> date | None:
    return read_day(text, option)


def _calendar(settings):
    from bot.app import school_calendar
    from schedules.calendar import CalendarError

    try:
        return school_calendar(settings)
    except CalendarError as why:
        typer.echo(f"warning: {why}; counting every weekday as a school day", err=True)
        return None


def _school(session, slug: str | None):
    from storage.identity import school_by_slug

    school = school_by_slug(session, slug)
    if school is None:
        _fail(f"No school with slug {slug!r}.")
    return school


def _write(file, output: Path | None, force: bool) -> None:
    path = output or Path.cwd() / file.filename
    with output_file(path, force=force) as out:
        out.write(file.content)
    typer.echo(str(path))


def _check_format(fmt: str) -> str:
    from handlers.reports.files import FORMATS

    if fmt not in FORMATS:
        _fail(f"--format must be one of: {', '.join(FORMATS)}")
    return fmt


@dataclass
class _Run:
    """What every report command starts from: checked options, the time, the calendar."""

    fmt: str
    settings: Settings
    first: date | None
    last: date | None
    now: datetime
    calendar: object | None


def _prepare(format: str, from_: str | None, to: str | None) -> _Run:
    from bot.config import load_settings

    fmt = _check_format(format)
    settings = load_settings()
    first, last = _day(from_, "--from"), _day(to, "--to")
    return _Run(fmt, settings, first, last, datetime.now(settings.tz), _calendar(settings))


@report_app.command("pupil")
def pupil_pack(
    upn: Annotated[str, typer.Argument(help="the pupil's UPN or name ('Sam Brown', 'sam b')")],
    from_: FromOpt = None,
    to: ToOpt = None,
    format: FormatOpt = "pdf",
    output: OutputOpt = None,
    school: SchoolOpt = None,
    force: ForceOpt = False,
) -> None:
    """A pupil's annual-review evidence pack (default: last 12 months, or since the last review)."""
    from bot import app as wiring
    from bot.cli_roster import pupil_named
    from handlers.reports.files import pupil_pack_file, pupil_period
    from handlers.reports.period import BadDate
    from handlers.reports.permissions import Requester

    run = _prepare(format, from_, to)
    eng = wiring.init_database(run.settings)
    with cli_session(eng) as session:
        pupil = pupil_named(session, eng, upn, school)
        try:
            period = pupil_period(
                session, pupil, run.now.date(), run.settings.tz, first=run.first, last=run.last
            )
        except BadDate as why:
            _fail(str(why))
        file = pupil_pack_file(
            session,
            pupil,
            period=period,
            now=run.now,
            requester=Requester.cli(),
            fmt=run.fmt,
            calendar=run.calendar,
        )
    _write(file, output, force)


@report_app.command("school")
def school_report(
    from_: FromOpt = None,
    to: ToOpt = None,
    format: FormatOpt = "pdf",
    output: OutputOpt = None,
    school: SchoolOpt = None,
    force: ForceOpt = False,
) -> None:
    """The SENCO's school report: delivery by pupil and type, most behind, behaviour, reviews due."""
    from bot import app as wiring
    from handlers.reports.files import review_window, school_period, school_report_file
    from handlers.reports.period import BadDate
    from handlers.reports.permissions import Requester

    run = _prepare(format, from_, to)
    eng = wiring.init_database(run.settings)
    with cli_session(eng) as session:
        school_id = _school(session, school).id
        try:
            period = school_period(
                session, school_id, run.now.date(), run.settings.tz, first=run.first, last=run.last
            )
        except BadDate as why:
            _fail(str(why))
        file = school_report_file(
            session,
            school_id,
            period=period,
            now=run.now,
            requester=Requester.cli(),
            window=review_window(run.now.date(), run.calendar),
            fmt=run.fmt,
            calendar=run.calendar,
        )
    _write(file, output, force)


@report_app.command("csv")
def csv_export(
    kind: Annotated[
        str,
        typer.Option("--kind", help="session | behaviour | parent_contact | safeguarding | all"),
    ],
    from_: FromOpt = None,
    to: ToOpt = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="file, or - for standard output; a folder for --kind all"
        ),
    ] = None,
    school: SchoolOpt = None,
    force: ForceOpt = False,
) -> None:
    """One record kind as CSV with stable headers, for the school's MIS or safeguarding system."""
    from bot import app as wiring
    from bot.cli_common import cli_requester
    from bot.config import load_settings
    from handlers.reports.csv_export import KINDS, check_concerns_export, write_csv
    from handlers.reports.permissions import NotAllowed

    kinds = KINDS if kind == "all" else (kind,)
    if kind != "all" and kind not in KINDS:
        _fail(f"--kind must be one of: {', '.join(KINDS)}, all")
    to_stdout = output is not None and str(output) == "-"
    folder = None
    if kind == "all" and not to_stdout:
        folder = output_folder(output) if output is not None else Path.cwd()
    settings = load_settings()
    tz = settings.tz
    first, last = _day(from_, "--from"), _day(to, "--to")
    start = datetime.combine(first, time.min, tzinfo=tz) if first else None
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz) if last else None
    stamp = (last or datetime.now(tz).date()).isoformat()
    eng = wiring.init_database(settings)
    refused = False
    with cli_session(eng) as session:
        school_id = _school(session, school).id
        requester = cli_requester(session)

        def write(out, name: str) -> int:
            return write_csv(
                session,
                out,
                school_id=school_id,
                kind=name,
                tz=tz,
                requester=requester,
                start=start,
                end=end,
            )

        for name in kinds:
            if name == "safeguarding":
                try:  # before any file is opened: refused (audited), nothing written
                    check_concerns_export(session, requester, school_id)
                except NotAllowed:
                    refused = True
                    typer.echo(CONCERNS_FOR_THE_DSL, err=True)
                    continue
            if to_stdout:
                count = write(sys.stdout, name)
                typer.echo(f"{name}: {count} record(s)", err=True)
                continue
            filename = f"keyworker-{name}-{stamp}.csv"
            if folder is not None:
                path = folder / filename
            elif output is not None and output.is_dir() and not output.is_symlink():
                path = output / filename
            else:
                path = output if output is not None else Path.cwd() / filename
            with output_file(path, force=force, text=True) as out:
                count = write(out, name)
            typer.echo(f"{path}  ({count} record(s))")
    if refused and kind != "all":
        raise typer.Exit(1)


CONCERNS_FOR_THE_DSL = (
    "safeguarding: not exported. What was said about a child goes to the DSL and deputies "
    "only: run it as one of them, keyworker --as DSL-EMAIL report csv --kind safeguarding"
)


def _csv_to(output: Path | None, default: str, force: bool, write) -> None:
    """Write a CSV to standard output (`-`), `output`, or ./default; say where and how many."""
    if output is not None and str(output) == "-":
        count = write(sys.stdout)
        typer.echo(f"{count} row(s)", err=True)
        return
    path = output or Path.cwd() / default
    with output_file(path, force=force, text=True) as out:
        count = write(out)
    typer.echo(f"{path}  ({count} row(s))")


CsvOutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="file, or - for standard output")
]


@report_app.command("sen-register")
def sen_register(
    output: CsvOutputOpt = None,
    school: SchoolOpt = None,
    force: ForceOpt = False,
) -> None:
    """The SEN register as CSV: UPN, pupil, year, SEN status, needs, plan, review date."""
    from bot import app as wiring
    from bot.config import load_settings
    from handlers.reports.permissions import Requester
    from handlers.reports.register import write_register

    settings = load_settings()
    today = datetime.now(settings.tz).date()
    eng = wiring.init_database(settings)
    with cli_session(eng) as session:
        school_id = _school(session, school).id
        _csv_to(
            output,
            f"sen-register-{today.isoformat()}.csv",
            force,
            lambda out: write_register(
                session, out, school_id=school_id, requester=Requester.cli()
            ),
        )


@report_app.command("provision-map")
def provision_map(
    pupil: Annotated[
        str | None, typer.Option("--pupil", help="one pupil's UPN (default: the whole school)")
    ] = None,
    format: Annotated[str, typer.Option("--format", help="csv | pdf | html")] = "csv",
    output: CsvOutputOpt = None,
    school: SchoolOpt = None,
    force: ForceOpt = False,
) -> None:
    """The costed provision map, per pupil and for the school: hours, group size, cost."""
    from bot import app as wiring
    from bot.config import load_settings
    from handlers.reports.costs import map_file, write_map_csv
    from handlers.reports.files import FORMATS
    from handlers.reports.permissions import Requester
    from storage.identity import pupils_by_upn

    if format != "csv" and format not in FORMATS:
        _fail(f"--format must be one of: csv, {', '.join(FORMATS)}")
    settings = load_settings()
    now = datetime.now(settings.tz)
    today = now.date()
    eng = wiring.init_database(settings)
    with cli_session(eng) as session:
        school_row = _school(session, school) if pupil is None else None
        who = None
        if pupil is not None:
            found = pupils_by_upn(session, pupil, school)
            if not found:
                _fail(f"No pupil with UPN {pupil.strip().upper()}.", 1)
            if len(found) > 1:
                _fail("That UPN is in more than one school: add --school SLUG.")
            who = found[0]
        school_id = who.school_id if who is not None else school_row.id
        if format == "csv":
            name = f"{who.first_name}-{who.last_name}" if who else "school"
            from handlers.reports.files import slug

            _csv_to(
                output,
                f"provision-map-{slug(name)}-{today.isoformat()}.csv",
                force,
                lambda out: write_map_csv(
                    session,
                    out,
                    school_id=school_id,
                    requester=Requester.cli(),
                    today=today,
                    now=now,
                    pupil=who,
                ),
            )
            return
        file = map_file(
            session,
            school_id,
            requester=Requester.cli(),
            today=today,
            now=now,
            tz=settings.tz,
            fmt=format,
            pupil=who,
        )
    _write(file, output, force)


@report_app.command("force")
def force_reduction(
    pupil: Annotated[
        str | None,
        typer.Option("--pupil", help="one pupil's UPN or name (default: the whole school)"),
    ] = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    format: Annotated[str, typer.Option("--format", help="txt | csv")] = "txt",
    output: OutputOpt = None,
    school: SchoolOpt = None,
    force: ForceOpt = False,
) -> None:
    """Use of reasonable force by half-term, time of day, place and antecedent, with the trend."""
    from bot import app as wiring
    from bot.cli_roster import pupil_named
    from bot.config import load_settings
    from handlers.reports.force import FORMATS, reduction_file
    from handlers.reports.permissions import Requester

    if format not in FORMATS:
        _fail(f"--format must be one of: {', '.join(FORMATS)}")
    settings = load_settings()
    tz = settings.tz
    first, last = _day(from_, "--from"), _day(to, "--to")
    calendar = _calendar(settings)
    eng = wiring.init_database(settings)
    with cli_session(eng) as session:
        target = pupil_named(session, eng, pupil, school) if pupil is not None else None
        school_id = target.school_id if target else _school(session, school).id
        file = reduction_file(
            session,
            school_id,
            pupil=target,
            tz=tz,
            now=datetime.now(tz),
            requester=Requester.cli(),
            half_term_of=calendar.half_term_of if calendar else None,
            start=datetime.combine(first, time.min, tzinfo=tz) if first else None,
            end=datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz) if last else None,
            fmt=format,
        )
    _write(file, output, force)


@report_app.command("chronology")
def chronology_export(
    pupil: Annotated[str, typer.Argument(help="the pupil's UPN or full name")],
    format: Annotated[str, typer.Option("--format", help="txt | csv")] = "txt",
    output: OutputOpt = None,
    school: SchoolOpt = None,
    force: ForceOpt = False,
) -> None:
    """A child's safeguarding chronology, for the DSL and deputies only (run with --as EMAIL)."""
    from bot import app as wiring
    from bot.cli_common import operator_staff
    from bot.cli_roster import pupil_named
    from bot.config import load_settings
    from handlers.reports.chronology import FORMATS, chronology_file
    from handlers.reports.permissions import NotAllowed

    if format not in FORMATS:
        _fail(f"--format must be one of: {', '.join(FORMATS)}")
    settings = load_settings()
    tz = settings.tz
    eng = wiring.init_database(settings)
    refused = False
    with cli_session(eng) as session:
        child = pupil_named(session, eng, pupil, school)
        try:
            file = chronology_file(
                session,
                child,
                staff=operator_staff(session),
                platform="cli",
                tz=tz,
                now=datetime.now(tz),
                fmt=format,
            )
        except NotAllowed:
            refused = True  # the refusal is audited: leave the block so it is committed
    if refused:
        _fail(
            "The chronology is for the DSL and deputies only: run it as one of them, "
            "keyworker --as DSL-EMAIL report chronology ...",
            1,
        )
    _write(file, output, force)
