"""What every domain's queries share: the live-record filter, pupil-or-school scope, the display name."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, Row, and_, any_, bindparam, true
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel.sql.expression import Select


def pupil_name(first: str, last: str, preferred: str | None = None) -> str:
    return f"{preferred or first} {last}"


def live(model: Any, start: datetime, end: datetime) -> ColumnElement[bool]:
    """SQL: a record of `model` that happened in [start, end) and is not withdrawn."""
    return and_(model.occurred_at >= start, model.occurred_at < end, model.withdrawn_at.is_(None))


def id_among(session: Session, column: Any, ids: Collection[int]) -> ColumnElement[bool]:
    """SQL: `column` is one of `ids`. On PostgreSQL one array parameter (`= ANY`): an IN
    list of a trust's thousands of ids is SQL text the driver parses on every run."""
    if session.get_bind().dialect.name == "postgresql":
        among: ColumnElement[bool] = column == any_(
            bindparam(None, list(ids), type_=ARRAY(Integer))
        )
        return among
    listed: ColumnElement[bool] = column.in_(list(ids))
    return listed


def in_school(model: Any, school_id: int | None) -> ColumnElement[bool]:
    """SQL: `model`'s rows of one school, or of the whole trust when `school_id` is None."""
    if school_id is None:
        return true()
    same_school: ColumnElement[bool] = model.school_id == school_id
    return same_school


def scope(model: Any, pupil_id: int | None, school_id: int | None) -> ColumnElement[bool]:
    """SQL: one pupil's records, else one school's."""
    if pupil_id is not None:
        one_pupil: ColumnElement[bool] = model.pupil_id == pupil_id
        return one_pupil
    if school_id is None:
        raise ValueError("give a pupil_id or a school_id")
    return in_school(model, school_id)


def column_rows(session: Session, stmt: Any) -> Sequence[Row[Any]]:
    """All the rows of a statement of columns (not entities), fetched at once as Core rows.

    `session.exec` runs such a statement through the ORM's loading, and iterating a
    result fetches row by row; a trust's week of provisions is tens of thousands of
    rows (bench/bench_schedules.py). Pending changes are flushed first, as exec would.
    """
    session.flush()
    return session.connection().execute(stmt).all()


def select_columns(*columns: Any) -> Select[*tuple[Any, ...]]:
    """`sqlmodel.select` of any number of columns, its rows typed as tuples of Any.

    sqlmodel's typed `select` overloads stop at four columns; this is the very
    statement `select` builds for two or more.
    """
    return Select(*columns)
