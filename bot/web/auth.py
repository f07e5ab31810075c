"""Signing in with a one-time link, and signing out.

Opening a link shows a "Sign in" button rather than signing in at once:
chat apps fetch links to preview them, and a GET that used the link up would
leave the person with a dead link. The button posts the token back with a
random value also set in a short-lived cookie, so another site can't sign a
browser in as somebody else. The session cookie is HttpOnly, Secure and
SameSite=Strict, scoped to the pages' path.
"""

from __future__ import annotations

import hmac
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request as HttpRequest
from starlette.responses import HTMLResponse, RedirectResponse, Response

from bot.web.framework import SESSION_COOKIE, Web, WebConfig, _plain_page, page
from handlers.types import HandlerContext
from storage.db import session_scope
from storage.web_auth import end_session, new_secret, redeem_signin_link

CHECK_COOKIE = "kw_signin"
LINK_REFUSED = (
    "This sign-in link has expired or has already been used. Links work once, for 10 "
    "minutes. Send /web to Keyworker in chat for a new one."
)


def _base(http: HttpRequest) -> str:
    return str(http.scope.get("root_path", ""))


def _safe_next(target: str) -> str:
    """Only a path inside the pages, never another site."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/today"


async def signin_help(http: HttpRequest) -> Response:
    return _plain_page(
        http.app.state.templates,
        _base(http),
        "signin.html",
        200,
        signed_out=http.query_params.get("signed_out") == "1",
    )


async def signin_confirm(http: HttpRequest) -> Response:
    check = new_secret()
    response = _plain_page(
        http.app.state.templates,
        _base(http),
        "signin_confirm.html",
        200,
        token=http.path_params["token"],
        check=check,
        next=_safe_next(http.query_params.get("next", "/today")),
    )
    response.set_cookie(
        CHECK_COOKIE,
        check,
        max_age=600,
        path=_base(http) or "/",
        secure=True,
        httponly=True,
        samesite="strict",
    )
    return response


async def signin_submit(http: HttpRequest) -> Response:
    form = await http.form()
    token = http.path_params["token"]
    check = str(form.get("check", ""))
    expected = http.cookies.get(CHECK_COOKIE, "")
    base = _base(http)
    if not check or not hmac.compare_digest(check, expected):
        return _plain_page(
            http.app.state.templates,
            base,
            "error.html",
            400,
            title="Please open the link again",
            message="Your browser didn't send back the sign-in check. Open the link from "
            "chat again (cookies must be allowed for this site).",
        )
    ctx: HandlerContext = http.app.state.ctx
    config: WebConfig = http.app.state.config

    def redeem() -> str | None:
        with session_scope(ctx.engine) as session:
            started = redeem_signin_link(session, token, now=ctx.now(), rules=config.rules)
            return started.cookie_value if started else None

    cookie_value = await run_in_threadpool(redeem)
    if cookie_value is None:
        return _plain_page(
            http.app.state.templates,
            base,
            "error.html",
            400,
            title="That link doesn't work any more",
            message=LINK_REFUSED,
        )
    target = base + _safe_next(str(form.get("next", "/today")))
    response: Response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        cookie_value,
        max_age=int(config.rules.lifetime.total_seconds()),
        path=base or "/",
        secure=True,
        httponly=True,
        samesite="strict",
    )
    response.delete_cookie(CHECK_COOKIE, path=base or "/")
    return response


@page()
def signout(web: Web) -> Response:
    end_session(web.session, web.signed.record, now=web.now)
    response = RedirectResponse(f"{web.base}/signin?signed_out=1", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path=web.base or "/", secure=True, httponly=True)
    return response


def signin_link_path(token: str) -> str:
    return f"/signin/{quote(token)}"


__all__ = ["HTMLResponse", "signin_confirm", "signin_help", "signin_submit", "signout"]
