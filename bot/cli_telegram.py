"""`keyworker link-code EMAIL`: a one-time code that links a staff member's chat account.

The staff member sends `/start CODE` to the Telegram bot. The code works once
and for 24 hours; only its hash is stored (see handlers/linking.py). Without
--by, the operator named by the global --as (if any) is the issuer.
"""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli_common import cli_session, operator_email


def link_code(
    email: Annotated[str, typer.Argument(help="the staff member's email, as in the staff CSV")],
    by: Annotated[
        str | None, typer.Option("--by", help="email of the SENCO or admin issuing it")
    ] = None,
) -> None:
    """Make a one-time code (24 hours) that links a staff member's Telegram account."""
    from bot import app as wiring
    from bot.config import load_settings
    from handlers.linking import LinkCodeRefused, issue_code

    settings = load_settings()
    eng = wiring.init_database(settings)
    try:
        with cli_session(eng) as session:
            issued = issue_code(session, email, issued_by=by or operator_email())
    except LinkCodeRefused as refused:
        typer.echo(str(refused), err=True)
        raise typer.Exit(1) from None
    until = issued.expires_at.astimezone(settings.tz)
    typer.echo(f"Link code for {issued.staff_name}: {issued.code}")
    typer.echo(
        f"Ask them to open the Keyworker bot in Telegram and send: /start {issued.code}\n"
        f"It works once, until {until:%a %d %b %H:%M}. Any older unused code for them no longer works."
    )
