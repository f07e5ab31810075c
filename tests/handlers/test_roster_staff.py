"""The parser's roster carries the school's active staff names (handlers.roster_cache),
so a colleague's first name is read as the colleague, and one who leaves stops counting."""

from __future__ import annotations

from sqlmodel import select

from handlers.roster_cache import cached_roster
from storage.db import session_scope
from storage.models import Staff


def test_the_roster_names_the_active_staff(sample_school):
    with session_scope(sample_school) as session:
        amy = session.exec(select(Staff).where(Staff.name == "Amy Lowe")).one()
        school_id = amy.school_id
    assert "Amy Lowe" in cached_roster(sample_school, school_id).staff_names
    with session_scope(sample_school) as session:
        session.exec(select(Staff).where(Staff.name == "Amy Lowe")).one().active = False
    names = cached_roster(sample_school, school_id).staff_names
    assert "Amy Lowe" not in names and "Raj Singh" in names
