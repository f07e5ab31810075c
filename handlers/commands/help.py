"""`/help`: the /log grammar with examples, and the commands this user may use."""

from __future__ import annotations

from handlers.registry import ALONE, command, commands_in_menu_order
from handlers.request import Request
from handlers.types import Reply

# Every example names a pupil of the demo school (bot/demo/), so the first thing a
# newcomer copies works there at any time of day (no clock time today, which could
# still be to come); tests/handlers/test_console_dialog.py logs each one.
GRAMMAR = """\
Log in one line, the way you'd say it:
• Session: “Sam B phonics 20 mins good focus” · “s Sammy precision teaching 10m yesterday 9:05”
• Group: “SALT Zoe Mia 30 mins”
• Missed: “Chloe-Mae fine motor missed - absent”
• Behaviour: “b Leo threw chair in maths, used de-escalation script”
• Physical intervention: “RPI Olly guided hold 2 mins corridor, me + Mr Hughes, no injuries”
• Parent contact: “rang Noah's mum re: tiredness, will call back Friday”
• A worry about a child (goes straight to the DSL): “Ava said something that worried me - need DSL”
Start with s / b / p (session / behaviour / parent) if you like. Times: 10:40, 2pm,
yesterday, Tues, last Friday 2pm, 3/11 (3 November). Durations: 20, 20m, 1h15, half an hour."""


def usage_text(role: str) -> str:
    return "\n".join(f"{spec.usage} — {spec.summary}" for spec in commands_in_menu_order(role))


@command("help", summary="How to log, with examples", bare=ALONE)
def help_command(req: Request, args: str) -> Reply:
    return Reply(text=f"{GRAMMAR}\n\nCommands:\n{usage_text(req.staff.role)}", private=False)
