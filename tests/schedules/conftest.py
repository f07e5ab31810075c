"""Fixtures for the scheduled jobs: the sample school, record builders, a recording sender."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, datetime, time

import pytest
from sqlmodel import Session, select

from schedules.config import ScheduleConfig
from schedules.outbox import Outgoing, Recipient
from storage.db import session_scope
from storage.models import BehaviourIncident, ParentContact, Provision, Pupil, SessionLog, Staff
from tests.conftest import LONDON

AMY = "amy.lowe@brookfield.example"
RAJ = "raj.singh@brookfield.example"
BETH = "beth.moss@brookfield.example"
CARL = "carl.doyle@brookfield.example"

# No charts in the bulk tests (rendering is tested on its own); the shipped 2026-27 calendar.
CONFIG = ScheduleConfig(charts=False)
CALENDAR_DAYS = CONFIG.calendar


def at(day: str | date, hhmm: str = "10:00") -> datetime:
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return datetime.combine(d, time.fromisoformat(hhmm), tzinfo=LONDON)


class School:
    """Look-ups and record builders over the sample school (Brookfield Primary)."""

    def __init__(self, engine):
        self.engine = engine
        with Session(engine) as s:
            self.staff = {st.email: st.id for st in s.exec(select(Staff))}
            self.pupils = {p.first_name: p.id for p in s.exec(select(Pupil))}
            self.provisions = {
                (p.first_name, pr.name): pr.id
                for pr, p in s.exec(
                    select(Provision, Pupil).join(Pupil, Pupil.id == Provision.pupil_id)
                )
            }
            self.school_id = s.exec(select(Pupil.school_id)).first()

    def session(
        self,
        pupil: str,
        provision: str,
        when: datetime,
        *,
        by: str = AMY,
        status: str = "delivered",
        reason: str | None = None,
        withdrawn: bool = False,
    ) -> int:
        with session_scope(self.engine) as s:
            row = SessionLog(
                school_id=self.school_id,
                pupil_id=self.pupils[pupil],
                provision_id=self.provisions[(pupil, provision)],
                occurred_at=when,
                logged_by_id=self.staff[by],
                status=status,
                missed_reason=reason,
                duration_minutes=20,
                withdrawn_at=when if withdrawn else None,
            )
            s.add(row)
            s.flush()
            return row.id

    def incident(
        self,
        pupil: str,
        when: datetime,
        *,
        behaviour: str = "shouted",
        severity: int = 1,
        rpi: bool = False,
        injuries: str | None = None,
        informed: bool = False,
        by: str = AMY,
    ) -> int:
        with session_scope(self.engine) as s:
            row = BehaviourIncident(
                school_id=self.school_id,
                pupil_id=self.pupils[pupil],
                occurred_at=when,
                logged_by_id=self.staff[by],
                behaviour=behaviour,
                severity=severity,
                physical_intervention=rpi,
                hold_type="guided hold" if rpi else None,
                hold_minutes=2 if rpi else None,
                injuries=injuries,
                parents_informed_at=when if informed else None,
            )
            s.add(row)
            s.flush()
            return row.id

    def contact(
        self,
        pupil: str,
        when: datetime,
        follow_up_on: date | None,
        *,
        by: str = RAJ,
        summary: str = "re: tiredness",
    ) -> int:
        with session_scope(self.engine) as s:
            row = ParentContact(
                school_id=self.school_id,
                pupil_id=self.pupils[pupil],
                occurred_at=when,
                logged_by_id=self.staff[by],
                contact_with="mum",
                method="phone",
                summary=summary,
                follow_up_on=follow_up_on,
            )
            s.add(row)
            s.flush()
            return row.id

    def update_pupil(self, name: str, **fields) -> None:
        with session_scope(self.engine) as s:
            pupil = s.get(Pupil, self.pupils[name])
            for k, v in fields.items():
                setattr(pupil, k, v)
            s.add(pupil)

    def update_provision(self, pupil: str, provision: str, **fields) -> None:
        with session_scope(self.engine) as s:
            row = s.get(Provision, self.provisions[(pupil, provision)])
            for k, v in fields.items():
                setattr(row, k, v)
            s.add(row)

    def update_staff(self, email: str, **fields) -> None:
        with session_scope(self.engine) as s:
            staff = s.get(Staff, self.staff[email])
            for k, v in fields.items():
                setattr(staff, k, v)
            s.add(staff)


@pytest.fixture
def school(sample_school) -> School:
    return School(sample_school)


@dataclass
class Recorder:
    """A `send` that records deliveries and can fail its first N calls."""

    fail_first: int = 0
    calls: list[tuple[Outgoing, Recipient]] = field(default_factory=list)
    attempts: int = 0
    cond: threading.Condition = field(default_factory=threading.Condition)

    def __call__(self, message: Outgoing, recipient: Recipient) -> None:
        with self.cond:
            self.attempts += 1
            if self.attempts <= self.fail_first:
                raise ConnectionError("platform unavailable")
            self.calls.append((message, recipient))
            self.cond.notify_all()

    def keys(self) -> list[str]:
        return [m.key for m, _ in self.calls]

    def wait_for(self, predicate, timeout: float = 20.0) -> None:
        with self.cond:
            assert self.cond.wait_for(lambda: predicate(self), timeout=timeout), (
                f"timed out; sent so far: {self.keys()}"
            )


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()
