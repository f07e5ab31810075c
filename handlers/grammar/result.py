"""What the /log grammar understood from one message.

`ParseResult` is the single hand-off from the grammar to the commands that
store records, and `to_contract()` is the JSON shape of `keyworker parse`
(docs/parse-contract.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from handlers.grammar.roster import RosterProvision, RosterPupil

Kind = Literal["session", "behaviour", "parent_contact", "safeguarding"]
ContactMethod = Literal["phone", "email", "in_person", "letter", "text", "video"]
TimePrecision = Literal["exact", "part_of_day", "none"]
# The statutory details of a restrictive physical intervention, in the order
# the bot asks for them (DESIGN.md's list).
RPI_FIELDS = (
    "staff", "place", "antecedent", "deescalation", "hold", "minutes", "reason", "injuries",
    "support", "parents_informed",
)  # fmt: skip


@dataclass
class ParseOverrides:
    """Answers to the questions the bot asked; they win over what was parsed."""

    kind: Kind | None = None
    pupil_ids: list[int] | None = None
    provision_id: int | None = None
    duration_minutes: int | None = None


@dataclass
class RpiDetails:
    """What the message said about a restrictive physical intervention."""

    hold: str | None = None  # the hold or escort as typed ("single elbow escort")
    minutes: int | None = None
    staff: str | None = None  # "me + Mr Patel"
    place: str | None = None
    deescalation: str | None = None  # what was tried first, as typed
    injuries: str | None = None  # "no injuries", "red mark on wrist"
    parents_informed: bool | None = None  # None: the message did not say
    parents_informed_at: datetime | None = None
    antecedent: bool = False  # the message says what happened before
    reason: bool = False  # ... why force was necessary
    support: bool = False  # ... what support followed
    # The clauses that said so, as typed, stored in the record's own columns.
    antecedent_words: str | None = None
    reason_words: str | None = None
    support_words: str | None = None
    informed_how: str | None = None  # phone | email | text | in_person, when the words say

    @property
    def missing(self) -> list[str]:
        """The statutory details the message did not give, in RPI_FIELDS order."""
        given = {
            "staff": self.staff is not None,
            "place": self.place is not None,
            "antecedent": self.antecedent,
            "deescalation": self.deescalation is not None,
            "hold": self.hold is not None,
            "minutes": self.minutes is not None,
            "reason": self.reason,
            "injuries": self.injuries is not None,
            "support": self.support,
            "parents_informed": self.parents_informed is True,
        }
        return [name for name in RPI_FIELDS if not given[name]]

    def to_contract(self) -> dict[str, Any]:
        at = self.parents_informed_at
        return {
            "hold": self.hold,
            "minutes": self.minutes,
            "staff": self.staff,
            "place": self.place,
            "deescalation": self.deescalation,
            "injuries": self.injuries,
            "parents_informed": self.parents_informed,
            "parents_informed_at": at.isoformat() if at else None,
            "missing": self.missing,
        }


@dataclass
class ParseResult:
    text: str
    kind: Kind | None = None
    pupils: list[RosterPupil] = field(default_factory=list)
    # Other pupils named in the record who are not its subjects (the child who
    # was hit, a witness), with their role: "target", "witness" or "involved".
    involved: list[RosterPupil] = field(default_factory=list)
    involved_roles: dict[int, str] = field(default_factory=dict)
    # Name as typed -> the pupils it could mean, when it could mean more than one.
    candidates: dict[str, list[RosterPupil]] = field(default_factory=dict)
    provision: RosterProvision | None = None
    status: Literal["delivered", "missed"] | None = None
    missed_reason: str | None = None
    duration_minutes: int | None = None
    occurred_at: datetime | None = None
    time_given: bool = False
    time_precision: TimePrecision = "none"
    contact_method: ContactMethod | None = None
    contact_with: str | None = None  # "mum", "dad", "carer", ...
    contact_direction: Literal["outbound", "inbound"] | None = None
    follow_up_on: date | None = None
    physical_intervention: bool = False
    rpi: RpiDetails | None = None
    hold_type: str | None = None
    hold_minutes: int | None = None
    place: str | None = None
    injuries: str | None = None
    staff_involved: str | None = None
    # The safeguarding categories recognised (None: no concern).
    concern: list[str] | None = None
    notes: str = ""
    problems: list[str] = field(default_factory=list)
    # Added by the grammar (not part of the `keyworker parse` contract):
    # the kind word the sender typed, if any (differs from `kind` when
    # safeguarding words overrode it).
    explicit_kind: Kind | None = None
    # The disclosure/worry phrases that made this a concern, as typed.
    safeguarding_flags: list[str] = field(default_factory=list)
    # "will follow up" with or without a date.
    follow_up_requested: bool = False
    # Why the result is not ok, as codes the caller turns into questions:
    # "text", "pupil", "which_pupil", "unknown_pupil", "provision", "kind", "when",
    # "duration" (fails the sense check), "group" (a plan lacks the provision).
    needs: list[str] = field(default_factory=list)
    # For a "which provision?" question: the options to offer.
    provision_options: list[RosterProvision] = field(default_factory=list)
    # For a "how long?" question: the plan's session length, when known.
    usual_minutes: int | None = None
    # For a partial group: the pupils whose plan lacks the provision.
    without_provision: list[RosterPupil] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_contract(self) -> dict[str, Any]:
        """The fields of `keyworker parse`, exactly as the contract names them."""
        candidates = [p.full_name for group in self.candidates.values() for p in group]
        return {
            "ok": self.ok,
            "kind": self.kind,
            "pupil": self.pupils[0].full_name if len(self.pupils) == 1 else None,
            "pupils": [p.full_name for p in self.pupils],
            "involved": [p.full_name for p in self.involved],
            "candidates": candidates,
            "provision": self.provision.name if self.provision else None,
            "status": self.status,
            "missed_reason": self.missed_reason,
            "duration_minutes": self.duration_minutes,
            "occurred_at": self.occurred_at.isoformat() if self.occurred_at else None,
            "time_given": self.time_given,
            "time_precision": self.time_precision,
            "contact_method": self.contact_method,
            "follow_up_on": self.follow_up_on.isoformat() if self.follow_up_on else None,
            "physical_intervention": self.physical_intervention,
            "rpi": self.rpi.to_contract() if self.rpi is not None else None,
            "concern": list(self.concern) if self.concern else None,
            "notes": self.notes,
            "problems": list(self.problems),
        }
