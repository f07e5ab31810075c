"""What a form shows for the values filled in so far, the same on every platform.

Slack's modal, Teams' card and any later form read these instead of working them
out again: which pupils are chosen, which provisions those pupils offer (named by
pupil when there are several), the line saying which record is being corrected,
and a stored local date-time read back in the school's zone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from handlers.types import FormRequest
from storage.vocabulary import KIND_WORDS


def chosen_pupils(values: dict[str, Any], key: str = "pupil_ids") -> list[int]:
    """The pupil ids chosen so far in a pupils field (the record's pupils unless `key`
    says another: the other pupils involved). A platform may send one id or a list, as text."""
    raw = values.get(key) or []
    return [int(i) for i in (raw if isinstance(raw, list) else [raw]) if str(i).isdigit()]


def provision_options(form: FormRequest, values: dict[str, Any]) -> list[tuple[int, str]]:
    """The chosen pupils' provisions, as (id, label)."""
    chosen = chosen_pupils(values)
    names = dict(form.pupil_options)
    options: list[tuple[int, str]] = []
    for pid in chosen:
        for prov_id, name in form.provision_options.get(pid, []):
            options.append((prov_id, f"{name} ({names.get(pid, '')})" if len(chosen) > 1 else name))
    return options


def editing_line(form: FormRequest, values: dict[str, Any]) -> str:
    """What a correction form says it is correcting."""
    what = KIND_WORDS.get(str(values.get("kind") or form.kind), "record")
    names = dict(form.pupil_options)
    who = ", ".join(names.get(pid, "?") for pid in chosen_pupils(values))
    return f"Editing a {what} for {who}. The previous version is kept."


def local_moment(value: Any, tz: ZoneInfo) -> datetime | None:
    """A form's date-time value (ISO, naive meaning school-local) in the school's zone."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)
