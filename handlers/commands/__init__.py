"""Chat commands. Importing this package registers every command and button action."""

from handlers.commands import (  # noqa: F401  (importing a module registers its commands)
    chronology,
    concern,
    concerns,
    followup,
    help,
    log,
    mute,
    nudge,
    pupil,
    report,
    review,
    rpi,
    start,
    today,
    undo,
    web,
)
