"""`keyworker web` (serve the pages alone) and `keyworker web-link EMAIL` (a sign-in link)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from bot.cli_common import fail


def web(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8080,
) -> None:
    """Serve the web pages (at /web/) until Ctrl-C."""
    from bot import app as wiring
    from bot.config import load_settings
    from bot.web.serve import serve

    settings = load_settings()
    if not settings.web_enabled:
        fail("The web pages are turned off (WEB_ENABLED=false in .env).")
    wiring.configure_logging(settings)
    wiring.init_database(settings)
    typer.echo(f"Keyworker's web pages on http://{host}:{port}/web/ (Ctrl-C to stop).")
    typer.echo(f"Sign-in links point at {settings.web_base_url} (WEB_BASE_URL).")
    serve(settings, wiring.context(settings), host, port)


def web_link(email: Annotated[str, typer.Argument(help="the staff member's email")]) -> None:
    """Print a one-time sign-in link to the web pages for a staff member (10 minutes)."""
    from bot import app as wiring
    from bot.config import load_settings
    from handlers.commands.web import signin_url
    from storage.db import session_scope
    from storage.identity import staff_by_email
    from storage.web_auth import LINK_TTL, issue_signin_link

    settings = load_settings()
    if not settings.web_enabled:
        fail("The web pages are turned off (WEB_ENABLED=false in .env).")
    eng = wiring.init_database(settings)
    with session_scope(eng) as session:
        staff = staff_by_email(session, email)
        if staff is None or not staff.active:
            fail(f"No active staff member with email {email.strip()}.")
        token = issue_signin_link(
            session, staff, now=datetime.now(UTC), via="cli", issued_by_id=None
        )
        name = staff.name
    minutes = int(LINK_TTL.total_seconds() // 60)
    typer.echo(signin_url(settings.web_base_url, token))
    typer.echo(f"For {name} only: it works once, for {minutes} minutes.", err=True)
