"""Modals: a `FormRequest` as a Slack view, and a submitted view back as form data.

Each input block's `block_id` is the FORM_FIELDS key it fills, so the
handlers' field errors map straight onto the blocks. The view grows with the
form: choosing the kind or the pupils, or ticking "physical intervention",
dispatches an action (`kw_form_refresh`) and the view is rebuilt with the
fields that now apply. `private_metadata` carries the kind and the record
being edited.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.slack.blocks import escape, plain, text_sections
from handlers.forms import FORM_FIELDS
from handlers.types import FormRequest

CALLBACK_ID = "kw_form"
REFRESH_ACTION = "kw_form_refresh"
VALUE_ACTION = "value"
MAX_OPTIONS = 100  # Slack's limit per select (and per option group)

KIND_LABELS = {
    "session": "Session",
    "behaviour": "Behaviour incident",
    "parent_contact": "Parent contact",
}
TITLES = {
    "session": "Log a session",
    "behaviour": "Log behaviour",
    "parent_contact": "Log parent contact",
    None: "Log",
}
METHOD_LABELS = {
    "phone": "Phone call",
    "email": "Email",
    "in_person": "In person",
    "letter": "Letter",
    "text": "Text message",
    "video": "Video call",
}
STATUS_LABELS = {"delivered": "Delivered", "missed": "Missed"}

SESSION_FIELDS = ("provision_id", "duration_minutes", "status", "missed_reason")
BEHAVIOUR_FIELDS = ("place", "antecedent", "consequence", "physical_intervention")
RPI_FIELDS = (
    "staff_involved",
    "hold_type",
    "hold_minutes",
    "deescalation_tried",
    "reason_for_force",
    "injuries",
    "support_after",
    "parents_informed",
)
CONTACT_FIELDS = ("contact_with", "contact_method", "follow_up_on")

# Free-text fields: (label, multiline, required in the client before submitting).
TEXT_FIELDS: dict[str, tuple[str, bool, bool]] = {
    "missed_reason": ("Why was it missed?", False, False),
    "place": ("Where did it happen?", False, False),
    "antecedent": ("What happened before?", True, False),
    "consequence": ("What happened after / strategies used", True, False),
    "staff_involved": ("Staff involved", False, True),
    "hold_type": ("Type of hold", False, True),
    "deescalation_tried": ("De-escalation tried first", True, True),
    "reason_for_force": ("Why was it necessary?", True, True),
    "injuries": ("Injuries to anyone ('none' if none)", False, True),
    "support_after": ("Support given afterwards", True, False),
    "contact_with": ("Who with (mum, dad, carer...)", False, False),
}
NOTES_LABELS = {
    "behaviour": "What happened",
    "parent_contact": "What was discussed",
}


def _option(label: str, value: Any) -> dict[str, Any]:
    return {"text": plain(label), "value": str(value)[:150]}


def _input(
    block_id: str,
    label: str,
    element: dict[str, Any],
    *,
    optional: bool,
    dispatch: bool = False,
    hint: str | None = None,
) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label, 2000),
        "element": element,
        "optional": optional,
    }
    if dispatch:
        block["dispatch_action"] = True
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def _select(
    options: list[tuple[Any, str]],
    initial: Any,
    *,
    action_id: str = VALUE_ACTION,
    placeholder: str = "Choose",
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "static_select",
        "action_id": action_id,
        "placeholder": plain(placeholder, 150),
        "options": [_option(label, value) for value, label in options[:MAX_OPTIONS]],
    }
    chosen = next(
        (o for o in element["options"] if initial is not None and o["value"] == str(initial)), None
    )
    if chosen:
        element["initial_option"] = chosen
    return element


def _pupil_select(options: list[tuple[int, str]], chosen_ids: list[int]) -> dict[str, Any]:
    """Searchable multi-select (a group session has several pupils); type to filter."""
    all_options = [_option(label, pid) for pid, label in options]
    element: dict[str, Any] = {
        "type": "multi_static_select",
        "action_id": REFRESH_ACTION,
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
    wanted = {str(i) for i in chosen_ids}
    initial = [o for o in all_options if o["value"] in wanted]
    if initial:
        element["initial_options"] = initial
    return element


def _text(
    block_id: str, label: str, value: Any, *, multiline: bool = False, optional: bool = True
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": VALUE_ACTION,
        "multiline": multiline,
        "max_length": 2000 if block_id != "notes" else 3000,
    }
    if value not in (None, ""):
        element["initial_value"] = str(value)[: element["max_length"]]
    return _input(block_id, label, element, optional=optional)


def _number(block_id: str, label: str, value: Any, *, optional: bool = True) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "number_input",
        "action_id": VALUE_ACTION,
        "is_decimal_allowed": False,
        "min_value": "1",
        "max_value": "600",
    }
    if value not in (None, ""):
        element["initial_value"] = str(value)
    return _input(block_id, label, element, optional=optional)


def _checkbox(
    block_id: str, label: str, option_label: str, ticked: bool, *, dispatch: bool = False
) -> dict[str, Any]:
    option = _option(option_label, "true")
    element: dict[str, Any] = {
        "type": "checkboxes",
        "action_id": REFRESH_ACTION if dispatch else VALUE_ACTION,
        "options": [option],
    }
    if ticked:
        element["initial_options"] = [option]
    return _input(block_id, label, element, optional=True, dispatch=dispatch)


def _epoch(local: Any, tz: ZoneInfo) -> int | None:
    if not local:
        return None
    try:
        moment = datetime.fromisoformat(str(local))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return int(moment.timestamp())


def _truthy(value: Any) -> bool:
    return value is True or str(value).strip().lower() in {"1", "true", "yes", "on"}


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
    chosen = [int(i) for i in values.get("pupil_ids") or [] if str(i).isdigit()]
    blocks: list[dict[str, Any]] = []
    if note:
        blocks += [
            {"type": "context", "elements": [{"type": "mrkdwn", "text": escape(note)[:3000]}]}
        ]
    if form.record_ref:
        blocks.append(
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": f"Editing a {KIND_LABELS.get(kind, 'record').lower()}. The previous version is kept.",
                },
            }
        )
    else:
        blocks.append(
            _input(
                "kind",
                "What are you logging?",
                _select(
                    list(KIND_LABELS.items()),
                    kind,
                    action_id=REFRESH_ACTION,
                    placeholder="Session, behaviour or parent contact",
                ),
                optional=False,
                dispatch=True,
            )
        )
    blocks.append(
        _input(
            "pupil_ids",
            "Pupil",
            _pupil_select(form.pupil_options, chosen),
            optional=False,
            dispatch=True,
        )
    )
    if kind == "session":
        blocks += _session_blocks(form, values, chosen)
    elif kind == "behaviour":
        blocks += _behaviour_blocks(values)
    elif kind == "parent_contact":
        blocks += _contact_blocks(values)
    when: dict[str, Any] = {"type": "datetimepicker", "action_id": VALUE_ACTION}
    if (epoch := _epoch(values.get("occurred_at"), tz)) is not None:
        when["initial_date_time"] = epoch
    blocks.append(_input("occurred_at", "When", when, optional=True, hint="Leave empty for now."))
    blocks.append(
        _text(
            "notes",
            NOTES_LABELS.get(kind, "Notes"),
            values.get("notes"),
            multiline=True,
            optional=kind != "behaviour",
        )
    )
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": plain("Edit record" if form.record_ref else TITLES.get(kind, "Log"), 24),
        "submit": plain("Save", 24),
        "close": plain("Cancel", 24),
        "private_metadata": json.dumps({"kind": kind, "record_ref": form.record_ref}),
        "blocks": blocks,
    }


def _session_blocks(form: FormRequest, values: dict[str, Any], chosen: list[int]) -> list[dict]:
    names = dict(form.pupil_options)
    provisions: list[tuple[Any, str]] = []
    for pid in chosen:
        for prov_id, name in form.provision_options.get(pid, []):
            provisions.append(
                (prov_id, f"{name} ({names.get(pid, '')})" if len(chosen) > 1 else name)
            )
    blocks: list[dict[str, Any]] = []
    if provisions:
        blocks.append(
            _input(
                "provision_id",
                "Provision",
                _select(provisions, values.get("provision_id"), placeholder="Which provision?"),
                optional=False,
            )
        )
    else:
        text = (
            "Choose the pupil to see their provisions."
            if not chosen
            else "No planned provisions for this pupil."
        )
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": text}]})
    blocks.append(_number("duration_minutes", "Minutes", values.get("duration_minutes")))
    status = {
        "type": "radio_buttons",
        "action_id": VALUE_ACTION,
        "options": [_option(label, value) for value, label in STATUS_LABELS.items()],
    }
    current = values.get("status") or "delivered"
    status["initial_option"] = next(o for o in status["options"] if o["value"] == current)
    blocks.append(_input("status", "Delivered or missed?", status, optional=True))
    blocks.append(
        _text("missed_reason", *TEXT_FIELDS["missed_reason"][:1], values.get("missed_reason"))
    )
    return blocks


def _behaviour_blocks(values: dict[str, Any]) -> list[dict]:
    blocks = [
        _text(name, label, values.get(name), multiline=multi, optional=True)
        for name in ("place", "antecedent", "consequence")
        for label, multi, _ in [TEXT_FIELDS[name]]
    ]
    rpi = _truthy(values.get("physical_intervention"))
    blocks.append(
        _checkbox(
            "physical_intervention",
            "Restrictive physical intervention",
            "A hold or reasonable force was used",
            rpi,
            dispatch=True,
        )
    )
    if rpi:
        for name in RPI_FIELDS:
            if name == "hold_minutes":
                blocks.append(
                    _number(name, "Length of hold (minutes)", values.get(name), optional=False)
                )
            elif name == "parents_informed":
                blocks.append(
                    _checkbox(
                        name,
                        "Parents/carers",
                        "Parents/carers have been told",
                        _truthy(values.get(name)),
                    )
                )
            else:
                label, multi, required = TEXT_FIELDS[name]
                blocks.append(
                    _text(name, label, values.get(name), multiline=multi, optional=not required)
                )
    return blocks


def _contact_blocks(values: dict[str, Any]) -> list[dict]:
    follow: dict[str, Any] = {"type": "datepicker", "action_id": VALUE_ACTION}
    if values.get("follow_up_on"):
        follow["initial_date"] = str(values["follow_up_on"])[:10]
    return [
        _text("contact_with", TEXT_FIELDS["contact_with"][0], values.get("contact_with")),
        _input(
            "contact_method",
            "How",
            _select(list(METHOD_LABELS.items()), values.get("contact_method")),
            optional=False,
        ),
        _input(
            "follow_up_on",
            "Follow up on",
            follow,
            optional=True,
            hint="A reminder is sent that morning.",
        ),
    ]


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
    if kind == "timepicker":
        return element.get("selected_time")
    return element.get("value")


def form_values(view: dict[str, Any], tz: ZoneInfo) -> dict[str, Any]:
    """Flatten a view's state into the handlers' form dict (FORM_FIELDS keys only)."""
    form: dict[str, Any] = {}
    for block_id, actions in ((view.get("state") or {}).get("values") or {}).items():
        if block_id not in FORM_FIELDS or not actions:
            continue
        form[block_id] = _element_value(next(iter(actions.values())), tz)
    meta = metadata(view)
    if meta.get("record_ref"):
        form["record_ref"] = meta["record_ref"]
    if not form.get("kind") and meta.get("kind"):
        form["kind"] = meta["kind"]
    return form


def refreshed_form(fresh: FormRequest, view: dict[str, Any], tz: ZoneInfo) -> FormRequest:
    """The fresh options with what the user has filled in so far."""
    meta = metadata(view)
    values = {k: v for k, v in form_values(view, tz).items() if k != "record_ref"}
    fresh.values = {k: v for k, v in values.items() if v not in (None, "", [], False)}
    fresh.kind = values.get("kind") or meta.get("kind")
    fresh.record_ref = meta.get("record_ref")
    return fresh


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
