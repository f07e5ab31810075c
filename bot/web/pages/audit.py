"""Audit (admins): the school's trail filtered by pupil, staff member and dates; CSV export.

Reading the trail and exporting it are audited too.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from sqlmodel import select
from starlette.responses import Response
from starlette.routing import Route

from bot.web.framework import Web, page
from handlers.access import may_read_audit
from handlers.reports.period import BadDate, parse_day
from storage.audit_search import AuditFilter, AuditLine, audit_lines
from storage.models import Pupil, Staff

SHOWN = 500
CSV_FIELDS = [
    "at",
    "staff",
    "staff_email",
    "platform",
    "action",
    "record_type",
    "record_id",
    "pupil",
    "upn",
    "detail",
]


def _filters(web: Web) -> tuple[AuditFilter, dict[str, str], list[str]]:
    raw = {k: web.field(k) for k in ("pupil", "staff", "from", "to")}
    problems = []
    days = {}
    for key in ("from", "to"):
        if raw[key]:
            try:
                days[key] = parse_day(raw[key])
            except BadDate:
                problems.append(f"The '{key}' date isn't a date: use 03/11/2026.")
    tz = web.ctx.tz
    wanted = AuditFilter(
        pupil_id=int(raw["pupil"]) if raw["pupil"].isdigit() else None,
        staff_id=int(raw["staff"]) if raw["staff"].isdigit() else None,
        start=datetime.combine(days["from"], time.min, tzinfo=tz) if "from" in days else None,
        end=datetime.combine(days["to"] + timedelta(days=1), time.min, tzinfo=tz)
        if "to" in days
        else None,
    )
    return wanted, raw, problems


def _row(line: AuditLine, tz) -> dict[str, str]:
    event = line.event
    return {
        "at": event.at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S"),
        "staff": line.staff.name if line.staff else "",
        "staff_email": line.staff.email if line.staff else "",
        "platform": event.platform,
        "action": event.action,
        "record_type": event.record_type or "",
        "record_id": str(event.record_id or ""),
        "pupil": line.pupil.full_name if line.pupil else "",
        "upn": line.pupil.upn if line.pupil else "",
        "detail": event.detail,
    }


@page(may_read_audit)
def audit_page(web: Web) -> Response:
    wanted, raw, problems = _filters(web)
    lines = (
        []
        if problems
        else [
            _row(line, web.ctx.tz)
            for line in audit_lines(web.session, web.school_id, wanted, limit=SHOWN)
        ]
    )
    web.audit(
        "read", record_type="audit", detail=f"web audit {raw}"[:2000], pupil_id=wanted.pupil_id
    )
    pupils = web.session.exec(
        select(Pupil)
        .where(Pupil.school_id == web.school_id)
        .order_by(Pupil.last_name, Pupil.first_name)
    ).all()
    staff = web.session.exec(
        select(Staff).where(Staff.school_id == web.school_id).order_by(Staff.name)
    ).all()
    query = urlencode({k: v for k, v in raw.items() if v})
    return web.render(
        "audit.html",
        status=400 if problems else 200,
        current="audit",
        lines=lines,
        raw=raw,
        problems=problems,
        pupils=pupils,
        staff_list=staff,
        shown=SHOWN,
        query=query,
    )


@page(may_read_audit)
def audit_export(web: Web) -> Response:
    wanted, raw, problems = _filters(web)
    if problems:
        return web.render(
            "error.html",
            status=400,
            title="Check the dates",
            message=" ".join(problems),
            back=f"{web.base}/audit",
        )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for line in audit_lines(web.session, web.school_id, wanted):
        writer.writerow(_row(line, web.ctx.tz))
        count += 1
    web.audit(
        "export",
        record_type="audit",
        detail=f"web audit export rows={count} {raw}"[:2000],
        pupil_id=wanted.pupil_id,
    )
    stamp = web.now.strftime("%Y-%m-%d")
    return Response(
        out.getvalue().encode("utf-8-sig"),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="keyworker-audit-{stamp}.csv"'},
    )


routes = [
    Route("/audit", audit_page, methods=["GET"]),
    Route("/audit.csv", audit_export, methods=["GET"]),
]
