"""What the /log grammar understood from one message.

`ParseResult` is the single hand-off from the grammar to the commands that
store records, and `to_contract()` is the JSON shape of `keyworker parse`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from handlers.grammar.roster import RosterProvision, RosterPupil

Kind = Literal["session", "behaviour", "parent_contact", "safeguarding"]
ContactMethod = Literal["phone", "email", "in_person", "letter", "text", "video"]


@dataclass
class ParseOverrides:
    """Answers to the questions the bot asked; they win over what was parsed."""

    kind: Kind | None = None
    pupil_ids: list[int] | None = None
    provision_id: int | None = None
    duration_minutes: int | None = None


@dataclass
class ParseResult:
    text: str
    kind: Kind | None = None
    pupils: list[RosterPupil] = field(default_factory=list)
    # Name as typed -> the pupils it could mean, when it could mean more than one.
    candidates: dict[str, list[RosterPupil]] = field(default_factory=dict)
    provision: RosterProvision | None = None
    status: Literal["delivered", "missed"] | None = None
    missed_reason: str | None = None
    duration_minutes: int | None = None
    occurred_at: datetime | None = None
    time_given: bool = False
    contact_method: ContactMethod | None = None
    contact_with: str | None = None  # "mum", "dad", "carer", ...
    contact_direction: Literal["outbound", "inbound"] | None = None
    follow_up_on: date | None = None
    physical_intervention: bool = False
    hold_type: str | None = None
    hold_minutes: int | None = None
    place: str | None = None
    injuries: str | None = None
    staff_involved: str | None = None
    notes: str = ""
    problems: list[str] = field(default_factory=list)
    # Added by the grammar (not part of the `keyworker parse` contract):
    # the kind word the sender typed, if any (differs from `kind` when
    # safeguarding words overrode it).
    explicit_kind: Kind | None = None
    # The disclosure/worry phrases that made this safeguarding, as typed.
    safeguarding_flags: list[str] = field(default_factory=list)
    # "will follow up" with or without a date.
    follow_up_requested: bool = False
    # Why the result is not ok, as codes the caller turns into questions:
    # "text", "pupil", "which_pupil", "unknown_pupil", "provision", "kind", "when",
    # "duration".
    needs: list[str] = field(default_factory=list)
    # For a "which provision?" question: the options to offer.
    provision_options: list[RosterProvision] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_contract(self) -> dict:
        """The fields of `keyworker parse`, exactly as the contract names them."""
        candidates = [p.full_name for group in self.candidates.values() for p in group]
        return {
            "ok": self.ok,
            "kind": self.kind,
            "pupil": self.pupils[0].full_name if len(self.pupils) == 1 else None,
            "pupils": [p.full_name for p in self.pupils],
            "candidates": candidates,
            "provision": self.provision.name if self.provision else None,
            "status": self.status,
            "duration_minutes": self.duration_minutes,
            "occurred_at": self.occurred_at.isoformat() if self.occurred_at else None,
            "time_given": self.time_given,
            "contact_method": self.contact_method,
            "follow_up_on": self.follow_up_on.isoformat() if self.follow_up_on else None,
            "physical_intervention": self.physical_intervention,
            "notes": self.notes,
            "problems": list(self.problems),
        }
