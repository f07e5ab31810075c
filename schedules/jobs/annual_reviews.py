"""EHCP annual review reminders on the SEND Code of Practice timeline, to the key worker and SENCO(s).

8 weeks before the due date: book the meeting (until booked). Counted back
from the meeting (the booked day, else the due date): 6 weeks (invitations,
advice), 2 weeks (circulate advice, with the key worker's evidence) and the
day. Weekly OVERDUE reminders, then weekly "report to the LA" reminders once
held. Phase-transfer pupils get an autumn reminder of the amended plan's
deadline. Keys: `review:<pupil>:<stage>:<staff>`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from schedules.config import ScheduleConfig
from schedules.message import PendingMessage, for_staff
from schedules.wording import dmy, plural
from storage.models import Staff
from storage.queries import people
from storage.queries.reviews import (
    Evidence,
    ReviewRow,
    evidence,
    phase_transfer_pupils,
    reviews_open,
)

# "Book the meeting" counts back from the due date; the rest from the meeting itself,
# as the Code of Practice's two-week notice and circulation limits do.
BOOK_STAGE_DAYS = 56
MEETING_STAGES = ((42, "6w"), (14, "2w"), (0, "day"))


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
        # The whole trust at once: one query per kind of row, then split by school.
        sencos_by_school: dict[int, list[Staff]] = defaultdict(list)
        for senco in people.staff_with_role(session, None, "senco"):
            sencos_by_school[senco.school_id].append(senco)
        # Far enough ahead for the first reminder of each kind: 8 weeks before the due
        # date, 6 weeks before a meeting booked (maybe months) earlier than that.
        open_by_school: dict[int, list[ReviewRow]] = defaultdict(list)
        for r in reviews_open(
            session,
            None,
            due_by=window_end + timedelta(days=BOOK_STAGE_DAYS),
            meeting_by=window_end + timedelta(days=MEETING_STAGES[0][0]),
        ):
            open_by_school[r.school_id].append(r)
        phase_by_school: dict[int, list[ReviewRow]] = defaultdict(list)
        if cal.autumn_term_start(today) == today and config.phase_transfer_years:
            for r in phase_transfer_pupils(session, None, config.phase_transfer_years):
                phase_by_school[r.school_id].append(r)
        # Key workers in one query, not a get() per review (a trust has hundreds).
        workers = people.staff_by_ids(
            session,
            (
                r.key_worker_id
                for rows in (*open_by_school.values(), *phase_by_school.values())
                for r in rows
            ),
        )
        # The key worker's evidence for every review at its two-week stage, in one go.
        evidence_by_pupil = evidence(
            session,
            {
                r.pupil_id: _evidence_window(r, config)
                for rows in open_by_school.values()
                for r in rows
                if "2w" in _meeting_stages_due(r, today, window_end)
            },
        )
        for school_id in sorted({*open_by_school, *phase_by_school}):
            rows, phase = open_by_school[school_id], phase_by_school[school_id]
            sencos = sencos_by_school[school_id]
            for r in rows:
                for stage, text in _review_due_stages(
                    r, today, window_end, config, evidence_by_pupil
                ):
                    for staff in _review_recipients(r, workers, sencos):
                        out.append(
                            for_staff(
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
                        for_staff(
                            "review_reminders",
                            f"review:{r.pupil_id}:phase:{today.year}:{staff.id}",
                            staff,
                            text,
                            {"pupil_ids": [r.pupil_id]},
                        )
                    )
    return out


def _review_recipients(r: ReviewRow, workers: dict[int, Staff], sencos: list[Staff]) -> list[Staff]:
    """The pupil's (active) key worker and the SENCO(s); `workers` from people.staff_by_ids."""
    recipients: dict[int | None, Staff] = {}
    worker = workers.get(r.key_worker_id) if r.key_worker_id is not None else None
    if worker is not None:
        recipients[worker.id] = worker
    for s in sencos:
        recipients.setdefault(s.id, s)
    return list(recipients.values())


def _meeting_stages_due(r: ReviewRow, today: date, window_end: date) -> list[str]:
    """The stages counted back from the meeting ('6w', '2w', 'day') that fall in today's
    window; none once the review is held or the meeting day has passed."""
    if r.report_pending or r.meeting_day < today:
        return []
    return [
        stage
        for days, stage in MEETING_STAGES
        if _hit(r.meeting_day - timedelta(days=days), today, window_end)
    ]


def _review_due_stages(
    r: ReviewRow,
    today: date,
    window_end: date,
    config: ScheduleConfig,
    evidence_by_pupil: Mapping[int, Evidence],
) -> Iterator[tuple[str, str]]:
    """(stage key, text) pairs due for this review in today's window.

    Held this cycle: only the weekly "report to the LA" reminder. Otherwise
    "book the meeting" 8 weeks before the due date (until booked), weekly
    OVERDUE once the due date has passed, and the invitations (6 weeks),
    circulate-advice (2 weeks) and on-the-day stages counted back from the
    meeting (the booked day, else the due date). The meeting day is in those
    stages' keys, so rebooking the meeting re-arms them. `evidence_by_pupil` holds
    the evidence of every review at its two-week stage today.
    """
    due, meeting = r.due, r.meeting_day
    if r.report_pending:
        report_by = r.held_on + timedelta(days=config.la_report_days)
        hit = _weekly_hit(r.held_on, today, window_end)
        if hit:
            state = (
                f"was due {dmy(report_by)}: it is late"
                if report_by < today
                else f"is due by {dmy(report_by)}"
            )
            yield (
                f"report:{r.held_on.isoformat()}:{hit.isoformat()}",
                f"Annual review for {r.pupil} was held on {dmy(r.held_on)}. The school's report "
                f"to the local authority {state}. When it has gone: /review {r.pupil} report sent",
            )
        return
    if due < today:
        hit = _weekly_hit(due, today, window_end)
        if hit:
            yield (
                f"overdue:{due.isoformat()}:{hit.isoformat()}",
                f"⚠ Annual review for {r.pupil} is OVERDUE (was due {dmy(due)})"
                + (f"; meeting booked {dmy(r.booked_on)}" if r.booked_on else "; no meeting booked")
                + f". Reviews must be held at least every 12 months. Once it's held: /review {r.pupil} held",
            )
    elif r.booked_on is None and _hit(due - timedelta(days=BOOK_STAGE_DAYS), today, window_end):
        yield (
            f"8w:{due.isoformat()}",
            (
                f"Annual review for {r.pupil} is due {dmy(due)} (8 weeks). Book the meeting "
                f"with the family and professionals, then: /review {r.pupil} booked DD/MM/YYYY"
            ),
        )
    stages = _meeting_stages_due(r, today, window_end)
    if not stages:
        return
    if r.booked_on:
        what, today_text = (
            f"Annual review meeting for {r.pupil} is on {dmy(meeting)} (due {dmy(due)})",
            f"Annual review meeting for {r.pupil} is today ({dmy(meeting)}).",
        )
    else:
        what, today_text = (
            f"Annual review for {r.pupil} is due {dmy(due)}, no meeting booked yet",
            f"Annual review for {r.pupil} is due today ({dmy(due)}), no meeting booked.",
        )
    for stage in stages:
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
            yield (
                key,
                (
                    f"{what}: 2 weeks to go. Circulate the advice received to everyone invited. "
                    f"Key worker's evidence: {_evidence_line(r, evidence_by_pupil[r.pupil_id])}"
                ),
            )
        else:
            yield key, f"{today_text} After the meeting: /review {r.pupil} held"


def _evidence_window(r: ReviewRow, config: ScheduleConfig) -> tuple[datetime, datetime]:
    """The year before the review is due, as instants."""
    return config.start_of(r.due - timedelta(days=365)), config.start_of(r.due)


def _evidence_line(r: ReviewRow, e: Evidence) -> str:
    since = r.due - timedelta(days=365)
    rpi = f", {e.rpi} with physical intervention" if e.rpi else ""
    return (
        f"since {dmy(since)}, {plural(e.delivered, 'session')} delivered ({e.minutes:,} min), "
        f"{e.missed} missed; {plural(e.incidents, 'behaviour incident')}{rpi}."
    )


def _phase_text(r: ReviewRow, today: date) -> str:
    year = int("".join(ch for ch in (r.year_group or "0") if ch.isdigit()) or 0)
    deadline = date(today.year + 1, 3, 31) if year >= 11 else date(today.year + 1, 2, 15)
    move = "to post-16" if year >= 11 else "to a new school"
    return (
        f"Phase transfer: {r.pupil} (Year {year}) moves {move} next September. The amended EHCP "
        f"must be issued by {deadline.day} {deadline:%B %Y}, so hold the annual review this autumn "
        f"term (currently due {dmy(r.due)})."
    )
