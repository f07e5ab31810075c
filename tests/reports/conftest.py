"""Fixtures for the report tests: the sample school with a hand-made half term for Freya."""

from __future__ import annotations

import pytest

from tests.reports.term import load_term
from tests.support.school import load_school


@pytest.fixture
def term(sample_school):
    """(engine, ids) with the half term of tests/reports/term.py loaded (SQLite)."""
    return sample_school, load_term(sample_school)


@pytest.fixture
def any_term(any_engine, samples_dir):
    """The same on SQLite and on a real PostgreSQL."""
    load_school(any_engine, samples_dir)
    return any_engine, load_term(any_engine)
