"""A stored row's primary key, as the int it is once the row is in the database.

SQLModel types every `id` as `int | None`, None being a new row's id until it is
flushed; a row read back or flushed always has one, and code that needs it asks
here, so a row used before it was stored fails loudly instead of passing None on.
"""

from __future__ import annotations

from typing import Protocol


class _Row(Protocol):
    @property
    def id(self) -> int | None: ...


def stored_id(row: _Row) -> int:
    """`row.id`, which a row read from the database or flushed to it always has."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id yet: it was never flushed")
    return row.id
