"""`/today`: what I logged today (whenever it happened), to check before going home."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from handlers.confirm import provision_name
from handlers.registry import ALONE, command
from handlers.render import describe_record
from handlers.request import Request
from handlers.types import Reply
from storage.records import logged_by_staff_between, record_type_of


@command("today", summary="What you logged today", bare=ALONE)
def today_command(req: Request, args: str) -> Reply:
    day = req.now.date()
    start = datetime.combine(day, time.min, tzinfo=req.ctx.tz)
    end = start + timedelta(days=1)
    records = logged_by_staff_between(req.session, req.staff_id, start, end)
    for record in records:
        req.audit(
            "read",
            record_type=record_type_of(record),
            record_id=record.id,
            pupil_id=record.pupil_id,
            detail="/today",
        )
    if not records:
        return Reply(text="You haven't logged anything for today yet.")
    lines = []
    for record in records:
        pupil = req.roster.pupil(record.pupil_id)
        lines.append(
            "• "
            + describe_record(
                record,
                pupil_name=pupil.full_name if pupil else "?",
                provision_name=provision_name(pupil, getattr(record, "provision_id", None)),
                tz=req.ctx.tz,
                today=day,
            )
        )
    return Reply(text=f"Today you logged {len(records)}:\n" + "\n".join(lines))
