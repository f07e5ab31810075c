"""The one form: every field a session, a behaviour incident (with its RPI fields), a
parent contact and a concern can have, with the rules for showing and requiring it.

Each `Field` says its key (the key platforms send the value back under), its
label and the question a guided form asks, its type, which kinds show it,
when it is shown and when it is required, its options, and whether changing
it changes which other fields apply (`refreshes`: Slack redraws the modal, a
guided form re-plans its steps). Slack modals, Telegram's guided form, Teams
cards and the web pages render these fields; none of them keeps a field rule
of its own, and validation (handlers.forms.validate) reads the same rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from storage.vocabulary import (
    KIND_LABELS,
    METHOD_LABELS,
    STATUS_LABELS,
    RecordKind,
    SessionStatus,
    truthy,
)

Values = Mapping[str, Any]
FieldType = Literal[
    "choice",  # one of `options`
    "pupils",  # pupil ids from the roster (several for a group session)
    "provision",  # one of the chosen pupils' provisions
    "minutes",  # whole minutes
    "when",  # a school-local date and time, not in the future
    "date",  # a day (a follow-up: today or later)
    "text",  # one line
    "longtext",  # a paragraph
    "flag",  # yes or no
]

ALL_KINDS = frozenset(KIND_LABELS)
SESSION = frozenset({RecordKind.session.value})
BEHAVIOUR = frozenset({RecordKind.behaviour.value})
CONTACT = frozenset({RecordKind.parent_contact.value})


def _always(values: Values) -> bool:
    return True


def _never(values: Values) -> bool:
    return False


def _kind_in(*kinds: str) -> Callable[[Values], bool]:
    def check(values: Values) -> bool:
        return values.get("kind") in kinds

    return check


def force_used(values: Values) -> bool:
    """A restrictive physical intervention was recorded on this incident."""
    return values.get("kind") == RecordKind.behaviour and truthy(
        values.get("physical_intervention")
    )


def missed(values: Values) -> bool:
    return values.get("status") == SessionStatus.missed


def _not(check: Callable[[Values], bool]) -> Callable[[Values], bool]:
    def negated(values: Values) -> bool:
        return not check(values)

    return negated


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    type: FieldType
    question: str
    kinds: frozenset[str]
    shown_when: Callable[[Values], bool] = _always
    required_when: Callable[[Values], bool] = _never
    options: tuple[tuple[str, str], ...] = ()
    refreshes: bool = False
    # A guided form asks it as a step even though it may be left empty (with Skip).
    ask: bool = False
    max_length: int = 2000
    hint: str = ""
    # The option label of a flag ("A hold or reasonable force was used").
    flag_label: str = ""
    # Kind-specific labels (the notes are "What happened" on an incident).
    labels_by_kind: Mapping[str, str] = field(default_factory=dict)
    # What to say when it is required and empty (else its question is asked again).
    missing: str = ""
    # A correction never changes it (the record's kind and pupils): shown, not asked.
    fixed_on_edit: bool = False

    def applies(self, values: Values) -> bool:
        """Shown for these values (the kind is chosen and this field belongs to it)."""
        kind = values.get("kind")
        if self.key == "kind":
            return True
        if kind not in KIND_LABELS:  # not chosen yet: what every kind has
            return self.kinds == ALL_KINDS and self.shown_when(values)
        return kind in self.kinds and self.shown_when(values)

    def required(self, values: Values) -> bool:
        return self.applies(values) and self.required_when(values)

    def label_for(self, values: Values) -> str:
        return self.labels_by_kind.get(str(values.get("kind")), self.label)

    def option_label(self, value: Any) -> str | None:
        return dict(self.options).get(str(value))


RPI_QUESTIONS = "Restrictive physical intervention (statutory record)"

FIELDS: tuple[Field, ...] = (
    Field(
        "kind",
        "What are you logging?",
        "choice",
        "What are you logging?",
        ALL_KINDS,
        required_when=_always,
        options=tuple(KIND_LABELS.items()),
        refreshes=True,
        missing="Choose what you are logging.",
        fixed_on_edit=True,
    ),
    Field(
        "pupil_ids",
        "Pupil",
        "pupils",
        "Who was it for? Tap a pupil, or type part of a name to search.",
        ALL_KINDS,
        # A worry is passed on even when the child can't be named in the form.
        required_when=_not(_kind_in(RecordKind.safeguarding)),
        refreshes=True,
        hint="A group session can have several pupils.",
        missing="Choose the pupil.",
        fixed_on_edit=True,
    ),
    Field(
        "provision_id",
        "Provision",
        "provision",
        "Which provision?",
        SESSION,
        required_when=_always,
        missing="Choose one of this pupil's provisions.",
    ),
    Field(
        "status",
        "Delivered or missed?",
        "choice",
        "Did the session happen?",
        SESSION,
        options=tuple(STATUS_LABELS.items()),
        refreshes=True,
    ),
    Field(
        "missed_reason",
        "Why was it missed?",
        "text",
        "Why was it missed?",
        SESSION,
        shown_when=missed,
        required_when=missed,
        max_length=500,
    ),
    Field(
        "duration_minutes",
        "Minutes",
        "minutes",
        "How long, in minutes?",
        SESSION,
        shown_when=_not(missed),
        ask=True,
    ),
    Field(
        "involved_ids",
        "Other pupils involved",
        "pupils",
        "Were other pupils involved (hurt, targeted or saw it)? Tap them, or tap Skip.",
        BEHAVIOUR,
        hint="Named on this record only: they get no behaviour record of their own.",
    ),
    Field(
        "place",
        "Where did it happen?",
        "text",
        "Where did it happen?",
        BEHAVIOUR,
        required_when=force_used,
        max_length=200,
    ),
    Field(
        "antecedent",
        "What happened before?",
        "longtext",
        "What happened just before?",
        BEHAVIOUR,
        required_when=force_used,
    ),
    Field(
        "consequence",
        "What happened after / strategies used",
        "longtext",
        "What happened after, and what strategies were used?",
        BEHAVIOUR,
    ),
    Field(
        "physical_intervention",
        "Restrictive physical intervention",
        "flag",
        "Was a hold or reasonable force used?",
        BEHAVIOUR,
        refreshes=True,
        ask=True,
        flag_label="A hold or reasonable force was used",
    ),
    Field(
        "staff_involved",
        "Staff involved",
        "text",
        "Which staff were involved?",
        BEHAVIOUR,
        shown_when=force_used,
        required_when=force_used,
        max_length=500,
    ),
    Field(
        "hold_type",
        "Type of hold",
        "text",
        "What type of hold was used?",
        BEHAVIOUR,
        shown_when=force_used,
        required_when=force_used,
        max_length=200,
    ),
    Field(
        "hold_minutes",
        "Length of hold (minutes)",
        "minutes",
        "How long was the hold, in minutes?",
        BEHAVIOUR,
        shown_when=force_used,
        required_when=force_used,
    ),
    Field(
        "degree_of_force",
        "Degree of force",
        "text",
        "How much force was used (e.g. light guiding touch, firm hold)?",
        BEHAVIOUR,
        shown_when=force_used,
        max_length=200,
    ),
    Field(
        "deescalation_tried",
        "De-escalation tried first",
        "longtext",
        "What de-escalation was tried first?",
        BEHAVIOUR,
        shown_when=force_used,
        required_when=force_used,
    ),
    Field(
        "reason_for_force",
        "Why was it necessary?",
        "longtext",
        "Why was the hold necessary?",
        BEHAVIOUR,
        shown_when=force_used,
        required_when=force_used,
    ),
    Field(
        "injuries",
        "Injuries to anyone ('none' if none)",
        "text",
        "Any injuries to anyone? Write 'none' if none.",
        BEHAVIOUR,
        shown_when=force_used,
        required_when=force_used,
        max_length=1000,
    ),
    Field(
        "support_after",
        "Support given afterwards",
        "longtext",
        "What support was given afterwards?",
        BEHAVIOUR,
        shown_when=force_used,
    ),
    Field(
        "parents_informed",
        "Parents/carers",
        "flag",
        "Have the parents or carers been told?",
        BEHAVIOUR,
        shown_when=force_used,
        ask=True,
        flag_label="Parents/carers have been told",
    ),
    Field(
        "parents_informed_at",
        "When parents/carers were told",
        "when",
        "When were the parents or carers told?",
        BEHAVIOUR,
        shown_when=force_used,
        hint="Leave empty if they have not been told yet.",
    ),
    Field(
        "parents_informed_how",
        "How they were told",
        "choice",
        "How were they told?",
        BEHAVIOUR,
        shown_when=force_used,
        options=tuple(METHOD_LABELS.items()),
    ),
    Field(
        "parents_informed_by",
        "Who told them",
        "text",
        "Who told them?",
        BEHAVIOUR,
        shown_when=force_used,
        max_length=200,
    ),
    Field(
        "contact_with",
        "Who with (mum, dad, carer...)",
        "text",
        "Who was it with (mum, dad, carer...)?",
        CONTACT,
        max_length=100,
    ),
    Field(
        "contact_method",
        "How",
        "choice",
        "How were you in touch?",
        CONTACT,
        required_when=_always,
        options=tuple(METHOD_LABELS.items()),
        missing="Choose how you were in touch.",
    ),
    Field(
        "follow_up_on",
        "Follow up on",
        "date",
        "Is there a day to follow up? e.g. Friday, or tap Skip.",
        CONTACT,
        ask=True,
        hint="A reminder is sent that morning.",
    ),
    Field(
        "occurred_at",
        "When",
        "when",
        "When was it?",
        ALL_KINDS,
        ask=True,
        hint="Leave empty for now.",
    ),
    Field(
        "notes",
        "Notes",
        "longtext",
        "Any notes? Type them, or tap Skip.",
        ALL_KINDS,
        required_when=_kind_in(RecordKind.behaviour, RecordKind.safeguarding),
        ask=True,
        max_length=4000,
        labels_by_kind={
            RecordKind.behaviour: "What happened",
            RecordKind.parent_contact: "What was discussed",
            RecordKind.safeguarding: "What was said or seen, in the words used",
        },
        missing="Say what happened (for a worry, what was said or seen).",
    ),
)
BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}
# Keys a platform may send back, besides the fields: the record a form corrects.
RECORD_REF = "record_ref"


def fields_for(values: Values) -> list[Field]:
    """The fields that apply to these values, in the order forms show and ask them."""
    return [f for f in FIELDS if f.applies(values)]


def missing_required(values: Values) -> list[Field]:
    return [f for f in fields_for(values) if f.required(values) and is_empty(values.get(f.key))]


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value is False
