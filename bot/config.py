"""Settings from the environment and `.env` (pydantic-settings).

Every setting is listed, with a comment, in `.env.example`. Secrets are read
from the environment only and never logged: `Settings.__repr__` hides them.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
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
    # The one HTTP front (Slack's HTTP mode, Telegram's webhook, Teams, the web pages).
    port: int = 3000
    http_listen: str = "0.0.0.0"
    # Where Keyworker keeps files of its own: the intake's spool (deliveries held
    # while the database is unreachable) in DATA_DIR/spool.
    data_dir: str = "."

    # Telegram
    telegram_bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None

    # Microsoft Teams (bot/teams/). Our own names: the Teams SDK's CLIENT_ID,
    # CLIENT_SECRET, TENANT_ID and PORT are never read (bot/teams/__init__.py).
    teams_app_id: str | None = None  # the bot's Microsoft App ID (Entra app registration)
    teams_app_password: SecretStr | None = None  # its client secret, or use a certificate:
    teams_app_certificate_file: str | None = None  # PEM: private key + certificate
    teams_tenant_id: str | None = None  # the school's Entra tenant: no other is served
    teams_bot_domain: str | None = None  # public host of /api/messages (the app package)
    # Where the Bot Framework's signing keys are published (its keys URL is derived
    # from it). Leave unset for Microsoft's public cloud; tests point it at loopback.
    teams_openid_metadata_url: str | None = None

    # Schedules (issue 5): school-local HH:MM times; jobs run on school days only.
    digest_time: str = "15:45"
    nudge_time: str = "13:30"
    rpi_nudge_time: str = "14:45"
    review_reminder_time: str = "08:00"
    follow_up_time: str = "08:00"
    digest_extra_recipients: str = ""  # comma-separated staff emails (head, DSL)
    school_calendar_file: str | None = None  # None = schedules/calendar.example.toml
    la_report_days: int = Field(default=14, ge=1)
    phase_transfer_years: str = "6,11"
    scheduler_enabled: bool = True
    # Safeguarding alerts: minutes a lead has to press "Seen" during school hours before
    # the alert goes to the next in the chain; school hours as HH:MM-HH:MM, school-local.
    safeguarding_ack_minutes: int = Field(default=15, ge=1)
    school_hours: str = "08:00-16:30"

    # Web pages for SENCOs and admins (issue 17), mounted at /web.
    web_enabled: bool = True
    web_base_url: str = "http://127.0.0.1:8080"  # the public address used in sign-in links
    web_idle_minutes: int = Field(default=30, ge=1)
    web_session_hours: int = Field(default=12, ge=1)  # signed out after this, however busy
    # The school day's timetable for "p3", "after break", "this morning" in a
    # log: primary (default), secondary, or the path to a TOML file.
    school_timetable: str = "primary"

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.school_timezone)

    @property
    def spool_dir(self) -> Path:
        return Path(self.data_dir) / "spool"

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token and self.slack_bot_token.get_secret_value())

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_bot_token and self.telegram_bot_token.get_secret_value())

    @property
    def teams_enabled(self) -> bool:
        """An app id, the school's tenant, and a secret or a certificate to sign in with."""
        secret = bool(self.teams_app_password and self.teams_app_password.get_secret_value())
        return bool(
            self.teams_app_id
            and self.teams_tenant_id
            and (secret or self.teams_app_certificate_file)
        )

    @property
    def delivery_platforms(self) -> frozenset[str]:
        """Where a message can reach someone: the platforms with a token configured."""
        return frozenset(
            name
            for name, on in (
                ("slack", self.slack_enabled),
                ("telegram", self.telegram_enabled),
                ("teams", self.teams_enabled),
            )
            if on
        )


def load_settings(**overrides) -> Settings:
    return Settings(**overrides)
