"""Which column of a school's MIS export holds which roster field, suggested and remembered.

SIMS, Arbor and Bromcom name their columns differently ("Legal Surname",
"Last name", "Surname"); `suggest` matches a file's header against the names
they use, and a school's confirmed choice is kept per school and file kind
(a KeyValue document) so next term's export needs no mapping at all.
"""

from __future__ import annotations

import re

from sqlmodel import Session, select

from storage.importer import COLUMNS, Mapping
from storage.models import KeyValue
from storage.types import utcnow

NAMESPACE = "roster.column_mapping"

# Contract column -> names MIS exports use for it (compared without case,
# spaces or punctuation). The contract's own name always matches too.
ALIASES: dict[str, tuple[str, ...]] = {
    "email": ("email address", "work email", "school email", "e-mail"),
    "name": ("full name", "staff name", "display name"),
    "role": ("staff role", "keyworker role"),
    "slack_user_id": ("slack id", "slack member id"),
    "telegram_user_id": ("telegram id",),
    "upn": ("unique pupil number", "pupil upn", "student upn"),
    "first_name": ("legal forename", "forename", "first name", "legal first name", "given name"),
    "last_name": ("legal surname", "surname", "last name", "family name"),
    "preferred_name": (
        "preferred forename",
        "preferred first name",
        "preferred name",
        "known as",
        "chosen name",
    ),
    "year_group": ("year", "year group", "national curriculum year", "nc year", "curriculum year"),
    "class": (
        "reg group",
        "registration group",
        "registration form",
        "form",
        "tutor group",
        "form group",
        "class name",
    ),
    "key_worker_email": ("key worker", "keyworker email", "key worker email", "key adult email"),
    "plan_type": ("sen status", "sen provision", "sen stage", "send status", "sen need type"),
    "annual_review_due": (
        "annual review",
        "annual review date",
        "next annual review",
        "ehcp review date",
        "review due",
    ),
    "provision": ("intervention", "provision name", "support"),
    "area_of_need": ("primary need area", "area of need", "need area", "broad area of need"),
    "sessions_per_week": ("sessions a week", "frequency per week", "times per week", "per week"),
    "minutes_per_session": ("duration", "session length", "minutes", "length (mins)"),
    "date_of_birth": ("dob", "date of birth", "birth date"),
    "primary_need": ("primary need", "sen primary need", "primary sen need", "need type 1"),
    "secondary_need": ("secondary need", "sen secondary need", "need type 2"),
    "start_date": ("start", "start date", "date started"),
    "end_date": ("end", "end date", "date ended"),
    "delivered_by": ("staff role", "delivered by", "provider"),
    "group_size": ("group size", "pupils in group", "ratio"),
    "hourly_cost": ("cost per hour", "hourly rate", "cost/hour"),
    "outcome": ("intended outcome", "target", "expected outcome"),
    "entry_measure": ("entry data", "baseline", "start score"),
    "exit_measure": ("exit data", "end score", "outcome score"),
}


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def suggest(kind: str, header: list[str], remembered: Mapping | None = None) -> Mapping:
    """A mapping for a file with this header: the school's remembered choice where its
    columns are still there, else the contract name or a known MIS name, else empty."""
    by_squashed = {_squash(h): h for h in header}
    mapping: Mapping = {}
    for column in COLUMNS[kind]:
        chosen = (remembered or {}).get(column, "")
        if chosen and chosen in header:
            mapping[column] = chosen
            continue
        names = (column, column.replace("_", " "), *ALIASES.get(column, ()))
        taken = set(mapping.values())  # one file column feeds one field ("SEN status")
        mapping[column] = next(
            (
                by_squashed[_squash(n)]
                for n in names
                if _squash(n) in by_squashed and by_squashed[_squash(n)] not in taken
            ),
            "",
        )
    return mapping


def _key(school_id: int, kind: str) -> str:
    return f"{school_id}:{kind}"


def remembered(session: Session, school_id: int, kind: str) -> Mapping | None:
    row = session.exec(
        select(KeyValue).where(
            KeyValue.namespace == NAMESPACE, KeyValue.key == _key(school_id, kind)
        )
    ).first()
    return dict(row.data.get("mapping", {})) if row else None


def remember(session: Session, school_id: int, kind: str, mapping: Mapping) -> None:
    row = session.exec(
        select(KeyValue).where(
            KeyValue.namespace == NAMESPACE, KeyValue.key == _key(school_id, kind)
        )
    ).first()
    if row is None:
        row = KeyValue(namespace=NAMESPACE, key=_key(school_id, kind))
    row.data = {"mapping": {c: mapping.get(c, "") for c in COLUMNS[kind]}}
    row.updated_at = utcnow()
    session.add(row)
