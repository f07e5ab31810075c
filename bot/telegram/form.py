"""The guided /log form on Telegram: one question at a time, inline buttons to answer.

A hand-rolled state machine (drawn in form.mmd) rather than a
ConversationHandler: the form mixes button presses with typed answers (a
pupil's name, other minutes, a time, notes), which a per_message
ConversationHandler cannot take, and its whole state is one JSON-able dict
kept in `user_data["form"]`, saved to the database by DatabasePersistence
after every step, so a form survives a restart of the bot.

The functions here know nothing of PTB: `start` builds the state from the
handlers' FormRequest, `on_button` / `on_text` move it on, `screen` draws the
current question, and `submission` flattens it to the FORM_FIELDS dict the
handlers validate. `apply_errors` sends the form back to the fields the
handlers refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from handlers.forms import KINDS
from handlers.render import KIND_WORDS, METHOD_WORDS
from handlers.types import Choice, FormRequest

PREFIX = "f:"
PUPIL_BUTTONS = 8
DURATIONS = (10, 15, 20, 30, 45)
EARLIER_SLOTS = 9
FIRST_SLOT_HOUR = 8
FORM_TTL = timedelta(hours=12)
KIND_LABELS = {
    "session": "Session",
    "behaviour": "Behaviour incident",
    "parent_contact": "Parent contact",
}
# Handler field -> the step that asks it; any other refused field is asked as free text.
STEP_FOR_FIELD = {
    "pupil_ids": "pupil",
    "kind": "kind",
    "provision_id": "provision",
    "duration_minutes": "duration",
    "contact_method": "method",
    "occurred_at": "time",
    "notes": "notes",
}
KIND_LETTERS = [("session", "s"), ("behaviour", "b"), ("parent_contact", "p")]
CHANGEABLE = {"pupil", "kind", "provision", "duration", "method", "time", "notes"}


@dataclass
class Outcome:
    """What a step did: 'show' the next question, 'submit', 'cancel', or 'stale' (ignored)."""

    action: str = "show"
    toast: str | None = None


@dataclass
class Screen:
    text: str
    rows: list[list[tuple[str, str]]] = field(default_factory=list)


# --- building and ending ----------------------------------------------------------------


def start(
    request: FormRequest, *, now: datetime, suggested: list[Choice] | None = None
) -> dict[str, Any]:
    values = dict(request.values)
    if request.kind in KINDS and not values.get("kind"):
        values["kind"] = request.kind
    suggest = [
        int(c.value.rsplit(":", 1)[1])
        for c in suggested or []
        if c.value.startswith("pick:pupil:") and c.value.rsplit(":", 1)[1].isdigit()
    ]
    state: dict[str, Any] = {
        "v": 1,
        "values": values,
        "record_ref": request.record_ref,
        "pupils": [[pid, label] for pid, label in request.pupil_options],
        "provisions": {
            str(pid): [[i, n] for i, n in opts] for pid, opts in request.provision_options.items()
        },
        "suggest": suggest,
        "matches": [],
        "asked": [],
        "ask": [],
        "sub": None,
        "notice": "",
        "started": now.isoformat(),
        "last_update": None,
    }
    if request.record_ref:
        state["asked"] = ["time", "notes"]
    state["step"] = next_step(state)
    return state


def expired(state: dict[str, Any], now: datetime) -> bool:
    try:
        return now - datetime.fromisoformat(state["started"]) > FORM_TTL
    except (KeyError, ValueError, TypeError):
        return True


def submission(state: dict[str, Any]) -> dict[str, Any]:
    """The flat FORM_FIELDS dict the handlers validate and store."""
    values = {k: v for k, v in state["values"].items() if v not in (None, "")}
    if state.get("record_ref"):
        values["record_ref"] = state["record_ref"]
    return values


def apply_errors(state: dict[str, Any], errors: dict[str, str]) -> None:
    """Send the form back to each field the handlers refused, with their reason."""
    values, asked = state["values"], state["asked"]
    for name, message in errors.items():
        step = STEP_FOR_FIELD.get(name)
        if step is not None:
            values.pop(name, None)
            if step in asked:
                asked.remove(step)
        elif name not in (f for f, _ in state["ask"]):
            state["ask"].append([name, message])
    state["notice"] = "\n".join(errors.values())
    state["sub"] = None
    state["step"] = next_step(state)


# --- moving on ----------------------------------------------------------------------------


def next_step(state: dict[str, Any]) -> str:
    v = state["values"]
    kind = v.get("kind")
    if not v.get("pupil_ids"):
        return "pupil"
    if kind not in KINDS:
        return "kind"
    if kind == "session" and not v.get("provision_id") and _provisions(state):
        return "provision"
    if (
        kind == "session"
        and v.get("duration_minutes") in (None, "")
        and v.get("status") != "missed"
    ):
        return "duration"
    if kind == "parent_contact" and not v.get("contact_method"):
        return "method"
    if not v.get("occurred_at") and "time" not in state["asked"]:
        return "time"
    if not v.get("notes") and "notes" not in state["asked"]:
        return "notes"
    if state["ask"]:
        return "fix"
    return "confirm"


def on_button(state: dict[str, Any], data: str, now: datetime) -> Outcome:
    step, _, value = data.removeprefix(PREFIX).partition(":")
    if step == "cancel":
        return Outcome("cancel")
    current = state["step"]
    if step == "change" and current == "confirm" and value in CHANGEABLE:
        if value == "pupil" and state.get("record_ref"):
            return Outcome("stale", "A correction can't change the pupil.")
        state.update(step=value, sub=None, notice="")
        return Outcome()
    if step != current:
        return Outcome("stale", "That button belongs to an earlier question.")
    state["notice"] = ""
    v = state["values"]
    if step == "pupil" and value.isdigit() and _pupil_label(state, int(value)):
        if v.get("pupil_ids") != [int(value)]:
            v.pop("provision_id", None)
        v["pupil_ids"] = [int(value)]
        state["matches"] = []
    elif step == "kind" and value in KINDS:
        v["kind"] = value
    elif (
        step == "provision"
        and value.isdigit()
        and any(p[0] == int(value) for p in _provisions(state))
    ):
        v["provision_id"] = int(value)
    elif step == "duration" and value == "other":
        state["sub"] = "other"
        return Outcome()
    elif step == "duration" and value.isdigit():
        v["duration_minutes"] = int(value)
    elif step == "method" and value in METHOD_WORDS:
        v["contact_method"] = value
    elif step == "time" and value in ("earlier", "type"):
        state["sub"] = value
        return Outcome()
    elif step == "time" and value == "now":
        v["occurred_at"] = _iso(now)
    elif step == "time" and value.startswith("@"):
        moment = _at_today(value[1:], now)
        if moment is None:
            return Outcome("stale", "That time has gone; pick another.")
        v["occurred_at"] = _iso(moment)
    elif step == "notes" and value == "skip":
        pass
    elif step == "confirm" and value == "save":
        return Outcome("submit")
    else:
        return Outcome("stale", "That button has expired.")
    _answered(state, step)
    return Outcome()


def on_text(state: dict[str, Any], text: str, now: datetime) -> Outcome:
    text = text.strip()
    step = state["step"]
    v = state["values"]
    state["notice"] = ""
    if step == "pupil":
        return _search_pupil(state, text)
    if step == "kind":
        kind = _match(text, [*KIND_LABELS.items(), *KIND_LETTERS])
        if kind is None:
            return _again(state, "Tap Session, Behaviour incident or Parent contact.")
        v["kind"] = kind
    elif step == "provision":
        found = _match(text, [(str(i), name) for i, name in _provisions(state)])
        if found is None:
            return _again(state, "Tap one of the provisions.")
        v["provision_id"] = int(found)
    elif step == "duration":
        minutes = parse_minutes(text)
        if minutes is None:
            return _again(state, "Minutes as a whole number from 1 to 600, e.g. 25.")
        v["duration_minutes"] = minutes
    elif step == "method":
        method = _match(text, list(METHOD_WORDS.items()))
        if method is None:
            return _again(state, "Tap how you were in touch.")
        v["contact_method"] = method
    elif step == "time":
        moment = parse_when(text, now)
        if moment is None:
            return _again(
                state, "I couldn't read that time. Try 10:40, yesterday 14:15 or 3/11 9:30."
            )
        if moment > now:
            return _again(state, "That's in the future: logs are for things that have happened.")
        v["occurred_at"] = _iso(moment)
    elif step == "notes":
        v["notes"] = text[:4000]
    elif step == "fix":
        name, _ = state["ask"].pop(0)
        v[name] = text[:2000]
        state["step"] = next_step(state)
        return Outcome()
    else:
        return _again(state, "Tap Save, or one of the Change buttons. /cancel leaves the form.")
    _answered(state, step)
    return Outcome()


def _answered(state: dict[str, Any], step: str) -> None:
    if step in ("time", "notes") and step not in state["asked"]:
        state["asked"].append(step)
    state["sub"] = None
    state["step"] = next_step(state)


def _again(state: dict[str, Any], notice: str) -> Outcome:
    state["notice"] = notice
    return Outcome()


def _search_pupil(state: dict[str, Any], text: str) -> Outcome:
    words = [w for w in re.split(r"[\s,.'’-]+", text.casefold()) if w]
    if not words:
        return _again(state, "Type part of the pupil's name.")
    found = [
        pid
        for pid, label in state["pupils"]
        if all(
            any(part.startswith(w) for part in re.split(r"[\s()'’-]+", label.casefold()))
            for w in words
        )
    ]
    if len(found) == 1:
        state["values"]["pupil_ids"] = found
        state["values"].pop("provision_id", None)
        state["matches"] = []
        _answered(state, "pupil")
        return Outcome()
    state["matches"] = found[:PUPIL_BUTTONS]
    if not found:
        return _again(state, f"No pupil matches “{text[:40]}”. Try another spelling.")
    return _again(state, f"{len(found)} pupils match; which one?")


def _match(text: str, options: list[tuple[str, str]]) -> str | None:
    """The option whose label is, or starts with, the typed words."""
    typed = text.casefold().strip()
    if not typed:
        return None
    exact = [value for value, label in options if label.casefold() == typed]
    if exact:
        return exact[0]
    starts = {value for value, label in options if label.casefold().startswith(typed)}
    return starts.pop() if len(starts) == 1 else None


# --- reading typed values -----------------------------------------------------------------

_MINUTES = re.compile(r"^\s*(\d{1,3})\s*(m|min|mins|minutes?)?\s*$", re.I)
_HOURS = re.compile(r"^\s*(\d)\s*h(?:ours?|rs?)?\s*(?:(\d{1,2})\s*(?:m|min|mins)?)?\s*$", re.I)
_CLOCK = re.compile(r"(?<!\d)(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?(?!\d)", re.I)
_DATE = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?(?!\d)")


def parse_minutes(text: str) -> int | None:
    minutes = None
    if match := _MINUTES.match(text):
        minutes = int(match.group(1))
    elif match := _HOURS.match(text):
        minutes = int(match.group(1)) * 60 + int(match.group(2) or 0)
    return minutes if minutes is not None and 1 <= minutes <= 600 else None


def parse_when(text: str, now: datetime) -> datetime | None:
    """'10:40', '2pm', 'yesterday 14:15', '3/11 9:30' (British: 3 November) -> a local time."""
    lowered = text.casefold().strip()
    if lowered in ("now", "just now"):
        return now
    day = now.date()
    rest = lowered
    if "yesterday" in rest:
        day -= timedelta(days=1)
        rest = rest.replace("yesterday", " ")
    elif "today" in rest:
        rest = rest.replace("today", " ")
    if date_match := _DATE.search(rest):
        d, m, y = date_match.groups()
        year = int(y) + (2000 if y and len(y) == 2 else 0) if y else day.year
        try:
            day = day.replace(year=year, month=int(m), day=int(d))
        except ValueError:
            return None
        if not y and day > now.date():
            day = day.replace(year=day.year - 1)  # "3/11" in June means last November
        rest = rest[: date_match.start()] + " " + rest[date_match.end() :]
    clock = _CLOCK.search(rest)
    if clock is None or (clock.group(2) is None and clock.group(3) is None):
        return None
    hour, minute, half = (
        int(clock.group(1)),
        int(clock.group(2) or 0),
        (clock.group(3) or "").lower(),
    )
    if half == "pm" and hour < 12:
        hour += 12
    elif half == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=now.tzinfo)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def _at_today(hhmm: str, now: datetime) -> datetime | None:
    try:
        hour, minute = (int(x) for x in hhmm.split(":"))
        moment = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    except ValueError:
        return None
    return moment if moment <= now else None


def _earlier_slots(now: datetime) -> list[str]:
    start = now.replace(hour=FIRST_SLOT_HOUR, minute=0, second=0, microsecond=0)
    slots = []
    moment = start
    while moment < now - timedelta(minutes=5):
        slots.append(moment.strftime("%H:%M"))
        moment += timedelta(minutes=30)
    return slots[-EARLIER_SLOTS:]


# --- drawing --------------------------------------------------------------------------------


def _pupil_label(state: dict[str, Any], pupil_id: int) -> str | None:
    return next((label for pid, label in state["pupils"] if pid == pupil_id), None)


def _provisions(state: dict[str, Any]) -> list[list[Any]]:
    ids = state["values"].get("pupil_ids") or []
    seen: set[int] = set()
    found = []
    for pid in ids:
        for prov_id, name in state["provisions"].get(str(pid), []):
            if prov_id not in seen:
                seen.add(prov_id)
                found.append([prov_id, name])
    return found


def _when_words(value: str, now: datetime) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.date() == now.date():
        return f"today {moment:%H:%M}"
    if moment.date() == now.date() - timedelta(days=1):
        return f"yesterday {moment:%H:%M}"
    return f"{moment:%a} {moment.day} {moment:%b} {moment:%H:%M}"


def summary(state: dict[str, Any], now: datetime) -> list[str]:
    v = state["values"]
    lines = []
    names = [_pupil_label(state, int(pid)) or "?" for pid in v.get("pupil_ids") or []]
    if names:
        lines.append("Pupil: " + ", ".join(names))
    if v.get("kind") in KINDS:
        lines.append("Kind: " + KIND_WORDS[v["kind"]])
    if v.get("provision_id"):
        name = next((n for i, n in _provisions(state) if i == int(v["provision_id"])), None)
        if name:
            lines.append(f"Provision: {name}")
    if v.get("status") == "missed":
        lines.append(
            "Status: missed" + (f" ({v['missed_reason']})" if v.get("missed_reason") else "")
        )
    if v.get("duration_minutes") not in (None, ""):
        lines.append(f"Duration: {v['duration_minutes']} min")
    if v.get("contact_method"):
        lines.append("How: " + METHOD_WORDS.get(v["contact_method"], v["contact_method"]))
    if v.get("occurred_at"):
        lines.append("When: " + _when_words(str(v["occurred_at"]), now))
    if v.get("notes"):
        notes = str(v["notes"])
        lines.append("Notes: " + (notes if len(notes) <= 300 else notes[:300] + "…"))
    return lines


def screen(state: dict[str, Any], now: datetime) -> Screen:
    """The current question, under a summary of what the form holds so far."""
    title = "Correcting a record" if state.get("record_ref") else "New log"
    prompt, rows = _question(state, state["step"], state.get("sub"), now)
    parts = [title, *summary(state, now)]
    if state.get("notice"):
        parts += ["", state["notice"]]
    parts += ["", prompt]
    rows.append([("Cancel", f"{PREFIX}cancel")])
    return Screen(text="\n".join(parts), rows=rows)


def _rows(buttons: list[tuple[str, str]], per_row: int) -> list[list[tuple[str, str]]]:
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def _question(state: dict[str, Any], step: str, sub: str | None, now: datetime):
    """(prompt, rows of (label, callback value)) for one step."""
    b = PREFIX
    if step == "pupil":
        ids = state["matches"] or state["suggest"] + [
            pid for pid, _ in state["pupils"] if pid not in state["suggest"]
        ]
        buttons = [
            (_pupil_label(state, pid) or "?", f"{b}pupil:{pid}") for pid in ids[:PUPIL_BUTTONS]
        ]
        return "Who was it for? Tap a pupil, or type part of a name to search.", _rows(buttons, 2)
    if step == "kind":
        kinds = [(label, f"{b}kind:{k}") for k, label in KIND_LABELS.items()]
        return "What are you logging?", _rows(kinds, 1)
    if step == "provision":
        provisions = [(name, f"{b}provision:{i}") for i, name in _provisions(state)]
        return "Which provision?", _rows(provisions, 2)
    if step == "duration":
        if sub == "other":
            return "How many minutes? Type a number, e.g. 25.", _rows([], 1)
        buttons = [(str(m), f"{b}duration:{m}") for m in DURATIONS] + [
            ("Other", f"{b}duration:other")
        ]
        return "How long, in minutes?", _rows(buttons, 3)
    if step == "method":
        methods = [(label.capitalize(), f"{b}method:{k}") for k, label in METHOD_WORDS.items()]
        return "How were you in touch?", _rows(methods, 2)
    if step == "time":
        if sub == "earlier":
            slots = [(s, f"{b}time:@{s}") for s in _earlier_slots(now)]
            return "What time today? Tap one, or type it (e.g. 10:40).", _rows(slots, 3)
        if sub == "type":
            return "Type the time, e.g. 10:40, yesterday 14:15 or 3/11 9:30.", _rows([], 1)
        buttons = [
            ("Now", f"{b}time:now"),
            ("Earlier today", f"{b}time:earlier"),
            ("Type a time", f"{b}time:type"),
        ]
        return "When was it?", _rows(buttons, 3)
    if step == "notes":
        return "Any notes? Type them, or tap Skip.", _rows([("Skip", f"{b}notes:skip")], 1)
    if step == "fix":
        return state["ask"][0][1] + " (type your answer)", _rows([], 1)
    changes = ["time", "notes"]
    kind = state["values"].get("kind")
    if kind == "session":
        changes = ["provision", "duration", *changes]
    elif kind == "parent_contact":
        changes = ["method", *changes]
    if not state.get("record_ref"):
        changes = ["pupil", "kind", *changes]
    change = [(f"Change {name}", f"{b}change:{name}") for name in changes]
    return "Save this?", [[("Save ✓", f"{b}confirm:save")], *_rows(change, 2)]
