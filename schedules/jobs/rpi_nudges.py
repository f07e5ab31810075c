"""The afternoon RPI nudge: to whoever logged a use of force today whose statutory record
is still incomplete or whose parents are not yet told, before the school day ends.

One message per incident (`rpi:<incident>:<date>`), with Edit and Parent text
buttons; none when the record is complete. Not muted by `/mute nudges`: the
record is a legal duty, not a pace reminder. The digest lists what is still open.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from schedules.config import ScheduleConfig
from schedules.message import PendingMessage, choice, for_staff
from schedules.wording import hhmm
from storage.queries import people
from storage.queries.force import open_rpis
from storage.rpi import asks

# The chat button values (handlers.commands.undo's Edit, handlers.rpi's Parent text).
EDIT_ACTION = "edit:behaviour"
PARENT_TEXT_ACTION = "rpi_parent_text"


def rpi_nudges(engine: Engine, now: datetime, config: ScheduleConfig) -> list[PendingMessage]:
    now = now.astimezone(config.tz)
    day = now.date()
    if not config.calendar.is_school_day(day):
        return []
    out: list[PendingMessage] = []
    with Session(engine) as session:
        rows = open_rpis(session, None, config.start_of(day), now)
        staff = people.staff_by_ids(session, (r.logged_by_id for r in rows))  # active only
        for r in rows:
            who = staff.get(r.logged_by_id)
            if who is None:
                continue
            needs = [asks(r.missing)] if r.missing else []
            if r.parents_not_told:
                needs.append("parents/carers have not been told yet")
            text = (
                f"The use-of-force record for {r.pupil} at {hhmm(r.occurred_at, config.tz)} "
                f"today (#{r.id}) still needs: {'; '.join(needs)}. Please complete it before "
                "the end of the school day: the law asks for it the same day."
            )
            payload = {
                "choices": [
                    choice("Edit", f"{EDIT_ACTION}:{r.id}", "primary"),
                    choice("Parent text", f"{PARENT_TEXT_ACTION}:{r.id}"),
                ],
                "pupil_ids": [r.pupil_id],
            }
            out.append(for_staff("rpi_nudges", f"rpi:{r.id}:{day.isoformat()}", who, text, payload))
    return out
