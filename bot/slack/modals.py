"""Modals: the handlers' form schema as a Slack view, and a submitted view back as form data.

Every field comes from handlers.forms.schema: which fields apply, their
labels, which are required (Slack's own "required" marks follow it), their
options. This module only decides how each field type looks in Block Kit.
Each input block's `block_id` is the field's key, so the handlers' field
errors map straight onto the blocks. A field that `refreshes` (the kind, the
pupils, delivered or missed, the RPI box) dispatches `kw_form_refresh`, and
the view is rebuilt with the fields that now apply. `private_metadata` carries
the kind and the record being edited.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.slack.blocks import escape, plain, text_sections
from handlers.forms.options import chosen_pupils, editing_line, local_moment, provision_options
from handlers.forms.schema import BY_KEY, RECORD_REF, Field, fields_for
from handlers.grammar.durations import MAX_MINUTES
from handlers.types import FormRequest
from storage.vocabulary import truthy

CALLBACK_ID = "kw_form"
REFRESH_ACTION = "kw_form_refresh"
VALUE_ACTION = "value"
MAX_OPTIONS = 100  # Slack's limit per select (and per option group)
TITLES = {
    "session": "Log a session",
    "behaviour": "Log behaviour",
    "parent_contact": "Log parent contact",
    "safeguarding": "A worry about a child",
}
Block = dict[str, Any]


def _option(label: str, value: Any) -> dict[str, Any]:
    return {"text": plain(label), "value": str(value)[:150]}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": escape(text)[:3000]}]}


def _input(field: Field, values: dict[str, Any], element: Block) -> Block:
    if field.refreshes:
        element["action_id"] = REFRESH_ACTION
    block: Block = {
        "type": "input",
        "block_id": field.key,
        "label": plain(field.label_for(values), 2000),
        "element": element,
        "optional": not field.required(values),
    }
    if field.refreshes:
        block["dispatch_action"] = True
    if field.hint:
        block["hint"] = plain(field.hint, 2000)
    return block


def _select(options: list[tuple[Any, str]], initial: Any, placeholder: str = "Choose") -> Block:
    element: Block = {
        "type": "static_select",
        "action_id": VALUE_ACTION,
        "placeholder": plain(placeholder, 150),
        "options": [_option(label, value) for value, label in options[:MAX_OPTIONS]],
    }
    chosen = next(
        (o for o in element["options"] if initial is not None and o["value"] == str(initial)), None
    )
    if chosen:
        element["initial_option"] = chosen
    return element


def _choice(field: Field, values: dict[str, Any], form: FormRequest, tz: ZoneInfo) -> list[Block]:
    options = list(field.options)
    current = values.get(field.key)
    if len(options) <= 3:  # a handful of choices reads best as radio buttons
        element: Block = {
            "type": "radio_buttons",
            "action_id": VALUE_ACTION,
            "options": [_option(label, value) for value, label in options],
        }
        initial = current if current is not None else options[0][0]
        chosen = [o for o in element["options"] if o["value"] == str(initial)]
        if chosen:
            element["initial_option"] = chosen[0]
    else:
        element = _select(options, current, placeholder=field.question)
    return [_input(field, values, element)]


def _pupils(field: Field, values: dict[str, Any], form: FormRequest, tz: ZoneInfo) -> list[Block]:
    """Searchable multi-select (a group session has several pupils); type to filter."""
    all_options = [_option(label, pid) for pid, label in form.pupil_options]
    element: Block = {
        "type": "multi_static_select",
        "action_id": VALUE_ACTION,
        "placeholder": plain("Type a name", 150),
    }
    if len(all_options) <= MAX_OPTIONS:
        element["options"] = all_options
    else:
        element["option_groups"] = [
            {"label": plain(f"Pupils {start + 1}–{start + len(group)}"), "options": group}
            for start in range(0, len(all_options), MAX_OPTIONS)
            if (group := all_options[start : start + MAX_OPTIONS])
        ]
    wanted = {str(i) for i in chosen_pupils(values, field.key)}
    initial = [o for o in all_options if o["value"] in wanted]
    if initial:
        element["initial_options"] = initial
    return [_input(field, values, element)]


def _provision(
    field: Field, values: dict[str, Any], form: FormRequest, tz: ZoneInfo
) -> list[Block]:
    provisions: list[tuple[Any, str]] = list(provision_options(form, values))
    if not provisions:
        text = (
            "Choose the pupil to see their provisions."
            if not chosen_pupils(values)
            else ("No planned provisions for this pupil.")
        )
        return [_context(text)]
    element = _select(provisions, values.get(field.key), placeholder=field.question)
    return [_input(field, values, element)]


def _minutes(field: Field, values: dict[str, Any], form: FormRequest, tz: ZoneInfo) -> list[Block]:
    element: Block = {
        "type": "number_input",
        "action_id": VALUE_ACTION,
        "is_decimal_allowed": False,
        "min_value": "1",
        "max_value": str(MAX_MINUTES),
    }
    if values.get(field.key) not in (None, ""):
        element["initial_value"] = str(values[field.key])
    return [_input(field, values, element)]


def _when(field: Field, values: dict[str, Any], form: FormRequest, tz: ZoneInfo) -> list[Block]:
    element: Block = {"type": "datetimepicker", "action_id": VALUE_ACTION}
    if (moment := local_moment(values.get(field.key), tz)) is not None:
        element["initial_date_time"] = int(moment.timestamp())
    return [_input(field, values, element)]


def _date(field: Field, values: dict[str, Any], form: FormRequest, tz: ZoneInfo) -> list[Block]:
    element: Block = {"type": "datepicker", "action_id": VALUE_ACTION}
    if values.get(field.key):
        element["initial_date"] = str(values[field.key])[:10]
    return [_input(field, values, element)]


def _text(field: Field, values: dict[str, Any], form: FormRequest, tz: ZoneInfo) -> list[Block]:
    element: Block = {
        "type": "plain_text_input",
        "action_id": VALUE_ACTION,
        "multiline": field.type == "longtext",
        "max_length": min(field.max_length, 3000),  # Slack's own limit for an input
    }
    if values.get(field.key) not in (None, ""):
        element["initial_value"] = str(values[field.key])[: element["max_length"]]
    return [_input(field, values, element)]


def _flag(field: Field, values: dict[str, Any], form: FormRequest, tz: ZoneInfo) -> list[Block]:
    option = _option(field.flag_label or field.label, "true")
    element: Block = {"type": "checkboxes", "action_id": VALUE_ACTION, "options": [option]}
    if truthy(values.get(field.key)):
        element["initial_options"] = [option]
    return [_input(field, values, element)]


RENDERERS: dict[str, Callable[[Field, dict[str, Any], FormRequest, ZoneInfo], list[Block]]] = {
    "choice": _choice,
    "pupils": _pupils,
    "provision": _provision,
    "minutes": _minutes,
    "when": _when,
    "date": _date,
    "text": _text,
    "longtext": _text,
    "flag": _flag,
}


def metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def form_view(form: FormRequest, tz: ZoneInfo, *, note: str | None = None) -> dict[str, Any]:
    """The modal for a FormRequest, pre-filled with `form.values`."""
    values = dict(form.values)
    kind = values.get("kind") or form.kind
    values["kind"] = kind
    editing = form.record_ref is not None
    blocks: list[Block] = [_context(note)] if note else []
    if editing:
        blocks.append(
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": escape(editing_line(form, values))},
            }
        )
    for field in fields_for(values):
        if editing and field.fixed_on_edit:
            continue
        blocks += RENDERERS[field.type](field, values, form, tz)
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": plain("Edit record" if editing else TITLES.get(str(kind), "Log"), 24),
        "submit": plain("Save", 24),
        "close": plain("Cancel", 24),
        "private_metadata": json.dumps({"kind": kind, "record_ref": form.record_ref}),
        "blocks": blocks,
    }


def message_view(text: str, title: str = "Keyworker") -> dict[str, Any]:
    """A modal that only shows text: the loading view, or why no form could open."""
    return {
        "type": "modal",
        "title": plain(title, 24),
        "close": plain("Close", 24),
        "blocks": text_sections(text) or [{"type": "section", "text": plain(" ")}],
    }


def loading_view() -> dict[str, Any]:
    return message_view("Opening the form…")


def _element_value(element: dict[str, Any], tz: ZoneInfo) -> Any:
    kind = element.get("type")
    if kind in ("static_select", "radio_buttons"):
        option = element.get("selected_option")
        return option.get("value") if option else None
    if kind == "multi_static_select":
        return [o.get("value") for o in element.get("selected_options") or []]
    if kind == "checkboxes":
        return bool(element.get("selected_options"))
    if kind == "datepicker":
        return element.get("selected_date")
    if kind == "datetimepicker":
        stamp = element.get("selected_date_time")
        if stamp in (None, ""):
            return None
        return datetime.fromtimestamp(int(stamp), tz).strftime("%Y-%m-%dT%H:%M")
    return element.get("value")


def form_values(view: dict[str, Any], tz: ZoneInfo) -> dict[str, Any]:
    """Flatten a view's state into the handlers' form dict (schema keys only)."""
    form: dict[str, Any] = {}
    for block_id, actions in ((view.get("state") or {}).get("values") or {}).items():
        if block_id not in BY_KEY or not actions:
            continue
        form[block_id] = _element_value(next(iter(actions.values())), tz)
    meta = metadata(view)
    if meta.get(RECORD_REF):
        form[RECORD_REF] = meta[RECORD_REF]
    if not form.get("kind") and meta.get("kind"):
        form["kind"] = meta["kind"]
    return form


def view_errors(errors: dict[str, str], view: dict[str, Any]) -> dict[str, str]:
    """Field errors keyed by input blocks that exist in the view (Slack rejects others)."""
    inputs = [b.get("block_id") for b in view.get("blocks") or [] if b.get("type") == "input"]
    shown: dict[str, str] = {}
    stray: list[str] = []
    for field, message in errors.items():
        if field in inputs:
            shown[field] = message[:150]
        else:
            stray.append(message)
    if stray and inputs:
        target = "pupil_ids" if "pupil_ids" in inputs else inputs[0]
        shown[target] = " ".join(filter(None, [shown.get(target), *stray]))[:150]
    return shown
