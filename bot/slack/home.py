"""The App Home tab: today's records, key pupils' week, and buttons to log.

The content comes from the same commands a user could type (/today and the
pupil summary), through `handle`, so it is worded, permission-checked and
audited exactly as in chat. A stranger's Home shows only how to get linked.
"""

from __future__ import annotations

from typing import Any

from bot.slack.blocks import button, plain, text_sections
from bot.slack.inbound import plain_request
from handlers.service import handle
from handlers.types import HandlerContext

LOG_BUTTONS = (
    ("Log session", "kw_log_session", "session"),
    ("Log behaviour", "kw_log_behaviour", "behaviour"),
    ("Log parent contact", "kw_log_parent_contact", "parent_contact"),
)
LOG_ACTIONS = {action_id: kind for _, action_id, kind in LOG_BUTTONS}


def home_view(ctx: HandlerContext, user_id: str) -> dict[str, Any]:
    today = handle(ctx, plain_request(user_id, "/today"))
    if not today.linked:
        # A stranger: the handlers' "how to get linked" note, and no buttons.
        return {"type": "home", "blocks": text_sections(today.text)}
    pupils = handle(ctx, plain_request(user_id, "/mypupils"))
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": plain("Keyworker", 150)},
        {
            "type": "actions",
            "elements": [
                button(label, action_id, kind, "primary" if kind == "session" else None)
                for label, action_id, kind in LOG_BUTTONS
            ],
        },
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": "Or just message me, e.g. “Freya phonics 20 mins good focus”.",
                }
            ],
        },
        {"type": "divider"},
        *text_sections(today.text),
        {"type": "divider"},
        {"type": "header", "text": plain("Your key pupils this week", 150)},
        *text_sections(pupils.text),
    ]
    return {"type": "home", "blocks": blocks[:100]}
