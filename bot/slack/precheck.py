"""What the HTTP front checks before Bolt sees a Slack request.

Slack signs every request (v0 HMAC-SHA256 over `v0:{timestamp}:{body}`, at
most five minutes old). A request that fails that check gets 401; one that is
signed but whose body is not what Slack sends (JSON that does not parse, a
form whose `payload` is not JSON) gets 400. Either way one log line and no
traceback: a 5xx would make Slack retry something that can never work.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl

from slack_sdk.signature import SignatureVerifier

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Refusal:
    status: int
    reason: str


def precheck(
    verifier: SignatureVerifier, headers: Mapping[str, str], body: bytes
) -> Refusal | None:
    """None when Bolt may take the request; else the status to answer and why."""
    lower = {k.lower(): v for k, v in headers.items()}
    timestamp = lower.get("x-slack-request-timestamp", "")
    if not timestamp.isascii() or not timestamp.isdigit():
        return _refuse(401, "missing or malformed X-Slack-Request-Timestamp")
    if not verifier.is_valid(body, timestamp, lower.get("x-slack-signature")):
        return _refuse(401, "bad or stale signature")
    try:
        text = body.decode("utf-8")
        if lower.get("content-type", "").startswith("application/json") or text.startswith("{"):
            json.loads(text)
        else:
            payload = dict(parse_qsl(text, keep_blank_values=True)).get("payload")
            if payload is not None:
                json.loads(payload)
    except (UnicodeDecodeError, ValueError):
        return _refuse(400, "signed body is not valid JSON or form data")
    return None


def _refuse(status: int, reason: str) -> Refusal:
    log.warning("Slack request refused (%d): %s", status, reason)
    return Refusal(status, reason)
