"""What goes where in each report: data (evidence.py, school.py) and charts in,
a format-neutral Document out. Dates are British and school-local."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from handlers.reports import charts
from handlers.reports.document import Document, Facts, Figure, Heading, Para, Table
from handlers.reports.evidence import Behaviour, PupilPack
from handlers.reports.period import Period, local_stamp, long_day, short_day, week_label
from handlers.reports.school import SchoolReport
from storage.models import BehaviourIncident
from storage.queries.reviews import ReviewRow
from storage.vocabulary import METHOD_WORDS

CONFIDENTIAL = (
    "Confidential: special category data about a child. Keep it with the pupil's "
    "SEND records and share it only with people working with the family."
)
METHOD = (
    "Planned sessions per week are the plan's sessions a week, pro rata to the school days of "
    "that week{edges}, rounded to the nearest whole session; weeks with no school days plan none. "
    "Withdrawn (undone) records are not counted."
)
EDGES = " (so the part weeks at the start and end of the period are planned pro rata)"


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


def _period_facts(period: Period, generated: str) -> list[tuple[str, str]]:
    return [("Period", period.explained()), ("Produced", generated)]


def _calendar_notes(doc: Document, notes: list[str]) -> None:
    """Where the school calendar could not say which days were school days: in the report."""
    for note in notes:
        doc.add(Para(f"School calendar: {note}", note=True))


# -- the pupil's evidence pack ------------------------------------------------------
def pupil_document(pack: PupilPack, requested_by: str) -> Document:
    tz = pack.period.tz
    p = pack.pupil
    doc = Document(
        title=f"Annual review evidence pack: {pack.name}",
        subtitle=f"{pack.school} · {pack.period.label()}",
        footer=f"{CONFIDENTIAL} Produced {local_stamp(pack.generated_at, tz)} for {requested_by}.",
    )
    year = " ".join(
        x for x in (f"Year {p.year_group}" if p.year_group else "", p.class_name or "") if x
    )
    doc.add(
        Facts(
            [
                ("Pupil", pack.name),
                ("UPN", p.upn),
                ("Year and class", year or "–"),
                ("Plan", p.plan_type),
                ("Key worker", pack.key_worker or "none recorded"),
                (
                    "Annual review due",
                    long_day(p.annual_review_due) if p.annual_review_due else "not recorded",
                ),
                (
                    "Last review held",
                    long_day(p.review_held_on) if p.review_held_on else "not recorded",
                ),
                *_period_facts(pack.period, local_stamp(pack.generated_at, tz)),
            ]
        )
    )
    t = pack.totals()
    if pack.empty:
        doc.add(
            Para(
                f"Nothing was recorded for {pack.name} between {long_day(pack.period.first)} and "
                f"{long_day(pack.period.last)}: no sessions, behaviour incidents, parent contacts or "
                "notes. The plan below is what the pupil should have had."
            )
        )
    else:
        doc.add(
            Facts(
                [
                    (
                        "Sessions delivered",
                        f"{t['delivered']} of {t['planned']} planned "
                        f"({percent(t['delivered'], t['planned'])})",
                    ),
                    ("Minutes delivered", f"{t['minutes']:,} of {t['planned_minutes']:,} planned"),
                    ("Sessions missed", str(t["missed"])),
                    (
                        "Behaviour incidents",
                        f"{t['incidents']} (restrictive physical interventions: {t['rpi']})",
                    ),
                    ("Parent and carer contacts", str(t["contacts"])),
                ],
                title="At a glance",
            )
        )
    _plan(doc, pack)
    _delivery(doc, pack)
    _behaviour(doc, pack.behaviour, pack.period, pupil=pack)
    _contacts(doc, pack)
    _notes(doc, pack)
    return doc


def _plan(doc: Document, pack: PupilPack) -> None:
    doc.add(Heading("1. Plan summary"))
    plan = pack.in_plan
    if not plan:
        doc.add(Para("No provisions are recorded in this pupil's plan.", note=True))
        return
    areas = sorted({p.area_of_need for p in plan})
    doc.add(Para("Areas of need: " + "; ".join(areas) + "."))
    doc.add(
        Table(
            [
                "Provision (Section F)",
                "Area of need",
                "Sessions a week",
                "Minutes a session",
                "Minutes a week",
                "Dates",
            ],
            [
                [
                    p.name,
                    p.area_of_need,
                    str(p.sessions_per_week),
                    str(p.minutes_per_session),
                    str(p.sessions_per_week * p.minutes_per_session),
                    _dates(p.start_on, p.end_on),
                ]
                for p in sorted(plan, key=lambda p: (p.area_of_need, p.name))
            ],
            widths=[26, 28, 11, 11, 11, 13],
            numeric=frozenset({2, 3, 4}),
        )
    )


def _dates(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{short_day(start)} to {short_day(end)}"
    if start:
        return f"from {short_day(start)}"
    return f"until {short_day(end)}" if end else "ongoing"


def _delivery(doc: Document, pack: PupilPack) -> None:
    doc.add(Heading("2. Provision delivered against planned"))
    doc.add(Para(METHOD.format(edges=EDGES if pack.period.partial_edges else ""), note=True))
    _calendar_notes(doc, pack.calendar_notes)
    png = charts.provision_chart(pack.provisions, pack.mondays)
    if png:
        doc.add(
            Figure(
                png,
                "Sessions delivered and missed each week against the planned number, "
                "one panel per provision.",
            )
        )
    if not pack.provisions:
        return
    doc.add(
        Table(
            [
                "Provision",
                "Planned",
                "Delivered",
                "%",
                "Minutes delivered",
                "Minutes planned",
                "Missed",
            ],
            [
                [
                    p.name,
                    str(p.planned),
                    str(p.delivered),
                    percent(p.delivered, p.planned),
                    f"{p.minutes:,}",
                    f"{p.planned_minutes:,}" if p.provision_id else "–",
                    str(p.missed),
                ]
                for p in pack.provisions
            ],
            widths=[30, 11, 11, 9, 14, 14, 11],
            numeric=frozenset({1, 2, 3, 4, 5, 6}),
        )
    )
    doc.add(Heading("Week by week", level=3))
    rows = []
    for i, week in enumerate(pack.weekly_totals()):
        if not (week.planned or week.delivered or week.missed):
            continue
        reasons = []
        for p in pack.provisions:
            for reason, n in sorted(p.weeks[i].reasons.items()):
                reasons.append(f"{p.name}: {reason}" + (f" (×{n})" if n > 1 else ""))
        rows.append(
            [
                week_label(week.monday),
                str(week.planned),
                str(week.delivered),
                percent(week.delivered, week.planned),
                str(week.missed),
                "; ".join(reasons),
            ]
        )
    doc.add(
        Table(
            ["Week", "Planned", "Delivered", "%", "Missed", "Why sessions were missed"],
            rows,
            widths=[15, 9, 10, 8, 8, 50],
            numeric=frozenset({1, 2, 3, 4}),
            empty="No school weeks in this period.",
        )
    )
    if rows:
        doc.add(Para("Weeks with no school days and no sessions are left out.", note=True))
    if pack.missed_reasons:
        doc.add(Heading("Reasons for missed sessions", level=3))
        doc.add(
            Table(
                ["Reason given", "Sessions missed"],
                [[r, str(n)] for r, n in pack.missed_reasons],
                widths=[75, 25],
                numeric=frozenset({1}),
            )
        )


def _behaviour(
    doc: Document,
    behaviour: Behaviour,
    period: Period,
    *,
    pupil: PupilPack | None = None,
    number: str = "3. ",
) -> None:
    doc.add(Heading(f"{number}Behaviour incidents"))
    if not behaviour.total:
        doc.add(Para("No behaviour incidents were recorded in this period."))
    else:
        doc.add(
            Para(
                f"{behaviour.total} incident(s) recorded, {behaviour.rpi_total} involving a "
                "restrictive physical intervention."
            )
        )
        png = charts.behaviour_chart(behaviour, period.mondays)
        if png:
            doc.add(
                Figure(
                    png, "Behaviour incidents per week, by hour of the day and by day of the week."
                )
            )
        doc.add(Heading("Antecedents most often recorded", level=3))
        doc.add(
            Table(
                ["What happened before", "Incidents"],
                [[a, str(n)] for a, n in behaviour.antecedents],
                widths=[80, 20],
                numeric=frozenset({1}),
                empty="No antecedents were recorded.",
            )
        )
    if pupil is None:
        return
    doc.add(Heading("Restrictive physical interventions", level=3))
    if not pupil.restrictive:
        doc.add(Para("None recorded in this period."))
    tz = period.tz
    for i in pupil.restrictive:
        hold = ", ".join(
            x for x in (i.hold_type or "", f"{i.hold_minutes} min" if i.hold_minutes else "") if x
        )
        doc.add(
            Facts(
                [
                    ("Date and time", local_stamp(i.occurred_at, tz)),
                    ("Place", i.place or "not recorded"),
                    ("Staff involved", i.staff_involved or "not recorded"),
                    ("What happened before", i.antecedent or "not recorded"),
                    ("Behaviour", i.behaviour or i.notes or "not recorded"),
                    ("De-escalation tried", i.deescalation_tried or i.strategies or "not recorded"),
                    ("Hold and duration", hold or "not recorded"),
                    ("Degree of force", i.degree_of_force or "not recorded"),
                    ("Why force was necessary", i.reason_for_force or "not recorded"),
                    ("Injuries", i.injuries or "not recorded"),
                    ("Support afterwards", i.support_after or "not recorded"),
                    ("Parents informed", _informed(i, tz)),
                ],
                title=f"Intervention on {long_day(i.occurred_at.astimezone(tz).date())}",
            )
        )


def _informed(i: BehaviourIncident, tz: ZoneInfo) -> str:
    """When, how and by whom the parents were told, as far as the record says."""
    parts = [
        local_stamp(i.parents_informed_at, tz) or ("yes" if i.parents_informed else ""),
        METHOD_WORDS.get(i.parents_informed_how or "", i.parents_informed_how or ""),
        f"by {i.parents_informed_by}" if i.parents_informed_by else "",
    ]
    return ", ".join(p for p in parts if p) or "not recorded"


def _contacts(doc: Document, pack: PupilPack) -> None:
    doc.add(Heading("4. Parent and carer contacts"))
    today = pack.generated_at.astimezone(pack.period.tz).date()
    rows = []
    for c in pack.contacts:
        follow = ""
        if c.follow_up_on:
            state = (
                "done"
                if c.follow_up_done_at
                else ("overdue" if c.follow_up_on < today else "to do")
            )
            follow = f"{short_day(c.follow_up_on)} ({state})"
        how = METHOD_WORDS.get(c.method or "", c.method or "")
        if c.direction == "inbound":
            how = f"{how} (from family)".strip()
        rows.append(
            [
                local_stamp(c.occurred_at, pack.period.tz),
                c.contact_with or "",
                how,
                c.summary,
                follow,
                c.staff,
            ]
        )
    doc.add(
        Table(
            ["When", "With", "How", "Summary", "Follow-up", "By"],
            rows,
            widths=[14, 8, 11, 35, 18, 14],
            empty="No parent or carer contacts were recorded.",
        )
    )


def _notes(doc: Document, pack: PupilPack) -> None:
    who = pack.key_worker or "the key worker"
    doc.add(Heading(f"5. Recent notes from {who}"))
    doc.add(
        Table(
            ["When", "On a", "Note"],
            [[local_stamp(n.occurred_at, pack.period.tz), n.kind, n.notes] for n in pack.notes],
            widths=[17, 13, 70],
            empty="No notes written by the key worker in this period.",
        )
    )


# -- the school report ----------------------------------------------------------------
def school_document(report: SchoolReport, requested_by: str) -> Document:
    tz = report.period.tz
    doc = Document(
        title="SEND provision report",
        subtitle=f"{report.school} · {report.period.label()}",
        footer=(
            f"Confidential: special category data about children. Produced "
            f"{local_stamp(report.generated_at, tz)} for {requested_by}."
        ),
    )
    total = report.total
    doc.add(
        Facts(
            [
                ("Pupils with planned provision", f"{len(report.pupils):,}"),
                (
                    "Sessions delivered",
                    f"{total.delivered:,} of {total.planned:,} planned "
                    f"({percent(total.delivered, total.planned)})",
                ),
                ("Sessions missed", f"{total.missed:,}"),
                (
                    "Behaviour incidents",
                    f"{report.behaviour.total:,} (restrictive physical interventions: "
                    f"{report.behaviour.rpi_total:,})",
                ),
                (f"Annual reviews due {report.review_window.label}", str(len(report.reviews))),
                *_period_facts(report.period, local_stamp(report.generated_at, tz)),
            ]
        )
    )
    doc.add(Para(METHOD.format(edges=EDGES if report.period.partial_edges else ""), note=True))
    _calendar_notes(doc, report.calendar_notes)

    doc.add(Heading("1. Provision delivery by type"))
    png = charts.delivery_by_type_chart(report.by_type)
    if png:
        doc.add(Figure(png, "Percentage of planned sessions delivered, by provision type."))
    doc.add(
        Table(
            ["Provision", "Pupils", "Planned", "Delivered", "%", "Missed"],
            [
                [
                    t.name,
                    str(t.pupils),
                    f"{t.planned:,}",
                    f"{t.delivered:,}",
                    percent(t.delivered, t.planned),
                    f"{t.missed:,}",
                ]
                for t in report.by_type
            ],
            widths=[40, 12, 12, 12, 10, 14],
            numeric=frozenset({1, 2, 3, 4, 5}),
            empty="No provisions are planned.",
            wrap=len(report.by_type) < 40,
        )
    )

    doc.add(Heading("2. Pupils most behind"))
    behind = report.most_behind()
    png = charts.most_behind_chart(behind)
    if png:
        doc.add(
            Figure(png, "Planned sessions not delivered, for the pupils most behind their plan.")
        )
    doc.add(
        Table(
            ["Pupil", "Year", "Key worker", "Planned", "Delivered", "%", "Short by"],
            [
                [
                    p.name,
                    p.year_group or "",
                    p.key_worker or "",
                    str(p.planned),
                    str(p.delivered),
                    percent(p.delivered, p.planned),
                    str(p.shortfall),
                ]
                for p in behind
            ],
            widths=[24, 8, 20, 12, 12, 10, 14],
            numeric=frozenset({3, 4, 5, 6}),
            empty="Every pupil has had the sessions planned for the period.",
        )
    )

    _behaviour(doc, report.behaviour, report.period, number="3. ")
    busiest = sorted(
        (p for p in report.pupils if p.incidents), key=lambda p: (-p.incidents, p.name)
    )[:10]
    if busiest:
        doc.add(Heading("Pupils with the most incidents", level=3))
        doc.add(
            Table(
                ["Pupil", "Year", "Incidents", "With RPI"],
                [[p.name, p.year_group or "", str(p.incidents), str(p.rpi)] for p in busiest],
                widths=[45, 15, 20, 20],
                numeric=frozenset({2, 3}),
            )
        )

    window = report.review_window
    doc.add(Heading(f"4. Annual reviews due {window.label}"))
    doc.add(
        Para(
            f"Reviews due {long_day(window.first)} to {long_day(window.last)}, and any earlier "
            "review not yet held.",
            note=True,
        )
    )
    today = report.generated_at.astimezone(tz).date()
    doc.add(
        Table(
            ["Pupil", "Year", "Plan", "Due", "Booked", "Key worker", "Status"],
            [
                [
                    r.pupil,
                    r.year_group or "",
                    r.plan_type,
                    short_day(r.due),
                    short_day(r.booked_on),
                    r.key_worker_name or "",
                    _review_state(r, today),
                ]
                for r in report.reviews
            ],
            widths=[20, 7, 13, 13, 14, 17, 16],
            empty="No annual reviews are due.",
            wrap=len(report.reviews) < 40,
        )
    )

    doc.add(Heading("5. Provision delivery by pupil"))
    doc.add(
        Table(
            ["Pupil", "Year", "Key worker", "Planned", "Delivered", "%", "Missed", "Incidents"],
            [
                [
                    p.name,
                    p.year_group or "",
                    p.key_worker or "",
                    str(p.planned),
                    str(p.delivered),
                    percent(p.delivered, p.planned),
                    str(p.missed),
                    str(p.incidents),
                ]
                for p in report.pupils
            ],
            widths=[22, 7, 19, 11, 12, 8, 10, 11],
            numeric=frozenset({3, 4, 5, 6, 7}),
            empty="No pupils have planned provision.",
            wrap=False,
        )
    )
    return doc


def _review_state(r: ReviewRow, today: date) -> str:
    if r.held_on:
        return f"held {short_day(r.held_on)}"
    if r.due < today:
        return "overdue"
    return "booked" if r.booked_on else "not booked yet"
