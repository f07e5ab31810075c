"""The Teams app package: manifest.json (schema v1.25), its two icons, zipped for upload.

`keyworker teams package --output FILE.zip` writes it; a Teams admin uploads it in
the Teams admin centre (or Developer Portal) and pre-installs it for staff with an
app setup policy. The manifest's bot is TEAMS_APP_ID in personal, group chat and
team scopes (in groups it only ever answers that it works in a personal chat); its
command menu is the registry's commands in the one menu order (handlers.registry),
as many as Teams allows in a list, so Teams and /help never disagree. The app id is
derived from the bot's id, so every package for one bot updates the same app, and
its version is Keyworker's.

The icons are drawn here (Pillow): a 192×192 colour icon and a 32×32 outline icon,
white on transparent, as Teams asks.
"""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from importlib.metadata import version
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from handlers.registry import CommandSpec, commands_in_menu_order, describe

MANIFEST_VERSION = "1.25"
SCHEMA_URL = f"https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json"
MENU_LIMIT = 12  # Teams shows at most 12 commands in a bot's command list
# Typed in answer to something, or a setting changed once a term (/mute nudges and
# /unmute nudges), or typed with a record's number from a message that has buttons for
# it (/rpi N, /concern N), or the DSL's alone (/chronology NAME): left off the menu to stay in the limit, and still typed.
TYPED_ONLY = frozenset({"cancel", "mute", "unmute", "rpi", "concern", "chronology"})
ACCENT = "#1F6F5C"
COLOR_ICON, OUTLINE_ICON = "color.png", "outline.png"
# The app's identity in Teams: one per bot, the same in every package built for it.
APP_NAMESPACE = uuid.UUID("6f1c9a52-3b1e-4f4e-9c0a-6b6579776f72")


class PackageError(ValueError):
    pass


def menu_commands() -> list[CommandSpec]:
    """The commands on Teams' menu: the registry's, in menu order, up to Teams' limit."""
    offered = [spec for spec in commands_in_menu_order() if spec.name not in TYPED_ONLY]
    if len(offered) > MENU_LIMIT:  # a new command must not push /help off the menu
        raise PackageError(
            f"{len(offered)} commands for Teams' menu of {MENU_LIMIT}: add one to TYPED_ONLY"
        )
    return offered


def _command(spec: CommandSpec) -> dict[str, str]:
    described = describe(spec)
    example = f" e.g. {spec.name} {described['usage_hint']}" if described["usage_hint"] else ""
    return {"title": spec.name, "description": f"{described['summary']}.{example}"[:4000]}


def app_id_for(bot_id: str) -> str:
    return str(uuid.uuid5(APP_NAMESPACE, bot_id.lower()))


def manifest(
    bot_id: str,
    domain: str,
    *,
    privacy_url: str | None = None,
    terms_url: str | None = None,
    app_version: str | None = None,
) -> dict[str, Any]:
    host = domain.removeprefix("https://").strip("/")
    if not host or "/" in host:
        raise PackageError(
            f"the bot's domain should be a host name, like keyworker.school.uk: {domain!r}"
        )
    site = f"https://{host}"
    return {
        "$schema": SCHEMA_URL,
        "manifestVersion": MANIFEST_VERSION,
        "version": app_version or version("keyworker"),
        "id": app_id_for(bot_id),
        "localizationInfo": {"defaultLanguageTag": "en-gb"},
        "developer": {
            "name": "Keyworker",
            "websiteUrl": site,
            "privacyUrl": privacy_url or f"{site}/privacy",
            "termsOfUseUrl": terms_url or f"{site}/terms",
        },
        "name": {"short": "Keyworker", "full": "Keyworker: SEND logs for key workers"},
        "description": {
            "short": "Log SEND provision, behaviour and parent contacts in one line.",
            "full": (
                "Keyworker lets key workers, LSAs, SENCOs and DSLs log provision sessions, "
                "behaviour incidents (with restrictive physical interventions), parent contacts "
                "and safeguarding concerns in one line, in a personal chat. It sends the daily "
                "digest, nudges when provision falls behind, annual review reminders and "
                "follow-ups. It never shows pupil records in a group chat or channel."
            ),
        },
        "icons": {"color": COLOR_ICON, "outline": OUTLINE_ICON},
        "accentColor": ACCENT,
        "bots": [
            {
                "botId": bot_id,
                "scopes": ["personal", "groupChat", "team"],
                "supportsFiles": True,  # report packs, offered with a consent card
                "isNotificationOnly": False,
                "commandLists": [
                    {"scopes": ["personal"], "commands": [_command(s) for s in menu_commands()]}
                ],
            }
        ],
        "validDomains": [host],
    }


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _tick(draw: ImageDraw.ImageDraw, size: int, width: int) -> None:
    """The ✓ of "Logged ✓", centred."""
    points = [(0.26, 0.53), (0.43, 0.70), (0.75, 0.33)]
    draw.line([(x * size, y * size) for x, y in points], fill="white", width=width, joint="curve")


def color_icon() -> bytes:
    image = Image.new("RGBA", (192, 192), ACCENT)
    _tick(ImageDraw.Draw(image), 192, 22)
    return _png(image)


def outline_icon() -> bytes:
    image = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((1, 1, 30, 30), radius=6, outline="white", width=2)
    _tick(draw, 32, 3)
    return _png(image)


def write_package(output: Path, manifest_json: dict[str, Any]) -> Path:
    """The zip Teams takes: manifest.json and the icons at its root."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(manifest_json, indent=2, ensure_ascii=False))
        package.writestr(COLOR_ICON, color_icon())
        package.writestr(OUTLINE_ICON, outline_icon())
    return output
