"""Fixtures for conversation tests through the real handlers and a real database."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import local
from tests.support.chat import Clock, Dialog
from tests.support.school import load_school

DEMO = Path(__file__).resolve().parents[2] / "bot" / "demo"
AMY = "amy.lowe@brookfield.example"
RAJ = "raj.singh@brookfield.example"
BETH = "beth.moss@brookfield.example"
CARL = "carl.doyle@brookfield.example"


@pytest.fixture
def clock() -> Clock:
    return Clock(local("2026-06-09T15:30"))


@pytest.fixture
def amy(sample_school, clock) -> Dialog:
    return Dialog(sample_school, AMY, clock=clock)


@pytest.fixture
def demo_school(engine):
    load_school(engine, DEMO)
    return engine
