"""The four scheduled jobs, each a pure function `(engine, now, config) -> [PendingMessage]`.

They only read: `schedule preview` prints what they return, the scheduler
hands it to schedules.outbox.enqueue. Every message carries an idempotency
key (`digest:<staff>:<date>`...) so running a job twice stores it once.
Nothing is built on a day that is not a school day.

Texts name pupils: each goes to one member of staff by direct message, and
the payload's `pupil_ids` lists every pupil a message names, so the outbox can
audit the delivery per pupil. Safeguarding appears only as a count and who
it went to.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from schedules import charts
from schedules.config import ScheduleConfig
from schedules.pace import week_pace
from storage import queries as q
from storage.models import School, Staff

log = logging.getLogger(__name__)

# "Book the meeting" counts back from the due date; the rest from the meeting itself,
# as the Code of Practice's two-week notice and circulation limits do.
BOOK_STAGE_DAYS = 56
MEETING_STAGES = ((42, "6w"), (14, "2w"), (0, "day"))
DIGEST_REVIEW_HORIZON = timedelta(weeks=6)
MAX_PROVISION_LINES = 25
MAX_NUDGE_BUTTONS = 4


@dataclass(frozen=True)
class PendingMessage:
    key: str
    job: str
    school_id: int
    recipient_id: int
    recipient_email: str
    text: str
    payload: dict = field(default_factory=dict)


# -- small helpers ----------------------------------------------------------------
def _start_of(day: date, config: ScheduleConfig) -> datetime:
    return datetime.combine(day, time.min, tzinfo=config.tz)


def _d(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _dmy(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _hm(at: datetime, config: ScheduleConfig) -> str:
    return at.astimezone(config.tz).strftime("%H:%M")


def _short(text: str, limit: int = 70) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _choice(label: str, value: str, style: str | None = None) -> dict:
    return {"label": label, "value": value, "style": style}


def _schools(session: Session) -> list[School]:
    return list(session.exec(select(School).order_by(School.id)))


def _message(
    job: str, key: str, staff: Staff, text: str, payload: dict | None = None
) -> PendingMessage:
    return PendingMessage(key, job, staff.school_id, staff.id, staff.email, text, payload or {})


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


# -- daily digest -----------------------------------------------------------------
def digest_recipients(session: Session, school_id: int, config: ScheduleConfig) -> list[Staff]:
    people = {s.id: s for s in q.staff_with_role(session, school_id, "senco")}
    for extra in q.staff_by_emails(session, list(config.extra_recipients)):
        if extra.school_id == school_id:
            people.setdefault(extra.id, extra)
    return list(people.values())


def digest(engine: Engine, now: datetime, config: ScheduleConfig) -> list[PendingMessage]:
    """The SENCO's end-of-day digest, one per recipient per school day."""
    now = now.astimezone(config.tz)
    if not config.calendar.is_school_day(now.date()):
        return []
    out: list[PendingMessage] = []
    with Session(engine) as session:
        for school in _schools(session):
            recipients = digest_recipients(session, school.id, config)
            if not recipients:
                continue
            named: set[int] = set()
            text, chart = digest_for_school(session, school, now, config, named=named)
            # Only the chart's data goes in the outbox; it is drawn when delivered.
            payload = {"charts": [chart]} if chart else {}
            payload["pupil_ids"] = sorted(named)
            for staff in recipients:
                key = f"digest:{staff.id}:{now.date().isoformat()}"
                out.append(_message("digest", key, staff, text, payload))
    return out


def digest_for_school(
    session: Session,
    school: School,
    now: datetime,
    config: ScheduleConfig,
    *,
    chart: bool | None = None,
    named: set[int] | None = None,
) -> tuple[str, dict | None]:
    """(text, chart spec or None) of one school's digest as at `now` (see schedules.charts).

    The ids of the pupils it names (text or chart) are added to `named`, if given.
    """
    named = set() if named is None else named
    day = now.date()
    start = _start_of(day, config)
    pace = week_pace(config.calendar, day)
    lines = [f"Daily digest · {_d(day)} {day.year} · {school.name}"]
    lines += _activity_lines(q.counts_by_staff(session, school.id, start, now))
    incidents = q.incidents(session, school.id, start, now)
    lines += _incident_lines(incidents, config)
    lines += _safeguarding_lines(
        q.safeguarding_counts(session, school.id, start, now), q.staff_labels(session, school.id)
    )
    rows = q.provision_week(
        session,
        school.id,
        week_start=_start_of(pace.monday, config),
        until=now,
        day=day,
        week_days=pace.school_days,
    )
    lines += _provision_lines(rows, pace, named)
    missed = q.missed_sessions(session, school.id, start, now)
    lines += _missed_lines(missed, config)
    reviews = q.reviews_open(session, school.id, due_by=day + DIGEST_REVIEW_HORIZON)
    lines += _review_lines(reviews, day, config)
    follow = q.follow_ups(session, school.id, due_from=None, due_to=day)
    lines += _follow_up_lines(follow, day)
    named.update(r.pupil_id for r in (*incidents, *missed, *reviews, *follow))
    spec = None
    if config.charts if chart is None else chart:
        spec = charts.chart_spec(
            rows, f"Provision this week to {_d(day)}", f"provision-{day.isoformat()}.png"
        )
        if spec:
            shown = {p[0] for p in spec["pupils"]}
            named.update(r.pupil_id for r in rows if r.pupil in shown)
    return "\n".join(lines), spec


def _activity_lines(counts: list[q.StaffCount]) -> list[str]:
    totals: dict[str, int] = defaultdict(int)
    missed = 0
    per_staff: dict[str, int] = defaultdict(int)
    for c in counts:
        totals[c.kind] += c.count
        missed += c.missed
        per_staff[c.staff_name] += c.count
    sessions = _plural(totals["session"], "session") + (f" ({missed} missed)" if missed else "")
    line = (
        f"Today: {sessions} · {_plural(totals['behaviour'], 'behaviour incident')} · "
        f"{_plural(totals['parent_contact'], 'parent contact')}"
    )
    out = ["", line]
    if per_staff:
        out.append(
            "By staff: " + " · ".join(f"{name} {n}" for name, n in sorted(per_staff.items()))
        )
    return out


def _incident_lines(rows: list[q.IncidentRow], config: ScheduleConfig) -> list[str]:
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
            out.append(f"⚠ {_hm(r.occurred_at, config)} {r.pupil} – {detail}{flag}")
        else:
            injury = (
                f", injuries: {r.injuries}"
                if r.injuries and r.injuries.lower() not in ("none", "no")
                else ""
            )
            out.append(
                f"• {_hm(r.occurred_at, config)} {r.pupil} – {_short(r.behaviour, 60)}{injury}"
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
        f"Safeguarding: {_plural(total, 'concern')} raised today ({to}). "
        "Details are with the DSL only.",
    ]


def _provision_lines(rows: list[q.ProvisionWeek], pace, named: set[int]) -> list[str]:
    if not rows:
        return []
    head = f"Provision this week (from {_d(pace.monday)}, school day {pace.days_gone} of {pace.n}):"
    by_pupil: dict[int, list[q.ProvisionWeek]] = defaultdict(list)
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


def _missed_lines(rows: list[q.MissedRow], config: ScheduleConfig) -> list[str]:
    if not rows:
        return []
    out = ["", "Missed sessions today:"]
    out += [f"• {r.pupil} – {r.provision}: {_short(r.reason, 50)} ({r.staff})" for r in rows]
    return out


def _review_lines(rows: list[q.ReviewRow], day: date, config: ScheduleConfig) -> list[str]:
    overdue = [r for r in rows if r.held_on is None and r.due < day]
    upcoming = [r for r in rows if r.held_on is None and r.due >= day]
    reports = [r for r in rows if r.report_pending]
    if not (overdue or upcoming or reports):
        return ["", "Annual reviews: none due in the next 6 weeks."]
    out = ["", "Annual reviews:"]
    for r in overdue:
        out.append(f"⚠ OVERDUE {r.pupil} – was due {_dmy(r.due)}" + _booked(r))
    for r in upcoming:
        out.append(f"• {r.pupil} – due {_dmy(r.due)}" + _booked(r))
    for r in reports:
        by = r.held_on + timedelta(days=config.la_report_days)
        late = " ⚠ late" if by < day else ""
        out.append(f"• {r.pupil} – held {_dmy(r.held_on)}, report to LA due {_dmy(by)}{late}")
    return out


def _booked(r: q.ReviewRow) -> str:
    return f" (meeting booked {_dmy(r.booked_on)})" if r.booked_on else " (not booked)"


def _follow_up_lines(rows: list[q.FollowUpRow], day: date) -> list[str]:
    if not rows:
        return []
    out = ["", "Parent follow-ups due:"]
    for r in rows:
        when = "today" if r.follow_up_on == day else f"⚠ overdue since {_d(r.follow_up_on)}"
        who = f"{r.pupil}'s {r.contact_with}" if r.contact_with else f"{r.pupil}'s family"
        out.append(f"• {who} – {r.staff_name}, {when}")
    return out


# -- provision nudges -------------------------------------------------------------
def nudges(engine: Engine, now: datetime, config: ScheduleConfig) -> list[PendingMessage]:
    """One message per key worker listing provisions behind pace; none if nothing is."""
    now = now.astimezone(config.tz)
    day = now.date()
    if not config.calendar.is_school_day(day):
        return []
    pace = week_pace(config.calendar, day)
    out: list[PendingMessage] = []
    with Session(engine) as session:
        for school in _schools(session):
            # midday: today's sessions may still happen this afternoon (storage.pace_math)
            behind = q.provision_week(
                session,
                school.id,
                week_start=_start_of(pace.monday, config),
                until=now,
                day=day,
                week_days=pace.school_days,
                midday=True,
                behind_only=True,
            )
            by_worker: dict[int, list[q.ProvisionWeek]] = defaultdict(list)
            for row in behind:
                if row.key_worker_id is not None:
                    by_worker[row.key_worker_id].append(row)
            if not by_worker:
                continue
            workers = session.exec(
                select(Staff).where(
                    Staff.id.in_(by_worker), Staff.active, Staff.mute_nudges.is_(False)
                )
            )
            for staff in workers:
                text, choices = nudge_text(by_worker[staff.id], day, pace)
                key = f"nudges:{staff.id}:{day.isoformat()}"
                pupil_ids = sorted({r.pupil_id for r in by_worker[staff.id]})
                out.append(
                    _message(
                        "nudges", key, staff, text, {"choices": choices, "pupil_ids": pupil_ids}
                    )
                )
    out.sort(key=lambda m: m.recipient_id)
    return out


def _log_name(row: q.ProvisionWeek) -> str:
    # First (or preferred) name plus surname initial: unambiguous when two Sams share a class.
    return f"{row.preferred_name or row.first_name} {row.last_name[:1]}"


def nudge_text(rows: list[q.ProvisionWeek], day: date, pace) -> tuple[str, list[dict]]:
    lines = [
        f"Provision behind pace · {_d(day)} (school day {pace.days_gone} of {pace.n} this week)"
    ]
    for r in rows:
        lines.append(
            f"• {r.pupil} – {r.provision}: {r.delivered} of {r.target} this week, "
            f"{r.expected} expected by now"
        )
    first = rows[0]
    name, provision = _log_name(first), first.provision.lower()
    lines += [
        "",
        f"Log one: /log {name} {provision} {first.minutes_per_session} mins",
        f"Missed one? /log {name} {provision} missed - <reason>",
        "Stop these: /mute nudges",
    ]
    choices = []
    for r in rows[:MAX_NUDGE_BUTTONS]:
        choices.append(
            _choice(f"Log {_log_name(r)} {r.provision}", f"nudge_log:{r.provision_id}", "primary")
        )
        choices.append(
            _choice(f"Missed {_log_name(r)} {r.provision}", f"nudge_missed:{r.provision_id}")
        )
    return "\n".join(lines), choices


# -- annual review reminders ------------------------------------------------------
def _hit(milestone: date, today: date, window_end: date) -> bool:
    return today <= milestone < window_end


def _weekly_hit(base: date, today: date, window_end: date) -> date | None:
    """The first base + 7k (k >= 1) inside [today, window_end), if any."""
    k = max(1, -(-(today - base).days // 7))
    milestone = base + timedelta(days=7 * k)
    return milestone if milestone < window_end else None


def review_reminders(engine: Engine, now: datetime, config: ScheduleConfig) -> list[PendingMessage]:
    """SEND Code of Practice timeline reminders to the key worker and SENCO(s).

    A milestone that falls on a non-school day is sent on the last school day
    before it (deadlines are better early than late): each run covers the
    milestones in [today, next school day).
    """
    now = now.astimezone(config.tz)
    today = now.date()
    cal = config.calendar
    if not cal.is_school_day(today):
        return []
    window_end = cal.next_school_day(today) or today + timedelta(days=1)
    out: list[PendingMessage] = []
    with Session(engine) as session:
        for school in _schools(session):
            sencos = q.staff_with_role(session, school.id, "senco")
            # Far enough ahead for the first reminder of each kind: 8 weeks before the due
            # date, 6 weeks before a meeting booked (maybe months) earlier than that.
            rows = q.reviews_open(
                session,
                school.id,
                due_by=window_end + timedelta(days=BOOK_STAGE_DAYS),
                meeting_by=window_end + timedelta(days=MEETING_STAGES[0][0]),
            )
            phase = (
                q.phase_transfer_pupils(session, school.id, config.phase_transfer_years)
                if cal.autumn_term_start(today) == today and config.phase_transfer_years
                else []
            )
            # Key workers in one query, not a get() per review (a trust has hundreds).
            workers = q.staff_by_ids(session, (r.key_worker_id for r in (*rows, *phase)))
            for r in rows:
                for stage, text in _review_due_stages(session, r, today, window_end, config):
                    for staff in _review_recipients(r, workers, sencos):
                        out.append(
                            _message(
                                "review_reminders",
                                f"review:{r.pupil_id}:{stage}:{staff.id}",
                                staff,
                                text,
                                {"pupil_ids": [r.pupil_id]},
                            )
                        )
            for r in phase:
                text = _phase_text(r, today)
                for staff in _review_recipients(r, workers, sencos):
                    out.append(
                        _message(
                            "review_reminders",
                            f"review:{r.pupil_id}:phase:{today.year}:{staff.id}",
                            staff,
                            text,
                            {"pupil_ids": [r.pupil_id]},
                        )
                    )
    return out


def _review_recipients(
    r: q.ReviewRow, workers: dict[int, Staff], sencos: list[Staff]
) -> list[Staff]:
    """The pupil's (active) key worker and the SENCO(s); `workers` from q.staff_by_ids."""
    people = {}
    worker = workers.get(r.key_worker_id)
    if worker is not None:
        people[worker.id] = worker
    for s in sencos:
        people.setdefault(s.id, s)
    return list(people.values())


def _review_due_stages(
    session: Session, r: q.ReviewRow, today: date, window_end: date, config: ScheduleConfig
):
    """(stage key, text) pairs due for this review in today's window.

    Held this cycle: only the weekly "report to the LA" reminder. Otherwise
    "book the meeting" 8 weeks before the due date (until booked), weekly
    OVERDUE once the due date has passed, and the invitations (6 weeks),
    circulate-advice (2 weeks) and on-the-day stages counted back from the
    meeting (the booked day, else the due date). The meeting day is in those
    stages' keys, so rebooking the meeting re-arms them.
    """
    due, meeting = r.due, r.meeting_day
    if r.report_pending:
        report_by = r.held_on + timedelta(days=config.la_report_days)
        hit = _weekly_hit(r.held_on, today, window_end)
        if hit:
            state = (
                f"was due {_dmy(report_by)}: it is late"
                if report_by < today
                else f"is due by {_dmy(report_by)}"
            )
            yield (
                f"report:{r.held_on.isoformat()}:{hit.isoformat()}",
                f"Annual review for {r.pupil} was held on {_dmy(r.held_on)}. The school's report "
                f"to the local authority {state}. When it has gone: /review {r.pupil} report sent",
            )
        return
    if due < today:
        hit = _weekly_hit(due, today, window_end)
        if hit:
            yield (
                f"overdue:{due.isoformat()}:{hit.isoformat()}",
                f"⚠ Annual review for {r.pupil} is OVERDUE (was due {_dmy(due)})"
                + (
                    f"; meeting booked {_dmy(r.booked_on)}"
                    if r.booked_on
                    else "; no meeting booked"
                )
                + f". Reviews must be held at least every 12 months. Once it's held: /review {r.pupil} held",
            )
    elif r.booked_on is None and _hit(due - timedelta(days=BOOK_STAGE_DAYS), today, window_end):
        yield (
            f"8w:{due.isoformat()}",
            (
                f"Annual review for {r.pupil} is due {_dmy(due)} (8 weeks). Book the meeting "
                f"with the family and professionals, then: /review {r.pupil} booked DD/MM/YYYY"
            ),
        )
    if meeting < today:
        return
    if r.booked_on:
        what, today_text = (
            f"Annual review meeting for {r.pupil} is on {_dmy(meeting)} (due {_dmy(due)})",
            f"Annual review meeting for {r.pupil} is today ({_dmy(meeting)}).",
        )
    else:
        what, today_text = (
            f"Annual review for {r.pupil} is due {_dmy(due)}, no meeting booked yet",
            f"Annual review for {r.pupil} is due today ({_dmy(due)}), no meeting booked.",
        )
    for days, stage in MEETING_STAGES:
        if not _hit(meeting - timedelta(days=days), today, window_end):
            continue
        key = f"{stage}:{meeting.isoformat()}"
        if stage == "6w":
            yield (
                key,
                (
                    f"{what}: 6 weeks to go. Send the invitations and ask for advice now: "
                    "everyone needs at least 2 weeks' notice."
                ),
            )
        elif stage == "2w":
            ev = _evidence_line(session, r, config)
            yield (
                key,
                (
                    f"{what}: 2 weeks to go. Circulate the advice received to everyone invited. "
                    f"Key worker's evidence: {ev}"
                ),
            )
        else:
            yield key, f"{today_text} After the meeting: /review {r.pupil} held"


def _evidence_line(session: Session, r: q.ReviewRow, config: ScheduleConfig) -> str:
    since = r.due - timedelta(days=365)
    e = q.evidence(session, r.pupil_id, _start_of(since, config), _start_of(r.due, config))
    rpi = f", {e.rpi} with physical intervention" if e.rpi else ""
    return (
        f"since {_dmy(since)}, {_plural(e.delivered, 'session')} delivered ({e.minutes:,} min), "
        f"{e.missed} missed; {_plural(e.incidents, 'behaviour incident')}{rpi}."
    )


def _phase_text(r: q.ReviewRow, today: date) -> str:
    year = int("".join(ch for ch in (r.year_group or "0") if ch.isdigit()) or 0)
    deadline = date(today.year + 1, 3, 31) if year >= 11 else date(today.year + 1, 2, 15)
    move = "to post-16" if year >= 11 else "to a new school"
    return (
        f"Phase transfer: {r.pupil} (Year {year}) moves {move} next September. The amended EHCP "
        f"must be issued by {deadline.day} {deadline:%B %Y}, so hold the annual review this autumn "
        f"term (currently due {_dmy(r.due)})."
    )


# -- parent follow-ups ------------------------------------------------------------
def follow_ups(engine: Engine, now: datetime, config: ScheduleConfig) -> list[PendingMessage]:
    """A reminder to whoever made the contact, the school morning a follow-up falls due.

    Follow-ups promised for a weekend or holiday are reminded on the next
    school day (so none is skipped); overdue ones stay in the SENCO's digest.
    """
    now = now.astimezone(config.tz)
    today = now.date()
    cal = config.calendar
    if not cal.is_school_day(today):
        return []
    previous = cal.previous_school_day(today)
    due_from = previous + timedelta(days=1) if previous else today
    out: list[PendingMessage] = []
    with Session(engine) as session:
        for school in _schools(session):
            rows = q.follow_ups(session, school.id, due_from=due_from, due_to=today)
            staff_by_id = q.staff_by_ids(
                session, (r.staff_id for r in rows)
            )  # active only, one query
            for r in rows:
                staff = staff_by_id.get(r.staff_id)
                if staff is None:
                    continue
                when = "today" if r.follow_up_on == today else f"on {_d(r.follow_up_on)}"
                who = f"{r.pupil}'s {r.contact_with}" if r.contact_with else f"{r.pupil}'s family"
                how = f"{r.method.replace('_', ' ')} " if r.method else ""
                text = (
                    f"Follow-up due {when}: you said you'd get back to {who} "
                    f"({how}contact on {_d(r.occurred_at.astimezone(config.tz).date())}: "
                    f"“{_short(r.summary, 80)}”).\nDone? Press the button or send /followup done {r.contact_id}"
                )
                payload = {
                    "choices": [_choice("Mark done", f"followup_done:{r.contact_id}", "primary")],
                    "pupil_ids": [r.pupil_id],
                }
                out.append(
                    _message(
                        "follow_ups",
                        f"followup:{r.contact_id}:{r.follow_up_on.isoformat()}",
                        staff,
                        text,
                        payload,
                    )
                )
    return out


JOBS = {
    "follow_ups": follow_ups,
    "review_reminders": review_reminders,
    "nudges": nudges,
    "digest": digest,
}


def messages_for_day(
    engine: Engine, day: date, config: ScheduleConfig, until: time | None = None
) -> list[PendingMessage]:
    """Everything the jobs would send on `day` (up to `until`), each job run at its own time."""
    order = sorted(JOBS, key=lambda name: (config.job_time(name), list(JOBS).index(name)))
    out: list[PendingMessage] = []
    for name in order:
        at = config.job_time(name)
        if until is not None and at > until:
            continue
        out.extend(JOBS[name](engine, datetime.combine(day, at, tzinfo=config.tz), config))
    return out
