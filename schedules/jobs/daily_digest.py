"""The SENCO's end-of-day digest: today's activity, behaviour, safeguarding, provision, reviews, follow-ups.

One message per recipient (every SENCO, plus DIGEST_EXTRA_RECIPIENTS) per
school day, keyed `digest:<staff>:<date>`. Safeguarding appears only as a
count and who it went to, never the words. The chart's data rides in the
payload and is drawn when the message is delivered (schedules.charts).
"""

from __future__ import annotations

from collections import defaultdict
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
from storage.queries.pace import ProvisionWeek, provision_week
from storage.queries.reviews import ReviewRow, reviews_open
from storage.queries.safeguarding import safeguarding_counts
from storage.queries.sessions import MissedRow, missed_sessions

DIGEST_REVIEW_HORIZON = timedelta(weeks=6)
MAX_PROVISION_LINES = 25


def digest_recipients(session: Session, school_id: int, config: ScheduleConfig) -> list[Staff]:
    staff = {s.id: s for s in people.staff_with_role(session, school_id, "senco")}
    for extra in people.staff_by_emails(session, list(config.extra_recipients)):
        if extra.school_id == school_id:
            staff.setdefault(extra.id, extra)
    return list(staff.values())


def digest(engine: Engine, now: datetime, config: ScheduleConfig) -> list[PendingMessage]:
    """The SENCO's end-of-day digest, one per recipient per school day."""
    now = now.astimezone(config.tz)
    if not config.calendar.is_school_day(now.date()):
        return []
    out: list[PendingMessage] = []
    with Session(engine) as session:
        for school in people.schools(session):
            recipients = digest_recipients(session, school.id, config)
            if not recipients:
                continue
            named: set[int] = set()
            text, chart = digest_for_school(session, school, now, config, named=named)
            # Only the chart's data goes in the outbox; it is drawn when delivered.
            payload: dict[str, Any] = {"charts": [chart]} if chart else {}
            payload["pupil_ids"] = sorted(named)
            for staff in recipients:
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
    named = set() if named is None else named
    day = now.date()
    start = config.start_of(day)
    pace = week_pace(config.calendar, day)
    lines = [f"Daily digest · {short_day(day)} {day.year} · {school.name}"]
    lines += _activity_lines(counts_by_staff(session, school.id, start, now))
    incident_rows = incidents(session, school.id, start, now)
    lines += _incident_lines(incident_rows, config)
    lines += _safeguarding_lines(
        safeguarding_counts(session, school.id, start, now),
        people.staff_labels(session, school.id),
    )
    rows = provision_week(
        session,
        school.id,
        week_start=config.start_of(pace.monday),
        until=now,
        day=day,
        week_days=pace.school_days,
    )
    lines += _provision_lines(rows, pace, named)
    missed = missed_sessions(session, school.id, start, now)
    lines += _missed_lines(missed)
    reviews = reviews_open(session, school.id, due_by=day + DIGEST_REVIEW_HORIZON)
    lines += _review_lines(reviews, day, config)
    follow = follow_ups(session, school.id, due_from=None, due_to=day)
    lines += _follow_up_lines(follow, day)
    named.update(r.pupil_id for r in (*incident_rows, *missed, *reviews, *follow))
    spec = None
    if config.charts if chart is None else chart:
        spec = charts.chart_spec(
            rows, f"Provision this week to {short_day(day)}", f"provision-{day.isoformat()}.png"
        )
        if spec:
            shown = {p[0] for p in spec["pupils"]}
            named.update(r.pupil_id for r in rows if r.pupil in shown)
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


def _safeguarding_lines(rows: list[tuple[str, int]], labels: dict[str, str]) -> list[str]:
    total = sum(n for _, n in rows)
    if not total:
        return ["", "Safeguarding: no concerns raised through Keyworker today."]

    def names(routed: str) -> str:
        emails = [e.strip() for e in routed.split(",") if e.strip()]
        return " and ".join(labels.get(e, e) for e in emails) or "nobody: no DSL was set up"

    to = "; ".join(f"{n} to {names(who)}" for who, n in rows)
    return [
        "",
        f"Safeguarding: {plural(total, 'concern')} raised today ({to}). "
        "Details are with the DSL only.",
    ]


def _provision_lines(rows: list[ProvisionWeek], pace: WeekPace, named: set[int]) -> list[str]:
    if not rows:
        return []
    head = f"Provision this week (from {short_day(pace.monday)}, school day {pace.days_gone} of {pace.n}):"
    by_pupil: dict[int, list[ProvisionWeek]] = defaultdict(list)
    for r in rows:
        by_pupil[r.pupil_id].append(r)
    pupils = sorted(
        by_pupil.values(),
        key=lambda ps: (not any(p.behind for p in ps), ps[0].last_name, ps[0].first_name),
    )
    out = ["", head]
    for provisions in pupils[:MAX_PROVISION_LINES]:
        parts = [
            f"{p.provision} {p.delivered}/{p.target}" + (" ⚠behind" if p.behind else "")
            for p in provisions
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
