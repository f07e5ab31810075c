"""The pupil page: details, the plan (add, change, end a provision, with its history),
the chronology of sessions, incidents and parent contacts, the upcoming review, and
the evidence pack to download.

Who may see a pupil is `/pupil`'s and `/report`'s rule (their key worker, or
the SENCO, DSL and admins); who may change the plan, handlers.access. An
amendment keeps the previous version (storage.provisions); ending a
provision sets its end date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import select
from starlette.responses import Response
from starlette.routing import Route

from bot.web.framework import NotFound, Refused, Web, page
from bot.web.wording import table_row
from handlers.access import may_change_plan, may_record_review, may_see_pupil
from handlers.reports.files import pupil_pack_file, pupil_period
from handlers.reports.period import BadDate, parse_day
from handlers.reports.permissions import NotAllowed, Requester
from handlers.reports.register import census_lines
from handlers.roster_cache import invalidate
from storage import provisions as plan_rules
from storage.chronology import records_between
from storage.models import AREAS_OF_NEED, Provision, Pupil, Staff

PACK_FORMATS = ("pdf", "html")


def _pupil(web: Web) -> Pupil:
    raw = web.http.path_params.get("pupil_id", "")
    pupil = web.session.get(Pupil, int(raw)) if str(raw).isdigit() else None
    if pupil is None or pupil.school_id != web.school_id:
        raise NotFound()
    if not may_see_pupil(web.staff, pupil):
        web.audit("refused", pupil_id=pupil.id, detail="web pupil page: not their key pupil")
        raise Refused("You can see your key pupils' pages only. Ask your SENCO.")
    return pupil


def _provision(web: Web, pupil: Pupil) -> Provision:
    raw = web.http.path_params.get("provision_id", "")
    provision = web.session.get(Provision, int(raw)) if str(raw).isdigit() else None
    if provision is None or provision.pupil_id != pupil.id:
        raise NotFound()
    return provision


def _named(web: Web, pupil: Pupil, name: str) -> bool:
    return any(
        p.name.lower() == name.lower()
        for p in web.session.exec(select(Provision).where(Provision.pupil_id == pupil.id))
    )


def _may_change(web: Web, pupil: Pupil) -> None:
    if not may_change_plan(web.staff):
        web.audit("refused", pupil_id=pupil.id, detail="web plan change: role")
        raise Refused("Only the SENCO or an admin can change a pupil's plan.")


def _date(text: str, label: str, errors: dict[str, str], key: str) -> date | None:
    if not text:
        return None
    try:
        return parse_day(text)
    except BadDate:
        errors[key] = f"{label}: use a date such as 03/11/2026."
        return None


def _values(web: Web, errors: dict[str, str]) -> dict[str, Any]:
    name, area = web.field("name"), web.field("area_of_need")
    per_week, minutes = web.field("sessions_per_week"), web.field("minutes_per_session")
    for problem in plan_rules.provision_problems(name, area, per_week, minutes):
        key = (
            "name"
            if problem.startswith("provision")
            else "area_of_need"
            if problem.startswith("area")
            else "sessions_per_week"
        )
        errors[key] = problem.replace("provision is empty", "Give the provision a name.")
    if errors:
        return {}
    return {
        "name": " ".join(name.split()),
        "area_of_need": plan_rules.area_of_need(area),
        "sessions_per_week": int(per_week),
        "minutes_per_session": int(minutes),
    }


def _show(web: Web, pupil: Pupil, *, status: int = 200, **extra: Any) -> Response:
    web.audit("read", pupil_id=pupil.id, detail="web pupil page")
    provisions = web.session.exec(
        select(Provision)
        .where(Provision.pupil_id == pupil.id)
        .order_by(Provision.area_of_need, Provision.name, Provision.id)
    ).all()
    today = web.now.date()
    plan = [
        {
            "provision": p,
            "version": plan_rules.current_version(web.session, p.id),
            "history": plan_rules.history(web.session, p.id),
            "ended": p.end_on is not None and p.end_on < today,
        }
        for p in provisions
    ]
    chronology = list(
        reversed(records_between(web.session, web.school_id, None, None, pupil_id=pupil.id))
    )
    key_worker = web.session.get(Staff, pupil.key_worker_id) if pupil.key_worker_id else None
    return web.render(
        "pupil.html",
        status=status,
        current="provision",
        pupil=pupil,
        census=census_lines(pupil),
        key_worker=key_worker,
        plan=plan,
        areas=AREAS_OF_NEED,
        today=today,
        may_change=may_change_plan(web.staff),
        may_review=may_record_review(web.staff, pupil),
        chronology=[table_row(row, web.ctx.tz) for row in chronology],
        errors=extra.pop("errors", {}),
        form=extra.pop("form", {}),
        **extra,
    )


@page()
def pupil_page(web: Web) -> Response:
    return _show(web, _pupil(web))


@page()
def add_provision(web: Web) -> Response:
    pupil = _pupil(web)
    _may_change(web, pupil)
    errors: dict[str, str] = {}
    values = _values(web, errors)
    start_on = _date(web.field("start_on"), "Start date", errors, "start_on")
    if not errors and _named(web, pupil, values["name"]):
        errors["name"] = "This pupil already has a provision with that name: change it instead."
    if errors:
        return _show(web, pupil, status=400, errors=errors, form=dict(web.form or {}), open="add")
    plan_rules.add_provision(
        web.session,
        pupil,
        {**values, "start_on": start_on},
        by_staff_id=web.staff.id,
        platform="web",
    )
    web.after_commit(invalidate)
    return web.redirect(f"/pupils/{pupil.id}", f"Added {values['name']} to the plan.")


@page()
def change_provision(web: Web) -> Response:
    pupil = _pupil(web)
    _may_change(web, pupil)
    provision = _provision(web, pupil)
    errors: dict[str, str] = {}
    values = _values(web, errors)
    reason = web.field("reason")
    if not reason:
        errors["reason"] = "Say why it changed, for example: EHCP amended 03/11/2026."
    if (
        values
        and values["name"].lower() != provision.name.lower()
        and _named(web, pupil, values["name"])
    ):
        errors["name"] = "This pupil already has a provision with that name."
    if errors:
        return _show(
            web, pupil, status=400, errors=errors, form=dict(web.form or {}), open=provision.id
        )
    changed = plan_rules.amend_provision(
        web.session, provision, values, by_staff_id=web.staff.id, platform="web", reason=reason
    )
    web.after_commit(invalidate)
    notice = (
        f"{provision.name} changed (the previous version is kept)."
        if changed
        else ("Nothing was different, so nothing changed.")
    )
    return web.redirect(f"/pupils/{pupil.id}", notice)


@page()
def end_provision(web: Web) -> Response:
    pupil = _pupil(web)
    _may_change(web, pupil)
    provision = _provision(web, pupil)
    errors: dict[str, str] = {}
    end_on = _date(web.field("end_on"), "End date", errors, "end_on") or web.now.date()
    reason = web.field("reason") or "ended"
    if provision.start_on and end_on < provision.start_on:
        errors["end_on"] = "The end date is before the provision started."
    if errors:
        return _show(web, pupil, status=400, errors=errors, open=provision.id)
    plan_rules.amend_provision(
        web.session,
        provision,
        {"end_on": end_on},
        by_staff_id=web.staff.id,
        platform="web",
        reason=reason,
    )
    web.after_commit(invalidate)
    return web.redirect(f"/pupils/{pupil.id}", f"{provision.name} ends on {end_on:%d/%m/%Y}.")


@page()
def evidence_pack(web: Web) -> Response:
    pupil = _pupil(web)
    fmt = str(web.http.path_params.get("fmt", "pdf"))
    if fmt not in PACK_FORMATS:
        raise NotFound()
    today = web.now.date()
    try:
        file = pupil_pack_file(
            web.session,
            pupil,
            period=pupil_period(web.session, pupil, today, web.ctx.tz),
            now=web.now,
            requester=Requester(web.staff, "web"),
            fmt=fmt,
            calendar=web.ctx.calendar,
        )
    except NotAllowed:
        raise Refused("You can have evidence packs for your key pupils only.") from None
    return Response(
        file.content,
        media_type=file.mime_type,
        headers={"content-disposition": f'attachment; filename="{file.filename}"'},
    )


routes = [
    Route("/pupils/{pupil_id}", pupil_page, methods=["GET"]),
    Route("/pupils/{pupil_id}/provisions", add_provision, methods=["POST"]),
    Route("/pupils/{pupil_id}/provisions/{provision_id}", change_provision, methods=["POST"]),
    Route("/pupils/{pupil_id}/provisions/{provision_id}/end", end_provision, methods=["POST"]),
    Route("/pupils/{pupil_id}/pack.{fmt}", evidence_pack, methods=["GET"]),
]
