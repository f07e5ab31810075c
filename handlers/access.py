"""Who may open which of the web pages and change what: the chat commands' rules, in one place.

Each rule reuses the role set its chat command (or CLI command) already
uses, so a role that can't do something in chat can't do it on a page either:
concerns are the `/concerns` roles, reviews `/review`'s, evidence packs and
pupil pages `/report`'s and `/pupil`'s, link codes `keyworker link-code`'s.
Managing the roster, staff and the plan is the SENCO's and admins' job; the
audit trail is the admins'.
"""

from __future__ import annotations

from handlers.commands.review import may_record_review
from handlers.linking import ISSUER_ROLES
from handlers.registry import COMMANDS, READ_ALL_ROLES
from handlers.reports.permissions import Requester, may_see_pack
from storage.models import Pupil, Role, Staff

MANAGER_ROLES = frozenset({Role.senco.value, Role.admin.value})
AUDIT_ROLES = frozenset({Role.admin.value})
# Who reads concerns (the DSL) and who runs everything (admins) are the head's
# decisions: only an admin gives or takes away those roles.
ADMIN_ONLY_ROLES = frozenset({Role.dsl.value, Role.admin.value})

__all__ = [
    "assignable_roles",
    "may_change_account",
    "may_change_plan",
    "may_manage_roster",
    "may_manage_staff",
    "may_read_audit",
    "may_read_concerns",
    "may_record_review",
    "may_see_pupil",
    "sees_whole_school",
]


def sees_whole_school(staff: Staff) -> bool:
    """SENCO, DSL and admins see every pupil; others their key pupils and their own logs."""
    return staff.role in READ_ALL_ROLES


def may_see_pupil(staff: Staff, pupil: Pupil) -> bool:
    return may_see_pack(Requester(staff, "web"), pupil)


def may_change_plan(staff: Staff) -> bool:
    return staff.role in MANAGER_ROLES


def may_manage_roster(staff: Staff) -> bool:
    return staff.role in MANAGER_ROLES


def may_manage_staff(staff: Staff) -> bool:
    return staff.role in ISSUER_ROLES


def may_read_concerns(staff: Staff) -> bool:
    return staff.role in COMMANDS["concerns"].roles


def may_read_audit(staff: Staff) -> bool:
    return staff.role in AUDIT_ROLES


def assignable_roles(staff: Staff) -> list[str]:
    """The roles this person may give someone (on the staff page)."""
    roles = [r.value for r in Role]
    if staff.role == Role.admin.value:
        return roles
    return [r for r in roles if r not in ADMIN_ONLY_ROLES]


def may_change_account(staff: Staff, other: Staff) -> str | None:
    """None when `staff` may change `other`'s role or deactivate them, else why not."""
    if other.school_id != staff.school_id:
        return "That person isn't in your school."
    if other.id == staff.id:
        return "You can't change your own account here: ask another SENCO or an admin."
    if other.role in ADMIN_ONLY_ROLES and staff.role != Role.admin.value:
        return "Only an admin can change a DSL's or an admin's account."
    return None
