"""The school's pupils and their planned provisions, and its staff's names, as the
parser sees them.

Storage builds a `Roster` once per school (and rebuilds it when an import
changes the pupils); the grammar only reads it. Keeping it a plain, frozen
structure lets the parser run without a database session and stay fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storage.vocabulary import display_name


@dataclass(frozen=True)
class RosterProvision:
    id: int
    name: str
    area_of_need: str
    sessions_per_week: int
    minutes_per_session: int


@dataclass(frozen=True)
class RosterPupil:
    id: int
    upn: str
    first_name: str
    last_name: str
    preferred_name: str | None = None
    key_worker_id: int | None = None
    provisions: tuple[RosterProvision, ...] = ()

    @property
    def full_name(self) -> str:
        """Legal first name and surname, as the parse contract names pupils."""
        return f"{self.first_name} {self.last_name}"

    @property
    def display_name(self) -> str:
        """The name staff use day to day: preferred name when there is one."""
        return display_name(self.first_name, self.preferred_name, self.last_name)

    def own_provision(self, chosen: RosterProvision | None) -> RosterProvision | None:
        """This pupil's own provision that is `chosen` or has its name (the
        pupils of a group session each have their own plan line), or None."""
        if chosen is None:
            return None
        for provision in self.provisions:
            if provision.id == chosen.id:
                return provision
        wanted = chosen.name.casefold()
        return next((p for p in self.provisions if p.name.casefold() == wanted), None)


@dataclass(frozen=True)
class Roster:
    pupils: tuple[RosterPupil, ...] = ()
    # Staff full names: "told fran" is a colleague, never Francesca by her short form.
    staff_names: tuple[str, ...] = ()
    by_id: dict[int, RosterPupil] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.by_id:
            self.by_id.update({p.id: p for p in self.pupils})

    def pupil(self, pupil_id: int) -> RosterPupil | None:
        return self.by_id.get(pupil_id)
