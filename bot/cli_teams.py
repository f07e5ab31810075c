"""`keyworker teams package --output FILE.zip`: the Teams app package, ready to upload."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli_common import fail

teams_app = typer.Typer(help="Microsoft Teams: the app package to upload.", no_args_is_help=True)


@teams_app.command("package")
def package(
    output: Annotated[Path, typer.Option("--output", "-o", help="the .zip to write")],
    domain: Annotated[
        str | None,
        typer.Option(help="public host of /api/messages (default: TEAMS_BOT_DOMAIN)"),
    ] = None,
    privacy_url: Annotated[
        str | None,
        typer.Option(help="the school's privacy notice (default: https://DOMAIN/privacy)"),
    ] = None,
    terms_url: Annotated[
        str | None, typer.Option(help="terms of use (default: https://DOMAIN/terms)")
    ] = None,
) -> None:
    """Build the app package (manifest.json, colour and outline icons) for TEAMS_APP_ID."""
    from bot.config import load_settings
    from bot.teams.package import PackageError, manifest, write_package

    settings = load_settings()
    if not settings.teams_app_id:
        fail("Set TEAMS_APP_ID (the bot's Microsoft App ID) first.")
    host = domain or settings.teams_bot_domain
    if not host:
        fail("Give --domain (or set TEAMS_BOT_DOMAIN): the public host Teams sends messages to.")
    try:
        built = manifest(settings.teams_app_id, host, privacy_url=privacy_url, terms_url=terms_url)
    except PackageError as problem:
        fail(str(problem))
    write_package(output, built)
    typer.echo(
        f"Wrote {output}: upload it in the Teams admin centre (Teams apps > Manage apps > "
        "Upload new app), then pre-install it for staff with an app setup policy."
    )
