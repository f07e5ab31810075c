"""The reduction view of reasonable force: incidents by half-term, time of day, place and
antecedent, per pupil and per school, with the trend (the DfE guidance asks schools to
review their use of force and reduce it).

Counted from live use-of-force records about their subject (storage.queries.force); a
pupil who was hurt or saw it is never counted. Half-terms come from the school
calendar (a callable, so handlers/ does not depend on schedules/); days outside any
term are grouped by calendar month. Rendered as plain text (for a governors' pack or
an email) or CSV (the same tables, for a spreadsheet).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from handlers.reports.files import slug
from handlers.reports.permissions import Requester, may_see_school, refuse
from handlers.types import Attachment
from storage.audit import audit
from storage.csv_cells import neutralise
from storage.models import Pupil, School
from storage.queries.force import ForceRow, force_incidents

HalfTermOf = Callable[[date], "tuple[date, str] | None"]
NOT_RECORDED = "not recorded"
TOP = 10
# Bands of the school day: when force is used, in words a behaviour lead reviews by.
TIME_BANDS = (
    (0, 8 * 60 + 45, "before school (to 08:45)"),
    (8 * 60 + 45, 10 * 60 + 30, "morning to break (08:45-10:30)"),
    (10 * 60 + 30, 12 * 60, "late morning (10:30-12:00)"),
    (12 * 60, 13 * 60 + 15, "lunchtime (12:00-13:15)"),
    (13 * 60 + 15, 15 * 60 + 15, "afternoon (13:15-15:15)"),
    (15 * 60 + 15, 24 * 60, "end of day and after (15:15-)"),
)
_LEAD_IN = re.compile(
    r"^(?:after|when|because|following|triggered by|upset (?:about|by|at))\s+(?:being\s+)?",
    re.I,
)


@dataclass
class Reduction:
    title: str
    first: date | None
    last: date | None
    total: int = 0
    by_half_term: list[tuple[str, int]] = field(default_factory=list)
    by_time: list[tuple[str, int]] = field(default_factory=list)
    by_place: list[tuple[str, int]] = field(default_factory=list)
    by_antecedent: list[tuple[str, int]] = field(default_factory=list)
    # pupil -> (plan, counts per half-term in by_half_term's order)
    by_pupil: list[tuple[str, str, list[int]]] = field(default_factory=list)
    trend: str = ""


def _half_term(day: date, half_term_of: HalfTermOf | None) -> tuple[date, str]:
    found = half_term_of(day) if half_term_of else None
    return found or (day.replace(day=1), f"{day:%B %Y} (outside term)")


def _band(moment: datetime, tz: ZoneInfo) -> str:
    local = moment.astimezone(tz)
    minute = local.hour * 60 + local.minute
    return next(label for lo, hi, label in TIME_BANDS if lo <= minute < hi)


def _words(text: str | None) -> str:
    """A place or antecedent as one group: case, spacing and a leading 'after' ignored."""
    if not text or not text.strip():
        return NOT_RECORDED
    cleaned = _LEAD_IN.sub("", " ".join(text.split()).strip(" .,;")).casefold()
    return cleaned or NOT_RECORDED


def trend(counts: list[int]) -> str:
    """Rising, falling or steady over the half-terms, by the least-squares slope, with the
    change from the one before the latest."""
    if len(counts) < 2:
        return "not enough half-terms yet to show a trend"
    n = len(counts)
    mean_x, mean_y = (n - 1) / 2, sum(counts) / n
    slope = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(counts)) / sum(
        (x - mean_x) ** 2 for x in range(n)
    )
    # Less than a tenth of an incident a half-term either way is no trend.
    word = "falling" if slope < -0.1 else "rising" if slope > 0.1 else "steady"
    previous, latest = counts[-2], counts[-1]
    change = latest - previous
    since = f"{latest} in the latest half-term, {previous} in the one before ({change:+d})"
    return f"{word} ({slope:+.1f} a half-term on average); {since}"


def build_reduction(
    rows: list[ForceRow],
    *,
    title: str,
    tz: ZoneInfo,
    half_term_of: HalfTermOf | None,
    first: date | None = None,
    last: date | None = None,
) -> Reduction:
    out = Reduction(title, first, last, total=len(rows))
    halves: dict[date, str] = {}
    per_half: Counter[date] = Counter()
    per_pupil: dict[str, tuple[str, Counter[date]]] = {}
    for r in rows:
        start, label = _half_term(r.occurred_at.astimezone(tz).date(), half_term_of)
        halves[start] = label
        per_half[start] += 1
        per_pupil.setdefault(r.pupil, (r.plan_type, Counter()))[1][start] += 1
    order = sorted(halves)
    out.by_half_term = [(halves[s], per_half[s]) for s in order]
    bands = Counter(_band(r.occurred_at, tz) for r in rows)
    out.by_time = [(label, bands[label]) for _, _, label in TIME_BANDS if bands[label]]
    out.by_place = Counter(_words(r.place) for r in rows).most_common(TOP)
    out.by_antecedent = Counter(_words(r.antecedent) for r in rows).most_common(TOP)
    out.by_pupil = sorted(
        ((name, plan, [c[s] for s in order]) for name, (plan, c) in per_pupil.items()),
        key=lambda p: (-sum(p[2]), p[0]),
    )
    out.trend = trend([per_half[s] for s in order])
    return out


def render_text(view: Reduction, made_by: str, now: datetime) -> str:
    span = f"{view.first or 'the first record'} to {view.last or now.date()}"
    lines = [
        view.title,
        f"Use of reasonable force, {span}. Made {now:%d/%m/%Y %H:%M} by {made_by}.",
        f"{view.total} incident(s) where force was used. Trend: {view.trend}.",
    ]

    def table(head: str, rows: list[tuple[str, int]]) -> None:
        lines.extend(["", head])
        lines.extend(f"  {count:>4}  {label}" for label, count in rows)
        if not rows:
            lines.append("     -  none")

    table("By half-term", view.by_half_term)
    table("By time of day", view.by_time)
    table(f"By place (top {TOP})", view.by_place)
    table(f"By what happened before (top {TOP})", view.by_antecedent)
    if view.by_pupil:
        heads = [label for label, _ in view.by_half_term]
        lines.extend(["", "By pupil (per half-term, in the order above)"])
        for name, plan, counts in view.by_pupil:
            per = ", ".join(f"{h}: {c}" for h, c in zip(heads, counts, strict=True) if c)
            lines.append(f"  {sum(counts):>4}  {name} ({plan}) · {per}")
    return "\n".join(lines) + "\n"


def render_csv(view: Reduction) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["table", "group", "incidents"])
    for name, rows in (
        ("half_term", view.by_half_term),
        ("time_of_day", view.by_time),
        ("place", view.by_place),
        ("antecedent", view.by_antecedent),
    ):
        writer.writerows([name, neutralise(label), count] for label, count in rows)
    for pupil, _plan, counts in view.by_pupil:
        writer.writerow(["pupil", neutralise(pupil), sum(counts)])
    return out.getvalue()


FORMATS = {"txt": "text/plain", "csv": "text/csv"}


def reduction_file(
    session: Session,
    school_id: int,
    *,
    pupil: Pupil | None,
    tz: ZoneInfo,
    now: datetime,
    requester: Requester,
    half_term_of: HalfTermOf | None,
    start: datetime | None = None,
    end: datetime | None = None,
    fmt: str = "txt",
) -> Attachment:
    """The reduction view as a file, for the school or one pupil; audited (and refused
    to anyone who may not see the school's records)."""
    if not may_see_school(requester, school_id):
        refuse(session, requester, school_id=school_id, detail="force reduction view: role")
    rows = force_incidents(
        session, school_id, pupil_id=pupil.id if pupil else None, start=start, end=end
    )
    school = session.get(School, school_id)
    about = pupil.full_name if pupil else (school.name if school else "the school")
    view = build_reduction(
        rows,
        title=f"Reducing the use of force: {about}",
        tz=tz,
        half_term_of=half_term_of,
        first=start.astimezone(tz).date() if start else None,
        last=end.astimezone(tz).date() if end else None,
    )
    text = render_csv(view) if fmt == "csv" else render_text(view, requester.label, now)
    audit(
        session,
        action="report",
        school_id=school_id,
        staff_id=requester.staff_id,
        platform=requester.platform,
        record_type="force_reduction",
        pupil_id=pupil.id if pupil else None,
        detail=f"format={fmt} incidents={view.total}",
    )
    name = f"force-reduction-{slug(about)}-{now:%Y-%m-%d}.{fmt}"
    return Attachment(name, text.encode("utf-8"), FORMATS[fmt], title=view.title)
