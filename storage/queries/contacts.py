"""Parent and carer contacts, and the follow-ups promised in them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col

from storage.models import ParentContact, Pupil, Staff, open_follow_up
from storage.queries.common import column_rows, in_school, live, pupil_name, select_columns


@dataclass(frozen=True)
class FollowUpRow:
    contact_id: int
    follow_up_on: date
    occurred_at: datetime
    pupil: str
    contact_with: str | None
    method: str | None
    summary: str
    staff_id: int
    staff_name: str
    pupil_id: int
    school_id: int


def follow_ups(
    session: Session, school_id: int | None, *, due_from: date | None, due_to: date
) -> list[FollowUpRow]:
    """Promised follow-ups not yet done, due in [due_from, due_to] (due_from None = any earlier).

    `school_id` None: the whole trust in one query (the jobs group the rows by school).
    The open follow-ups have a partial index of their own (ix_parentcontact_open_follow_up).
    """
    conditions = [
        in_school(ParentContact, school_id),
        open_follow_up(),
        col(ParentContact.follow_up_on) <= due_to,
    ]
    if due_from is not None:
        conditions.append(col(ParentContact.follow_up_on) >= due_from)
    stmt = (
        select_columns(
            ParentContact.id,
            ParentContact.follow_up_on,
            ParentContact.occurred_at,
            Pupil.first_name,
            Pupil.last_name,
            Pupil.preferred_name,
            ParentContact.contact_with,
            ParentContact.method,
            ParentContact.summary,
            ParentContact.notes,
            Staff.id,
            Staff.name,
            Pupil.id,
            ParentContact.school_id,
        )
        .join(Pupil, col(Pupil.id) == col(ParentContact.pupil_id))
        .join(Staff, col(Staff.id) == col(ParentContact.logged_by_id))
        .where(*conditions)
        .order_by(col(ParentContact.follow_up_on), col(ParentContact.id))
    )
    return [
        FollowUpRow(
            cid,
            due,
            at,
            pupil_name(f, la, p),
            who,
            method,
            summary or notes or "",
            sid,
            sname,
            pid,
            school,
        )
        for cid, due, at, f, la, p, who, method, summary, notes, sid, sname, pid, school in (
            column_rows(session, stmt)
        )
    ]


@dataclass(frozen=True)
class ContactRow:
    occurred_at: datetime
    contact_with: str | None
    method: str | None
    direction: str
    summary: str
    follow_up_on: date | None
    follow_up_done_at: datetime | None
    staff: str


def parent_contacts(
    session: Session, pupil_id: int, start: datetime, end: datetime
) -> list[ContactRow]:
    stmt = (
        select_columns(
            ParentContact.occurred_at,
            ParentContact.contact_with,
            ParentContact.method,
            ParentContact.direction,
            ParentContact.summary,
            ParentContact.notes,
            ParentContact.follow_up_on,
            ParentContact.follow_up_done_at,
            Staff.name,
        )
        .join(Staff, col(Staff.id) == col(ParentContact.logged_by_id))
        .where(ParentContact.pupil_id == pupil_id, live(ParentContact, start, end))
        .order_by(col(ParentContact.occurred_at), col(ParentContact.id))
    )
    return [
        ContactRow(at, who, how, direction or "outbound", summary or notes or "", due, done, staff)
        for at, who, how, direction, summary, notes, due, done, staff in session.exec(stmt)
    ]
