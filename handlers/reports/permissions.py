"""Who may produce which report.

An LSA or teacher gets evidence packs for their own key pupils only; the
SENCO, DSL and admins get any pupil of their school and the school report.
The command line acts as an administrator (`Requester.cli()`).
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers.registry import READ_ALL_ROLES
from storage.models import Pupil, Staff
from storage.vocabulary import role_label


@dataclass(frozen=True)
class Requester:
    staff: Staff | None  # None: the command line, acting as an administrator
    platform: str

    @classmethod
    def cli(cls) -> Requester:
        return cls(None, "cli")

    @property
    def staff_id(self) -> int | None:
        return self.staff.id if self.staff else None

    @property
    def label(self) -> str:
        if self.staff is None:
            return "an administrator (command line)"
        return f"{self.staff.name} ({role_label(self.staff.role)})"


def may_see_pack(requester: Requester, pupil: Pupil) -> bool:
    staff = requester.staff
    if staff is None:
        return True
    if staff.school_id != pupil.school_id or not staff.active:
        return False
    return staff.role in READ_ALL_ROLES or pupil.key_worker_id == staff.id


def may_see_school(requester: Requester, school_id: int) -> bool:
    staff = requester.staff
    if staff is None:
        return True
    return staff.school_id == school_id and staff.active and staff.role in READ_ALL_ROLES
