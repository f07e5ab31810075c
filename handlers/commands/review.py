"""`/review NAME booked DATE | held [DATE] | report sent [DATE]`: annual review progress.

Recording each step stops the matching reminders (schedules.jobs): booked
stops "book the meeting", held stops the pre-meeting reminders and starts the
"report to the LA" ones, report sent ends the cycle and moves the next
annual review's due date to 12 months after the meeting (the Code of Practice:
at least every 12 months), which starts next year's reminders. Which cycle a
meeting belongs to is storage.review_cycle's rule, as for the reminders.
The SENCO (or an admin) may record any pupil's review; a key worker, their
own key pupils'.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from handlers.lookup import one_pupil
from handlers.registry import command
from handlers.request import Request
from handlers.types import Reply
from storage import review_cycle
from storage.models import PlanType, Pupil, Staff

USAGE = "/review Sam B booked 13/1/2027 · /review Sam B held · /review Sam B report sent"
MANAGERS = frozenset({"senco", "admin"})
_ARGS = re.compile(
    r"^(?P<name>.+?)\s+(?P<step>booked|held|report\s+sent)\b(?:\s+(?:on|for)\b)?\s*(?P<date>.*)$",
    re.I | re.S,
)
_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}


def read_date(text: str, today: date, *, future: bool) -> date | None:
    """A British date: 13/1, 13/1/27, 13 Jan 2027, 2027-01-13, today, tomorrow, yesterday.

    Without a year it is the next such day (future) or the last one (past).
    Raises ValueError for something that is not a real date.
    """
    words = text.strip().lower().rstrip(".")
    if not words:
        return None
    relative = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if words in relative:
        return today + timedelta(days=relative[words])
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", words):
        return date(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?", words)
    if m is None:
        m2 = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)(?:\s+(\d{4}))?", words)
        if m2 is None or m2[2] not in _MONTHS:
            raise ValueError(text)
        day, month, year = int(m2[1]), _MONTHS[m2[2]], m2[3]
    else:
        day, month, year = int(m[1]), int(m[2]), m[3]
    if year is not None:
        return date(int(year) + (2000 if len(year) == 2 else 0), month, day)
    candidate = date(today.year, month, day)
    if future and candidate < today:
        candidate = date(today.year + 1, month, day)
    elif not future and candidate > today:
        candidate = date(today.year - 1, month, day)
    return candidate


def may_record_review(staff: Staff, pupil: Pupil) -> bool:
    """The SENCO or an admin for any pupil of their school; a key worker for their own."""
    if staff.school_id != pupil.school_id or not staff.active:
        return False
    return staff.role in MANAGERS or pupil.key_worker_id == staff.id


def _find_pupil(req: Request, name: str) -> Pupil | Reply:
    found = one_pupil(req, name, None)  # no buttons: the answer must repeat the whole command
    if isinstance(found, Reply):
        return found
    pupil = req.session.get(Pupil, found.id)
    if pupil is None or pupil.school_id != req.school_id:
        return Reply(text="I can't find that pupil.")
    if not may_record_review(req.staff, pupil):
        req.audit("refused", pupil_id=pupil.id, detail="/review: not their key pupil")
        return Reply(text="You can record reviews for your key pupils only. Ask your SENCO.")
    return pupil


@command(
    "review",
    summary="Record annual review progress (booked, held, report sent)",
    usage=USAGE,
    bare=_ARGS,
)
def review_command(req: Request, args: str) -> Reply:
    m = _ARGS.match(args.strip())
    if m is None:
        return Reply(text=f"Tell me the pupil and the step, for example:\n{USAGE}")
    pupil = _find_pupil(req, m["name"])
    if isinstance(pupil, Reply):
        return pupil
    return Reply(text=record_step(req, pupil, m["step"], m["date"])[1])


STEPS = ("booked", "held", "report sent")


def record_step(req: Request, pupil: Pupil, step: str, date_text: str) -> tuple[bool, str]:
    """Record one review step for a pupil the caller may record for (may_record_review):
    (stored, what to tell them). The chat command and the web pages both come here."""
    if pupil.plan_type != PlanType.ehcp.value or pupil.annual_review_due is None:
        return False, f"{pupil.full_name} has no EHCP annual review date on record."
    step = " ".join(step.lower().split())
    if step not in STEPS:
        return False, f"The step must be one of: {', '.join(STEPS)}."
    today = req.now.date()
    try:
        when = read_date(date_text, today, future=step == "booked")
    except ValueError:
        return False, f"I couldn't read “{date_text.strip()[:40]}” as a date. Use 13/1/2027."
    name, due = pupil.full_name, pupil.annual_review_due
    if step == "booked":
        if when is None:
            return False, f"When is the meeting? For example: /review {name} booked 13/1/2027"
        pupil.review_booked_on = when
        text = f"Booked ✓ {name}'s annual review meeting is on {when:%a %d %b %Y} (due {due:%d/%m/%Y})."
        if when > due:
            text += " ⚠ That's after the due date: reviews must be held at least every 12 months."
        text += " Invitations need at least 2 weeks' notice."
    elif step == "held":
        booked = pupil.review_booked_on
        if when is None and booked is not None and review_cycle.in_cycle(booked, due):
            # The meeting was booked for a day: that is when it was held, unless told otherwise.
            if booked > today:
                return (
                    False,
                    f"The meeting was booked for {booked:%a %d %b %Y}, which hasn't come yet. "
                    f"If it was held already, say when: /review {name} held {today:%d/%m/%Y}",
                )
            when = booked
        when = when or today
        if when > today:
            return False, "That date is in the future. Record the review once it has been held."
        if not review_cycle.in_cycle(when, due):
            return (
                False,
                f"That's more than 12 months before this review's due date ({due:%d/%m/%Y}), "
                "so it was last year's review.",
            )
        pupil.review_held_on = when
        text = (
            f"Held ✓ {name}'s annual review on {when:%a %d %b %Y}. I'll remind you weekly until "
            f"the report to the local authority is sent: /review {name} report sent. "
            f"The next review will be due by {review_cycle.next_due(when):%d/%m/%Y}."
        )
    else:
        when = when or today
        held = review_cycle.held_this_cycle(pupil.review_held_on, due)
        if held is None:
            return False, f"Record the meeting first: /review {name} held"
        if when > today or when < held:
            return False, "The report can't be sent before the meeting or in the future."
        pupil.review_report_sent_on = when
        # This cycle is done: the next review is due 12 months after its meeting, which
        # also leaves this cycle's dates behind (storage.review_cycle) for next year's reminders.
        pupil.annual_review_due = review_cycle.next_due(held)
        text = (
            f"Report sent ✓ {name}'s annual review is complete for this year. Reminders stop. "
            f"Next review due {pupil.annual_review_due:%d/%m/%Y}."
        )
    req.session.add(pupil)
    req.audit(
        "review",
        pupil_id=pupil.id,
        record_type="pupil",
        record_id=pupil.id,
        detail=f"{step} {when.isoformat()}",
    )
    return True, text
