"""The last resort for month names the grammar's own table does not know.

"3 Febuary" and "4th Septmber" are read by our own spelling correction
first (`fuzzy_month`); only a month-like word that still fails goes to
`dateparser`, fed just that short phrase, through ONE `DateDataParser`
built on first use (`warm_up()` builds it at start-up). dateparser never
sees a whole message and is never on the common path: a message without
such a word does not reach this module.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from rapidfuzz.distance import OSA

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_FULL_MONTHS = [k for k in MONTHS if len(k) > 4 or k in ("june", "july", "may")]

_parser_lock = threading.Lock()
_parser: Any = None


def _date_parser() -> Any:
    """The one DateDataParser, built on first use (or by `warm_up()`)."""
    global _parser
    if _parser is None:
        with _parser_lock:
            if _parser is None:
                from dateparser.date import DateDataParser  # type: ignore[import-untyped]

                _parser = DateDataParser(
                    languages=["en"],
                    locales=["en-GB"],
                    settings={
                        "PREFER_DATES_FROM": "past",
                        "DATE_ORDER": "DMY",
                        "RETURN_AS_TIMEZONE_AWARE": False,
                        "STRICT_PARSING": False,
                    },
                )
    return _parser


@lru_cache(maxsize=512)
def dateparser_day_month(phrase: str) -> tuple[int, int] | None:
    """Day and month of a phrase such as '3rd Septembre', via dateparser."""
    try:
        data = _date_parser().get_date_data(phrase)
    except Exception:  # dateparser raising must never break a log
        return None
    if data is None or data.date_obj is None or data.period != "day":
        return None
    return int(data.date_obj.day), int(data.date_obj.month)


@lru_cache(maxsize=256)
def fuzzy_month(word: str) -> int | None:
    """A misspelt month ('Febuary', 'Novemeber', 'Septmber'): same first three
    letters and at most two edits from the full name."""
    for full in _FULL_MONTHS:
        if full[:3] == word[:3] and OSA.distance(word, full, score_cutoff=2) <= 2:
            return MONTHS[full]
    return None


def loose_day_month(phrase: str, day: int, month_word: str) -> tuple[int, int] | None:
    """(day, month) of "3 Febuary": our spelling correction, then dateparser."""
    month = fuzzy_month(month_word)
    if month is not None:
        return day, month
    return dateparser_day_month(phrase)


def warm_up() -> None:
    """Build the dateparser parser and load its English data now, not on the
    first message that needs it (the first call costs ~100 ms)."""
    dateparser_day_month.cache_clear()
    dateparser_day_month("3rd September")
    dateparser_day_month("17 November 2025")
    dateparser_day_month.cache_clear()
