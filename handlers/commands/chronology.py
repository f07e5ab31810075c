"""`/chronology NAME`: a child's safeguarding chronology as a file, to the DSL or a deputy
only, in their private chat (handlers.reports.chronology builds, checks and audits it)."""

from __future__ import annotations

from handlers.lookup import one_pupil
from handlers.registry import action, command
from handlers.reports.chronology import chronology_file
from handlers.reports.permissions import NotAllowed
from handlers.request import Request
from handlers.types import Reply
from storage.models import Pupil

KEEP_SAFE = (
    "It is the child-protection file's chronology: keep it with the DSL's records and "
    "transfer it separately from the main pupil record."
)


def _file(req: Request, pupil_id: int) -> Reply:
    pupil = req.session.get(Pupil, pupil_id)
    if pupil is None or pupil.school_id != req.school_id:
        return Reply(text="I can't find that pupil.")
    try:
        file = chronology_file(
            req.session,
            pupil,
            staff=req.staff,
            platform=req.inbound.platform,
            tz=req.ctx.tz,
            now=req.now,
        )
    except NotAllowed:
        return Reply(text="The chronology is for the DSL and deputies only.")
    return Reply(
        text=f"Safeguarding chronology for {pupil.full_name}. {KEEP_SAFE}",
        attachments=[file],
        private=True,
    )


@command(
    "chronology",
    summary="A child's safeguarding chronology, as a file (DSL only)",
    usage="/chronology NAME",
    roles=frozenset({"dsl"}),
)
def chronology_command(req: Request, args: str) -> Reply:
    if not args.strip():
        return Reply(text="Whose? /chronology NAME")
    pupil = one_pupil(req, args, lambda p: f"chronology:{p.id}")
    return pupil if isinstance(pupil, Reply) else _file(req, pupil.id)


@action("chronology")
def chronology_pressed(req: Request, argument: str) -> Reply:
    """The button for one of several pupils a name could mean."""
    return (
        _file(req, int(argument)) if argument.isdigit() else Reply(text="I can't find that pupil.")
    )
