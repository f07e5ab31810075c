"""Concerns (the DSL and deputies only): the list, the alert's words as typed, seen.

Seen is recorded through storage.concerns.mark_seen, the one place an alert
is acknowledged. The DSL's life cycle after that (actions, decisions with
reasons, outcome: issue 15) is drawn under "What happened next" by the
`LIFECYCLE_SECTIONS` templates and recorded through storage.concern_steps,
the same rule and audit as `/concern N` in chat.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from starlette.responses import Response
from starlette.routing import Route

from bot.web.framework import NotFound, Web, page
from handlers.access import may_read_concerns
from storage.concern_steps import StepRefused, outcome, record_step, steps_of
from storage.concerns import Concern, concern, concerns_since, mark_seen
from storage.vocabulary import CONCERN_STEPS

SPANS = {"7": 7, "30": 30, "90": 90, "365": 365}
LIFECYCLE_SECTIONS: list[str] = ["concerns/_lifecycle.html"]


def _read(web: Web, item: Concern, why: str) -> None:
    web.audit(
        "read",
        record_type="safeguarding",
        record_id=item.alert.id,
        pupil_id=item.pupil.id if item.pupil else None,
        detail=why,
    )


@page(may_read_concerns)
def concerns_page(web: Web) -> Response:
    span = web.field("days") if web.field("days") in SPANS else "30"
    items = concerns_since(web.session, web.school_id, web.now - timedelta(days=SPANS[span]))
    for item in items:
        _read(web, item, "web concerns list")
    return web.render(
        "concerns.html",
        current="concerns",
        items=items,
        span=span,
        spans=SPANS,
        tz=web.ctx.tz,
        unseen=sum(1 for i in items if i.alert.acknowledged_at is None),
    )


def _concern(web: Web) -> Concern:
    raw = web.http.path_params.get("alert_id", "")
    item = concern(web.session, web.school_id, int(raw)) if str(raw).isdigit() else None
    if item is None:
        raise NotFound()
    return item


@page(may_read_concerns)
def concern_page(web: Web) -> Response:
    item = _concern(web)
    _read(web, item, "web concern")
    assert item.alert.id is not None
    steps = steps_of(web.session, [item.alert.id]).get(item.alert.id, [])
    return web.render(
        "concern.html",
        current="concerns",
        item=item,
        tz=web.ctx.tz,
        sections=LIFECYCLE_SECTIONS,
        steps=steps,
        outcome=outcome(steps),
        step_options=CONCERN_STEPS,
    )


@page(may_read_concerns)
def concern_step(web: Web) -> Response:
    item = _concern(web)
    raw = web.field("taken_at").strip()
    try:
        taken_at = datetime.fromisoformat(raw).replace(tzinfo=web.ctx.tz) if raw else web.now
    except ValueError:
        return web.redirect(f"/concerns/{item.alert.id}", "Not recorded: that time can't be read.")
    try:
        record_step(
            web.session,
            item.alert,
            step=web.field("step"),
            detail=web.field("detail"),
            reason=web.field("reason"),
            staff=web.staff,
            platform="web",
            taken_at=taken_at,
            now=web.now,
        )
    except StepRefused as why:
        return web.redirect(f"/concerns/{item.alert.id}", f"Not recorded: {why}")
    return web.redirect(f"/concerns/{item.alert.id}", "Recorded.")


@page(may_read_concerns)
def concern_seen(web: Web) -> Response:
    item = _concern(web)
    mark_seen(web.session, item.alert, staff_id=web.staff.id, platform="web", now=web.now)
    if web.http.headers.get("hx-request"):
        return web.render("concerns/_seen.html", item=item, tz=web.ctx.tz)
    back = web.field("back")
    target = f"/concerns/{item.alert.id}" if back == "concern" else "/concerns"
    return web.redirect(target, "Marked as seen.")


routes = [
    Route("/concerns", concerns_page, methods=["GET"]),
    Route("/concerns/{alert_id}", concern_page, methods=["GET"]),
    Route("/concerns/{alert_id}/seen", concern_seen, methods=["POST"]),
    Route("/concerns/{alert_id}/steps", concern_step, methods=["POST"]),
]
