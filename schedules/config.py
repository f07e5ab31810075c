"""What the jobs need to know about the school, read once from Settings.

Jobs take a `ScheduleConfig` rather than `bot.config.Settings` so that
schedules/ never imports bot/ (the arrow points the other way) and tests can
build one directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from schedules.calendar import SchoolCalendar, load_calendar

JOB_NAMES = ("follow_ups", "review_reminders", "nudges", "digest")


def parse_hhmm(value: str, name: str = "time") -> time:
    try:
        hours, minutes = str(value).strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise ValueError(f"{name} must look like 15:45, not {value!r}") from None


def parse_years(value: str) -> tuple[int, ...]:
    return tuple(int(part) for part in str(value).replace(" ", "").split(",") if part)


@dataclass(frozen=True)
class ScheduleConfig:
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/London"))
    calendar: SchoolCalendar = field(default_factory=load_calendar)
    digest_time: time = time(15, 45)
    nudge_time: time = time(13, 30)
    review_reminder_time: time = time(8, 0)
    follow_up_time: time = time(8, 0)
    extra_recipients: tuple[str, ...] = ()
    la_report_days: int = 14
    phase_transfer_years: tuple[int, ...] = (6, 11)
    charts: bool = True

    @classmethod
    def from_settings(cls, settings) -> ScheduleConfig:
        return cls(
            tz=ZoneInfo(settings.school_timezone),
            calendar=load_calendar(settings.school_calendar_file),
            digest_time=parse_hhmm(settings.digest_time, "DIGEST_TIME"),
            nudge_time=parse_hhmm(settings.nudge_time, "NUDGE_TIME"),
            review_reminder_time=parse_hhmm(settings.review_reminder_time, "REVIEW_REMINDER_TIME"),
            follow_up_time=parse_hhmm(settings.follow_up_time, "FOLLOW_UP_TIME"),
            extra_recipients=tuple(
                e.strip().lower() for e in settings.digest_extra_recipients.split(",") if e.strip()
            ),
            la_report_days=settings.la_report_days,
            phase_transfer_years=parse_years(settings.phase_transfer_years),
        )

    def start_of(self, day: date) -> datetime:
        """The instant a school-local day begins."""
        return datetime.combine(day, time.min, tzinfo=self.tz)

    def job_time(self, job: str) -> time:
        return {
            "follow_ups": self.follow_up_time,
            "review_reminders": self.review_reminder_time,
            "nudges": self.nudge_time,
            "digest": self.digest_time,
        }[job]
