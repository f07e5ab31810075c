"""The SENCO's end-of-day digest: today's activity, behaviour, safeguarding, provision, reviews, follow-ups.

One message per recipient (every SENCO, plus DIGEST_EXTRA_RECIPIENTS) per
school day, keyed `digest:<staff>:<date>`. Safeguarding appears only as a
count and who it went to, never the words. The chart's data rides in the
payload and is drawn when the message is delivered (schedules.charts).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from schedules import charts
from schedules.config import ScheduleConfig
from schedules.message import PendingMessage, for_staff
from schedules.pace import WeekPace, week_pace
from schedules.wording import dmy, family_member, hhmm, plural, short_day, shorten
from storage.models import School, Staff
from storage.queries import people
from storage.queries.activity import StaffCount, counts_by_staff
from storage.queries.behaviour import IncidentRow, incidents
from storage.queries.contacts import FollowUpRow, follow_ups
from storage.queries.force import OpenRpi, open_rpis
from storage.queries.pace import ProvisionWeek, provision_week
from storage.queries.reviews import ReviewRow, reviews_open
from storage.queries.safeguarding import AlertCount, safeguarding_counts
from storage.queries.sessions import MissedRow, missed_sessions

DIGEST_REVIEW_HORIZON = timedelta(weeks=6)
MAX_PROVISION_LINES = 25
# Use-of-force records still open are listed for this long after the incident.
RPI_OPEN_WINDOW = timedelta(days=28)
MAX_RPI_LINES = 15


@dataclass
class DigestFacts:
    """One school's numbers for the digest, as the grouped queries returned them."""

    counts: list[StaffCount] = field(default_factory=list)
    incidents: list[IncidentRow] = field(default_factory=list)
    safeguarding: list[AlertCount] = field(default_factory=list)
    provisions: list[ProvisionWeek] = field(default_factory=list)
    missed: list[MissedRow] = field(default_factory=list)
    reviews: list[ReviewRow] = field(default_factory=list)
    follow_ups: list[FollowUpRow] = field(default_factory=list)
    open_rpis: list[OpenRpi] = field(default_factory=list)


def gather(
    session: Session, now: datetime, config: ScheduleConfig, school_id: int | None = None
) -> dict[int, DigestFacts]:
    """Every school's digest facts as at `now` (or one school's): one statement per section.

    A trust's digest costs the same handful of grouped queries however many
    schools it has; the rows are then split by school here.
    """
    day = now.date()
    start = config.start_of(day)
    pace = week_pace(config.calendar, day)
    facts: dict[int, DigestFacts] = defaultdict(DigestFacts)
    for c in counts_by_staff(session, school_id, start, now):
        facts[c.school_id].counts.append(c)
    for i in incidents(session, school_id, start, now):
        facts[i.school_id].incidents.append(i)
    for a in safeguarding_counts(session, school_id, start, now):
        facts[a.school_id].safeguarding.append(a)
    for p in provision_week(
        session,
        school_id,
        week_start=config.start_of(pace.monday),
        until=now,
        day=day,
        week_days=pace.school_days,
        ordered=False,  # _provision_lines and the chart sort what they show
    ):
        facts[p.school_id or 0].provisions.append(p)
    for m in missed_sessions(session, school_id, start, now):
        facts[m.school_id].missed.append(m)
    for r in reviews_open(session, school_id, due_by=day + DIGEST_REVIEW_HORIZON):
        facts[r.school_id].reviews.append(r)
    for f in follow_ups(session, school_id, due_from=None, due_to=day):
        facts[f.school_id].follow_ups.append(f)
    for o in open_rpis(session, school_id, config.start_of(day) - RPI_OPEN_WINDOW, now):
        facts[o.school_id].open_rpis.append(o)
    return facts


def digest_recipients(session: Session, config: ScheduleConfig) -> dict[int, list[Staff]]:
    """Each school's digest recipients: its SENCOs and the DIGEST_EXTRA_RECIPIENTS in it."""
    by_school: dict[int, dict[int | None, Staff]] = defaultdict(dict)
    for s in people.staff_with_role(session, None, "senco"):
        by_school[s.school_id][s.id] = s
    for extra in people.staff_by_emails(session, list(config.extra_recipients)):
        by_school[extra.school_id].setdefault(extra.id, extra)
    return {school: list(staff.values()) for school, staff in by_school.items()}


def digest(engine: Engine, now: datetime, config: ScheduleConfig) -> list[PendingMessage]:
    """The SENCO's end-of-day digest, one per recipient per school day."""
    now = now.astimezone(config.tz)
    if not config.calendar.is_school_day(now.date()):
        return []
    out: list[PendingMessage] = []
    with Session(engine) as session:
        recipients = digest_recipients(session, config)
        if not recipients:
            return []
        facts = gather(session, now, config)
        labels = people.staff_labels(session, None)
        for school in people.schools(session):
            if school.id not in recipients:
                continue
            named: set[int] = set()
            text, chart = _render(
                school, facts[school.id], labels, now, config, config.charts, named
            )
            # Only the chart's data goes in the outbox; it is drawn when delivered.
            payload: dict[str, Any] = {"charts": [chart]} if chart else {}
            payload["pupil_ids"] = sorted(named)
            for staff in recipients[school.id]:
                key = f"digest:{staff.id}:{now.date().isoformat()}"
                out.append(for_staff("digest", key, staff, text, payload))
    return out


def digest_for_school(
    session: Session,
    school: School,
    now: datetime,
    config: ScheduleConfig,
    *,
    chart: bool | None = None,
    named: set[int] | None = None,
) -> tuple[str, dict[str, Any] | None]:
    """(text, chart spec or None) of one school's digest as at `now` (see schedules.charts).

    The ids of the pupils it names (text or chart) are added to `named`, if given.
    """
    assert school.id is not None
    facts = gather(session, now, config, school.id)[school.id]
    labels = people.staff_labels(session, school.id)
    draw = config.charts if chart is None else chart
    return _render(school, facts, labels, now, config, draw, set() if named is None else named)


def _render(
    school: School,
    facts: DigestFacts,
    labels: dict[str, str],
    now: datetime,
    config: ScheduleConfig,
    chart: bool,
    named: set[int],
) -> tuple[str, dict[str, Any] | None]:
    day = now.date()
    pace = week_pace(config.calendar, day)
    lines = [f"Daily digest · {short_day(day)} {day.year} · {school.name}"]
    lines += _activity_lines(facts.counts)
    lines += _incident_lines(facts.incidents, config)
    lines += _safeguarding_lines(facts.safeguarding, labels)
    lines += _provision_lines(facts.provisions, pace, named)
    lines += _missed_lines(facts.missed)
    lines += _review_lines(facts.reviews, day, config)
    lines += _follow_up_lines(facts.follow_ups, day)
    lines += _open_rpi_lines(facts.open_rpis, config)
    named.update(
        r.pupil_id
        for r in (
            *facts.incidents,
            *facts.missed,
            *facts.reviews,
            *facts.follow_ups,
            *facts.open_rpis[:MAX_RPI_LINES],
        )
    )
    spec = None
    if chart:
        bars = charts.per_pupil(facts.provisions)
        spec = charts.chart_spec(
            bars, f"Provision this week to {short_day(day)}", f"provision-{day.isoformat()}.png"
        )
        named.update(b.pupil_id for b in bars)
    return "\n".join(lines), spec


def _activity_lines(counts: list[StaffCount]) -> list[str]:
    totals: dict[str, int] = defaultdict(int)
    missed = 0
    per_staff: dict[str, int] = defaultdict(int)
    for c in counts:
        totals[c.kind] += c.count
        missed += c.missed
        per_staff[c.staff_name] += c.count
    sessions = plural(totals["session"], "session") + (f" ({missed} missed)" if missed else "")
    line = (
        f"Today: {sessions} · {plural(totals['behaviour'], 'behaviour incident')} · "
        f"{plural(totals['parent_contact'], 'parent contact')}"
    )
    out = ["", line]
    if per_staff:
        out.append(
            "By staff: " + " · ".join(f"{name} {n}" for name, n in sorted(per_staff.items()))
        )
    return out


def _incident_lines(rows: list[IncidentRow], config: ScheduleConfig) -> list[str]:
    if not rows:
        return ["", "Behaviour: none logged today."]
    out = ["", f"Behaviour ({len(rows)}, most serious first):"]
    for r in rows:
        if r.physical_intervention:
            hold = r.hold_type or "hold"
            if r.hold_minutes:
                hold += f" {r.hold_minutes} min"
            detail = f"RPI ({hold}), injuries: {r.injuries or 'not recorded'}"
            flag = "" if r.parents_informed else " · ⚠ parents NOT yet informed"
            out.append(f"⚠ {hhmm(r.occurred_at, config.tz)} {r.pupil} – {detail}{flag}")
        else:
            injury = (
                f", injuries: {r.injuries}"
                if r.injuries and r.injuries.lower() not in ("none", "no")
                else ""
            )
            out.append(
                f"• {hhmm(r.occurred_at, config.tz)} {r.pupil} – {shorten(r.behaviour, 60)}{injury}"
            )
    return out


def _safeguarding_lines(rows: list[AlertCount], labels: dict[str, str]) -> list[str]:
    total = sum(r.count for r in rows)
    if not total:
        return ["", "Safeguarding: no concerns raised through Keyworker today."]

    def names(routed: str) -> str:
        emails = [e.strip() for e in routed.split(",") if e.strip()]
        return " and ".join(labels.get(e, e) for e in emails) or "nobody: no DSL was set up"

    by_who: dict[str, int] = defaultdict(int)
    for r in rows:
        if not r.undelivered:
            by_who[r.routed_to] += r.count
    undelivered = sum(r.count for r in rows if r.undelivered)
    parts = [f"{n} to {names(who)}" for who, n in by_who.items()]
    if undelivered:
        parts.append(f"⚠ {undelivered} UNDELIVERED: nobody could be reached")
    out = [
        "",
        f"Safeguarding: {plural(total, 'concern')} raised today ({'; '.join(parts)}). "
        "Details are with the DSL only.",
    ]
    if undelivered:
        out.append(
            "⚠ Make sure the DSL has been told in person about the undelivered concern(s); "
            "they are listed in /concerns."
        )
    return out


def _provision_lines(rows: list[ProvisionWeek], pace: WeekPace, named: set[int]) -> list[str]:
    if not rows:
        return []
    head = f"Provision this week (from {short_day(pace.monday)}, school day {pace.days_gone} of {pace.n}):"
    by_pupil: dict[int, list[ProvisionWeek]] = defaultdict(list)
    for r in rows:
        by_pupil[r.pupil_id].append(r)
    pupils = sorted(
        by_pupil.values(),
        key=lambda ps: (
            not any(p.behind for p in ps),
            ps[0].last_name,
            ps[0].first_name,
            ps[0].pupil_id,
        ),
    )
    out = ["", head]
    for provisions in pupils[:MAX_PROVISION_LINES]:
        parts = [
            f"{p.provision} {p.delivered}/{p.target}" + (" ⚠behind" if p.behind else "")
            for p in sorted(provisions, key=lambda p: p.provision_id)
        ]
        out.append(f"• {provisions[0].pupil}: " + ", ".join(parts))
        named.add(provisions[0].pupil_id)
    hidden = pupils[MAX_PROVISION_LINES:]
    if hidden:
        behind = sum(1 for ps in hidden if any(p.behind for p in ps))
        out.append(
            f"…and {len(hidden)} more pupils ({behind} behind): see the chart or /pupil NAME."
        )
    return out


def _missed_lines(rows: list[MissedRow]) -> list[str]:
    if not rows:
        return []
    out = ["", "Missed sessions today:"]
    out += [f"• {r.pupil} – {r.provision}: {shorten(r.reason, 50)} ({r.staff})" for r in rows]
    return out


def _review_lines(rows: list[ReviewRow], day: date, config: ScheduleConfig) -> list[str]:
    overdue = [r for r in rows if r.held_on is None and r.due < day]
    upcoming = [r for r in rows if r.held_on is None and r.due >= day]
    reports = [r for r in rows if r.report_pending]
    if not (overdue or upcoming or reports):
        return ["", "Annual reviews: none due in the next 6 weeks."]
    out = ["", "Annual reviews:"]
    for r in overdue:
        out.append(f"⚠ OVERDUE {r.pupil} – was due {dmy(r.due)}" + _booked(r))
    for r in upcoming:
        out.append(f"• {r.pupil} – due {dmy(r.due)}" + _booked(r))
    for r in reports:
        assert r.held_on is not None  # report_pending
        by = r.held_on + timedelta(days=config.la_report_days)
        late = " ⚠ late" if by < day else ""
        out.append(f"• {r.pupil} – held {dmy(r.held_on)}, report to LA due {dmy(by)}{late}")
    return out


def _booked(r: ReviewRow) -> str:
    return f" (meeting booked {dmy(r.booked_on)})" if r.booked_on else " (not booked)"


def _follow_up_lines(rows: list[FollowUpRow], day: date) -> list[str]:
    if not rows:
        return []
    out = ["", "Parent follow-ups due:"]
    for r in rows:
        when = "today" if r.follow_up_on == day else f"⚠ overdue since {short_day(r.follow_up_on)}"
        out.append(f"• {family_member(r.pupil, r.contact_with)} – {r.staff_name}, {when}")
    return out


def _open_rpi_lines(rows: list[OpenRpi], config: ScheduleConfig) -> list[str]:
    """Use-of-force records (last four weeks) still incomplete or not yet told to parents."""
    if not rows:
        return []
    incomplete = sum(1 for r in rows if r.missing)
    untold = sum(1 for r in rows if r.parents_not_told)
    out = [
        "",
        f"Use of force records still open ({incomplete} incomplete, {untold} with parents "
        "not yet told):",
    ]
    for r in rows[:MAX_RPI_LINES]:
        local = r.occurred_at.astimezone(config.tz)
        parts = []
        if r.parents_not_told:
            parts.append("⚠ parents NOT yet told")
        if r.missing:
            parts.append(f"{plural(len(r.missing), 'detail')} missing")
        out.append(
            f"• #{r.id} {r.pupil}, {short_day(local.date())} {hhmm(r.occurred_at, config.tz)}: {', '.join(parts)}"
        )
    if len(rows) > MAX_RPI_LINES:
        out.append(f"…and {len(rows) - MAX_RPI_LINES} more.")
    out.append("See one with /rpi N.")
    return out
