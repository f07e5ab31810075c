"""Only the bot token's own Slack workspace (or Enterprise Grid org) gets in.

A correctly signed request can still come from another workspace (a Slack
Connect DM, an app distributed further than intended). Keyworker's staff are
the people of its own workspace: identity is (workspace, user id), so a
request whose workspace is not the bot token's is refused before any listener
runs, and nothing is read or stored. The token's workspace is what Bolt's own
`auth.test` at start-up found (the request's `authorize_result`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.authorization import AuthorizeResult

log = logging.getLogger(__name__)

NOT_OUR_WORKSPACE = (
    "Keyworker isn't set up for your Slack workspace, so nothing was read or stored."
)


def admits(ours: AuthorizeResult, team_id: str | None, enterprise_id: str | None) -> bool:
    """Whether a request from (team_id, enterprise_id) is from the token's workspace."""
    if ours.team_id is None:  # an org-wide install: the org is the boundary
        return enterprise_id is not None and enterprise_id == ours.enterprise_id
    if team_id != ours.team_id:
        return False
    return enterprise_id is None or enterprise_id == ours.enterprise_id


def workspace_guard(
    req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
) -> BoltResponse:
    """Bolt global middleware: only requests from the token's workspace reach a listener."""
    ctx = req.context
    ours = ctx.authorize_result
    # The installation's workspace, and, in a shared channel, the acting person's.
    parties = {(ctx.team_id, ctx.enterprise_id)}
    if ctx.actor_team_id or ctx.actor_enterprise_id:
        parties.add((ctx.actor_team_id, ctx.actor_enterprise_id))
    if ours is not None and all(admits(ours, team, org) for team, org in parties):
        return next()
    log.warning(
        "Slack: refused a signed request from another workspace (team %s, org %s)",
        ctx.actor_team_id or ctx.team_id,
        ctx.actor_enterprise_id or ctx.enterprise_id,
    )
    is_command = isinstance(req.body, dict) and "command" in req.body
    return BoltResponse(status=200, body=NOT_OUR_WORKSPACE if is_command else "")
