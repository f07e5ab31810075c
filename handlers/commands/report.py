"""`/report NAME`: a pupil's annual-review evidence pack as a file, to the asker only.

`/report NAME html` sends the single-file HTML instead of the PDF;
`/report school` sends the SENCO the school report; `/report force [NAME] [csv]`
the use-of-force reduction view for the school or one pupil (handlers.reports.force).
LSAs and teachers get packs for their key pupils only (handlers.reports.permissions);
every pack and every refusal is audited.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from handlers.lookup import one_pupil
from handlers.registry import action, command
from handlers.reports.files import (
    pupil_pack_file,
    pupil_period,
    review_window,
    school_period,
    school_report_file,
)
from handlers.reports.force import reduction_file
from handlers.reports.permissions import NotAllowed, Requester
from handlers.request import Request
from handlers.types import Reply
from storage.models import Pupil

log = logging.getLogger(__name__)

USAGE = "Which pupil? For example: /report Sam B (add “html” for a web page instead of a PDF)"
KEEP_SAFE = "It names a child: keep it in school systems and delete it from your device when done."


def _calendar(req: Request) -> Any:
    return req.ctx.calendar


def _format(args: str) -> tuple[str, str]:
    words = args.split()
    if words and words[-1].lower() in ("html", "pdf"):
        return " ".join(words[:-1]), words[-1].lower()
    return args, "pdf"


@command(
    "report",
    summary="Annual-review evidence pack for a pupil, as a file",
    usage="/report Sam B",
    bare=re.compile(r"\S+(?:\s+\S+){0,3}"),
)
def report_command(req: Request, args: str) -> Reply:
    name, fmt = _format(args.strip())
    if not name:
        return Reply(text=USAGE)
    if name.lower() == "school":
        return school_report(req, fmt)
    if name.lower().split()[:1] == ["force"]:
        return force_report(req, args.strip()[len("force") :].strip())
    pupil = one_pupil(req, name, lambda p: f"report:{p.id}:{fmt}")
    return pupil if isinstance(pupil, Reply) else pupil_report(req, pupil.id, fmt)


def pupil_report(req: Request, pupil_id: int, fmt: str = "pdf") -> Reply:
    pupil = req.session.get(Pupil, pupil_id)
    if pupil is None or pupil.school_id != req.school_id:
        return Reply(text="I can't find that pupil.")
    period = pupil_period(req.session, pupil, req.now.date(), req.ctx.tz)
    try:
        file = pupil_pack_file(
            req.session,
            pupil,
            period=period,
            now=req.now,
            requester=Requester(req.staff, req.inbound.platform),
            fmt=fmt,
            calendar=_calendar(req),
        )
    except NotAllowed:
        return Reply(text="You can have evidence packs for your key pupils only. Ask your SENCO.")
    return Reply(
        text=f"Evidence pack for {pupil.full_name}, {period.label()}. {KEEP_SAFE}",
        attachments=[file],
        private=True,
    )


def school_report(req: Request, fmt: str) -> Reply:
    calendar = _calendar(req)
    today = req.now.date()
    period = school_period(req.session, req.school_id, today, req.ctx.tz)
    try:
        file = school_report_file(
            req.session,
            req.school_id,
            period=period,
            now=req.now,
            requester=Requester(req.staff, req.inbound.platform),
            window=review_window(today, calendar),
            fmt=fmt,
            calendar=calendar,
        )
    except NotAllowed:
        return Reply(text="The school report is for the SENCO, DSL and admins.")
    return Reply(
        text=f"School SEND provision report, {period.label()}. {KEEP_SAFE}",
        attachments=[file],
        private=True,
    )


def force_report(req: Request, args: str, pupil_id: int | None = None) -> Reply:
    """The reduction view: uses of force by half-term, time of day, place and antecedent."""
    words = args.split()
    fmt = "csv" if words and words[-1].lower() == "csv" else "txt"
    name = " ".join(words[:-1] if fmt == "csv" else words)
    pupil: Pupil | None = None
    if pupil_id is not None:
        pupil = req.session.get(Pupil, pupil_id)
        if pupil is None or pupil.school_id != req.school_id:
            return Reply(text="I can't find that pupil.")
    elif name:
        found = one_pupil(req, name, lambda p: f"report_force:{p.id}:{fmt}")
        if isinstance(found, Reply):
            return found
        pupil = req.session.get(Pupil, found.id)
    calendar = _calendar(req)
    try:
        file = reduction_file(
            req.session,
            req.school_id,
            pupil=pupil,
            tz=req.ctx.tz,
            now=req.now,
            requester=Requester(req.staff, req.inbound.platform),
            half_term_of=calendar.half_term_of if calendar else None,
            fmt=fmt,
        )
    except NotAllowed:
        return Reply(text="The use-of-force review is for the SENCO, DSL and admins.")
    about = pupil.full_name if pupil else "the school"
    return Reply(
        text=f"Use of reasonable force for {about}: by half-term, time of day, place and "
        f"what came before, with the trend. {KEEP_SAFE}",
        attachments=[file],
        private=True,
    )


@action("report_force")
def report_force_action(req: Request, argument: str) -> Reply:
    raw_id, _, fmt = argument.partition(":")
    if not raw_id.isdigit():
        return Reply(text="I can't find that pupil.")
    return force_report(req, fmt if fmt == "csv" else "", pupil_id=int(raw_id))


@action("report")
def report_action(req: Request, argument: str) -> Reply:
    raw_id, _, fmt = argument.partition(":")
    if not raw_id.isdigit():
        return Reply(text="I can't find that pupil.")
    return pupil_report(req, int(raw_id), fmt if fmt in ("pdf", "html") else "pdf")
