"""One validation for every form, whichever platform filled it in.

Platforms send a flat dict keyed by the schema's field keys, with values as
their widgets give them (strings, lists of ids, booleans, ISO dates) or as
typed by the person (a guided form's "2:15", "half an hour", "fri"). Each
value is read by its field's type, typed answers with the grammar's own
readers, then the schema's required rules and the columns' lengths are
checked. The result is a draft record (a ParseResult, the same shape a typed
/log gives) plus the form's own extra fields, or the problems by field key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from handlers.forms.schema import BY_KEY, Field, Values, fields_for, is_empty
from handlers.grammar.durations import MAX_MINUTES
from handlers.grammar.readers import read_follow_up_day, read_minutes, read_when
from handlers.grammar.result import ParseResult
from handlers.grammar.roster import Roster, RosterProvision, RosterPupil
from handlers.timetable import PRIMARY, Timetable
from storage.models import RECORD_MODELS, columns_of
from storage.vocabulary import KIND_LABELS, RecordKind, SessionStatus, truthy

# Further back than a school year is a typo ("3/6/1999"), not a record.
OLDEST = timedelta(days=400)
FUTURE = "That's in the future: logs are for things that have happened."
TOO_OLD = "That's more than a year ago. Check the date, or ask your SENCO to record it."
FOLLOW_UP_PAST = "A follow-up is for a day still to come (today or later)."
CHOOSE = "Choose one of the options."
# Record columns the form's extra fields are stored in, where the key differs.
COLUMN_OF = {"contact_method": "method"}
# Fields whose values become the draft itself; the others travel as `extra`.
DRAFT_KEYS = frozenset(
    {
        "kind",
        "pupil_ids",
        "involved_ids",
        "provision_id",
        "status",
        "missed_reason",
        "duration_minutes",
        "occurred_at",
        "contact_method",
        "contact_with",
        "follow_up_on",
        "physical_intervention",
        "notes",
    }
)


@dataclass
class Checked:
    """A form read and checked: the draft and extras when `errors` is empty."""

    draft: ParseResult | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isascii() and text.isdigit() else None


def _ids(value: Any) -> list[int]:
    raw = value if isinstance(value, list | tuple) else [value]
    return [i for i in (_int(x) for x in raw if x not in (None, "")) if i is not None]


def column_limit(kind: str | None, key: str) -> int | None:
    """The length the record's column holds for this field, if it has one."""
    model = RECORD_MODELS.get(str(kind))
    if model is None:
        return None
    column = columns_of(model).get(COLUMN_OF.get(key, key))
    return getattr(column.type, "length", None) if column is not None else None


class _Reader:
    """Reads each field of one form in turn, collecting the problems."""

    def __init__(self, values: Values, roster: Roster, now: datetime, timetable: Timetable):
        self.values = values
        self.roster = roster
        self.now = now
        self.timetable = timetable
        self.errors: dict[str, str] = {}
        self.read: dict[str, Any] = {}
        self.pupils: list[RosterPupil] = []
        self.involved: list[RosterPupil] = []
        self.provision: RosterProvision | None = None

    def run(self) -> None:
        kind = self.values.get("kind")
        if kind not in KIND_LABELS:
            self.errors["kind"] = BY_KEY["kind"].missing
            return
        self.read["kind"] = kind
        shape = {**self.values, "kind": kind}
        for f in fields_for(shape):
            if f.key == "kind":
                continue
            raw = self.values.get(f.key)
            if is_empty(raw) and f.type != "provision":
                if f.required(shape):
                    self.errors[f.key] = f.missing or f.question
                continue
            self._read_field(f, raw, kind)

    def _read_field(self, f: Field, raw: Any, kind: str) -> None:
        if f.type == "pupils":
            value, problem = self._read_pupils(f, raw)
        elif f.type == "provision":
            value, problem = self._read_provision(f, raw)
        else:
            value, problem = read_answer(f, raw, self.now, kind, self.timetable)
        if problem:
            self.errors[f.key] = problem
        elif value is not None:
            self.read[f.key] = value

    def _read_pupils(self, f: Field, raw: Any) -> tuple[Any, str | None]:
        pupils = [p for p in (self.roster.pupil(i) for i in _ids(raw)) if p is not None]
        if f.key == "involved_ids":
            return self._read_involved(pupils)
        if not pupils:
            return None, f.missing
        self.pupils = pupils
        return [p.id for p in pupils], None

    def _read_involved(self, pupils: list[RosterPupil]) -> tuple[Any, str | None]:
        """Other pupils involved: never the record's own pupils (they are its subjects)."""
        subjects = {p.id for p in self.pupils}
        both = [p for p in pupils if p.id in subjects]
        if both:
            who = " and ".join(p.display_name for p in both)
            return None, f"{who} is who this record is about: take them out of other pupils."
        self.involved = pupils
        return [p.id for p in pupils], None

    def _read_provision(self, f: Field, raw: Any) -> tuple[Any, str | None]:
        if not self.pupils:
            return None, None  # the pupil's own error says what to do first
        planned = [prov for p in self.pupils for prov in p.provisions]
        if not planned:
            names = " and ".join(p.display_name for p in self.pupils)
            return None, f"{names} has no provisions on their plan, so a session can't be logged."
        wanted = _int(raw)
        self.provision = next((prov for prov in planned if prov.id == wanted), None)
        if self.provision is None:
            return None, f.missing
        name = self.provision.name.casefold()
        lacking = [p for p in self.pupils if all(x.name.casefold() != name for x in p.provisions)]
        if lacking:
            # A group is stored whole or not at all: never for some of its pupils.
            who = " and ".join(p.display_name for p in lacking)
            return (
                None,
                f"{self.provision.name} isn't on {who}'s plan. Take them out or ask the SENCO.",
            )
        return self.provision.id, None


def read_answer(
    f: Field,
    raw: Any,
    now: datetime,
    kind: str | None = None,
    timetable: Timetable = PRIMARY,
) -> tuple[Any, str | None]:
    """One value of a field that needs no roster (minutes, a time, a day, text, a flag,
    a choice), as a widget sent it or as the person typed it; (value, problem)."""
    if f.type == "choice":
        value = str(raw)
        if f.option_label(value) is not None:
            return value, None
        typed = value.casefold().strip()
        hits = [v for v, label in f.options if typed and label.casefold().startswith(typed)]
        return (hits[0], None) if len(hits) == 1 else (None, CHOOSE)
    if f.type == "minutes":
        number = _int(raw)
        if number is not None:
            ok = 1 <= number <= MAX_MINUTES
            return (number, None) if ok else (None, f"Minutes from 1 to {MAX_MINUTES}, please.")
        reading = read_minutes(str(raw))
        return reading.value, reading.problem
    if f.type == "when":
        return _read_moment(raw, now, timetable)
    if f.type == "date":
        try:
            day = raw if isinstance(raw, date) else date.fromisoformat(str(raw).strip()[:10])
        except ValueError:
            day_reading = read_follow_up_day(str(raw), now)
            return day_reading.value, day_reading.problem
        return (day, None) if day >= now.date() else (None, FOLLOW_UP_PAST)
    if f.type == "flag":
        return truthy(raw), None
    text = str(raw).strip()
    limit = column_limit(kind, f.key) or f.max_length
    if len(text) > limit:
        return None, f"Please keep this under {limit:,} characters (it has {len(text):,})."
    return text, None


def _read_moment(
    raw: Any, now: datetime, timetable: Timetable
) -> tuple[datetime | None, str | None]:
    moment: datetime | None
    if isinstance(raw, datetime):
        moment = raw
    else:
        try:
            moment = datetime.fromisoformat(str(raw).strip())
        except ValueError:
            reading = read_when(str(raw), now, timetable)
            if reading.problem:
                return None, reading.problem
            moment = reading.value
    assert moment is not None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=now.tzinfo)
    if moment > now + timedelta(seconds=59):
        return None, FUTURE
    if moment < now - OLDEST:
        return None, TOO_OLD
    return moment, None


def check_form(
    values: Values, roster: Roster, now: datetime, timetable: Timetable = PRIMARY
) -> Checked:
    """Read and check a submitted form against the schema."""
    reader = _Reader(values, roster, now, timetable)
    reader.run()
    if reader.errors:
        return Checked(errors=reader.errors)
    read = reader.read
    kind = read["kind"]
    status = read.get("status", SessionStatus.delivered) if kind == RecordKind.session else None
    draft = ParseResult(
        text=str(read.get("notes") or ""),
        kind=kind,
        pupils=reader.pupils,
        provision=reader.provision,
        status=status,
        missed_reason=read.get("missed_reason") if status == SessionStatus.missed else None,
        duration_minutes=read.get("duration_minutes") if status != SessionStatus.missed else None,
        occurred_at=read.get("occurred_at", now),
        time_given="occurred_at" in read,
        time_precision="exact",  # a form's time is a clock time, or the moment it was sent
        contact_method=read.get("contact_method"),
        contact_with=read.get("contact_with"),
        follow_up_on=read.get("follow_up_on"),
        physical_intervention=bool(read.get("physical_intervention")),
        notes=str(read.get("notes") or ""),
        involved=reader.involved,
    )
    extra = {k: v for k, v in read.items() if k not in DRAFT_KEYS and k in BY_KEY}
    if "parents_informed_at" in extra:  # a time they were told says they were told
        extra["parents_informed"] = True
    if "parents_informed" in extra:  # asked: told (now, unless the form says when) or not
        extra["parents_informed"] = bool(extra["parents_informed"])
        if extra["parents_informed"]:
            extra.setdefault("parents_informed_at", now)
    return Checked(draft=draft, extra=extra)
