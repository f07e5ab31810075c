"""Reports as files: check the permission, build, render, audit, hand back an Attachment.

The one place the chat command and the CLI go through, so every report
produced (and every refusal) leaves an audit row.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlmodel import Session

from handlers.reports.document import Document
from handlers.reports.evidence import build_pupil_pack
from handlers.reports.html import render_html
from handlers.reports.layout import pupil_document, school_document
from handlers.reports.pdf import render_pdf
from handlers.reports.period import Period, SchoolDay, long_day, provision_began, weekdays
from handlers.reports.permissions import (
    Requester,
    may_see_pack,
    may_see_school,
    refuse,
)
from handlers.reports.school import ReviewWindow, build_school_report
from handlers.types import Attachment
from storage.audit import audit
from storage.models import Pupil
from storage.queries.activity import first_records
from storage.queries.plan import plan

FORMATS = {"pdf": "application/pdf", "html": "text/html"}


class Term(Protocol):
    """A school term, as the calendar gives it."""

    @property
    def name(self) -> str: ...
    @property
    def start(self) -> date: ...
    @property
    def end(self) -> date: ...


class Gap(Protocol):
    """A run of days the calendar file says nothing about."""

    @property
    def first(self) -> date: ...
    @property
    def last(self) -> date: ...
    @property
    def years(self) -> str: ...


class Calendar(Protocol):
    """What the reports need from schedules.calendar.SchoolCalendar (kept structural so
    handlers/ doesn't depend on schedules/)."""

    source: str

    def is_term_day(self, day: date) -> bool: ...

    def uncovered(self, first: date, last: date) -> list[Gap]: ...

    def term_of(self, day: date) -> Term | None: ...


NO_CALENDAR = (
    "No school calendar could be read, so every weekday in the period was counted as a "
    "school day (holidays too): set SCHOOL_CALENDAR_FILE to the school's term dates."
)


def calendar_days(calendar: Calendar | None, period: Period) -> tuple[SchoolDay, list[str]]:
    """(which days are school days, what the report must say about the calendar).

    Days the calendar file does not cover plan no sessions (their holidays are
    unknown, and a holiday counted as a school week makes a pupil look behind);
    each such gap is named in the report, never printed elsewhere."""
    if calendar is None:
        return weekdays, [NO_CALENDAR]
    notes = [
        f"The school calendar does not cover {long_day(gap.first)} to {long_day(gap.last)} "
        f"(school year {gap.years}), so no sessions are planned for those days; sessions "
        "delivered then are still counted. Add that year's term dates to the calendar file"
        + (f" ({calendar.source})" if calendar.source else "")
        + " to plan them."
        for gap in calendar.uncovered(period.first, period.last)
    ]
    return calendar.is_term_day, notes


def _local_day(moment: datetime | None, tz: ZoneInfo) -> date | None:
    return moment.astimezone(tz).date() if moment is not None else None


def school_began(session: Session, school_id: int, tz: ZoneInfo) -> date | None:
    """The day of the school's first live record in Keyworker."""
    firsts = first_records(session, school_id).values()
    return _local_day(min(firsts), tz) if firsts else None


def pupil_period(
    session: Session,
    pupil: Pupil,
    today: date,
    tz: ZoneInfo,
    first: date | None = None,
    last: date | None = None,
) -> Period:
    """The last 12 months or since the last review, from when provision began for the pupil
    in Keyworker at the earliest (handlers.reports.period); `first` as asked."""
    assert pupil.id is not None
    own = first_records(session, pupil.school_id, pupil.id).get(pupil.id)
    began = provision_began(
        _local_day(own, tz),
        (p.start_on for p in plan(session, pupil.id)),
        school_began(session, pupil.school_id, tz),
    )
    return Period.default(
        today, tz, since_review=pupil.review_held_on, first=first, last=last, began=began
    )


def school_period(
    session: Session,
    school_id: int,
    today: date,
    tz: ZoneInfo,
    first: date | None = None,
    last: date | None = None,
) -> Period:
    """The last 12 months, from the school's first record in Keyworker at the earliest."""
    began = school_began(session, school_id, tz)
    return Period.default(
        today,
        tz,
        first=first,
        last=last,
        began=provision_began(began, (), began),
    )


def review_window(today: date, calendar: Calendar | None = None) -> ReviewWindow:
    """This term (from the school calendar), or the next 13 weeks outside term or without one."""
    term = calendar.term_of(today) if calendar is not None else None
    if term is not None:
        return ReviewWindow(term.start, term.end, f"this term ({term.name})")
    return ReviewWindow(today, today + timedelta(weeks=13), "in the next 13 weeks")


def _render(doc: Document, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of: {', '.join(FORMATS)}")
    return render_pdf(doc) if fmt == "pdf" else render_html(doc)


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-") or "pupil"


def pupil_pack_file(
    session: Session,
    pupil: Pupil,
    *,
    period: Period,
    now: datetime,
    requester: Requester,
    fmt: str = "pdf",
    calendar: Calendar | None = None,
) -> Attachment:
    if not may_see_pack(requester, pupil):
        refuse(
            session,
            requester,
            school_id=pupil.school_id,
            pupil_id=pupil.id,
            detail="evidence pack: not their key pupil",
        )
    school_day, notes = calendar_days(calendar, period)
    pack = build_pupil_pack(session, pupil, period, now=now, school_day=school_day)
    pack.calendar_notes = notes
    content = _render(pupil_document(pack, requester.label), fmt)
    audit(
        session,
        action="report",
        school_id=pupil.school_id,
        staff_id=requester.staff_id,
        platform=requester.platform,
        record_type="evidence_pack",
        pupil_id=pupil.id,
        detail=f"format={fmt} from={period.first} to={period.last}",
    )
    name = f"evidence-pack-{slug(pupil.first_name)}-{slug(pupil.last_name)}-{period.last:%Y-%m-%d}.{fmt}"
    return Attachment(name, content, FORMATS[fmt], title=f"Evidence pack: {pack.name}")


def school_report_file(
    session: Session,
    school_id: int,
    *,
    period: Period,
    now: datetime,
    requester: Requester,
    window: ReviewWindow,
    fmt: str = "pdf",
    calendar: Calendar | None = None,
) -> Attachment:
    if not may_see_school(requester, school_id):
        refuse(session, requester, school_id=school_id, detail="school report: role")
    school_day, notes = calendar_days(calendar, period)
    report = build_school_report(
        session, school_id, period, now=now, review_window=window, school_day=school_day
    )
    report.calendar_notes = notes
    content = _render(school_document(report, requester.label), fmt)
    audit(
        session,
        action="report",
        school_id=school_id,
        staff_id=requester.staff_id,
        platform=requester.platform,
        record_type="school_report",
        detail=f"format={fmt} from={period.first} to={period.last} pupils={len(report.pupils)}",
    )
    name = f"school-report-{slug(report.school or 'school')}-{period.last:%Y-%m-%d}.{fmt}"
    return Attachment(name, content, FORMATS[fmt], title="School SEND provision report")
