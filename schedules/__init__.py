"""Scheduled jobs (digest, nudges, reminders), the school calendar and the outbox."""
