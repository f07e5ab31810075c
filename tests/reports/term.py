"""A hand-made half term of fictional records for Freya Jones (sample school), with the
numbers the evidence pack must show worked out by hand below.

Period: Mon 7 September to Fri 16 October 2026, six full school weeks (BST).
Plan: Phonics 5 x 20 min, SALT 2 x 30 min -> planned 30 + 12 = 42 sessions.

Phonics delivered per week 5,4,5,3,5,4 = 26 (520 min); missed: w2 "Pupil absent",
w4 "staff absence" + "trip", w6 "pupil absent " -> 4 missed, "pupil absent" x2.
SALT delivered 2,2,1,2,2,2 = 11 (330 min), one of them logged by Raj; missed w3 "assembly".
Not counted: a withdrawn phonics session in w1, a session on Fri 4 Sep and one on Mon 19 Oct.
Time zone: the w2 phonics session at 00:30 on Mon 14 Sep (BST) is 23:30 UTC on the Sunday,
and the w1 one at 23:30 on Sun 13 Sep: each belongs to its local week.

Behaviour: Tue 8/9 10:40, Tue 15/9 10:15, Thu 24/9 13:05 (RPI), Mon 12/10 10:50; a withdrawn
one on Wed 30/9. Weeks 1,1,1(RPI),0,0,1; hours 10 x3, 13 x1; Mon 1, Tue 2, Thu 1.
Antecedents: "Transition from playground" x3 (spelt three ways), "Asked to write" x1.
Parent contacts: 9/9 phone mum (follow-up 16/9 done), 1/10 email dad (follow-up 20/10 open).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import select

from handlers.reports.period import Period
from storage.db import session_scope
from storage.models import BehaviourIncident, ParentContact, Provision, Pupil, SessionLog, Staff
from tests.conftest import LONDON, local

PERIOD = Period(date(2026, 9, 7), date(2026, 10, 16), LONDON)
NOW = local("2026-10-16T16:00")
PHONICS_WEEKS = [5, 4, 5, 3, 5, 4]
SALT_WEEKS = [2, 2, 1, 2, 2, 2]
PHONICS_MISSED = {1: ["Pupil absent"], 3: ["staff absence", "trip"], 5: ["pupil absent "]}
SALT_MISSED = {2: ["assembly"]}


def _ids(session) -> dict[str, int]:
    ids = {s.email.split(".")[0]: s.id for s in session.exec(select(Staff))}
    for p in session.exec(select(Pupil)):
        ids[p.first_name.lower()] = p.id
    for pr in session.exec(select(Provision)):
        ids[f"{pr.pupil_id}:{pr.name}"] = pr.id
    return ids


def load_term(engine: Engine) -> dict[str, int]:
    """Insert the half term; returns ids by short name (amy, freya, <pupil_id>:Phonics...)."""
    with session_scope(engine) as session:
        ids = _ids(session)
        freya, amy, raj = ids["freya"], ids["amy"], ids["raj"]
        phonics, salt = ids[f"{freya}:Phonics"], ids[f"{freya}:SALT"]
        school_id = session.get(Pupil, freya).school_id
        rows = []

        def session_log(
            when: datetime,
            provision: int,
            *,
            by: int = amy,
            status: str = "delivered",
            reason: str | None = None,
            minutes: int | None = None,
            notes: str = "",
            withdrawn: bool = False,
        ) -> None:
            rows.append(
                SessionLog(
                    school_id=school_id,
                    pupil_id=freya,
                    provision_id=provision,
                    occurred_at=when,
                    logged_by_id=by,
                    status=status,
                    missed_reason=reason,
                    notes=notes,
                    duration_minutes=minutes if status == "delivered" else None,
                    withdrawn_at=when + timedelta(minutes=5) if withdrawn else None,
                )
            )

        for week, (n_phonics, n_salt) in enumerate(zip(PHONICS_WEEKS, SALT_WEEKS, strict=True)):
            monday = PERIOD.first + timedelta(weeks=week)
            for i in range(n_phonics):
                when = datetime(
                    monday.year, monday.month, monday.day, 9, 15, tzinfo=LONDON
                ) + timedelta(days=i)
                if week == 1 and i == 0:  # Mon 14 Sep 00:30 BST = Sun 13 Sep 23:30 UTC
                    when = when.replace(hour=0, minute=30)
                if week == 0 and i == 4:  # Sun 13 Sep 23:30 BST: still the week of 7 Sep
                    when = local("2026-09-13T23:30")
                session_log(
                    when, phonics, minutes=20, notes="Blending CVC words well" if i == 0 else ""
                )
            for reason in PHONICS_MISSED.get(week, []):
                session_log(
                    datetime(monday.year, monday.month, monday.day, 9, 15, tzinfo=LONDON)
                    + timedelta(days=4),
                    phonics,
                    status="missed",
                    reason=reason,
                )
            for i in range(n_salt):
                when = datetime(
                    monday.year, monday.month, monday.day, 14, 0, tzinfo=LONDON
                ) + timedelta(days=1 + 2 * i)
                by = raj if (week, i) == (4, 1) else amy
                session_log(
                    when,
                    salt,
                    minutes=30,
                    by=by,
                    notes="Raj covered SALT"
                    if by == raj
                    else ("Used visuals" if i == 0 and week == 5 else ""),
                )
            for reason in SALT_MISSED.get(week, []):
                session_log(
                    datetime(monday.year, monday.month, monday.day, 14, 0, tzinfo=LONDON)
                    + timedelta(days=3),
                    salt,
                    status="missed",
                    reason=reason,
                )
        session_log(local("2026-09-07T10:00"), phonics, minutes=20, withdrawn=True)
        session_log(local("2026-09-04T10:00"), phonics, minutes=20)
        session_log(local("2026-10-19T10:00"), phonics, minutes=20)

        def incident(when: str, antecedent: str, *, withdrawn: bool = False, **rpi) -> None:
            at = local(when)
            rows.append(
                BehaviourIncident(
                    school_id=school_id,
                    pupil_id=freya,
                    occurred_at=at,
                    logged_by_id=amy,
                    antecedent=antecedent,
                    behaviour="Ran out of class",
                    severity=2,
                    notes="Calmed in the quiet room",
                    withdrawn_at=at if withdrawn else None,
                    **rpi,
                )
            )

        incident("2026-09-08T10:40", "Transition from playground")
        incident("2026-09-15T10:15", "transition from playground ")
        incident(
            "2026-09-24T13:05",
            "Asked to write",
            physical_intervention=True,
            place="KS1 corridor",
            staff_involved="Amy Lowe, Mr Patel",
            hold_type="guided hold",
            hold_minutes=2,
            deescalation_tried="Script, offered choices",
            reason_for_force="Running towards the road gate",
            injuries="None",
            support_after="Calm space and a drink",
            parents_informed_at=local("2026-09-24T15:30"),
        )
        incident("2026-10-12T10:50", "TRANSITION FROM PLAYGROUND")
        incident("2026-09-30T11:00", "Asked to write", withdrawn=True)

        rows.append(
            ParentContact(
                school_id=school_id,
                pupil_id=freya,
                occurred_at=local("2026-09-09T15:20"),
                logged_by_id=amy,
                contact_with="mum",
                method="phone",
                summary="Tired after swimming",
                follow_up_on=date(2026, 9, 16),
                follow_up_done_at=local("2026-09-16T15:00"),
            )
        )
        rows.append(
            ParentContact(
                school_id=school_id,
                pupil_id=freya,
                occurred_at=local("2026-10-01T12:00"),
                logged_by_id=amy,
                contact_with="dad",
                method="email",
                summary="Sent home the phonics cards",
                follow_up_on=date(2026, 10, 20),
            )
        )
        session.add_all(rows)
    return ids
