"""The roster's optional columns (issue 15), read and checked: a pupil's date of birth, census
SEN status and types of need with the days they started; a provision's dates, who delivers
it, group size, hourly cost and intended outcome with its entry and exit measures.

Each reader takes the row's text by contract column (storage.importer) and returns
(values by model field, problems): every problem says which column and what it should
be, so the import can list them line by line. A column the file doesn't have is left out
of the values, so importing an old file leaves what is stored alone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from storage.models import PlanType
from storage.vocabulary import (
    DELIVERER_ALIASES,
    DELIVERERS,
    NEED_TYPES,
    SEN_STATUS_LABELS,
    SenStatus,
)

MAX_GROUP_SIZE = 30
MAX_HOURLY_COST = Decimal(1000)
MAX_AGE_YEARS = 25  # the oldest a pupil with an EHC plan can be
OUTCOME_LENGTH, MEASURE_LENGTH = 500, 200
# Census code <-> the plan the pupil has (N: no longer on the SEN register).
PLAN_OF_STATUS = {SenStatus.ehcp.value: PlanType.ehcp.value, "K": PlanType.sen_support.value}
# Words for the SEN status an MIS export may write instead of the code.
_STATUS_WORDS = {
    "ehcp": "E",
    "ehc plan": "E",
    "sen support": "K",
    "none": "N",
    "no sen": "N",
}


def parse_date(value: str) -> date | None:
    """ISO (2026-12-09) or British (09/12/2026) dates; None if neither."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _date(row: dict[str, str], column: str, problems: list[str]) -> date | None:
    text = row.get(column, "")
    if not text:
        return None
    day = parse_date(text)
    if day is None:
        problems.append(f"{column} '{text}' is not a date (use 2027-01-20 or 20/01/2027)")
    return day


def sen_status(text: str) -> str | None:
    """E, K or N from the code or the words an MIS writes; None if none of them."""
    folded = " ".join(text.lower().split())
    code = _STATUS_WORDS.get(folded, folded.upper())
    return code if code in SEN_STATUS_LABELS else None


def need_type(text: str) -> str | None:
    code = text.strip().upper()
    return code if code in NEED_TYPES else None


def deliverer(text: str) -> str | None:
    folded = " ".join(text.lower().split())
    code = DELIVERER_ALIASES.get(folded, folded.replace(" ", "_"))
    return code if code in DELIVERERS else None


def pence(text: str) -> int | None:
    """'12.50', '£12.50', '1,200' -> pence; None when not a sum of money from 0 to £1,000."""
    cleaned = text.strip().lstrip("£").replace(",", "").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite() or not (0 <= value <= MAX_HOURLY_COST):
        return None
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def pupil_fields(
    row: dict[str, str], present: set[str], plan_type: str | None, today: date
) -> tuple[dict[str, Any], list[str]]:
    """The pupil's census fields from the optional columns the file has."""
    problems: list[str] = []
    values: dict[str, Any] = {}
    if "date_of_birth" in present:
        born = _date(row, "date_of_birth", problems)
        if born is not None and not (date(today.year - MAX_AGE_YEARS - 1, 1, 1) <= born <= today):
            problems.append(f"date_of_birth {born:%d/%m/%Y} is not a pupil's date of birth")
        values["date_of_birth"] = born
    if "sen_status" in present:
        text = row["sen_status"]
        status = sen_status(text) if text else None
        if text and status is None:
            problems.append(
                f"sen_status '{text}' must be a census code: "
                + ", ".join(f"{code} ({label})" for code, label in SEN_STATUS_LABELS.items())
            )
        wanted = PLAN_OF_STATUS.get(status or "")
        if wanted and plan_type and plan_type != wanted:
            problems.append(f"sen_status {status} means {wanted}, but plan_type is {plan_type}")
        values["sen_status"] = status
    for column in ("primary_need", "secondary_need"):
        if column not in present:
            continue
        text = row[column]
        code = need_type(text) if text else None
        if text and code is None:
            problems.append(f"{column} '{text}' must be one of: {' '.join(NEED_TYPES)}")
        values[column] = code
    if values.get("secondary_need") and "primary_need" in present and not values["primary_need"]:
        problems.append("secondary_need is given without a primary_need")
    if values.get("secondary_need") and values.get("secondary_need") == values.get("primary_need"):
        problems.append("secondary_need is the same as primary_need")
    if values.get("sen_status") == "E" and "NSA" in (
        values.get("primary_need"),
        values.get("secondary_need"),
    ):
        problems.append("NSA (no specialist assessment) is for SEN support, not an EHC plan")
    for column in ("sen_status_from", "primary_need_from", "secondary_need_from"):
        if column in present:
            values[column] = _date(row, column, problems)
            of = column.removesuffix("_from")
            if values[column] and not row.get(of):
                problems.append(f"{column} is given without a {of}")
    return values, problems


def plan_from_status(row: dict[str, str]) -> str | None:
    """The plan_type a census code implies, for a row that leaves plan_type empty."""
    return PLAN_OF_STATUS.get(sen_status(row.get("sen_status", "")) or "")


def provision_fields(row: dict[str, str], present: set[str]) -> tuple[dict[str, Any], list[str]]:
    """A provision's dates, deliverer, group size, cost and outcome from the optional columns."""
    problems: list[str] = []
    values: dict[str, Any] = {}
    for column, name in (("start_date", "start_on"), ("end_date", "end_on")):
        if column in present:
            values[name] = _date(row, column, problems)
    if values.get("start_on") and values.get("end_on") and values["end_on"] < values["start_on"]:
        problems.append("end_date is before start_date")
    readers: dict[str, tuple[str, Callable[[str], Any], str]] = {
        "delivered_by": (
            "delivered_by",
            deliverer,
            f"must be one of: {', '.join(DELIVERERS)} (a role, not a person)",
        ),
        "group_size": (
            "group_size",
            lambda t: int(t) if t.isdigit() and 1 <= int(t) <= MAX_GROUP_SIZE else None,
            f"must be a whole number of pupils, 1 (one to one) to {MAX_GROUP_SIZE}",
        ),
        "hourly_cost": (
            "hourly_cost_pence",
            pence,
            f"must be the cost of an hour in pounds, e.g. 18.50 (0 to {MAX_HOURLY_COST:,})",
        ),
    }
    for column, (name, read, rule) in readers.items():
        if column not in present:
            continue
        text = row[column]
        value = read(text) if text else None
        if text and value is None:
            problems.append(f"{column} '{text}' {rule}")
        values[name] = value
    for column, limit in (
        ("outcome", OUTCOME_LENGTH),
        ("entry_measure", MEASURE_LENGTH),
        ("exit_measure", MEASURE_LENGTH),
    ):
        if column in present:
            text = row[column]
            if len(text) > limit:
                problems.append(f"{column} is longer than {limit} characters")
            values[column] = text or None
    return values, problems
