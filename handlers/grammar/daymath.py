"""Calendar arithmetic for the /log grammar: which real day a typed date means.

Pure functions of small arguments (today's date and the numbers typed), so
they are cached: a day's messages ask the same few questions ("Monday",
"3/6" as of today) and the arithmetic runs once per question. The rules
that find the words live in dates.py; this module only counts days.

Conventions (documented because they are choices):

* 3/11 is 3 November. A day/month with no year is this year's, unless that is
  more than a month ahead, in which case it is last year's (3/11 typed in June
  is last November; 20/6 typed on 9 June is a future date and is refused).
* "Monday" = the most recent Monday, today included; "last Monday" = the most
  recent Monday before today; a follow-up's "Monday" = the next one after today.
* "the 12th" = the most recent 12th (this month or the two before).
* A date more than `MAX_PAST_DAYS` ago (about 13 months: a school year and a
  little) is not a record anyone is logging now; it is refused as a typo.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

MAX_PAST_DAYS = 396


def safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def too_old(day: date, today: date) -> bool:
    """More than about 13 months before today."""
    return (today - day).days > MAX_PAST_DAYS


@lru_cache(maxsize=2048)
def resolve_day_month(
    today: date, d: int, m: int, y: int | None
) -> tuple[date | None, date | None]:
    """(past reading, future reading) of a day and month, with optional year."""
    if y is not None:
        if y < 100:
            y += 2000
        day = safe_date(y, m, d)
        return day, day
    this_year = safe_date(today.year, m, d)
    if this_year is None:
        # 29/2 in a non-leap year: try the neighbouring years.
        return safe_date(today.year - 1, m, d), safe_date(today.year + 1, m, d)
    past: date | None = this_year
    if this_year > today and (this_year - today).days > 31:
        past = safe_date(today.year - 1, m, d)
    future = this_year if this_year >= today else safe_date(today.year + 1, m, d)
    return past, future


@lru_cache(maxsize=1024)
def resolve_ordinal(today: date, d: int) -> tuple[date | None, date | None]:
    """(most recent, next) day of the month numbered `d`."""
    past = future = None
    y, m = today.year, today.month
    for _ in range(3):
        cand = safe_date(y, m, d)
        if cand and cand <= today:
            past = cand
            break
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    y, m = today.year, today.month
    for _ in range(3):
        cand = safe_date(y, m, d)
        if cand and cand >= today:
            future = cand
            break
        y, m = (y, m + 1) if m < 12 else (y + 1, 1)
    return past, future


@lru_cache(maxsize=1024)
def resolve_weekday(today: date, wd: int, mod: str | None) -> tuple[date, date]:
    """(past reading, future reading) of a weekday (0 = Monday) with its modifier."""
    back = (today.weekday() - wd) % 7
    if mod in ("last", "past", "previous"):
        back = back or 7
    ahead = (wd - today.weekday()) % 7
    if not (mod == "this" and ahead == 0):
        ahead = ahead or 7
    return today - timedelta(days=back), today + timedelta(days=ahead)


def next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())
