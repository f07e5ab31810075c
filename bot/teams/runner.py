"""`keyworker run`'s Teams service: its own FastAPI front served by uvicorn in a thread.

Until the shared HTTP front (issue 12) carries /api/messages beside Slack's
events, Teams listens on TEAMS_LISTEN:TEAMS_PORT (put TLS in front: the Bot
Connector only calls https). The front also answers GET /healthz.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass

import uvicorn
from fastapi import FastAPI

from bot.config import Settings
from bot.teams.app import TeamsService, mount_teams_async
from handlers.types import HandlerContext

log = logging.getLogger(__name__)

START_TIMEOUT = 20.0


@dataclass
class RunningTeams:
    service: TeamsService
    server: uvicorn.Server
    thread: threading.Thread
    url: str

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.service.stop()


def start_teams(
    settings: Settings, ctx: HandlerContext, *, host: str | None = None, port: int | None = None
) -> RunningTeams:
    """Serve the Teams bot in a background thread; returns once it is listening."""
    front = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    @front.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    config = uvicorn.Config(
        front,
        host=host if host is not None else settings.teams_listen,
        port=port if port is not None else settings.teams_port,
        log_level="warning",
        access_log=False,  # request lines are enough noise; bodies are never logged
        lifespan="on",
    )
    server = uvicorn.Server(config)
    mounted: list[TeamsService] = []
    failed: list[BaseException] = []

    async def serve() -> None:
        try:
            mounted.append(await mount_teams_async(front, settings, ctx))
        except BaseException as exc:
            failed.append(exc)
            raise
        await server.serve()

    thread = threading.Thread(target=lambda: asyncio.run(serve()), name="kw-teams", daemon=True)
    thread.start()
    waited = 0.0
    while not server.started and thread.is_alive() and waited < START_TIMEOUT:
        thread.join(timeout=0.05)
        waited += 0.05
    if failed:
        raise failed[0]
    if not server.started:
        server.should_exit = True
        raise RuntimeError("the Teams HTTP server did not start")
    bound = server.servers[0].sockets[0].getsockname()
    url = f"http://{bound[0]}:{bound[1]}"
    log.info("Teams bot listening on %s/api/messages", url)
    return RunningTeams(service=mounted[0], server=server, thread=thread, url=url)
