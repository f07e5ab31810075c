"""Who may produce which report.

An LSA or teacher gets evidence packs for their own key pupils only; the
SENCO, DSL and admins get any pupil of their school and the school report.
The command line acts as an administrator (`Requester.cli()`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn

from sqlmodel import Session

from handlers.registry import READ_ALL_ROLES
from storage.audit import audit
from storage.concern_steps import may_record
from storage.models import Pupil, Staff
from storage.vocabulary import role_label


class NotAllowed(PermissionError):
    """The requester may not have this report (the refusal is audited)."""


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


def may_take_concerns(requester: Requester, school_id: int) -> bool:
    """What was said in a concern leaves Keyworker with a named DSL or deputy of the school
    only: not an unnamed operator, not the SENCO or an admin."""
    staff = requester.staff
    return staff is not None and staff.school_id == school_id and may_record(staff)


def may_see_school(requester: Requester, school_id: int) -> bool:
    staff = requester.staff
    if staff is None:
        return True
    return staff.school_id == school_id and staff.active and staff.role in READ_ALL_ROLES


def refuse(
    session: Session,
    requester: Requester,
    *,
    school_id: int,
    detail: str,
    pupil_id: int | None = None,
    record_type: str | None = None,
) -> NoReturn:
    """Audit a refused report ("evidence pack: not their key pupil") and raise NotAllowed."""
    audit(
        session,
        action="refused",
        school_id=school_id,
        staff_id=requester.staff_id,
        platform=requester.platform,
        pupil_id=pupil_id,
        record_type=record_type,
        detail=detail,
    )
    raise NotAllowed(pupil_id or school_id)
