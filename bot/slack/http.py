"""HTTP mode on the shared front: `POST /slack/events` for commands, interactivity and events.

Each request is checked first (bot.slack.precheck: 401 for a missing, stale or
wrong signature, 400 for a signed body that isn't Slack's), then dispatched to
Bolt on a worker thread, so the event loop never waits on a listener. Bolt's
listeners store the delivery before they acknowledge (bot.slack.app).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, Response
from slack_bolt import App, BoltRequest
from slack_sdk.signature import SignatureVerifier
from starlette.concurrency import run_in_threadpool

from bot.slack.precheck import precheck

EVENTS_PATH = "/slack/events"


def mount_slack(front: FastAPI, app: App, signing_secret: str) -> None:
    verifier = SignatureVerifier(signing_secret)

    @front.post(EVENTS_PATH)
    async def slack_events(request: Request) -> Response:
        body = await request.body()
        headers = dict(request.headers)
        refusal = precheck(verifier, headers, body)
        if refusal is not None:
            return PlainTextResponse(refusal.reason + "\n", status_code=refusal.status)
        bolt_request = BoltRequest(
            body=body.decode("utf-8"), query=str(request.url.query), headers=headers
        )
        answer = await run_in_threadpool(app.dispatch, bolt_request)
        return Response(
            content=answer.body,
            status_code=answer.status,
            headers=answer.first_headers_without_set_cookie(),
        )
