"""The SEN register as CSV (`keyworker report sen-register`): every active pupil with their
census SEN status, types of need, plan and annual review date.

The header is a contract (README): columns are only ever added at the end. A pupil
without a census code takes the code their plan implies (an EHC plan is E, SEN
Support is K), since the plan is what the school recorded. Needs are the census codes,
primary first, joined with "; ". Each register produced is audited; it names every
pupil on it, so it is the SENCO's, the DSL's and the admins' only.
"""

from __future__ import annotations

from typing import TextIO

from sqlmodel import Session

from handlers.reports.period import short_day
from handlers.reports.permissions import Requester, may_see_school, refuse
from storage.audit import audit
from storage.csv_cells import SafeDictWriter
from storage.models import PlanType, Pupil
from storage.queries.plan import register
from storage.vocabulary import NEED_TYPES, SEN_STATUS_LABELS, SenStatus

FIELDS = ["upn", "pupil", "year", "sen_status", "needs", "plan", "review_date"]
STATUS_OF_PLAN = {PlanType.ehcp.value: SenStatus.ehcp.value, PlanType.sen_support.value: "K"}


def sen_status(pupil: Pupil) -> str:
    return pupil.sen_status or STATUS_OF_PLAN.get(pupil.plan_type, "")


def census_lines(pupil: Pupil) -> list[tuple[str, str]]:
    """The pupil's census entry as (label, words) for a page: status and needs with the
    code and what it stands for, since each date, and where a status only follows the plan."""
    status = sen_status(pupil)
    status_words = f"{status} ({SEN_STATUS_LABELS[status]})" if status else "not recorded"
    if status and not pupil.sen_status:
        status_words += ", from the plan (no census code in the roster)"
    elif pupil.sen_status_from:
        status_words += f", since {short_day(pupil.sen_status_from)}"
    lines = [("SEN status", status_words)]
    for label, code, since in (
        ("Primary need", pupil.primary_need, pupil.primary_need_from),
        ("Secondary need", pupil.secondary_need, pupil.secondary_need_from),
    ):
        if code:
            words = f"{code} ({NEED_TYPES.get(code, code)})"
            lines.append((label, words + (f", since {short_day(since)}" if since else "")))
    return lines


def _year_order(pupil: Pupil) -> tuple[int, int, str]:
    year = pupil.year_group or ""
    return (0, int(year), "") if year.isdigit() else (1, 0, year)


def register_rows(session: Session, school_id: int) -> list[dict[str, str]]:
    pupils = sorted(
        register(session, school_id), key=lambda p: (_year_order(p), p.last_name, p.first_name)
    )
    return [
        {
            "upn": p.upn,
            "pupil": p.full_name,
            "year": p.year_group or "",
            "sen_status": sen_status(p),
            "needs": "; ".join(n for n in (p.primary_need, p.secondary_need) if n),
            "plan": p.plan_type,
            "review_date": p.annual_review_due.isoformat() if p.annual_review_due else "",
        }
        for p in pupils
    ]


def write_register(session: Session, out: TextIO, *, school_id: int, requester: Requester) -> int:
    """Write the register to `out`; returns the number of pupils. Audited, refusals too."""
    if not may_see_school(requester, school_id):
        refuse(session, requester, school_id=school_id, detail="SEN register: role")
    rows = register_rows(session, school_id)
    writer = SafeDictWriter(out, FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    audit(
        session,
        action="report",
        school_id=school_id,
        staff_id=requester.staff_id,
        platform=requester.platform,
        record_type="sen_register",
        detail=f"SEN register: {len(rows)} pupil(s)",
    )
    return len(rows)
