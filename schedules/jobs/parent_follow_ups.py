"""Parent follow-up reminders: to whoever made the contact, the school morning a follow-up falls due.

Keyed `followup:<contact>:<date>`, with a "Mark done" button. One promised
for a weekend or holiday is reminded on the next school day, so none is
skipped; overdue ones stay in the SENCO's digest.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from schedules.config import ScheduleConfig
from schedules.message import PendingMessage, choice, for_staff
from schedules.wording import family_member, short_day, shorten
from storage.queries import people
from storage.queries.contacts import follow_ups as follow_ups_due


def follow_ups(engine: Engine, now: datetime, config: ScheduleConfig) -> list[PendingMessage]:
    """A reminder to whoever made the contact, the school morning a follow-up falls due.

    Follow-ups promised for a weekend or holiday are reminded on the next
    school day (so none is skipped); overdue ones stay in the SENCO's digest.
    """
    now = now.astimezone(config.tz)
    today = now.date()
    cal = config.calendar
    if not cal.is_school_day(today):
        return []
    previous = cal.previous_school_day(today)
    due_from = previous + timedelta(days=1) if previous else today
    out: list[PendingMessage] = []
    with Session(engine) as session:
        # The whole trust in one query, in due order within each school as before.
        rows = sorted(
            follow_ups_due(session, None, due_from=due_from, due_to=today),
            key=lambda r: r.school_id,
        )
        staff_by_id = people.staff_by_ids(session, (r.staff_id for r in rows))  # active only
        for r in rows:
            staff = staff_by_id.get(r.staff_id)
            if staff is None:
                continue
            when = "today" if r.follow_up_on == today else f"on {short_day(r.follow_up_on)}"
            who = family_member(r.pupil, r.contact_with)
            how = f"{r.method.replace('_', ' ')} " if r.method else ""
            text = (
                f"Follow-up due {when}: you said you'd get back to {who} "
                f"({how}contact on {short_day(r.occurred_at.astimezone(config.tz).date())}: "
                f"“{shorten(r.summary, 80)}”).\nDone? Press the button or send /followup done {r.contact_id}"
            )
            payload = {
                "choices": [choice("Mark done", f"followup_done:{r.contact_id}", "primary")],
                "pupil_ids": [r.pupil_id],
            }
            out.append(
                for_staff(
                    "follow_ups",
                    f"followup:{r.contact_id}:{r.follow_up_on.isoformat()}",
                    staff,
                    text,
                    payload,
                )
            )
    return out
