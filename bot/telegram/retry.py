"""Outgoing Bot API calls that survive Telegram's 429s and network blips.

PTB's AIORateLimiter keeps us under the flood limits and waits out a 429's
`retry_after`; it does not retry a dropped connection or a timeout, so this
subclass adds that with exponential back-off. A BadRequest (a NetworkError
subclass in PTB) is our fault, not the network's, and is never retried.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)

MAX_RETRIES = 5
FIRST_BACKOFF_SECONDS = 0.5
MAX_BACKOFF_SECONDS = 30.0


class RetryingRateLimiter(AIORateLimiter):
    def __init__(
        self, *, max_retries: int = MAX_RETRIES, first_backoff: float = FIRST_BACKOFF_SECONDS
    ):
        super().__init__(max_retries=max_retries)
        self._network_retries = max_retries
        self._first_backoff = first_backoff

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args) -> Any:
        delay = self._first_backoff
        for attempt in range(self._network_retries + 1):
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except BadRequest:
                raise
            except NetworkError as exc:
                if attempt == self._network_retries:
                    raise
                log.warning(
                    "Telegram %s failed (%s); retrying in %.1f s",
                    endpoint,
                    type(exc).__name__,
                    delay,
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_BACKOFF_SECONDS)
        raise AssertionError("unreachable")  # pragma: no cover
