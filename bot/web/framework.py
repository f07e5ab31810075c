"""How a page runs: sign-in check, CSRF check, role check, one transaction, render.

`page(rule)` wraps a view `fn(web: Web) -> Response`. Before the view runs,
inside one database transaction: the session cookie must name a live
session (else a GET goes to the sign-in page and a POST is refused), a POST
must carry the session's CSRF token, and `rule(staff)` (from handlers.access)
must allow the page, else the refusal is audited and a 403 page says why.
The view gets a handlers Request (platform "web"), so what it reads and
writes is audited exactly as in chat.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request as HttpRequest
from starlette.responses import HTMLResponse, RedirectResponse, Response

from handlers.access import (
    may_manage_roster,
    may_manage_staff,
    may_read_audit,
    may_read_concerns,
)
from handlers.request import Request
from handlers.types import HandlerContext, Inbound
from storage.db import session_scope
from storage.models import School, Staff
from storage.vocabulary import role_label
from storage.web_auth import SessionRules, SignedIn, signed_in

log = logging.getLogger(__name__)

SESSION_COOKIE = "kw_session"
TEMPLATES = Path(__file__).resolve().parent / "templates"
Rule = Callable[[Staff], bool]


@dataclass(frozen=True)
class WebConfig:
    """What the pages need from the settings."""

    rules: SessionRules
    base_url: str
    la_report_days: int = 14
    max_upload_bytes: int = 5 * 1024 * 1024


class NotFound(Exception):
    """The thing asked for isn't there, or isn't in this person's school."""


class Refused(Exception):
    """Signed in, but this person may not do this (already audited by the raiser)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _british_date(value: Any) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _long_date(value: Any) -> str:
    return f"{value:%a} {value.day} {value:%b %Y}" if value else ""


def make_templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["ukdate"] = _british_date
    env.filters["longdate"] = _long_date
    env.filters["role_pair"] = lambda role: (role, role_label(role))
    env.filters["zip_self"] = lambda values: [(v, v) for v in values]
    env.globals["role_name"] = role_label
    return env


@dataclass
class Web:
    """One request to a page: the HTTP request, the signed-in person, their transaction."""

    http: HttpRequest
    form: FormData | None
    session: Session
    signed: SignedIn
    ctx: HandlerContext
    config: WebConfig
    templates: Environment
    extra_headers: dict[str, str] = field(default_factory=dict)
    committed: list[Callable[[], None]] = field(default_factory=list)

    @property
    def staff(self) -> Staff:
        return self.signed.staff

    @property
    def school_id(self) -> int:
        return self.staff.school_id

    @property
    def now(self) -> datetime:
        return self.ctx.now()

    @property
    def base(self) -> str:
        """Where the pages are mounted ("/web"), for links."""
        return str(self.http.scope.get("root_path", ""))

    @property
    def req(self) -> Request:
        """The handlers' request for this page view, so handlers/ code runs as in chat."""
        inbound = Inbound(
            platform="web",
            user_id=self.staff.email,
            chat_id="web",
            received_at=self.now,
        )
        return Request(ctx=self.ctx, session=self.session, inbound=inbound, staff=self.staff)

    def after_commit(self, fn: Callable[[], None]) -> None:
        """Run `fn` once this page's transaction is committed (e.g. drop a cached roster)."""
        self.committed.append(fn)

    def audit(self, action: str, **fields: Any) -> None:
        self.req.audit(action, **fields)

    def field(self, name: str, default: str = "") -> str:
        if self.form is None:
            return str(self.http.query_params.get(name, default)).strip()
        value = self.form.get(name, default)
        return value.strip() if isinstance(value, str) else default

    def upload(self, name: str) -> UploadFile | None:
        value = self.form.get(name) if self.form is not None else None
        return value if isinstance(value, UploadFile) else None

    def nav(self) -> list[tuple[str, str]]:
        """The pages this person may open, in the header."""
        items = [("today", "Today"), ("provision", "Provision map"), ("reviews", "Reviews")]
        if may_manage_roster(self.staff):
            items.append(("roster", "Roster"))
        if may_manage_staff(self.staff):
            items.append(("staff", "Staff"))
        if may_read_concerns(self.staff):
            items.append(("concerns", "Concerns"))
        if may_read_audit(self.staff):
            items.append(("audit", "Audit"))
        return items

    def render(self, template: str, *, status: int = 200, **values: Any) -> HTMLResponse:
        school = self.session.get(School, self.school_id)
        html = self.templates.get_template(template).render(
            base=self.base,
            staff=self.staff,
            school=school.name if school else "",
            csrf=self.signed.record.csrf_token,
            nav=self.nav(),
            current=values.pop("current", ""),
            notice=values.pop("notice", self.http.query_params.get("done", "")),
            **values,
        )
        return HTMLResponse(html, status_code=status, headers=self.extra_headers)

    def redirect(self, path: str, notice: str = "") -> RedirectResponse:
        """After a POST, back to a page (303 so a reload doesn't post again)."""
        target = self.base + path
        if notice:
            target += ("&" if "?" in target else "?") + "done=" + quote(notice)
        return RedirectResponse(target, status_code=303)


View = Callable[[Web], Response]


def _plain_page(
    templates: Environment, base: str, template: str, status: int, **values: Any
) -> HTMLResponse:
    html = templates.get_template(template).render(base=base, staff=None, nav=[], **values)
    return HTMLResponse(html, status_code=status)


def page(
    rule: Rule | None = None,
) -> Callable[[View], Callable[[HttpRequest], Awaitable[Response]]]:
    """Make `view` an endpoint: signed in, CSRF-checked on POST, allowed by `rule`."""

    def wrap(view: View) -> Callable[[HttpRequest], Awaitable[Response]]:
        async def endpoint(http: HttpRequest) -> Response:
            config: WebConfig = http.app.state.config
            form = None
            if http.method == "POST":
                length = int(http.headers.get("content-length") or 0)
                if length > config.max_upload_bytes:
                    return _plain_page(
                        http.app.state.templates,
                        str(http.scope.get("root_path", "")),
                        "error.html",
                        413,
                        title="That file is too large",
                        message="Files up to 5 MB can be uploaded. Split the file and try again.",
                    )
                form = await http.form(max_part_size=config.max_upload_bytes)
            try:
                return await run_in_threadpool(_run, http, form, view, rule)
            finally:
                if form is not None:
                    await form.close()

        endpoint.__name__ = view.__name__
        endpoint.__doc__ = view.__doc__
        return endpoint

    return wrap


def _run(http: HttpRequest, form: FormData | None, view: View, rule: Rule | None) -> Response:
    after: list[Callable[[], None]] = []
    response = _in_transaction(http, form, view, rule, after)
    for fn in after:
        fn()
    return response


def _in_transaction(
    http: HttpRequest,
    form: FormData | None,
    view: View,
    rule: Rule | None,
    after: list[Callable[[], None]],
) -> Response:
    ctx: HandlerContext = http.app.state.ctx
    config: WebConfig = http.app.state.config
    templates: Environment = http.app.state.templates
    base = str(http.scope.get("root_path", ""))
    with session_scope(ctx.engine) as session:
        signed = signed_in(
            session, http.cookies.get(SESSION_COOKIE), now=ctx.now(), rules=config.rules
        )
        if signed is None:
            if http.method == "GET":
                wanted = http.url.path.removeprefix(base) or "/"
                return RedirectResponse(f"{base}/signin?next={quote(wanted)}", status_code=303)
            return _plain_page(
                templates,
                base,
                "error.html",
                401,
                title="You're signed out",
                message="Nothing was saved. Send /web to Keyworker in chat for a new sign-in link.",
            )
        web = Web(http, form, session, signed, ctx, config, templates, committed=after)
        if form is not None and not hmac.compare_digest(
            str(form.get("csrf", "")), signed.record.csrf_token
        ):
            web.audit("refused", detail=f"web {http.url.path[:200]}: CSRF token missing or wrong")
            return web.render(
                "error.html",
                status=403,
                title="That form has expired",
                message="Nothing was saved. Go back, reload the page and try again.",
            )
        if rule is not None and not rule(web.staff):
            web.audit("refused", detail=f"web {http.url.path[:200]}: role {web.staff.role}")
            return web.render(
                "error.html",
                status=403,
                title="This page isn't available to you",
                message=f"Your role ({role_label(web.staff.role)}) "
                "can't open this page. Ask your SENCO if you need it.",
            )
        try:
            return view(web)
        except NotFound:
            return web.render(
                "error.html",
                status=404,
                title="Not found",
                message="That page doesn't exist, or isn't part of your school.",
            )
        except Refused as refused:
            return web.render(
                "error.html", status=403, title="Not available to you", message=refused.message
            )


def idle_and_lifetime(idle_minutes: int, lifetime_hours: int) -> SessionRules:
    return SessionRules(
        idle=timedelta(minutes=idle_minutes), lifetime=timedelta(hours=lifetime_hours)
    )
