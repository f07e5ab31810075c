"""The table of chat commands and button actions, filled by decorators.

Each command module registers itself with `@command`; the dispatcher looks a
command up here, checks the caller's role, and calls it. Adding a command is
adding a module, not editing a switch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from handlers.types import Reply

ALL_ROLES = frozenset({"lsa", "teacher", "senco", "dsl", "admin"})
READ_ALL_ROLES = frozenset({"senco", "dsl", "admin"})


@dataclass(frozen=True)
class CommandSpec:
    name: str
    handler: Callable[..., Reply]
    roles: frozenset[str] = ALL_ROLES
    summary: str = ""
    usage: str = ""
    aliases: tuple[str, ...] = field(default=())


COMMANDS: dict[str, CommandSpec] = {}
ACTIONS: dict[str, Callable[..., Reply]] = {}


Handler = TypeVar("Handler", bound=Callable[..., Reply])


def command(
    name: str,
    *,
    summary: str,
    usage: str = "",
    roles: frozenset[str] = ALL_ROLES,
    aliases: tuple[str, ...] = (),
) -> Callable[[Handler], Handler]:
    """Register `fn(request, args: str) -> Reply` as `/name`."""

    def register(fn: Handler) -> Handler:
        spec = CommandSpec(name, fn, roles, summary, usage or f"/{name}", aliases)
        for key in (name, *aliases):
            COMMANDS[key] = spec
        return fn

    return register


def action(prefix: str) -> Callable[[Handler], Handler]:
    """Register `fn(request, argument: str) -> Reply` for button values `prefix:...`."""

    def register(fn: Handler) -> Handler:
        ACTIONS[prefix] = fn
        return fn

    return register
