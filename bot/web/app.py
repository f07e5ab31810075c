"""`build_web_app(settings, ctx)`: the pages as one Starlette app, to mount at /web."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request as HttpRequest
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.config import Settings
from bot.web import auth
from bot.web.framework import WebConfig, idle_and_lifetime, make_templates
from bot.web.pages import audit, concerns, provision_map, pupil, reviews, roster, staff, today
from bot.web.security import SecurityHeaders
from handlers.types import HandlerContext

STATIC = Path(__file__).resolve().parent / "static"


async def home(http: HttpRequest) -> Response:
    return RedirectResponse(f"{http.scope.get('root_path', '')}/today", status_code=303)


def build_web_app(settings: Settings, ctx: HandlerContext) -> Starlette:
    routes = [
        Route("/", home, methods=["GET"]),
        Route("/signin", auth.signin_help, methods=["GET"]),
        Route("/signin/{token}", auth.signin_confirm, methods=["GET"]),
        Route("/signin/{token}", auth.signin_submit, methods=["POST"]),
        Route("/signout", auth.signout, methods=["POST"]),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]
    for module in (today, provision_map, pupil, reviews, roster, staff, concerns, audit):
        routes.extend(module.routes)
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)])
    app.state.ctx = ctx
    app.state.templates = make_templates()
    app.state.config = WebConfig(
        rules=idle_and_lifetime(settings.web_idle_minutes, settings.web_session_hours),
        base_url=settings.web_base_url,
        la_report_days=settings.la_report_days,
    )
    return app
