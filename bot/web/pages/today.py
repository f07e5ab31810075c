"""Today / this week: what was logged, by whom; withdrawn records shown as withdrawn.

The SENCO, DSL and admins see the whole school; everyone else what they
logged themselves (as `/today` shows them in chat).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from starlette.responses import Response
from starlette.routing import Route

from bot.web.framework import Web, page
from bot.web.wording import table_row
from handlers.access import sees_whole_school
from storage.chronology import records_between
from storage.records import record_type_of


@page()
def today_page(web: Web) -> Response:
    week = web.field("span") == "week"
    day = web.now.date()
    first = day - timedelta(days=day.weekday()) if week else day
    start = datetime.combine(first, time.min, tzinfo=web.ctx.tz)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=web.ctx.tz)
    whole = sees_whole_school(web.staff)
    rows = records_between(
        web.session, web.school_id, start, end, logged_by_id=None if whole else web.staff.id
    )
    for row in rows:
        web.audit(
            "read",
            record_type=record_type_of(row.record),
            record_id=row.record.id,
            pupil_id=row.pupil.id,
            detail="web today" + (" (week)" if week else ""),
        )
    return web.render(
        "today.html",
        current="today",
        week=week,
        first=first,
        day=day,
        whole=whole,
        rows=[table_row(row, web.ctx.tz) for row in rows],
    )


routes = [Route("/today", today_page, methods=["GET"])]
