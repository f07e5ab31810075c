"""Fixtures for the web pages: the sample school behind the pages, with a settable clock."""

from __future__ import annotations

import pytest

from tests.support.web import WebSchool


@pytest.fixture
def school(sample_school) -> WebSchool:
    return WebSchool(sample_school)
