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

from bot.cli_common import FORCE_HELP, cli_session, fail, output_file, output_folder

if TYPE_CHECKING:
    from bot.config import Settings

report_app = typer.Typer(
    help="Annual-review evidence packs, the school report, CSV exports.",
    no_args_is_help=True,
    add_completion=False,
)

FromOpt = Annotated[str | None, typer.Option("--from", help="first day, YYYY-MM-DD or DD/MM/YYYY")]
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
    from handlers.reports.period import BadDate, parse_day

    if not text:
        return None
    try:
        return parse_day(text)
    except BadDate as why:
        _fail(f"{option}: {why}")


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

    @property
    def school_day(self):
        return self.calendar.is_school_day if self.calendar else None


def _prepare(format: str, from_: str | None, to: str | None) -> _Run:
    from bot.config import load_settings

    fmt = _check_format(format)
    settings = load_settings()
    first, last = _day(from_, "--from"), _day(to, "--to")
    return _Run(fmt, settings, first, last, datetime.now(settings.tz), _calendar(settings))


@report_app.command("pupil")
def pupil_pack(
    upn: Annotated[str, typer.Argument(help="the pupil's UPN")],
    from_: FromOpt = None,
    to: ToOpt = None,
    format: FormatOpt = "pdf",
    output: OutputOpt = None,
    school: SchoolOpt = None,
    force: ForceOpt = False,
) -> None:
    """A pupil's annual-review evidence pack (default: last 12 months, or since the last review)."""
    from bot import app as wiring
    from handlers.reports.files import pupil_pack_file, pupil_period
    from handlers.reports.period import BadDate
    from handlers.reports.permissions import Requester
    from storage.identity import pupils_by_upn

    run = _prepare(format, from_, to)
    eng = wiring.init_database(run.settings)
    with cli_session(eng) as session:
        found = pupils_by_upn(session, upn, school)
        if not found:
            _fail(f"No pupil with UPN {upn.strip().upper()}.", 1)
        if len(found) > 1:
            _fail("That UPN is in more than one school: add --school SLUG.")
        pupil = found[0]
        try:
            period = pupil_period(
                pupil, run.now.date(), run.settings.tz, first=run.first, last=run.last
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
            school_day=run.school_day,
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
    from handlers.reports.files import review_window, school_report_file
    from handlers.reports.period import BadDate, Period
    from handlers.reports.permissions import Requester

    run = _prepare(format, from_, to)
    try:
        period = Period.default(run.now.date(), run.settings.tz, first=run.first, last=run.last)
    except BadDate as why:
        _fail(str(why))
    eng = wiring.init_database(run.settings)
    with cli_session(eng) as session:
        school_id = _school(session, school).id
        file = school_report_file(
            session,
            school_id,
            period=period,
            now=run.now,
            requester=Requester.cli(),
            window=review_window(run.now.date(), run.calendar),
            fmt=run.fmt,
            school_day=run.school_day,
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
    from bot.config import load_settings
    from handlers.reports.csv_export import KINDS, write_csv
    from handlers.reports.permissions import Requester

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
    with cli_session(eng) as session:
        school_id = _school(session, school).id

        def write(out, name: str) -> int:
            return write_csv(
                session,
                out,
                school_id=school_id,
                kind=name,
                tz=tz,
                requester=Requester.cli(),
                start=start,
                end=end,
            )

        for name in kinds:
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
