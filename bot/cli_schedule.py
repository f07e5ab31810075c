"""`keyworker schedule ...` and `keyworker digest`: the scheduled jobs from the command line.

`schedule preview` and `digest` only read: they print what the jobs would
send, storing and sending nothing, and audit one read per pupil named. `schedule run` does what the scheduler does
for one job now (store in the outbox, then deliver); `schedule send` delivers
what is pending; `schedule status` counts the outbox by status.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, time
from typing import Annotated

import typer

from bot.cli_common import audit_pupils_read, cli_session, fail, read_day

schedule_app = typer.Typer(help="Scheduled digests, nudges and reminders.", no_args_is_help=True)


def _fail(message: str, code: int = 2) -> None:
    fail(message, code)


def _config(settings):
    from schedules.calendar import CalendarError
    from schedules.config import ScheduleConfig

    try:
        return ScheduleConfig.from_settings(settings)
    except (CalendarError, ValueError) as exc:
        _fail(str(exc))
        raise


def _day(value: str | None, tz) -> date:
    """--date as every day option reads it (bot.cli_common.read_day); default today."""
    return read_day(value, "--date") or datetime.now(tz).date()


def _time(value: str | None) -> time | None:
    if not value:
        return None
    from schedules.config import parse_hhmm

    try:
        return parse_hhmm(value, "--time")
    except ValueError as exc:
        _fail(str(exc))
        raise


@schedule_app.command()
def preview(
    date_: Annotated[str, typer.Option("--date", help="school day, YYYY-MM-DD or DD/MM/YYYY")],
    time_: Annotated[str | None, typer.Option("--time", help="only jobs due by HH:MM")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object per line")] = False,
) -> None:
    """Print every message the jobs would send that day, without storing or sending anything."""
    from bot import app as wiring
    from bot.config import load_settings
    from schedules.jobs import messages_for_day

    settings = load_settings()
    config = _config(settings)
    day = _day(date_, config.tz)
    eng = wiring.init_database(settings)
    messages = messages_for_day(eng, day, config, until=_time(time_))
    with cli_session(eng) as session:
        by_school: dict[int, set[int]] = {}
        for m in messages:
            by_school.setdefault(m.school_id, set()).update(m.payload.get("pupil_ids", []))
        for school_id, pupil_ids in sorted(by_school.items()) or [(None, set())]:
            audit_pupils_read(
                session,
                action="schedule_preview",
                school_id=school_id,
                pupil_ids=pupil_ids,
                detail=f"date={day} time={time_ or '-'} messages={len(messages)}",
            )
    for m in messages:
        if as_json:
            row = {"recipient": m.recipient_email, "job": m.job, "key": m.key, "text": m.text}
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            extra = " [+ chart]" if m.payload.get("attachments") else ""
            sys.stdout.write(f"=== {m.job} → {m.recipient_email} ({m.key}){extra}\n{m.text}\n\n")
    if not messages and not as_json:
        sys.stdout.write("Nothing would be sent (not a school day, or nothing due).\n")
    sys.stdout.flush()


def _audit_outbox(eng, action: str, detail: str, report) -> None:
    """The operator's row for a delivery run (each delivery has its own notify rows)."""
    from storage.audit import cli_audit

    with cli_session(eng) as session:
        cli_audit(
            session,
            action,
            detail=f"{detail}sent={report.sent} retrying={report.retrying} failed={report.failed}",
        )


@schedule_app.command()
def run(
    job: Annotated[
        str, typer.Argument(help="digest | nudges | rpi_nudges | review_reminders | follow_ups")
    ],
) -> None:
    """Run one job now, as the scheduler would: store its messages once, then deliver them."""
    from bot import app as wiring
    from bot.config import load_settings
    from bot.notifier import Notifier
    from schedules.jobs import JOBS, build
    from schedules.outbox import deliver_pending, enqueue

    if job not in JOBS:
        _fail(f"Which job? One of: {', '.join(JOBS)}")
    settings = load_settings()
    config = _config(settings)
    eng = wiring.init_database(settings)
    messages = build(job, eng, datetime.now(config.tz), config)
    added = enqueue(eng, messages)
    report = deliver_pending(eng, Notifier(settings), config=config)
    _audit_outbox(eng, "schedule_run", f"job={job} messages={len(messages)} new={added} ", report)
    typer.echo(f"{job}: {len(messages)} message(s), {added} new; {_report(report)}", err=True)


def _report(report) -> str:
    return (
        f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}, "
        f"undelivered {report.undelivered} (no linked chat account on a configured platform)"
    )


@schedule_app.command()
def send() -> None:
    """Deliver the outbox messages that are due now (retries included)."""
    from bot import app as wiring
    from bot.config import load_settings
    from bot.notifier import Notifier
    from schedules.outbox import deliver_pending

    settings = load_settings()
    eng = wiring.init_database(settings)
    report = deliver_pending(eng, Notifier(settings), config=_config(settings))
    _audit_outbox(eng, "schedule_send", "", report)
    typer.echo(_report(report), err=True)


@schedule_app.command()
def status() -> None:
    """How many outbox messages are pending, sending, sent, failed or undelivered; alerts that reached nobody."""
    from sqlmodel import Session

    from bot import app as wiring
    from bot.config import load_settings
    from schedules.outbox import status_counts
    from storage.audit import cli_audit
    from storage.queries.safeguarding import undelivered_alerts

    eng = wiring.init_database(load_settings())
    counts = status_counts(eng)
    with cli_session(eng) as session:
        cli_audit(session, "schedule_status")
    typer.echo(", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "The outbox is empty.")
    with Session(eng) as session:
        stranded = undelivered_alerts(session)
    if stranded:
        typer.echo(
            f"⚠ {stranded} safeguarding alert(s) UNDELIVERED: nobody in the chain could be "
            "reached. Make sure the DSL has been told in person; the DSL can read them with "
            "/concerns."
        )


def digest(
    date_: Annotated[
        str | None, typer.Option("--date", help="YYYY-MM-DD or DD/MM/YYYY (default today)")
    ] = None,
    school: Annotated[str | None, typer.Option(help="school slug (multi-academy trusts)")] = None,
) -> None:
    """Print that day's SENCO digest (as at DIGEST_TIME) without sending it."""
    from bot import app as wiring
    from bot.config import load_settings
    from schedules.jobs import digest_for_school
    from storage.identity import school_by_slug

    settings = load_settings()
    config = _config(settings)
    day = _day(date_, config.tz)
    eng = wiring.init_database(settings)
    named: set[int] = set()
    with cli_session(eng) as session:
        found = school_by_slug(session, school)
        if found is None:
            _fail(f"No school with slug {school}.")
        if not config.calendar.is_school_day(day):
            typer.echo(
                f"Note: {day:%a %d %b %Y} is not a school day, so no digest is sent.", err=True
            )
        text, _ = digest_for_school(
            session,
            found,
            datetime.combine(day, config.digest_time, tzinfo=config.tz),
            config,
            chart=False,
            named=named,
        )
        audit_pupils_read(
            session,
            action="digest",
            school_id=found.id,
            pupil_ids=named,
            detail=f"date={day} printed, not sent",
        )
    sys.stdout.write(text + "\n")
