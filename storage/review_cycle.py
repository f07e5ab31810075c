"""Which annual-review cycle a recorded date belongs to.

An EHCP must be reviewed at least every 12 months, so a review cycle is the
12 months up to its `annual_review_due` date (and any time after it while the
review is overdue). A meeting recorded in that window was this cycle's, even
months early (phase-transfer reviews are held in the autumn for a summer due
date); one recorded before it was the previous cycle's. When the report for a
held review is sent, the next review falls due 12 months after the meeting,
which puts that meeting just outside the new cycle.

One rule for the reminders and the reports (storage.queries.reviews)
and `/review` (handlers.commands.review).
"""

from __future__ import annotations

from datetime import date


def add_year(day: date) -> date:
    """The same date a year later; 29 February becomes 28 February (never later than 12 months)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return date(day.year + 1, 2, 28)


def next_due(held_on: date) -> date:
    """The next annual review's due date: 12 months after this one's meeting."""
    return add_year(held_on)


def in_cycle(day: date | None, due: date) -> bool:
    """Whether a recorded review date belongs to the cycle ending `due` (within the 12 months before it, or later)."""
    # add_year(day) > due, not day > due minus a year: so a meeting on day D is
    # always outside the cycle whose due date next_due(D) it set, 29 February included.
    return day is not None and add_year(day) > due


def held_this_cycle(held_on: date | None, due: date | None) -> date | None:
    """The meeting date if it was this cycle's review, else None."""
    if due is None:
        return None
    return held_on if in_cycle(held_on, due) else None


def report_sent_this_cycle(
    held_on: date | None, sent_on: date | None, due: date | None
) -> date | None:
    """The report-to-the-LA date if it followed this cycle's meeting, else None."""
    held = held_this_cycle(held_on, due)
    return sent_on if held is not None and sent_on is not None and sent_on >= held else None
