"""The costed provision map (`keyworker report provision-map`): each pupil's provisions
with hours, group size and cost, totals per pupil and for the school, as CSV, HTML or PDF.

What schools send with top-up funding requests and needs assessments. A line's cost
per pupil a week is hours a week × hourly cost ÷ group size; a year is that × 38
school weeks (SCHOOL_WEEKS). A line without an hourly cost or a group size is shown
with its cost "not recorded" and left out of the totals, which say how many were
left out, rather than guessed. Provisions that have ended are left out. The CSV
header is a contract (README). Each map produced is audited.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from typing import TextIO
from zoneinfo import ZoneInfo

from sqlmodel import Session

from handlers.reports.document import Document, Facts, Heading, Para, Table
from handlers.reports.files import FORMATS, slug
from handlers.reports.html import render_html
from handlers.reports.pdf import render_pdf
from handlers.reports.period import local_stamp, short_day
from handlers.reports.permissions import Requester, may_see_pack, may_see_school, refuse
from handlers.types import Attachment
from storage.audit import audit
from storage.csv_cells import SafeDictWriter
from storage.models import Provision, Pupil, School
from storage.queries.plan import plan_lines
from storage.vocabulary import DELIVERERS

SCHOOL_WEEKS = 38  # 190 school days a year
NOT_RECORDED = "not recorded"
FIELDS = [
    "upn",
    "pupil",
    "year",
    "provision",
    "area_of_need",
    "delivered_by",
    "sessions_per_week",
    "minutes_per_session",
    "hours_per_week",
    "group_size",
    "hourly_cost",
    "cost_per_week",
    "cost_per_year",
    "start_date",
    "end_date",
    "outcome",
    "entry_measure",
    "exit_measure",
]


def _pounds(pence: Fraction | int | None) -> str:
    """Pence as pounds and pence, rounded half up: 1850 -> '18.50'."""
    if pence is None:
        return ""
    whole = math.floor(Fraction(pence) + Fraction(1, 2))  # costs are never negative
    return f"{whole // 100}.{whole % 100:02d}"


@dataclass(frozen=True)
class CostLine:
    pupil: Pupil
    provision: Provision

    @property
    def hours_a_week(self) -> Fraction:
        p = self.provision
        return Fraction(p.sessions_per_week * p.minutes_per_session, 60)

    @property
    def week_pence(self) -> Fraction | None:
        """Hours a week × hourly cost ÷ group size; None when either is not recorded."""
        p = self.provision
        if p.hourly_cost_pence is None or not p.group_size:
            return None
        return self.hours_a_week * p.hourly_cost_pence / p.group_size

    @property
    def year_pence(self) -> Fraction | None:
        week = self.week_pence
        return None if week is None else week * SCHOOL_WEEKS


@dataclass
class Total:
    week_pence: Fraction = Fraction(0)
    hours_a_week: Fraction = Fraction(0)
    uncosted: int = 0

    def add(self, line: CostLine) -> None:
        self.hours_a_week += line.hours_a_week
        if line.week_pence is None:
            self.uncosted += 1
        else:
            self.week_pence += line.week_pence

    @property
    def year_pence(self) -> Fraction:
        return self.week_pence * SCHOOL_WEEKS


@dataclass
class ProvisionMap:
    school: str
    generated_at: datetime
    lines: list[CostLine]
    pupil: Pupil | None  # the map of one pupil, or None for the school's

    def by_pupil(self) -> list[tuple[Pupil, list[CostLine], Total]]:
        out: dict[int | None, tuple[Pupil, list[CostLine], Total]] = {}
        for line in self.lines:
            entry = out.setdefault(line.pupil.id, (line.pupil, [], Total()))
            entry[1].append(line)
            entry[2].add(line)
        return list(out.values())

    @property
    def total(self) -> Total:
        total = Total()
        for line in self.lines:
            total.add(line)
        return total


def build_provision_map(
    session: Session, school_id: int, *, today: date, now: datetime, pupil: Pupil | None = None
) -> ProvisionMap:
    lines = [
        CostLine(p, pr)
        for p, pr in plan_lines(session, school_id, pupil.id if pupil else None)
        if pr.end_on is None or pr.end_on >= today  # an ended provision costs nothing now
    ]
    school = session.get(School, school_id)
    return ProvisionMap(school.name if school else "", now, lines, pupil)


def _hours(value: Fraction) -> str:
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def _deliverer(code: str | None) -> str:
    return DELIVERERS.get(code, code) if code else ""


def csv_row(line: CostLine) -> dict[str, str]:
    p, pr = line.pupil, line.provision
    return {
        "upn": p.upn,
        "pupil": p.full_name,
        "year": p.year_group or "",
        "provision": pr.name,
        "area_of_need": pr.area_of_need,
        "delivered_by": pr.delivered_by or "",
        "sessions_per_week": str(pr.sessions_per_week),
        "minutes_per_session": str(pr.minutes_per_session),
        "hours_per_week": _hours(line.hours_a_week),
        "group_size": str(pr.group_size) if pr.group_size else "",
        "hourly_cost": _pounds(pr.hourly_cost_pence),
        "cost_per_week": _pounds(line.week_pence),
        "cost_per_year": _pounds(line.year_pence),
        "start_date": pr.start_on.isoformat() if pr.start_on else "",
        "end_date": pr.end_on.isoformat() if pr.end_on else "",
        "outcome": pr.outcome or "",
        "entry_measure": pr.entry_measure or "",
        "exit_measure": pr.exit_measure or "",
    }


def _money(pence: Fraction | None) -> str:
    return f"£{_pounds(pence)}" if pence is not None else NOT_RECORDED


def _left_out(total: Total) -> str:
    if not total.uncosted:
        return ""
    return f" ({total.uncosted} provision(s) without an hourly cost or group size left out)"


def map_document(pm: ProvisionMap, requested_by: str, tz: ZoneInfo) -> Document:
    who = pm.pupil.full_name if pm.pupil else pm.school
    doc = Document(
        title=f"Costed provision map: {who}",
        subtitle=f"{pm.school} · provisions current on {short_day(pm.generated_at.astimezone(tz).date())}",
        footer=(
            "Confidential: special category data about children. Produced "
            f"{local_stamp(pm.generated_at, tz)} for {requested_by}."
        ),
    )
    total = pm.total
    doc.add(
        Facts(
            [
                ("Pupils", str(len(pm.by_pupil()))),
                ("Provisions", str(len(pm.lines))),
                ("Hours a week (staff time per pupil)", _hours(total.hours_a_week)),
                ("Cost a week", _money(total.week_pence) + _left_out(total)),
                (f"Cost a year ({SCHOOL_WEEKS} school weeks)", _money(total.year_pence)),
            ]
        ),
        Para(
            "Cost per pupil = hours a week × hourly cost ÷ group size; a year is "
            f"{SCHOOL_WEEKS} school weeks. Provisions without an hourly cost or a group "
            "size show no cost and are left out of the totals.",
            note=True,
        ),
    )
    for pupil, lines, sub in pm.by_pupil():
        year = f", Year {pupil.year_group}" if pupil.year_group else ""
        doc.add(Heading(f"{pupil.full_name} ({pupil.upn}{year}, {pupil.plan_type})", level=3))
        doc.add(
            Table(
                [
                    "Provision",
                    "Delivered by",
                    "Sessions × minutes",
                    "Group",
                    "£ an hour",
                    "£ a week",
                    "£ a year",
                    "Outcome (entry → exit)",
                ],
                [
                    [
                        line.provision.name,
                        _deliverer(line.provision.delivered_by),
                        f"{line.provision.sessions_per_week} × {line.provision.minutes_per_session}",
                        str(line.provision.group_size or ""),
                        _pounds(line.provision.hourly_cost_pence),
                        _pounds(line.week_pence) or "–",
                        _pounds(line.year_pence) or "–",
                        _outcome(line.provision),
                    ]
                    for line in lines
                ]
                + [
                    [
                        "Total",
                        "",
                        f"{_hours(sub.hours_a_week)} hours",
                        "",
                        "",
                        _pounds(sub.week_pence),
                        _pounds(sub.year_pence),
                        f"{sub.uncosted} not costed" if sub.uncosted else "",
                    ]
                ],
                widths=[18, 13, 12, 7, 9, 9, 10, 22],
                numeric=frozenset({3, 4, 5, 6}),
            )
        )
    if not pm.lines:
        doc.add(Para("No current provisions are recorded."))
    return doc


def _outcome(p: Provision) -> str:
    measures = " → ".join(m for m in (p.entry_measure, p.exit_measure) if m)
    return " ".join(x for x in (p.outcome or "", f"({measures})" if measures else "") if x)


def _allowed(session: Session, requester: Requester, school_id: int, pupil: Pupil | None) -> None:
    ok = may_see_pack(requester, pupil) if pupil else may_see_school(requester, school_id)
    if not ok:
        refuse(
            session,
            requester,
            school_id=school_id,
            pupil_id=pupil.id if pupil else None,
            detail="provision map: " + ("not their key pupil" if pupil else "role"),
        )


def _audit(
    session: Session, requester: Requester, school_id: int, pm: ProvisionMap, fmt: str
) -> None:
    audit(
        session,
        action="report",
        school_id=school_id,
        staff_id=requester.staff_id,
        platform=requester.platform,
        record_type="provision_map",
        pupil_id=pm.pupil.id if pm.pupil else None,
        detail=f"format={fmt} pupils={len(pm.by_pupil())} provisions={len(pm.lines)}",
    )


def write_map_csv(
    session: Session,
    out: TextIO,
    *,
    school_id: int,
    requester: Requester,
    today: date,
    now: datetime,
    pupil: Pupil | None = None,
) -> int:
    """The map as CSV, one row a provision; returns the number of rows. Audited."""
    _allowed(session, requester, school_id, pupil)
    pm = build_provision_map(session, school_id, today=today, now=now, pupil=pupil)
    writer = SafeDictWriter(out, FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(csv_row(line) for line in pm.lines)
    _audit(session, requester, school_id, pm, "csv")
    return len(pm.lines)


def map_file(
    session: Session,
    school_id: int,
    *,
    requester: Requester,
    today: date,
    now: datetime,
    tz: ZoneInfo,
    fmt: str = "pdf",
    pupil: Pupil | None = None,
) -> Attachment:
    """The map as a PDF or HTML file. Audited."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of: {', '.join(FORMATS)}")
    _allowed(session, requester, school_id, pupil)
    pm = build_provision_map(session, school_id, today=today, now=now, pupil=pupil)
    doc = map_document(pm, requester.label, tz)
    content = render_pdf(doc) if fmt == "pdf" else render_html(doc)
    _audit(session, requester, school_id, pm, fmt)
    who = (
        f"{slug(pupil.first_name)}-{slug(pupil.last_name)}"
        if pupil
        else slug(pm.school or "school")
    )
    name = f"provision-map-{who}-{today:%Y-%m-%d}.{fmt}"
    return Attachment(name, content, FORMATS[fmt], title="Costed provision map")
