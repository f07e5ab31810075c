"""Chat commands. Importing this package registers every command and button action."""

from handlers.commands import concerns, help, log, pupil, today, undo  # noqa: F401
