"""`keyworker teams package`: a zip Teams accepts, its manifest valid against the
vendored manifest schema, its command menu the registry's."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import jsonschema
from PIL import Image

from bot.teams.package import MANIFEST_VERSION, TYPED_ONLY, menu_commands
from handlers.registry import commands_in_menu_order

SCHEMA = Path(__file__).parent / "schema" / "MicrosoftTeams.schema.json"
BOT_ID = "7c0d4f5e-1111-4aaa-8bbb-0123456789ab"


def build(cli, tmp_path, monkeypatch, *args) -> zipfile.ZipFile:
    monkeypatch.setenv("TEAMS_APP_ID", BOT_ID)
    out = tmp_path / "keyworker-teams.zip"
    result = cli(
        "teams", "package", "--output", str(out), "--domain", "keyworker.brookfield.example", *args
    )
    assert "Upload new app" in result.output
    return zipfile.ZipFile(out)


def test_the_package_is_valid_against_the_teams_manifest_schema(cli, tmp_path, monkeypatch):
    package = build(cli, tmp_path, monkeypatch)
    assert set(package.namelist()) == {"manifest.json", "color.png", "outline.png"}
    manifest = json.loads(package.read("manifest.json"))

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).validate(manifest)
    assert (
        manifest["manifestVersion"]
        == MANIFEST_VERSION
        == schema["properties"]["manifestVersion"]["const"]
    )
    assert manifest["bots"][0]["botId"] == BOT_ID
    assert manifest["validDomains"] == ["keyworker.brookfield.example"]
    assert manifest["developer"]["privacyUrl"] == "https://keyworker.brookfield.example/privacy"


def test_the_icons_are_the_sizes_teams_asks_for(cli, tmp_path, monkeypatch):
    package = build(cli, tmp_path, monkeypatch)
    color = Image.open(io.BytesIO(package.read("color.png")))
    outline = Image.open(io.BytesIO(package.read("outline.png")))
    assert color.size == (192, 192) and outline.size == (32, 32)
    # The outline icon is white on transparent, nothing else.
    data = outline.convert("RGBA").tobytes()
    pixels = [tuple(data[i : i + 4]) for i in range(0, len(data), 4)]
    assert all(a == 0 or (r, g, b) == (255, 255, 255) for r, g, b, a in pixels)
    assert any(a for *_, a in pixels)


def test_the_command_menu_is_the_registrys_in_menu_order(cli, tmp_path, monkeypatch):
    manifest = json.loads(build(cli, tmp_path, monkeypatch).read("manifest.json"))
    [commands] = manifest["bots"][0]["commandLists"]
    assert commands["scopes"] == ["personal"]
    titles = [c["title"] for c in commands["commands"]]
    menu = [spec.name for spec in commands_in_menu_order() if spec.name not in TYPED_ONLY]
    assert titles == menu[: len(titles)] == [spec.name for spec in menu_commands()]
    assert {"log", "undo", "today", "help"} <= set(titles)
    log = next(c for c in commands["commands"] if c["title"] == "log")
    assert "Log a session" in log["description"]


def test_the_same_bot_always_gets_the_same_app_id(cli, tmp_path, monkeypatch):
    first = json.loads(build(cli, tmp_path, monkeypatch).read("manifest.json"))
    again = json.loads(build(cli, tmp_path, monkeypatch).read("manifest.json"))
    assert first["id"] == again["id"] != BOT_ID


def test_without_an_app_id_or_domain_it_says_what_is_missing(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("TEAMS_APP_ID", raising=False)
    result = cli("teams", "package", "--output", str(tmp_path / "x.zip"), code=1)
    assert "TEAMS_APP_ID" in result.output
    monkeypatch.setenv("TEAMS_APP_ID", BOT_ID)
    result = cli("teams", "package", "--output", str(tmp_path / "x.zip"), code=1)
    assert "--domain" in result.output
