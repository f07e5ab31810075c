"""Settings from the environment and `.env` (pydantic-settings).

Every setting is listed, with a comment, in `.env.example`. Secrets are read
from the environment only and never logged: `Settings.__repr__` hides them.
"""

from __future__ import annotations

from functools import cached_property
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = "sqlite:///keyworker.db"
    school_timezone: str = "Europe/London"
    log_level: str = "INFO"
    undo_window_minutes: int = Field(default=15, ge=1)
    # "keep" (never delete) or years, e.g. "25y": see storage/retention.py.
    retention_policy: str = "keep"

    # Slack
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    port: int = 3000

    # Telegram
    telegram_bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_webhook_listen: str = "0.0.0.0"
    telegram_webhook_port: int = 8443  # not PORT: Slack's HTTP mode may hold that one

    # Schedules (issue 5): school-local HH:MM times; jobs run on school days only.
    digest_time: str = "15:45"
    nudge_time: str = "13:30"
    review_reminder_time: str = "08:00"
    follow_up_time: str = "08:00"
    digest_extra_recipients: str = ""  # comma-separated staff emails (head, DSL)
    school_calendar_file: str | None = None  # None = schedules/calendar.example.toml
    la_report_days: int = Field(default=14, ge=1)
    phase_transfer_years: str = "6,11"
    scheduler_enabled: bool = True
    # The school day's timetable for "p3", "after break", "this morning" in a
    # log: primary (default), secondary, or the path to a TOML file.
    school_timetable: str = "primary"

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.school_timezone)

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token and self.slack_bot_token.get_secret_value())

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_bot_token and self.telegram_bot_token.get_secret_value())


def load_settings(**overrides) -> Settings:
    return Settings(**overrides)
