"""Builds the parser's Roster for a school from the database, and caches it, with the
staff member behind each chat account.

The parser needs every pupil's names and provisions for every message, and every
message needs to know who sent it, so both are read once and kept until the
database's roster version moves (storage.roster_version: any process's change to
staff, chat accounts, pupils or provisions moves it), which this process notices
within a couple of seconds. This process sees its own changes at once: a session
that wrote any of those tables through the ORM drops the caches when it commits,
and an import (core SQL) calls `invalidate()`.
"""

from __future__ import annotations

import threading
from collections import defaultdict

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select

from handlers.grammar.roster import Roster, RosterProvision, RosterPupil
from storage.identity import staff_for_chat_user
from storage.ids import stored_id
from storage.models import ChatIdentity, Provision, Pupil, Staff
from storage.roster_version import watch_for

_cache: dict[tuple[str, int], tuple[int, Roster]] = {}
# (database, platform, account) -> (roster version, the staff member, detached)
_staff: dict[tuple[str, str, str], tuple[int, Staff]] = {}
_lock = threading.Lock()
_ROSTER_MODELS = (Staff, ChatIdentity, Pupil, Provision)
_CHANGED = "keyworker.roster_changed"
_SENDERS = "keyworker.senders"  # session.info: (platform, account) -> Staff in it


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
    staff = tuple(
        session.exec(
            select(Staff.name)
            .where(Staff.school_id == school_id, Staff.active)
            .order_by(col(Staff.id))
        )
    )
    return Roster(pupils=pupils, staff_names=staff)


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


def _engine_of(session: Session) -> Engine:
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


def staff_for_chat(session: Session, platform: str, external_id: str) -> Staff | None:
    """`storage.identity.staff_for_chat_user`, from the cache: the active staff member
    behind a chat account, or None. The cached member is merged into `session`
    without a query, so a change made to it (/mute) is stored like any other."""
    senders: dict[tuple[str, str], Staff | None] = session.info.setdefault(_SENDERS, {})
    if (platform, external_id) in senders:
        return senders[(platform, external_id)]
    engine = _engine_of(session)
    key = (str(engine.url), platform, external_id)
    version = watch_for(engine).current()
    with _lock:
        hit = _staff.get(key)
    if hit is None or hit[0] != version:
        # Read in a session of its own, so the copy kept is detached and shared by none.
        with Session(engine, expire_on_commit=False) as reading:
            found = staff_for_chat_user(reading, platform, external_id)
        if found is None:  # a stranger, or a link just made: never cached, asked again
            senders[(platform, external_id)] = None
            return None
        hit = (version, found)
        with _lock:
            _staff[key] = hit
    staff = session.merge(hit[1], load=False)
    senders[(platform, external_id)] = staff
    return staff


def cached_school_of(engine: Engine, platform: str, external_id: str) -> int | None:
    """The school of a sender already in the cache (no query, no transaction); None if
    not cached or the roster version has moved since."""
    version = watch_for(engine).current()
    with _lock:
        hit = _staff.get((str(engine.url), platform, external_id))
    return hit[1].school_id if hit is not None and hit[0] == version else None


def invalidate(engine: Engine | None = None) -> None:
    """Forget cached rosters and senders (this process changed the roster itself)."""
    with _lock:
        _cache.clear()
        _staff.clear()
    if engine is not None:
        watch_for(engine).forget()


@event.listens_for(OrmSession, "after_flush")
def _note_roster_change(session: OrmSession, _context: object) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(obj, _ROSTER_MODELS) for obj in changed):
        session.info[_CHANGED] = True


@event.listens_for(OrmSession, "after_commit")
def _drop_after_roster_change(session: OrmSession) -> None:
    if session.info.pop(_CHANGED, False):
        invalidate(_engine_of(session))  # type: ignore[arg-type]


@event.listens_for(OrmSession, "after_rollback")
def _forget_rolled_back(session: OrmSession) -> None:
    session.info.pop(_CHANGED, None)
