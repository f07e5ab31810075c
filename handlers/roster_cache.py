"""Builds the parser's Roster for a school from the database, and caches it.

The parser needs every pupil's names and provisions for every message, so the
roster is read once and kept until the database's roster version moves
(storage.roster_version: any process's change to staff, pupils or provisions
moves it), which this process notices within a couple of seconds; an import in
this process calls `invalidate()` to see its own change at once.
"""

from __future__ import annotations

import threading
from collections import defaultdict

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from handlers.grammar.roster import Roster, RosterProvision, RosterPupil
from storage.ids import stored_id
from storage.models import Provision, Pupil
from storage.roster_version import watch_for

_cache: dict[tuple[str, int], tuple[int, Roster]] = {}
_lock = threading.Lock()


def load_roster(session: Session, school_id: int) -> Roster:
    provisions: dict[int, list[RosterProvision]] = defaultdict(list)
    for row in session.exec(
        select(Provision).where(Provision.school_id == school_id).order_by(col(Provision.id))
    ):
        provisions[row.pupil_id].append(
            RosterProvision(
                id=stored_id(row),
                name=row.name,
                area_of_need=row.area_of_need,
                sessions_per_week=row.sessions_per_week,
                minutes_per_session=row.minutes_per_session,
            )
        )
    pupils = tuple(
        RosterPupil(
            id=stored_id(p),
            upn=p.upn,
            first_name=p.first_name,
            last_name=p.last_name,
            preferred_name=p.preferred_name or None,
            key_worker_id=p.key_worker_id,
            provisions=tuple(provisions.get(stored_id(p), ())),
        )
        for p in session.exec(
            select(Pupil).where(Pupil.school_id == school_id, Pupil.active).order_by(col(Pupil.id))
        )
    )
    return Roster(pupils=pupils)


def cached_roster(engine: Engine, school_id: int) -> Roster:
    key = (str(engine.url), school_id)
    version = watch_for(engine).current()
    with _lock:
        hit = _cache.get(key)
        if hit and hit[0] == version:
            return hit[1]
    with Session(engine) as session:
        roster = load_roster(session, school_id)
    with _lock:
        _cache[key] = (version, roster)
    return roster


def invalidate(engine: Engine | None = None) -> None:
    """Forget cached rosters (this process changed the roster itself)."""
    with _lock:
        _cache.clear()
    if engine is not None:
        watch_for(engine).forget()
