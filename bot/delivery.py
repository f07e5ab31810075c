"""What the platforms' `deliver` functions raise when trying again would not help.

The outbox sender retries any exception with back-off. Two kinds of failure
must not be retried, because a retry cannot succeed or would repeat what the
person has already received:

* the platform refused for a reason that will not pass by itself (Slack's
  `missing_scope`, `not_allowed_token_type`, `invalid_auth`; Telegram's
  BadRequest or Forbidden: the bot was blocked, the chat does not exist);
* part of the message already went out (the text of a digest, the first part
  of a long message) and a later part failed even after the adapter's own
  retries: sending the whole message again would repeat that part.

Both raise `PermanentDeliveryError` (the platform's error as `__cause__`).
It carries `permanent = True` so schedules/outbox can recognise it without
importing bot/ (schedules must not reach up into bot/): the outbox should mark
such a message `failed` with its `last_error` at once instead of rescheduling it.
"""

from __future__ import annotations


class PermanentDeliveryError(RuntimeError):
    """Do not retry this message: see the module docstring."""

    permanent = True

    def __init__(self, message: str, *, partly_sent: bool = False):
        super().__init__(message)
        self.partly_sent = partly_sent
