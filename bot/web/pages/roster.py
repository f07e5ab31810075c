"""Roster: who and what is on it, and uploading staff, pupils and provisions from CSV.

An upload goes in steps, and nothing is stored until the last: choose which
of the file's columns is which (skipped when the file has the contract's
header, or the school's remembered choice fits), then the preview (what will
be added, updated or left unchanged, and every problem with its line), then
Import. The file travels between the steps inside the form itself, and is
checked again in full before it is stored: one problem anywhere and nothing is.
"""

from __future__ import annotations

import base64
import binascii

from sqlmodel import select
from starlette.responses import Response
from starlette.routing import Route

from bot.web.framework import Web, page
from handlers.access import may_manage_roster
from handlers.roster_cache import invalidate
from storage.importer import (
    COLUMNS,
    HEADERS,
    OPTIONAL,
    REQUIRED,
    ImportFailed,
    Mapping,
    contract_header,
    file_header,
    import_file,
    mapping_problems,
    preview_file,
)
from storage.models import Provision, Pupil, Staff
from storage.roster_mapping import remember, remembered, suggest

KINDS = {"staff": "Staff", "pupils": "Pupils", "provisions": "Provisions"}


@page(may_manage_roster)
def roster_page(web: Web) -> Response:
    pupils = web.session.exec(
        select(Pupil)
        .where(Pupil.school_id == web.school_id)
        .order_by(Pupil.last_name, Pupil.first_name)
    ).all()
    names = dict(
        web.session.exec(select(Staff.id, Staff.name).where(Staff.school_id == web.school_id)).all()
    )
    provisions: dict[int, int] = {}
    for pupil_id in web.session.exec(
        select(Provision.pupil_id).where(Provision.school_id == web.school_id)
    ).all():
        provisions[pupil_id] = provisions.get(pupil_id, 0) + 1
    web.audit("read", detail=f"web roster list ({len(pupils)} pupils)")
    return web.render(
        "roster.html",
        current="roster",
        kinds=KINDS,
        headers=HEADERS,
        optional=OPTIONAL,
        pupils=pupils,
        key_workers=names,
        provisions=provisions,
        staff_count=len(names),
    )


def _content(web: Web) -> bytes | None:
    upload = web.upload("file")
    if upload is not None and upload.filename:
        return upload.file.read()
    try:
        return base64.b64decode(web.field("content"), validate=True) or None
    except (binascii.Error, ValueError):
        return None


def _submitted_mapping(web: Web, kind: str) -> Mapping | None:
    if web.field("mapping_submitted") != "1":
        return None
    return {column: web.field(f"map_{column}") for column in COLUMNS[kind]}


def _ask_mapping(
    web: Web, kind: str, header: list[str], mapping: Mapping, content: str, problems: list[str]
) -> Response:
    return web.render(
        "roster_mapping.html",
        status=400 if problems else 200,
        current="roster",
        kind=kind,
        kind_label=KINDS[kind],
        header=header,
        columns=COLUMNS[kind],
        required=REQUIRED[kind],
        mapping=mapping,
        content=content,
        problems=problems,
    )


def _step(web: Web, *, importing: bool) -> Response:
    kind = web.field("kind")
    if kind not in KINDS:
        return web.render(
            "error.html",
            status=400,
            title="Choose what the file holds",
            message="Choose staff, pupils or provisions, then upload the file again.",
            back=f"{web.base}/roster",
        )
    raw = _content(web)
    if raw is None:
        return web.render(
            "error.html",
            status=400,
            title="No file",
            message="Choose a CSV file to upload.",
            back=f"{web.base}/roster",
        )
    header = file_header(raw)
    content = base64.b64encode(raw).decode()
    mapping = _submitted_mapping(web, kind)
    if mapping is None and not contract_header(kind, header):
        kept = remembered(web.session, web.school_id, kind)
        guess = suggest(kind, header, kept)
        fits = (
            kept is not None
            and not mapping_problems(kind, header, guess)
            and web.field("remap") != "1"
        )
        if not fits:
            return _ask_mapping(web, kind, header, guess, content, [])
        mapping = guess
    if mapping is not None:
        problems = mapping_problems(kind, header, mapping)
        if problems:
            return _ask_mapping(web, kind, header, mapping, content, problems)
    if importing:
        try:
            report = import_file(
                web.session,
                web.school_id,
                kind,
                raw,
                mapping,
                by_staff_id=web.staff.id,
                platform="web",
            )
        except ImportFailed as failed:
            report = failed.report
        else:
            if mapping is not None:
                remember(web.session, web.school_id, kind, mapping)
            web.audit(
                "import",
                detail=f"web {kind}: {report.created} added, {report.updated} updated, {report.unchanged} unchanged",
            )
            web.after_commit(invalidate)
            return web.redirect(
                "/roster",
                f"{KINDS[kind]} imported: {report.created} added, {report.updated} updated, "
                f"{report.unchanged} unchanged.",
            )
    else:
        report = preview_file(web.session, web.school_id, kind, raw, mapping)
    web.audit(
        "read",
        detail=f"web roster preview {kind}: {len(report.rows)} rows, {len(report.errors)} problems",
    )
    return web.render(
        "roster_preview.html",
        status=200 if report.ok else 400,
        current="roster",
        kind=kind,
        kind_label=KINDS[kind],
        report=report,
        problems=report.problems_by_line(),
        changed=[r for r in report.rows if r.action != "unchanged"],
        content=content,
        mapping=mapping,
        columns=COLUMNS[kind],
    )


@page(may_manage_roster)
def roster_preview(web: Web) -> Response:
    return _step(web, importing=False)


@page(may_manage_roster)
def roster_import(web: Web) -> Response:
    return _step(web, importing=True)


routes = [
    Route("/roster", roster_page, methods=["GET"]),
    Route("/roster/preview", roster_preview, methods=["POST"]),
    Route("/roster/import", roster_import, methods=["POST"]),
]
