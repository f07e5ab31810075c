"""The slash commands in Slack's app manifests, written from the handlers' registry.

Slack only delivers commands the manifest declares, so both manifests
(slack/manifest.yml for Socket Mode, slack/manifest-http.yml for HTTP mode)
must list every registered command with its summary and usage hint. After
adding a command, run `python -m bot.slack.manifest` to rewrite their
`slash_commands:` sections; a test fails while they and the registry differ.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import handlers.commands  # noqa: F401  (registers the commands)
from handlers.registry import commands_in_menu_order, describe

SLACK_DIR = Path(__file__).resolve().parents[2] / "slack"
MANIFESTS = {
    "manifest.yml": None,  # Socket Mode: no URLs
    "manifest-http.yml": "https://keyworker.example.org/slack/events",
}


def slash_commands_yaml(url: str | None) -> str:
    lines = ["  slash_commands:"]
    for spec in commands_in_menu_order():
        d = describe(spec)
        lines.append(f"    - command: /{d['name']}")
        lines.append(f"      description: {json.dumps(d['summary'], ensure_ascii=False)}")
        if d["usage_hint"]:
            lines.append(f"      usage_hint: {json.dumps(d['usage_hint'], ensure_ascii=False)}")
        if url:
            lines.append(f"      url: {url}")
        lines.append("      should_escape: false")
    return "\n".join(lines) + "\n"


def rewrite(path: Path, url: str | None) -> None:
    text = path.read_text(encoding="utf-8")
    start = text.index("  slash_commands:\n")
    end = text.index("oauth_config:")
    path.write_text(text[:start] + slash_commands_yaml(url) + text[end:], encoding="utf-8")


if __name__ == "__main__":
    for name, url in MANIFESTS.items():
        rewrite(SLACK_DIR / name, url)
        print(f"rewrote {SLACK_DIR / name}", file=sys.stderr)
