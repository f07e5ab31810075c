"""What the jobs need to know about the school, read once from Settings.

Jobs take a `ScheduleConfig` rather than `bot.config.Settings` so that
schedules/ never imports bot/ (the arrow points the other way) and tests can
build one directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from schedules.calendar import SchoolCalendar, load_calendar

JOB_NAMES = ("follow_ups", "review_reminders", "nudges", "rpi_nudges", "digest")


def parse_hhmm(value: str, name: str = "time") -> time:
    try:
        hours, minutes = str(value).strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise ValueError(f"{name} must look like 15:45, not {value!r}") from None


def parse_hours(value: str, name: str = "SCHOOL_HOURS") -> tuple[time, time]:
    """'08:00-16:30' -> (08:00, 16:30)."""
    start, sep, end = str(value).partition("-")
    hours = (parse_hhmm(start, name), parse_hhmm(end, name)) if sep else None
    if hours is None or hours[0] >= hours[1]:
        raise ValueError(f"{name} must look like 08:00-16:30, not {value!r}")
    return hours


def parse_years(value: str) -> tuple[int, ...]:
    return tuple(int(part) for part in str(value).replace(" ", "").split(",") if part)


@dataclass(frozen=True)
class ScheduleConfig:
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/London"))
    calendar: SchoolCalendar = field(default_factory=load_calendar)
    digest_time: time = time(15, 45)
    nudge_time: time = time(13, 30)
    # Before the end of the school day, so an RPI record is completed the same day.
    rpi_nudge_time: time = time(14, 45)
    review_reminder_time: time = time(8, 0)
    follow_up_time: time = time(8, 0)
    extra_recipients: tuple[str, ...] = ()
    la_report_days: int = 14
    phase_transfer_years: tuple[int, ...] = (6, 11)
    charts: bool = True
    # Safeguarding alerts (schedules.alerts): where messages can be delivered (None: any
    # linked account counts), how long a lead has to press Seen, and the school hours
    # in which an unacknowledged alert goes on to the next lead.
    platforms: frozenset[str] | None = None
    ack_after: timedelta = timedelta(minutes=15)
    school_hours: tuple[time, time] = (time(8, 0), time(16, 30))

    @classmethod
    def from_settings(cls, settings) -> ScheduleConfig:
        return cls(
            tz=ZoneInfo(settings.school_timezone),
            calendar=load_calendar(settings.school_calendar_file),
            digest_time=parse_hhmm(settings.digest_time, "DIGEST_TIME"),
            nudge_time=parse_hhmm(settings.nudge_time, "NUDGE_TIME"),
            rpi_nudge_time=parse_hhmm(settings.rpi_nudge_time, "RPI_NUDGE_TIME"),
            review_reminder_time=parse_hhmm(settings.review_reminder_time, "REVIEW_REMINDER_TIME"),
            follow_up_time=parse_hhmm(settings.follow_up_time, "FOLLOW_UP_TIME"),
            extra_recipients=tuple(
                e.strip().lower() for e in settings.digest_extra_recipients.split(",") if e.strip()
            ),
            la_report_days=settings.la_report_days,
            phase_transfer_years=parse_years(settings.phase_transfer_years),
            platforms=settings.delivery_platforms,
            ack_after=timedelta(minutes=settings.safeguarding_ack_minutes),
            school_hours=parse_hours(settings.school_hours),
        )

    def in_school_hours(self, now: datetime) -> bool:
        """A school day, between the start and end of SCHOOL_HOURS (school-local)."""
        local = now.astimezone(self.tz)
        start, end = self.school_hours
        return self.calendar.is_school_day(local.date()) and start <= local.time() < end

    def start_of(self, day: date) -> datetime:
        """The instant a school-local day begins."""
        return datetime.combine(day, time.min, tzinfo=self.tz)

    def job_time(self, job: str) -> time:
        return {
            "follow_ups": self.follow_up_time,
            "review_reminders": self.review_reminder_time,
            "nudges": self.nudge_time,
            "rpi_nudges": self.rpi_nudge_time,
            "digest": self.digest_time,
        }[job]
