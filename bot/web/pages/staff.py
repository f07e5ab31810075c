"""Staff: add people, change their role, deactivate them, make a Telegram link code, and
see which platforms each person is linked on. For the SENCO and admins (who issue
link codes on the command line too); the limits on who may change whom are
handlers.access's.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from bot.web.framework import NotFound, Refused, Web, page
from handlers.access import assignable_roles, may_change_account, may_manage_staff
from handlers.linking import LinkCodeRefused, issue_code
from storage.models import Staff
from storage.staff import StaffError, add_staff, set_active, set_role, staff_directory


def _show(web: Web, *, status: int = 200, **extra: object) -> Response:
    people = staff_directory(web.session, web.school_id)
    web.audit("read", detail=f"web staff list ({len(people)} people)")
    return web.render(
        "staff.html",
        status=status,
        current="staff",
        people=people,
        roles=assignable_roles(web.staff),
        errors=extra.pop("errors", {}),
        form=extra.pop("form", {}),
        **extra,
    )


def _other(web: Web) -> Staff:
    raw = web.http.path_params.get("staff_id", "")
    other = web.session.get(Staff, int(raw)) if str(raw).isdigit() else None
    if other is None or other.school_id != web.school_id:
        raise NotFound()
    return other


def _may_change(web: Web, other: Staff) -> None:
    why = may_change_account(web.staff, other)
    if why is not None:
        web.audit("refused", detail=f"web staff change for staff {other.id}: {why}")
        raise Refused(why)


@page(may_manage_staff)
def staff_page(web: Web) -> Response:
    return _show(web)


@page(may_manage_staff)
def staff_add(web: Web) -> Response:
    email, name, role = web.field("email"), web.field("name"), web.field("role")
    errors: dict[str, str] = {}
    if role not in assignable_roles(web.staff):
        errors["role"] = "Choose one of the roles listed."
    if not errors:
        try:
            add_staff(
                web.session,
                web.school_id,
                email,
                name,
                role,
                by_staff_id=web.staff.id,
                platform="web",
            )
        except StaffError as error:
            message = str(error).replace(
                " (use `keyworker staff role` to change it)", ": change their role below"
            )
            errors[
                "email" if "email" in message or "@" in message or "exists" in message else "name"
            ] = message
    if errors:
        return _show(
            web, status=400, errors=errors, form={"email": email, "name": name, "role": role}
        )
    return web.redirect("/staff", f"Added {name} ({email}).")


@page(may_manage_staff)
def staff_role(web: Web) -> Response:
    other = _other(web)
    _may_change(web, other)
    role = web.field("role")
    if role not in assignable_roles(web.staff):
        raise Refused("You can't give that role. Ask an admin.")
    set_role(web.session, other.email, role, by_staff_id=web.staff.id, platform="web")
    return web.redirect("/staff", f"{other.name} is now {role}.")


@page(may_manage_staff)
def staff_active(web: Web) -> Response:
    other = _other(web)
    _may_change(web, other)
    active = web.field("active") == "1"
    set_active(web.session, other.email, active, by_staff_id=web.staff.id, platform="web")
    state = "active again" if active else "deactivated: they can't log or read anything now"
    return web.redirect("/staff", f"{other.name} is {state}.")


@page(may_manage_staff)
def staff_link_code(web: Web) -> Response:
    other = _other(web)
    _may_change(web, other)  # a code for the DSL's account would let its holder read concerns
    try:
        issued = issue_code(
            web.session, other.email, issued_by=web.staff.email, now=web.now, platform="web"
        )
    except LinkCodeRefused as refused:
        raise Refused(str(refused)) from None
    return _show(web, code=issued, code_for=other)


routes = [
    Route("/staff", staff_page, methods=["GET"]),
    Route("/staff/add", staff_add, methods=["POST"]),
    Route("/staff/{staff_id}/role", staff_role, methods=["POST"]),
    Route("/staff/{staff_id}/active", staff_active, methods=["POST"]),
    Route("/staff/{staff_id}/link-code", staff_link_code, methods=["POST"]),
]
