"""The product's words, defined once: record kinds, statuses, contact methods, roles, names.

Every layer reads these (the grammar, the forms, replies, reports and the
scheduled jobs), so a label or a rule about names is changed in one place.
It lives in storage/ because it is the lowest layer every other imports.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class RecordKind(StrEnum):
    session = "session"
    behaviour = "behaviour"
    parent_contact = "parent_contact"
    safeguarding = "safeguarding"


# The kinds stored as records of their own (a concern is an alert, not a log).
LOGGED_KINDS: tuple[str, ...] = (
    RecordKind.session,
    RecordKind.behaviour,
    RecordKind.parent_contact,
)
# Buttons and form options, in the order people are offered them.
KIND_LABELS: dict[str, str] = {
    RecordKind.session: "Session",
    RecordKind.behaviour: "Behaviour incident",
    RecordKind.parent_contact: "Parent contact",
    RecordKind.safeguarding: "A worry about a child",
}
# The same, inside a sentence ("Logged: behaviour incident, ...").
KIND_WORDS: dict[str, str] = {
    RecordKind.session: "session",
    RecordKind.behaviour: "behaviour incident",
    RecordKind.parent_contact: "parent contact",
    RecordKind.safeguarding: "safeguarding concern",
}


class SessionStatus(StrEnum):
    delivered = "delivered"
    missed = "missed"


STATUS_LABELS: dict[str, str] = {
    SessionStatus.delivered: "Delivered",
    SessionStatus.missed: "Missed",
}


class ContactMethod(StrEnum):
    phone = "phone"
    email = "email"
    in_person = "in_person"
    letter = "letter"
    text = "text"
    video = "video"


METHOD_LABELS: dict[str, str] = {
    ContactMethod.phone: "Phone call",
    ContactMethod.email: "Email",
    ContactMethod.in_person: "In person",
    ContactMethod.letter: "Letter",
    ContactMethod.text: "Text message",
    ContactMethod.video: "Video call",
}
# The same, inside a sentence ("Parent contact, Harry Wright, phone call, ...").
METHOD_WORDS: dict[str, str] = {
    ContactMethod.phone: "phone call",
    ContactMethod.email: "email",
    ContactMethod.in_person: "in person",
    ContactMethod.letter: "letter",
    ContactMethod.text: "text message",
    ContactMethod.video: "video call",
}


class Role(StrEnum):
    lsa = "lsa"
    teacher = "teacher"
    senco = "senco"
    dsl = "dsl"
    admin = "admin"


ROLE_LABELS: dict[str, str] = {
    Role.lsa: "LSA",
    Role.teacher: "teacher",
    Role.senco: "SENCO",
    Role.dsl: "DSL",
    Role.admin: "admin",
}


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


# -- the SEN census (DfE school census codes) -----------------------------------------
class SenStatus(StrEnum):
    """The census SEN provision code: E an EHC plan, K SEN support, N no SEN."""

    ehcp = "E"
    sen_support = "K"
    none = "N"


SEN_STATUS_LABELS: dict[str, str] = {
    SenStatus.ehcp: "EHC plan",
    SenStatus.sen_support: "SEN support",
    SenStatus.none: "No special educational need",
}

# The census's types of need (primary and secondary), code -> what it stands for.
NEED_TYPES: dict[str, str] = {
    "SPLD": "Specific learning difficulty",
    "MLD": "Moderate learning difficulty",
    "SLD": "Severe learning difficulty",
    "PMLD": "Profound and multiple learning difficulty",
    "SEMH": "Social, emotional and mental health",
    "SLCN": "Speech, language and communication needs",
    "HI": "Hearing impairment",
    "VI": "Visual impairment",
    "MSI": "Multi-sensory impairment",
    "PD": "Physical disability",
    "ASD": "Autistic spectrum disorder",
    "OTH": "Other difficulty or disability",
    "NSA": "SEN support but no specialist assessment of type of need",
}

# Who delivers a provision (a role, not a person): the provisions file's delivered_by.
DELIVERERS: dict[str, str] = {
    "lsa": "LSA / teaching assistant",
    "teacher": "teacher",
    "senco": "SENCO",
    "specialist_teacher": "specialist teacher",
    "elsa": "ELSA",
    "slt": "speech and language therapist",
    "ot": "occupational therapist",
    "physio": "physiotherapist",
    "ep": "educational psychologist",
    "counsellor": "counsellor",
    "other": "other",
}
# The other ways schools write them, folded to lower case.
DELIVERER_ALIASES: dict[str, str] = {
    "ta": "lsa",
    "teaching assistant": "lsa",
    "hlta": "lsa",
    "salt": "slt",
    "speech and language therapist": "slt",
    "occupational therapist": "ot",
    "physiotherapist": "physio",
    "educational psychologist": "ep",
    "specialist teacher": "specialist_teacher",
}


def display_name(first_name: str, preferred_name: str | None, last_name: str) -> str:
    """The name staff use day to day: the preferred (or first) name and the surname."""
    return f"{preferred_name or first_name} {last_name}"


def short_name(first_name: str, preferred_name: str | None, last_name: str) -> str:
    """A pupil as a chat line names them: 'Sam B' (preferred or first name, surname initial)."""
    return f"{preferred_name or first_name} {last_name[:1]}"


_TRUE = frozenset({"1", "true", "yes", "y", "on"})


def truthy(value: Any) -> bool:
    """Whether a form value means yes: True, 1, 'true', 'yes', 'y', 'on' (any case)."""
    if isinstance(value, bool):
        return value
    return value is not None and str(value).strip().lower() in _TRUE


# The DSL's side of a concern (KCSIE: concerns, discussions, decisions and the
# reasons for them, in writing): each step a DSL or deputy records, in the order
# they are offered. "outcome" closes it; every step carries its reason.
CONCERN_STEPS: dict[str, str] = {
    "spoke_to_child": "Spoke to the child",
    "called_parents": "Called parents/carers",
    "social_care": "Referral to children's social care",
    "early_help": "Early help",
    "police": "Police",
    "no_further_action": "No further action",
    "note": "Discussion or note",
    "outcome": "Outcome",
}
# How a step may be typed after `/concern N` (a regular expression each, tried in order
# against the start of the text, case ignored): "spoke to child", "nfa", "csc", "mash".
CONCERN_STEP_PHRASES: tuple[tuple[str, str], ...] = (
    (r"(?:called|rang|phoned|spoke\s+to)\s+(?:the\s+)?(?:parents?|carers?|mum|dad|home)"
     r"(?:\s*/\s*carers?)?|parents?", "called_parents"),
    (r"spoke(?:\s+to\s+(?:the\s+)?(?:child|pupil|him|her|them))?", "spoke_to_child"),
    (r"referral(?:\s+to\s+(?:children'?s\s+)?social\s+care)?|referred(?:\s+to\s+\w+)?|"
     r"csc|mash|social\s+care", "social_care"),
    (r"early\s+help", "early_help"),
    (r"police", "police"),
    (r"nfa|no\s+further\s+action", "no_further_action"),
    (r"note|discussed|discussion", "note"),
    (r"outcome|closed", "outcome"),
)  # fmt: skip
