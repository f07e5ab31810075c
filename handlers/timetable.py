"""The school day's timetable: when registration, each period, break and lunch begin.

The /log grammar reads "p3", "after break", "this morning" or "before reg"
as the start of that part of the school day, so a record typed at 21:00
about a morning session is stored in the morning, inside that day's digest.

`SCHOOL_TIMETABLE` (bot/config.py) is `primary` (the default), `secondary`,
or the path to a TOML file with the same keys as `PRIMARY` below, times as
"HH:MM" and `periods` a list of them; keys the file leaves out come from the
timetable named by its optional `base` key (default `primary`):

    base = "secondary"
    registration = "08:35"
    periods = ["08:50", "09:50", "11:10", "12:10", "13:50"]

Special schools use `primary` unless they set their own.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from datetime import time
from pathlib import Path
from typing import Any


class TimetableError(ValueError):
    """The timetable setting or file is unusable; the message says why."""


@dataclass(frozen=True)
class Timetable:
    """Start times of the parts of a school day (school-local)."""

    name: str
    registration: time
    before_registration: time
    morning: time
    periods: tuple[time, ...]
    break_: time
    after_break: time
    lunch: time
    after_lunch: time
    end_of_day: time

    def period(self, number: int) -> time | None:
        """The start of period `number` (1-based), or None when the day has no such period."""
        if 1 <= number <= len(self.periods):
            return self.periods[number - 1]
        return None


def _t(hh_mm: str) -> time:
    hours, _, minutes = hh_mm.partition(":")
    return time(int(hours), int(minutes))


PRIMARY = Timetable(
    name="primary",
    registration=_t("08:45"),
    before_registration=_t("08:30"),
    morning=_t("09:00"),
    periods=tuple(map(_t, ("09:00", "10:00", "10:45", "11:30", "13:00", "14:00"))),
    break_=_t("10:30"),
    after_break=_t("10:45"),
    lunch=_t("12:00"),
    after_lunch=_t("13:00"),
    end_of_day=_t("15:15"),
)
SECONDARY = Timetable(
    name="secondary",
    registration=_t("08:40"),
    before_registration=_t("08:25"),
    morning=_t("09:00"),
    periods=tuple(map(_t, ("09:00", "10:00", "11:20", "12:20", "14:00"))),
    break_=_t("11:00"),
    after_break=_t("11:20"),
    lunch=_t("13:20"),
    after_lunch=_t("14:00"),
    end_of_day=_t("15:00"),
)
BUILT_IN = {"primary": PRIMARY, "secondary": SECONDARY}
# TOML key -> field ("break" is a Python keyword, so the field is break_).
_KEYS = {("break" if f.name == "break_" else f.name): f.name for f in fields(Timetable)}
_KEYS.pop("name")


def _parse_time(key: str, value: object, where: str) -> time:
    if not isinstance(value, str):
        raise TimetableError(f'{where}: {key} must be a time like "09:00", not {value!r}')
    try:
        return _t(value.strip())
    except ValueError:
        raise TimetableError(f'{where}: {key} must be a time like "09:00", not {value!r}') from None


def timetable_from_toml(path: Path) -> Timetable:
    """A timetable from a TOML file (see the module docstring)."""
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise TimetableError(f"{where}: can't read the timetable ({err.strerror})") from None
    except tomllib.TOMLDecodeError as err:
        raise TimetableError(f"{where}: not valid TOML ({err})") from None
    base_name = str(data.pop("base", "primary")).strip().lower()
    if base_name not in BUILT_IN:
        raise TimetableError(f"{where}: base must be primary or secondary, not {base_name!r}")
    changes: dict[str, Any] = {"name": path.stem}
    for key, value in data.items():
        if key not in _KEYS:
            raise TimetableError(f"{where}: unknown key {key!r} (known: {', '.join(_KEYS)})")
        if key == "periods":
            if not isinstance(value, list):
                raise TimetableError(f"{where}: periods must be a list of times")
            changes["periods"] = tuple(_parse_time("periods", v, where) for v in value)
        else:
            changes[_KEYS[key]] = _parse_time(key, value, where)
    return replace(BUILT_IN[base_name], **changes)


def load_timetable(setting: str | None) -> Timetable:
    """The timetable `SCHOOL_TIMETABLE` names: primary, secondary or a TOML file's path."""
    name = (setting or "primary").strip()
    if name.lower() in BUILT_IN:
        return BUILT_IN[name.lower()]
    path = Path(name).expanduser()
    if not path.is_file():
        raise TimetableError(
            f"SCHOOL_TIMETABLE must be primary, secondary or a TOML file's path; {name!r} is none"
        )
    return timetable_from_toml(path)
