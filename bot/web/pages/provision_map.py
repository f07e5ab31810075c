"""The provision map: every pupil with a plan, delivered against planned, behind or on track.

Filters (class, key worker, area of need) are plain GET parameters, so a
filtered map can be bookmarked; with htmx the table updates as a filter
changes, without it the Show button does the same.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from bot.web.framework import Web, page
from handlers.access import sees_whole_school
from handlers.provision_map import Filters, build_provision_map
from storage.models import AREAS_OF_NEED


@page()
def provision_map_page(web: Web) -> Response:
    whole = sees_whole_school(web.staff)
    raw_kw = web.field("key_worker")
    filters = Filters(
        class_name=web.field("class"),
        key_worker_id=int(raw_kw) if raw_kw.isdigit() and whole else None,
        area_of_need=web.field("need") if web.field("need") in AREAS_OF_NEED else "",
    )
    result = build_provision_map(
        web.session,
        web.school_id,
        today=web.now.date(),
        tz=web.ctx.tz,
        calendar=web.ctx.calendar,
        filters=filters,
        only_key_worker_id=None if whole else web.staff.id,
    )
    for line in result.pupils:
        web.audit("read", pupil_id=line.pupil.id, detail="web provision map")
    template = (
        "provision_table.html" if web.http.headers.get("hx-request") else "provision_map.html"
    )
    return web.render(
        template,
        current="provision",
        map=result,
        filters=filters,
        whole=whole,
        areas=AREAS_OF_NEED,
        behind=sum(1 for p in result.pupils if p.behind),
    )


routes = [Route("/provision", provision_map_page, methods=["GET"])]
