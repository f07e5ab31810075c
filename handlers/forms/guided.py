"""A form asked one question at a time (Telegram's guided form; any chat that has buttons).

The steps are the schema's fields (handlers.forms.schema), in its order, for
the values so far: every required field that is empty, and the fields marked
`ask` once each (with Skip), then a summary with Save, a Change button for
each answer and an Add button for each optional field not yet filled. A
field's type decides how it is asked: buttons for choices, pupils and
provisions, presets plus typing for minutes and times, typing for text, Yes
and No for flags. Typed answers are read by the same readers as every other
form (handlers.forms.validate.read_answer, which uses the grammar's own). The
states are drawn in guided.mmd beside this file.

The whole state is one JSON-able dict, so a platform can keep it in its
persistence (Telegram saves it to the database after every step and a form
survives a restart). The functions here know nothing of any platform:
`start` builds the state, `on_button` / `on_text` move it on, `screen` draws
the current question as text and rows of (label, button value), and
`submission` flattens it to the dict the handlers validate. `apply_errors`
sends the form back to the fields the handlers refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from handlers.forms.schema import BY_KEY, RECORD_REF, Field, fields_for, is_empty
from handlers.forms.validate import read_answer
from handlers.types import FormRequest
from storage.vocabulary import KIND_LABELS, RecordKind, truthy

PREFIX = "f:"
PUPIL_BUTTONS = 8
PRESET_MINUTES = {"duration_minutes": (10, 15, 20, 30, 45), "hold_minutes": (1, 2, 5, 10)}
EARLIER_SLOTS = 9
FIRST_SLOT_HOUR = 8
FORM_TTL = timedelta(hours=12)
CONFIRM = "confirm"
STATE_VERSION = 2


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


def start(request: FormRequest, *, now: datetime) -> dict[str, Any]:
    values = dict(request.values)
    if request.kind in KIND_LABELS and not values.get("kind"):
        values["kind"] = request.kind
    state: dict[str, Any] = {
        "v": STATE_VERSION,
        "values": values,
        "record_ref": request.record_ref,
        "pupils": [[pid, label] for pid, label in request.pupil_options],
        "provisions": {
            str(pid): [[i, n] for i, n in opts] for pid, opts in request.provision_options.items()
        },
        "suggest": list(request.suggested_pupil_ids),
        "matches": [],
        "asked": [],
        "errors": {},
        "sub": None,
        "notice": "",
        "started": now.isoformat(),
        "last_update": None,
    }
    if request.record_ref:  # a correction opens on the summary: nothing is asked again
        state["asked"] = list(BY_KEY)
    state["step"] = next_step(state)
    return state


def expired(state: dict[str, Any], now: datetime) -> bool:
    try:
        return (
            state.get("v") != STATE_VERSION
            or now - datetime.fromisoformat(state["started"]) > FORM_TTL
        )
    except (KeyError, ValueError, TypeError):
        return True


def submission(state: dict[str, Any]) -> dict[str, Any]:
    """The flat dict of schema keys the handlers validate and store."""
    values = {k: v for k, v in state["values"].items() if not is_empty(v) or v is False}
    if state.get("record_ref"):
        values[RECORD_REF] = state["record_ref"]
    return values


def apply_errors(state: dict[str, Any], errors: dict[str, str]) -> None:
    """Send the form back to each field the handlers refused, with their reason."""
    for key, message in errors.items():
        if key in BY_KEY:
            state["values"].pop(key, None)
            if key in state["asked"]:
                state["asked"].remove(key)
            state["errors"][key] = message
    state["notice"] = "\n".join(errors.values())
    state["sub"] = None
    state["step"] = next_step(state)


# --- which question comes next ---------------------------------------------------------------


def _editing(state: dict[str, Any]) -> bool:
    return bool(state.get("record_ref"))


def _fields(state: dict[str, Any]) -> list[Field]:
    """The fields this form can show now (a correction never changes kind or pupils)."""
    editing = _editing(state)
    return [f for f in fields_for(state["values"]) if not (editing and f.fixed_on_edit)]


def next_step(state: dict[str, Any]) -> str:
    values = state["values"]
    for f in _fields(state):
        empty = is_empty(values.get(f.key)) and values.get(f.key) is not False
        if f.type == "provision" and not _provisions(state):
            continue  # the handlers say why a pupil without provisions can't have a session
        refused = f.key in state["errors"]
        if empty and (refused or f.required(values) or (f.ask and f.key not in state["asked"])):
            return f.key
    return CONFIRM


def _answered(state: dict[str, Any], key: str) -> Outcome:
    if key not in state["asked"]:
        state["asked"].append(key)
    state["errors"].pop(key, None)
    state["sub"] = None
    state["matches"] = []
    state["step"] = next_step(state)
    return Outcome()


def _again(state: dict[str, Any], notice: str) -> Outcome:
    state["notice"] = notice
    return Outcome()


# --- answers ----------------------------------------------------------------------------------


def on_button(state: dict[str, Any], data: str, now: datetime) -> Outcome:
    step, _, value = data.removeprefix(PREFIX).partition(":")
    if step == "cancel":
        return Outcome("cancel")
    current = state["step"]
    state["notice"] = ""
    if step in ("change", "add") and current == CONFIRM:
        f = BY_KEY.get(value)
        if f is None or f not in _fields(state):
            return Outcome("stale", "That can't be changed here.")
        state.update(step=value, sub=None)
        return Outcome()
    if step == CONFIRM and current == CONFIRM and value == "save":
        return Outcome("submit")
    if step != current or step not in BY_KEY:
        return Outcome("stale", "That button belongs to an earlier question.")
    f = BY_KEY[step]
    if value == "skip" and not f.required(state["values"]):
        state["values"].pop(f.key, None)
        return _answered(state, f.key)
    if value in ("other", "earlier", "type"):
        state["sub"] = value
        return Outcome()
    return _pressed(state, f, value, now)


def _pressed(state: dict[str, Any], f: Field, value: str, now: datetime) -> Outcome:
    values = state["values"]
    if f.type == "pupils":
        return _pick_pupil(state, f, value)
    if f.type == "provision":
        if not value.isdigit() or all(p[0] != int(value) for p in _provisions(state)):
            return Outcome("stale", "That button has expired.")
        values[f.key] = int(value)
        return _answered(state, f.key)
    if f.type == "when" and value.startswith("@"):
        moment = _at_today(value[1:], now)
        if moment is None:
            return Outcome("stale", "That time has gone; pick another.")
        value = moment.strftime("%Y-%m-%dT%H:%M")
    if f.type == "when" and value == "now":
        value = now.strftime("%Y-%m-%dT%H:%M")
    return _take(state, f, value, now)


def _take(state: dict[str, Any], f: Field, raw: str, now: datetime) -> Outcome:
    """Read an answer with the form's one reader; keep it, or say what to fix."""
    read, problem = read_answer(f, raw, now, state["values"].get("kind"))
    if problem:
        return _again(state, problem)
    if f.key == "kind" and read != state["values"].get("kind"):
        state["values"].pop("provision_id", None)
    if isinstance(read, datetime):
        read = read.strftime("%Y-%m-%dT%H:%M")
    elif hasattr(read, "isoformat"):
        read = read.isoformat()
    state["values"][f.key] = read
    return _answered(state, f.key)


def on_text(state: dict[str, Any], text: str, now: datetime) -> Outcome:
    text = text.strip()
    step = state["step"]
    state["notice"] = ""
    if step == CONFIRM or step not in BY_KEY:
        return _again(state, "Tap Save, or one of the Change buttons. /cancel leaves the form.")
    f = BY_KEY[step]
    if f.type == "pupils":
        return _search_pupil(state, f, text)
    if f.type == "provision":
        found = _match(text, [(str(i), name) for i, name in _provisions(state)])
        if found is None:
            return _again(state, "Tap one of the provisions.")
        state["values"][f.key] = int(found)
        return _answered(state, f.key)
    if f.type == "flag":
        yes = _match(text, [("true", "yes"), ("false", "no")])
        if yes is None:
            return _again(state, "Tap Yes or No.")
        return _take(state, f, yes, now)
    return _take(state, f, text, now)


# --- pupils -----------------------------------------------------------------------------------


SUBJECTS = "pupil_ids"


def _several_allowed(state: dict[str, Any], f: Field) -> bool:
    """A group session has several pupils; any incident may involve several others."""
    return f.key != SUBJECTS or state["values"].get("kind") == RecordKind.session


def _pick_pupil(state: dict[str, Any], f: Field, value: str) -> Outcome:
    values = state["values"]
    if value == "done":
        return _answered(state, f.key) if values.get(f.key) else Outcome()
    if not value.isdigit() or _pupil_label(state, int(value)) is None:
        return Outcome("stale", "That button has expired.")
    pid = int(value)
    chosen: list[int] = list(values.get(f.key) or [])
    if not _several_allowed(state, f):
        chosen = [pid]
    elif pid in chosen:
        chosen.remove(pid)
    else:
        chosen.append(pid)
    values[f.key] = chosen
    if f.key == SUBJECTS:
        values.pop("provision_id", None)
    if _several_allowed(state, f):
        state["matches"] = []
        more = "for a group" if f.key == SUBJECTS else "if others were involved"
        return _again(state, f"Tap more pupils {more}, then Done.")
    return _answered(state, f.key)


def _search_pupil(state: dict[str, Any], f: Field, text: str) -> Outcome:
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
        return _pick_pupil(state, f, str(found[0]))
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


# --- drawing --------------------------------------------------------------------------------


def _pupil_label(state: dict[str, Any], pupil_id: int) -> str | None:
    return next((label for pid, label in state["pupils"] if pid == pupil_id), None)


def _provisions(state: dict[str, Any]) -> list[list[Any]]:
    ids = state["values"].get(SUBJECTS) or []
    seen: set[int] = set()
    found = []
    for pid in ids:
        for prov_id, name in state["provisions"].get(str(pid), []):
            if prov_id not in seen:
                seen.add(prov_id)
                found.append([prov_id, name])
    return found


def _at_today(hhmm: str, now: datetime) -> datetime | None:
    try:
        hour, minute = (int(x) for x in hhmm.split(":"))
        moment = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    except ValueError:
        return None
    return moment if moment <= now else None


def _earlier_slots(now: datetime) -> list[str]:
    slots = []
    moment = now.replace(hour=FIRST_SLOT_HOUR, minute=0, second=0, microsecond=0)
    while moment < now - timedelta(minutes=5):
        slots.append(moment.strftime("%H:%M"))
        moment += timedelta(minutes=30)
    return slots[-EARLIER_SLOTS:]


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


def shown_value(state: dict[str, Any], f: Field, now: datetime) -> str | None:
    """An answer as the summary shows it, or None when there is none."""
    value = state["values"].get(f.key)
    if f.type == "flag":
        return ("Yes" if truthy(value) else "No") if f.key in state["asked"] or value else None
    if is_empty(value):
        return None
    if f.type == "pupils":
        return ", ".join(_pupil_label(state, int(pid)) or "?" for pid in value)
    if f.type == "provision":
        return next((n for i, n in _provisions(state) if i == int(value)), None)
    if f.type == "choice":
        return f.option_label(value) or str(value)
    if f.type == "minutes":
        return f"{value} min"
    if f.type == "when":
        return _when_words(str(value), now)
    text = str(value)
    return text if len(text) <= 300 else text[:300] + "…"


def summary(state: dict[str, Any], now: datetime) -> list[str]:
    lines = []
    for f in fields_for(state["values"]):
        shown = shown_value(state, f, now)
        if shown is not None:
            lines.append(f"{f.label_for(state['values'])}: {shown}")
    return lines


def screen(state: dict[str, Any], now: datetime) -> Screen:
    """The current question, under a summary of what the form holds so far."""
    title = "Correcting a record" if _editing(state) else "New log"
    prompt, rows = _question(state, now)
    parts = [title, *summary(state, now)]
    if state.get("notice"):
        parts += ["", state["notice"]]
    parts += ["", prompt]
    rows.append([("Cancel", f"{PREFIX}cancel")])
    return Screen(text="\n".join(parts), rows=rows)


Rows = list[list[tuple[str, str]]]


def _rows(buttons: list[tuple[str, str]], per_row: int) -> Rows:
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def _with_skip(rows: Rows, skip: list[tuple[str, str]]) -> Rows:
    return [*rows, skip] if skip else rows


def _question(state: dict[str, Any], now: datetime) -> tuple[str, list[list[tuple[str, str]]]]:
    """(prompt, rows of (label, button value)) for the current step."""
    step = state["step"]
    if step == CONFIRM:
        return _confirm(state, now)
    f = BY_KEY[step]
    b = f"{PREFIX}{f.key}:"
    values = state["values"]
    skip = [] if f.required(values) else [("Skip", f"{b}skip")]
    prompt = f.question
    if f.type == "pupils":
        ids = state["matches"] or state["suggest"] + [
            pid for pid, _ in state["pupils"] if pid not in state["suggest"]
        ]
        chosen = set(values.get(f.key) or [])
        buttons = [
            (("✓ " if pid in chosen else "") + (_pupil_label(state, pid) or "?"), f"{b}{pid}")
            for pid in ids[:PUPIL_BUTTONS]
        ]
        rows = _rows(buttons, 2)
        if _several_allowed(state, f) and chosen:
            rows.append([("Done ✓", f"{b}done")])
        return f.question, _with_skip(rows, skip)
    if f.type == "choice":
        return prompt, _with_skip(_rows([(label, f"{b}{v}") for v, label in f.options], 2), skip)
    if f.type == "provision":
        return prompt, _rows([(name, f"{b}{i}") for i, name in _provisions(state)], 2)
    if f.type == "flag":
        return prompt, [[("Yes", f"{b}true"), ("No", f"{b}false")]]
    if f.type == "minutes":
        if state.get("sub") == "other":
            return "How many minutes? Type a number, e.g. 25.", _with_skip([], skip)
        presets = [(str(m), f"{b}{m}") for m in PRESET_MINUTES.get(f.key, ())]
        return prompt, _with_skip(_rows([*presets, ("Other", f"{b}other")], 3), skip)
    if f.type == "when":
        if state.get("sub") == "earlier":
            slots = [(s, f"{b}@{s}") for s in _earlier_slots(now)]
            return "What time today? Tap one, or type it (e.g. 10:40).", _rows(slots, 3)
        if state.get("sub") == "type":
            return "Type the time, e.g. 10:40, yesterday 14:15 or 3/11 9:30.", []
        buttons = [
            ("Now", f"{b}now"),
            ("Earlier today", f"{b}earlier"),
            ("Type a time", f"{b}type"),
        ]
        return f.question, [buttons]
    return prompt + ("" if f.required(values) else " (or tap Skip)"), _with_skip([], skip)


def _confirm(state: dict[str, Any], now: datetime) -> tuple[str, list[list[tuple[str, str]]]]:
    change: list[tuple[str, str]] = []
    add: list[tuple[str, str]] = []
    for f in _fields(state):
        if f.type == "provision" and not _provisions(state):
            continue
        has = shown_value(state, f, now) is not None
        label = f.label_for(state["values"])
        (change if has else add).append(
            (
                (f"Change {label.lower()}" if has else f"Add {label.lower()}")[:60],
                f"{PREFIX}{'change' if has else 'add'}:{f.key}",
            )
        )
    return "Save this?", [[("Save ✓", f"{PREFIX}{CONFIRM}:save")], *_rows(change + add, 2)]
