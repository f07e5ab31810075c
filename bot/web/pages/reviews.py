"""Reviews: the school's EHCP annual-review timeline, with booking, held and report sent.

Each step goes through the same `record_step` as `/review` in chat, so the
reminders stop in the same way; the SENCO and admins record any pupil's,
key workers their own (handlers.access.may_record_review).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import select
from starlette.responses import Response
from starlette.routing import Route

from bot.web.framework import NotFound, Refused, Web, page
from handlers.access import may_record_review, sees_whole_school
from handlers.commands.review import record_step
from storage import review_cycle
from storage.models import PlanType, Pupil, Staff

BOOK_WEEKS_BEFORE = 8  # the reminders ask for the meeting to be booked 8 weeks ahead


@dataclass(frozen=True)
class ReviewLine:
    pupil: Pupil
    key_worker: str | None
    due: date
    booked_on: date | None
    held_on: date | None
    report_sent_on: date | None
    state: str  # overdue | report | booked | book | later | done
    words: str
    may_record: bool


def _line(pupil: Pupil, key_worker: str | None, today: date, la_days: int, may: bool) -> ReviewLine:
    due = pupil.annual_review_due
    assert due is not None
    booked = pupil.review_booked_on if review_cycle.in_cycle(pupil.review_booked_on, due) else None
    held = review_cycle.held_this_cycle(pupil.review_held_on, due)
    sent = review_cycle.report_sent_this_cycle(
        pupil.review_held_on, pupil.review_report_sent_on, due
    )
    if held is not None and sent is None:
        report_due = held + timedelta(days=la_days)
        state, words = "report", f"Held {held:%d/%m/%Y}: report to the LA due {report_due:%d/%m/%Y}"
    elif held is not None:
        state, words = "done", f"Complete: held {held:%d/%m/%Y}, report sent {sent:%d/%m/%Y}"
    elif due < today:
        state, words = "overdue", f"Overdue since {due:%d/%m/%Y}: not yet held"
    elif booked is not None:
        state, words = "booked", f"Meeting booked for {booked:%d/%m/%Y}"
    elif due - today <= timedelta(weeks=BOOK_WEEKS_BEFORE):
        state, words = "book", f"Due {due:%d/%m/%Y}: book the meeting now"
    else:
        state, words = "later", f"Due {due:%d/%m/%Y}"
    return ReviewLine(pupil, key_worker, due, booked, held, sent, state, words, may)


@page()
def reviews_page(web: Web) -> Response:
    stmt = select(Pupil).where(
        Pupil.school_id == web.school_id,
        Pupil.active,
        Pupil.plan_type == PlanType.ehcp.value,
        Pupil.annual_review_due.is_not(None),
    )
    if not sees_whole_school(web.staff):
        stmt = stmt.where(Pupil.key_worker_id == web.staff.id)
    pupils = web.session.exec(stmt.order_by(Pupil.annual_review_due, Pupil.last_name)).all()
    names = dict(
        web.session.exec(select(Staff.id, Staff.name).where(Staff.school_id == web.school_id)).all()
    )
    today = web.now.date()
    lines = [
        _line(
            p,
            names.get(p.key_worker_id or 0),
            today,
            web.config.la_report_days,
            may_record_review(web.staff, p),
        )
        for p in pupils
    ]
    for line in lines:
        web.audit("read", pupil_id=line.pupil.id, detail="web reviews")
    return web.render("reviews.html", current="reviews", lines=lines, today=today)


@page()
def record_review(web: Web) -> Response:
    raw = web.http.path_params.get("pupil_id", "")
    pupil = web.session.get(Pupil, int(raw)) if str(raw).isdigit() else None
    if pupil is None or pupil.school_id != web.school_id:
        raise NotFound()
    if not may_record_review(web.staff, pupil):
        web.audit("refused", pupil_id=pupil.id, detail="web review: not their key pupil")
        raise Refused("You can record reviews for your key pupils only. Ask your SENCO.")
    stored, message = record_step(web.req, pupil, web.field("step"), web.field("on"))
    if not stored:
        return web.render(
            "error.html",
            status=400,
            title="Not recorded",
            message=message,
            back=f"{web.base}/reviews",
        )
    return web.redirect("/reviews", message)


routes = [
    Route("/reviews", reviews_page, methods=["GET"]),
    Route("/reviews/{pupil_id}", record_review, methods=["POST"]),
]
