"""School-local time in SQL: the hour, weekday and week of a stored UTC instant.

`LocalTime` turns a stored UTC instant into local epoch seconds in SQL (the
zone's offset for each stretch between daylight-saving changes is a CASE over
those few instants), so SQLite and PostgreSQL bucket identically. A week is
Monday to Sunday; week 0 starts on the Monday given as `week0`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import BigInteger, Integer, case, cast, extract, func
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

DAY = 86_400
EPOCH = date(1970, 1, 1)


def offset_changes(tz: ZoneInfo, start: datetime, end: datetime) -> list[tuple[datetime, int]]:
    """[(from_instant, utc_offset_seconds)] covering [start, end): one per DST stretch."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    changes = [(start, _offset(tz, start))]
    moment = start
    while moment < end:
        following = min(moment + timedelta(days=1), end)
        if _offset(tz, following) != changes[-1][1]:
            # Changes happen on the hour: find the first hour of the day with the new offset.
            hour = moment
            while _offset(tz, hour) == changes[-1][1]:
                hour += timedelta(hours=1)
            changes.append((hour, _offset(tz, hour)))
        moment = following
    return changes


def _offset(tz: ZoneInfo, instant: datetime) -> int:
    offset = instant.astimezone(tz).utcoffset()
    # An instant converted to a ZoneInfo zone is always aware, so it has an offset.
    assert offset is not None
    return int(offset.total_seconds())


@dataclass(frozen=True)
class LocalTime:
    """SQL expressions for the school-local hour, weekday and week of a UTC column."""

    dialect: str
    tz: ZoneInfo
    start: datetime
    end: datetime
    week0: date  # a Monday

    @classmethod
    def for_session(
        cls, session: Session, tz: ZoneInfo, start: datetime, end: datetime, week0: date
    ) -> LocalTime:
        return cls(session.get_bind().dialect.name, tz, start, end, week0)

    def seconds(self, column: Any) -> ColumnElement[Any]:
        if self.dialect == "postgresql":
            epoch = cast(func.floor(extract("epoch", column)), BigInteger)
        else:  # SQLite keeps naive UTC text; strftime('%s') reads it as UTC
            epoch = cast(func.strftime("%s", column), Integer)
        changes = offset_changes(self.tz, self.start, self.end)
        if len(changes) == 1:
            return epoch + changes[0][1]
        whens = [
            (column < at, previous)
            for (at, _), (_, previous) in zip(changes[1:], changes, strict=False)
        ]
        return epoch + case(*whens, else_=changes[-1][1])

    def day(self, column: Any) -> ColumnElement[Any]:
        return self.seconds(column) // DAY

    def hour(self, column: Any) -> ColumnElement[Any]:
        return (self.seconds(column) % DAY) // 3600

    def weekday(self, column: Any) -> ColumnElement[Any]:
        """Monday = 0 (1 January 1970 was a Thursday)."""
        return (self.day(column) + 3) % 7

    def week(self, column: Any) -> ColumnElement[Any]:
        return (self.day(column) - (self.week0 - EPOCH).days) // 7
