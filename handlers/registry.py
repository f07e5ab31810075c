"""What the dispatcher can route to, filled by decorators in the command modules.

Commands (`@command`), button actions (`@action`), answers to the question a
person was asked (`@answers`), form submissions (`@submits`) and the few
commands a stranger may send (`@public_command`, e.g. /start CODE to link an
account) all register here; handlers.service looks them up and imports no
command module's internals. Adding a command is adding a module, not editing
a switch. `MENU_ORDER` is the one order in which commands are listed to people
(`/help`, Telegram's menu, Slack's manifest).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from handlers.types import Reply

if TYPE_CHECKING:
    from handlers.request import PublicRequest, Request

ALL_ROLES = frozenset({"lsa", "teacher", "senco", "dsl", "admin"})
READ_ALL_ROLES = frozenset({"senco", "dsl", "admin"})

# What may follow a command word typed without its slash ("help", "report Sam B")
# for the message to be that command rather than a log. Kept tight on purpose: a
# log that merely starts with a command word ("today Sam phonics 20") stays a log.
ALONE = re.compile(r"")
ANYTHING = re.compile(r".*", re.DOTALL)

# The order people reach for commands in; anything not named follows, by name.
MENU_ORDER = (
    "log",
    "undo",
    "today",
    "pupil",
    "mypupils",
    "report",
    "review",
    "followup",
    "rpi",
    "mute",
    "unmute",
    "platform",
    "concerns",
    "concern",
    "chronology",
    "web",
    "cancel",
    "help",
)

CommandHandler = Callable[["Request", str], Reply]


@dataclass(frozen=True)
class CommandSpec:
    name: str
    handler: CommandHandler
    roles: frozenset[str] = ALL_ROLES
    summary: str = ""
    usage: str = ""
    aliases: tuple[str, ...] = field(default=())
    # None: only ever a command with its slash. Else the pattern its arguments
    # must match in full for the bare word to count as the command.
    bare: re.Pattern[str] | None = None
    # Whether these arguments open a form (a platform with short-lived form
    # triggers, like Slack, opens a placeholder at once).
    opens_form: Callable[[str], bool] | None = None


ActionHandler = Callable[["Request", str], Reply]
# (request, the question's saved state, the typed answer) -> a Reply, or None
# when the text is not an answer (then it is a new message).
AnswerHandler = Callable[["Request", dict[str, Any], str], "Reply | None"]
SubmitHandler = Callable[["Request", dict[str, Any]], Reply]
PublicHandler = Callable[["PublicRequest", str], Reply]

COMMANDS: dict[str, CommandSpec] = {}
ACTIONS: dict[str, ActionHandler] = {}
FORM_ACTIONS: set[str] = set()  # action prefixes whose reply is a form
ANSWERS: dict[str, AnswerHandler] = {}
SUBMITTERS: dict[str, SubmitHandler] = {}
PUBLIC_COMMANDS: dict[str, PublicHandler] = {}


def command(
    name: str,
    *,
    summary: str,
    usage: str = "",
    roles: frozenset[str] = ALL_ROLES,
    aliases: tuple[str, ...] = (),
    bare: re.Pattern[str] | None = None,
    opens_form: Callable[[str], bool] | None = None,
) -> Callable[[CommandHandler], CommandHandler]:
    """Register `fn(request, args: str) -> Reply` as `/name`."""

    def register(fn: CommandHandler) -> CommandHandler:
        spec = CommandSpec(name, fn, roles, summary, usage or f"/{name}", aliases, bare, opens_form)
        for key in (name, *aliases):
            COMMANDS[key] = spec
        return fn

    return register


def action(prefix: str, *, opens_form: bool = False) -> Callable[[ActionHandler], ActionHandler]:
    """Register `fn(request, argument: str) -> Reply` for button values `prefix:...`."""

    def register(fn: ActionHandler) -> ActionHandler:
        ACTIONS[prefix] = fn
        if opens_form:
            FORM_ACTIONS.add(prefix)
        return fn

    return register


def answers(*awaiting: str) -> Callable[[AnswerHandler], AnswerHandler]:
    """Register `fn(request, state, text)` for questions saved with these `awaiting` kinds."""

    def register(fn: AnswerHandler) -> AnswerHandler:
        for kind in awaiting:
            ANSWERS[kind] = fn
        return fn

    return register


def submits(purpose: str) -> Callable[[SubmitHandler], SubmitHandler]:
    """Register `fn(request, form)` for form submissions: "new" records or "amend"ments."""

    def register(fn: SubmitHandler) -> SubmitHandler:
        SUBMITTERS[purpose] = fn
        return fn

    return register


def public_command(name: str) -> Callable[[PublicHandler], PublicHandler]:
    """Register `/name` for anyone, linked or not (it must reveal nothing about pupils)."""

    def register(fn: PublicHandler) -> PublicHandler:
        PUBLIC_COMMANDS[name] = fn
        return fn

    return register


def commands_in_menu_order(role: str | None = None) -> list[CommandSpec]:
    """Each command once, in MENU_ORDER; only those `role` may use when given."""
    rank = {name: i for i, name in enumerate(MENU_ORDER)}
    unique = {spec.name: spec for spec in COMMANDS.values()}
    specs = sorted(unique.values(), key=lambda s: (rank.get(s.name, len(rank)), s.name))
    return [s for s in specs if role is None or role in s.roles]


def bare_command(text: str) -> str | None:
    """'help' or 'report Sam B' typed without the slash, as '/help' or '/report Sam B'."""
    head, _, args = text.strip().partition(" ")
    spec = COMMANDS.get(head.lower())
    if spec is None or spec.bare is None or not spec.bare.fullmatch(args.strip()):
        return None
    return f"/{head.lower()} {args.strip()}".rstrip()


def describe(spec: CommandSpec) -> dict[str, Any]:
    """What a platform's command list needs to declare one command."""
    first_form = spec.usage.split(" · ", 1)[0]
    usage = first_form.removeprefix(f"/{spec.name}").strip()
    return {"name": spec.name, "summary": spec.summary, "usage_hint": usage}
