"""Chat commands. Importing this package registers every command and button action."""

from handlers.commands import help, log, pupil, today, undo  # noqa: F401
