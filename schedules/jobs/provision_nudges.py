"""The lunchtime nudge: each key worker's pupils whose provision is behind pace this week.

One message per key worker (`nudges:<staff>:<date>`), none when nothing is
behind, none for staff who sent `/mute nudges`. Pace counts only the school
days already over (schedules.pace), so Monday lunchtime never nags.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from schedules.config import ScheduleConfig
from schedules.message import PendingMessage, choice, for_staff
from schedules.pace import WeekPace, week_pace
from schedules.wording import short_day
from storage.models import Staff
from storage.queries.common import id_among
from storage.queries.pace import ProvisionWeek, provision_week
from storage.vocabulary import short_name

MAX_NUDGE_BUTTONS = 4


def nudges(engine: Engine, now: datetime, config: ScheduleConfig) -> list[PendingMessage]:
    """One message per key worker listing provisions behind pace; none if nothing is."""
    now = now.astimezone(config.tz)
    day = now.date()
    if not config.calendar.is_school_day(day):
        return []
    pace = week_pace(config.calendar, day)
    out: list[PendingMessage] = []
    with Session(engine) as session:
        # The whole trust in one statement; midday: today's sessions may still
        # happen this afternoon (storage.pace_math).
        behind = provision_week(
            session,
            None,
            week_start=config.start_of(pace.monday),
            until=now,
            day=day,
            week_days=pace.school_days,
            midday=True,
            behind_only=True,
            ordered=False,  # each key worker's few rows are sorted below
        )
        by_worker: dict[int, list[ProvisionWeek]] = defaultdict(list)
        for row in behind:
            if row.key_worker_id is not None:
                by_worker[row.key_worker_id].append(row)
        if not by_worker:
            return []
        for rows in by_worker.values():
            rows.sort(key=_by_pupil)
        workers = session.exec(
            select(Staff).where(
                id_among(session, Staff.id, by_worker), Staff.active, Staff.mute_nudges.is_(False)
            )
        )
        for staff in workers:
            text, choices = nudge_text(by_worker[staff.id], day, pace)
            key = f"nudges:{staff.id}:{day.isoformat()}"
            pupil_ids = sorted({r.pupil_id for r in by_worker[staff.id]})
            out.append(
                for_staff("nudges", key, staff, text, {"choices": choices, "pupil_ids": pupil_ids})
            )
    out.sort(key=lambda m: m.recipient_id)
    return out


def _by_pupil(row: ProvisionWeek) -> tuple[str, str, int, int]:
    return row.last_name, row.first_name, row.pupil_id, row.provision_id


def _log_name(row: ProvisionWeek) -> str:
    # First (or preferred) name plus surname initial: unambiguous when two Sams share a class.
    return short_name(row.first_name, row.preferred_name, row.last_name)


def nudge_text(
    rows: list[ProvisionWeek], day: date, pace: WeekPace
) -> tuple[str, list[dict[str, Any]]]:
    lines = [
        f"Provision behind pace · {short_day(day)} (school day {pace.days_gone} of {pace.n} this week)"
    ]
    for r in rows:
        lines.append(
            f"• {r.pupil} – {r.provision}: {r.delivered} of {r.target} this week, "
            f"{r.expected} expected by now"
        )
    first = rows[0]
    name, provision = _log_name(first), first.provision.lower()
    lines += [
        "",
        f"Log one: /log {name} {provision} {first.minutes_per_session} mins",
        f"Missed one? /log {name} {provision} missed - <reason>",
        "Stop these: /mute nudges",
    ]
    choices = []
    for r in rows[:MAX_NUDGE_BUTTONS]:
        choices.append(
            choice(f"Log {_log_name(r)} {r.provision}", f"nudge_log:{r.provision_id}", "primary")
        )
        choices.append(
            choice(f"Missed {_log_name(r)} {r.provision}", f"nudge_missed:{r.provision_id}")
        )
    return "\n".join(lines), choices
