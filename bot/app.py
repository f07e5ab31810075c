"""Wiring: settings -> database engine -> the handlers' context.

Everything that starts Keyworker (CLI, console, Slack, Telegram, scheduler)
builds its context here so they all share one engine and one clock.
The CLI's callback runs `storage.private_files.private_umask` first of all, so
every file the process creates (SQLite's -wal/-shm and journals, pg_dump's
output, anything a library writes) is owner-only even where the service
manager's umask is 0022.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy.engine import Engine

from bot.config import Settings
from handlers.timetable import Timetable, load_timetable
from handlers.types import HandlerContext
from storage.db import engine_for, session_scope
from storage.identity import first_active_staff_email, get_or_create_school, has_pupils
from storage.migrate import upgrade
from storage.models import Role


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # Libraries log request bodies (and so pupil names) at DEBUG only; keep them quiet.
    for noisy in (
        "slack_bolt",
        "slack_sdk",
        "telegram",
        "httpx",
        "apscheduler",
        "tornado",
        "microsoft_teams",
    ):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))


def engine(settings: Settings) -> Engine:
    return engine_for(settings.database_url)


def init_database(settings: Settings) -> Engine:
    """Bring the schema to the newest migration and make sure a school exists."""
    eng = engine(settings)
    upgrade(eng)
    with session_scope(eng) as session:
        get_or_create_school(session)
    return eng


def school_calendar(settings: Settings):
    """The school's calendar from SCHOOL_CALENDAR_FILE (default: the England example)."""
    from schedules.calendar import load_calendar

    return load_calendar(settings.school_calendar_file)


def school_timetable(settings: Settings) -> Timetable:
    """The school day's timetable from SCHOOL_TIMETABLE (primary, secondary or a TOML file)."""
    return load_timetable(settings.school_timetable)


def context(settings: Settings) -> HandlerContext:
    return HandlerContext(
        engine=engine(settings),
        tz=settings.tz,
        undo_window=timedelta(minutes=settings.undo_window_minutes),
        calendar=school_calendar(settings),
        delivery_platforms=settings.delivery_platforms,
        web_base_url=settings.web_base_url if settings.web_enabled else None,
        timetable=school_timetable(settings),
    )


def is_empty(eng: Engine) -> bool:
    with session_scope(eng) as session:
        return not has_pupils(session)


def first_lsa_email(eng: Engine) -> str | None:
    with session_scope(eng) as session:
        return first_active_staff_email(session, Role.lsa)
