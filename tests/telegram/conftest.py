"""Fixtures: the sample school, a fake Bot API, and the real PTB bot started as `keyworker run` does."""

from __future__ import annotations

import pytest

from bot.config import Settings
from handlers.types import HandlerContext
from tests.conftest import LONDON
from tests.support.fake_telegram import FakeTelegram

AMY = 600200301  # amy.lowe, LSA, linked by the staff CSV's telegram_user_id
BETH = 600200303  # beth.moss, SENCO
STRANGER = 700000001


@pytest.fixture
def fake():
    with FakeTelegram() as server:
        yield server


@pytest.fixture
def settings(fake, engine_url) -> Settings:
    return Settings(
        _env_file=None,
        database_url=engine_url,
        telegram_bot_token=fake.token,
        telegram_api_url=fake.api_url,
    )


@pytest.fixture
def ctx(sample_school) -> HandlerContext:
    return HandlerContext(engine=sample_school, tz=LONDON)


@pytest.fixture
def bot(settings, ctx, fake):
    """The bot running in its background thread; stopped after the test."""
    from bot.telegram.runner import start_telegram

    service = start_telegram(settings, ctx)
    yield service
    service.stop()
