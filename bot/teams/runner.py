"""`keyworker run`'s Teams service: POST /api/messages on the shared HTTP front.

The Teams SDK must initialise on the event loop that serves it, so the bot is
mounted by a start-up hook of the front (bot.http.front), which runs on the
server's loop before the first request. On its own (tests, a bot with only
Teams) the service makes and owns a front and an intake. Put TLS in front: the
Bot Connector only calls https.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI

from bot.config import Settings
from bot.http.front import Front
from bot.intake import Intake
from bot.teams.app import TeamsService, mount_teams_async
from handlers.types import HandlerContext

log = logging.getLogger(__name__)


class RunningTeams:
    def __init__(self, front: Front, owned: tuple[object, ...]) -> None:
        self.front = front
        self.owned = owned
        self.service: TeamsService | None = None

    @property
    def url(self) -> str:
        return self.front.url

    def stop(self) -> None:
        if self.service is not None:
            self.service.stop()
        for part in self.owned:
            part.stop()  # type: ignore[attr-defined]


def start_teams(
    settings: Settings,
    ctx: HandlerContext,
    *,
    intake: Intake | None = None,
    front: Front | None = None,
    host: str | None = None,
    port: int | None = None,
) -> RunningTeams:
    """Mount the Teams bot on `front` (started by the caller), or on a front of its own
    (started here, with an intake of its own) when none is given."""
    owned: list[object] = []
    if intake is None:
        intake = Intake(ctx, settings.spool_dir)
        owned.append(intake)
    if front is None:
        front = Front(host or settings.http_listen, settings.port if port is None else port)
        owned.insert(0, front)
    running = RunningTeams(front, tuple(owned))
    shared_intake = intake

    async def mount(app: FastAPI) -> None:
        running.service = await mount_teams_async(app, settings, ctx, shared_intake)

    front.startup.append(mount)
    for part in owned:
        part.start()  # type: ignore[attr-defined]
    if owned:
        log.info("Teams bot listening on %s/api/messages", front.url)
    return running
