"""Adaptive Cards: a Reply as a card, the handlers' form schema as a card, and a
submitted card back as form data.

Every field comes from handlers.forms.schema: which fields apply, their labels,
which are required, their options. This module only decides how each field type
looks as an Adaptive Card input, like bot/slack/modals.py does for Block Kit. Each
input's `id` is the field's key (a date-and-time field is two inputs: the key for
the day and `key + TIME_SUFFIX` for the time), so the handlers' field errors map
straight onto the inputs and a submission comes back keyed by the schema.

Every button is an Action.Execute (Teams' Universal Actions): the press arrives as
an `adaptiveCard/action` invoke whose answer replaces the card in place, so a
question's buttons can't be pressed twice and a form redraws itself. Its `data`
says what the press is: a choice (`kw: choice`, the handler's Choice.value), a
redraw after a field that `refreshes` changed (`kw: refresh`), or Save (`kw: save`),
with the kind and the record being edited.

Inputs are not marked `isRequired`: Teams checks those on every button of the
card, which would stop "Update the form" while a required field is still empty.
The handlers' own validation is the check, and its messages appear under the fields.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from handlers.forms.options import chosen_pupils, editing_line, local_moment, provision_options
from handlers.forms.schema import BY_KEY, RECORD_REF, Field, fields_for
from handlers.grammar.durations import MAX_MINUTES
from handlers.types import Choice, FormRequest, Reply
from storage.vocabulary import truthy

CARD_TYPE = "application/vnd.microsoft.card.adaptive"
CARD_VERSION = "1.5"  # what Teams renders on desktop, web and mobile
VERB = "keyworker"
CHOICE, REFRESH, SAVE = "choice", "refresh", "save"
TIME_SUFFIX = ".time"
TEXT_LIMIT = 20_000  # Teams refuses messages much over 28 KB
BUTTONS_PER_ROW = 4
TITLES = {
    "session": "Log a session",
    "behaviour": "Log behaviour",
    "parent_contact": "Log parent contact",
    "safeguarding": "A worry about a child",
}
UPDATE_LABEL = "Update the form"
UPDATE_HINT = "Changed this? Press “Update the form” to see the questions that now apply."
Element = dict[str, Any]


def card(body: list[Element]) -> Element:
    return {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": CARD_VERSION,
        "body": body,
    }


def text_block(text: str, **style: Any) -> Element:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def _paragraphs(text: str) -> list[Element]:
    """One TextBlock per line: a card's TextBlock does not keep single line breaks."""
    lines = text[:TEXT_LIMIT].split("\n")
    return [text_block(line or " ", spacing="None") for line in lines]


def execute(title: str, data: dict[str, Any], style: str | None = None) -> Element:
    action: Element = {"type": "Action.Execute", "title": title, "verb": VERB, "data": data}
    if style:
        action["style"] = style
    return action


def _choice_action(choice: Choice) -> Element:
    style = {"primary": "positive", "danger": "destructive"}.get(choice.style or "")
    return execute(choice.label[:80], {"kw": CHOICE, "value": choice.value}, style)


def reply_card(reply: Reply) -> Element:
    """A reply's text, with its choices (Undo/Edit, which pupil...) as buttons."""
    body = _paragraphs(reply.text or " ")
    actions = [_choice_action(c) for c in reply.choices]
    # Teams shows a handful of buttons in a row and hides the rest behind "…": rows of
    # a few keep every choice in sight.
    for start in range(0, len(actions), BUTTONS_PER_ROW):
        body.append({"type": "ActionSet", "actions": actions[start : start + BUTTONS_PER_ROW]})
    return card(body)


def message_card(text: str, choices: list[Choice] | None = None) -> Element:
    return reply_card(Reply(text=text, choices=list(choices or [])))


# -- the form -----------------------------------------------------------------------


def _label(field: Field, values: dict[str, Any]) -> str:
    label = field.label_for(values)
    return f"{label} (required)" if field.required(values) else label


def _input(field: Field, values: dict[str, Any], element: Element) -> Element:
    element.setdefault("id", field.key)
    element["label"] = _label(field, values)
    return element


def _choice_set(
    field: Field,
    values: dict[str, Any],
    options: list[tuple[Any, str]],
    current: Any,
    *,
    multiple: bool = False,
) -> Element:
    element: Element = {
        "type": "Input.ChoiceSet",
        "choices": [{"title": label, "value": str(value)} for value, label in options],
        # A handful of choices reads best as radio buttons; a long list as a search box.
        "style": "expanded" if len(options) <= 3 and not multiple else "compact",
        "isMultiSelect": multiple,
        "placeholder": field.question[:100],
    }
    chosen = [str(c) for c in (current if isinstance(current, list) else [current]) if c]
    if chosen:
        element["value"] = ",".join(chosen)
    return _input(field, values, element)


def _choice(field: Field, values: dict[str, Any], form: FormRequest, tz: ZoneInfo) -> list[Element]:
    options = list(field.options)
    current = values.get(field.key)
    if current is None and len(options) <= 3 and field.key != "kind":
        current = options[0][0]  # radio buttons start on the first option, as on Slack
    return [_choice_set(field, values, options, current)]


def _pupils(field: Field, values: dict[str, Any], form: FormRequest, tz: ZoneInfo) -> list[Element]:
    """A searchable multi-select (a group session has several pupils); the pupils a
    name could have meant come first."""
    suggested = [p for p in form.pupil_options if p[0] in form.suggested_pupil_ids]
    rest = [p for p in form.pupil_options if p[0] not in form.suggested_pupil_ids]
    chosen = [str(i) for i in chosen_pupils(values, field.key)]
    return [_choice_set(field, values, suggested + rest, chosen, multiple=True)]


def _provision(
    field: Field, values: dict[str, Any], form: FormRequest, tz: ZoneInfo
) -> list[Element]:
    provisions: list[tuple[Any, str]] = list(provision_options(form, values))
    if not provisions:
        text = (
            "Choose the pupil, then press “Update the form”, to see their provisions."
            if not chosen_pupils(values)
            else "No planned provisions for this pupil."
        )
        return [text_block(text, isSubtle=True)]
    return [_choice_set(field, values, provisions, values.get(field.key))]


def _minutes(
    field: Field, values: dict[str, Any], form: FormRequest, tz: ZoneInfo
) -> list[Element]:
    element: Element = {"type": "Input.Number", "min": 1, "max": MAX_MINUTES}
    current = values.get(field.key)
    if current not in (None, "") and str(current).isdigit():
        element["value"] = int(current)
    return [_input(field, values, element)]


def _when(field: Field, values: dict[str, Any], form: FormRequest, tz: ZoneInfo) -> list[Element]:
    day: Element = {"type": "Input.Date"}
    time: Element = {"type": "Input.Time", "id": field.key + TIME_SUFFIX, "label": "Time"}
    moment = local_moment(values.get(field.key), tz)
    if moment is not None:
        day["value"] = moment.strftime("%Y-%m-%d")
        time["value"] = moment.strftime("%H:%M")
    return [_input(field, values, day), time]


def _date(field: Field, values: dict[str, Any], form: FormRequest, tz: ZoneInfo) -> list[Element]:
    element: Element = {"type": "Input.Date"}
    if values.get(field.key):
        element["value"] = str(values[field.key])[:10]
    return [_input(field, values, element)]


def _text(field: Field, values: dict[str, Any], form: FormRequest, tz: ZoneInfo) -> list[Element]:
    element: Element = {
        "type": "Input.Text",
        "isMultiline": field.type == "longtext",
        "maxLength": field.max_length,
    }
    if values.get(field.key) not in (None, ""):
        element["value"] = str(values[field.key])[: field.max_length]
    return [_input(field, values, element)]


def _flag(field: Field, values: dict[str, Any], form: FormRequest, tz: ZoneInfo) -> list[Element]:
    element: Element = {
        "type": "Input.Toggle",
        "title": field.flag_label or field.label,
        "valueOn": "true",
        "valueOff": "false",
        "value": "true" if truthy(values.get(field.key)) else "false",
    }
    return [_input(field, values, element)]


RENDERERS: dict[str, Callable[[Field, dict[str, Any], FormRequest, ZoneInfo], list[Element]]] = {
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


def _error(message: str) -> Element:
    return text_block(message, color="Attention", size="Small", spacing="None")


def form_card(
    form: FormRequest,
    tz: ZoneInfo,
    *,
    errors: dict[str, str] | None = None,
    note: str | None = None,
) -> Element:
    """The card for a FormRequest, pre-filled with `form.values`, with `errors` shown
    under their fields (and any for a field not on the card at the top)."""
    values = dict(form.values)
    kind = values.get("kind") or form.kind
    values["kind"] = kind
    errors = dict(errors or {})
    editing = form.record_ref is not None
    title = "Edit record" if editing else TITLES.get(str(kind), "Log")
    body: list[Element] = [text_block(title, size="Medium", weight="Bolder")]
    if note:
        body.append(text_block(note))
    if editing:
        body.append(text_block(editing_line(form, values)))
    shown = [f for f in fields_for(values) if not (editing and f.fixed_on_edit)]
    stray = [message for key, message in errors.items() if key not in {f.key for f in shown}]
    body += [_error(message) for message in stray]
    data = {"kind": kind, RECORD_REF: form.record_ref}
    for field in shown:
        body += RENDERERS[field.type](field, values, form, tz)
        if field.key in errors:
            body.append(_error(errors[field.key]))
        if field.refreshes:
            body.append(text_block(UPDATE_HINT, isSubtle=True, size="Small", spacing="None"))
            body.append(
                {"type": "ActionSet", "actions": [execute(UPDATE_LABEL, {**data, "kw": REFRESH})]}
            )
    body.append(
        {"type": "ActionSet", "actions": [execute("Save", {**data, "kw": SAVE}, "positive")]}
    )
    return card(body)


def form_values(data: dict[str, Any], tz: ZoneInfo) -> dict[str, Any]:
    """A submitted card's inputs (merged into the action's data by Teams) as the
    handlers' form dict: schema keys only, plus the record being edited."""
    form: dict[str, Any] = {}
    for key, field in BY_KEY.items():
        if key not in data:
            continue
        raw = data[key]
        text = "" if raw is None else str(raw).strip()
        if field.type == "pupils":
            form[key] = [part for part in text.split(",") if part.strip()]
        elif field.type == "flag":
            form[key] = truthy(text)
        elif field.type == "when":
            time = str(data.get(key + TIME_SUFFIX) or "").strip()
            # A time alone is read as typed ("14:30" is today at 14:30).
            form[key] = f"{text}T{time}" if text and time else (text or time or None)
        else:
            form[key] = text or None
    if data.get(RECORD_REF):
        form[RECORD_REF] = str(data[RECORD_REF])
    if not form.get("kind") and data.get("kind"):
        form["kind"] = str(data["kind"])
    return form


def card_attachment(content: Element) -> dict[str, Any]:
    return {"contentType": CARD_TYPE, "content": content}
