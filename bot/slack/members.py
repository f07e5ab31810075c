"""The names Slack shows for workspace members, for mentions typed in a DM.

A DM's `<@U0123>` is shown to the person as "@Amy Lowe"; the record should
say what they saw. Names come from `users.info` once per member per process.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)


class MemberNames:
    def __init__(self) -> None:
        self._names: dict[str, str | None] = {}
        self._lock = threading.Lock()

    def resolver(self, client: WebClient) -> Callable[[str], str | None]:
        def name_of(user_id: str) -> str | None:
            with self._lock:
                if user_id in self._names:
                    return self._names[user_id]
            name = self._look_up(client, user_id)
            with self._lock:
                self._names[user_id] = name
            return name

        return name_of

    @staticmethod
    def _look_up(client: WebClient, user_id: str) -> str | None:
        try:
            user = client.users_info(user=user_id).get("user") or {}
        except SlackApiError as exc:
            log.info("could not look up a mentioned member: %s", exc.response.get("error"))
            return None
        profile = user.get("profile") or {}
        return profile.get("display_name") or profile.get("real_name") or user.get("real_name")
