"""`/concern N ...` and the buttons on an alert: the DSL's side of one concern.

`/concern N` shows its life: raised (the words as typed, by whom, when), seen (by
whom, when), each action and decision with who, when, what and why, and the
outcome. `/concern N STEP WHAT [because WHY] [@ WHEN]` records a step (the steps
and how they may be typed are storage.vocabulary's CONCERN_STEPS and
CONCERN_STEP_PHRASES); a decision without its reason is refused. On an alert,
"Record action" offers the steps as buttons, and the next message is what was done.
Only the DSL and deputies (storage.concern_steps.may_record); refusals audited.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from handlers.conversation import forget, remember
from handlers.grammar.readers import read_when
from handlers.registry import action, answers, command
from handlers.request import Request
from handlers.safeguarding import ACT_ACTION
from handlers.types import Choice, Reply
from storage.concern_steps import (
    DECISIONS,
    StepRefused,
    may_record,
    outcome,
    record_step,
    steps_of,
)
from storage.concerns import Concern, concern
from storage.vocabulary import CONCERN_STEP_PHRASES, CONCERN_STEPS

STEP_ACTION = "concern_step"
USAGE = (
    "/concern N [STEP what, because why] · e.g. /concern 12 spoke to child: said he was "
    "pushed at home because to hear it in his words"
)
_PHRASES = [(re.compile(rf"(?:{p})\b[\s:,-]*", re.I), step) for p, step in CONCERN_STEP_PHRASES]
_BECAUSE = re.compile(r"(?:^|\s+)(?:because|reason:|why:)\s*", re.I)
_WHEN = re.compile(r"\s+@\s*(.+)$")


def _refuse(req: Request, what: str) -> Reply:
    req.audit("refused", record_type="safeguarding", detail=what[:40])
    return Reply(text="Only the DSL and deputies can see or record what was done about a concern.")


def _find(req: Request, raw: str) -> Concern | Reply:
    found = concern(req.session, req.school_id, int(raw)) if raw.isdigit() else None
    if found is None:
        return Reply(text=f"There is no concern {raw} in your school. {USAGE}")
    return found


def life(req: Request, item: Concern) -> str:
    """The concern from raised to outcome, in the order things happened."""
    tz = req.ctx.tz
    alert = item.alert
    assert alert.id is not None

    def at(moment: datetime) -> str:
        local = moment.astimezone(tz)
        return f"{local:%a} {local.day} {local:%b %H:%M}"

    lines = [
        f"Concern {alert.id} · {item.about}",
        f"Raised {at(alert.raised_at)} by {item.raised_by}: “{alert.words}”",
    ]
    if alert.acknowledged_at is not None:
        lines.append(f"Seen {at(alert.acknowledged_at)}")
    else:
        lines.append("Not yet marked seen")
    steps = steps_of(req.session, [alert.id]).get(alert.id, [])
    for s in steps:
        why = f" Reason: {s.row.reason}" if s.row.reason else ""
        lines.append(f"• {at(s.row.taken_at)} {s.label} ({s.by}): {s.row.detail or '—'}.{why}")
    done = outcome(steps)
    lines.append(f"Outcome: {done.row.detail}" if done else "Still open: no outcome recorded.")
    return "\n".join(lines)


def _read(req: Request, item: Concern, why: str) -> None:
    req.audit(
        "read",
        record_type="safeguarding",
        record_id=item.alert.id,
        pupil_id=item.alert.pupil_id,
        detail=why,
    )


def _step_buttons(alert_id: int) -> list[Choice]:
    return [
        Choice(label, f"{STEP_ACTION}:{alert_id}:{key}") for key, label in CONCERN_STEPS.items()
    ]


def parse_step(text: str, now: datetime, req: Request) -> tuple[str, str, str, datetime] | str:
    """(step, what, why, when) from 'spoke to child: ... because ... @ 10:30', or the problem."""
    rest = text.strip()
    for pattern, step in _PHRASES:
        m = pattern.match(rest)
        if m:
            return _what_why_when(step, rest[m.end() :], now, req)
    options = ", ".join(CONCERN_STEPS.values())
    return f"Start with what was done: {options}. {USAGE}"


def _what_why_when(
    step: str, text: str, now: datetime, req: Request
) -> tuple[str, str, str, datetime] | str:
    when = now
    m = _WHEN.search(text)
    if m:
        reading = read_when(m.group(1), now, req.ctx.timetable)
        if reading.problem or reading.value is None:
            return f"I couldn't read when: {reading.problem or m.group(1)}"
        when, text = reading.value, text[: m.start()]
    parts = _BECAUSE.split(text, maxsplit=1)
    what = parts[0].strip(" .:")
    why = parts[1].strip(" .") if len(parts) > 1 else ""
    return step, what, why, when


def _record(req: Request, item: Concern, step: str, what: str, why: str, when: datetime) -> Reply:
    try:
        record_step(
            req.session,
            item.alert,
            step=step,
            detail=what,
            reason=why,
            staff=req.staff,
            platform=req.inbound.platform,
            taken_at=when,
            now=req.ctx.now(),
        )
    except StepRefused as why_not:
        hint = " Add 'because ...'." if step in DECISIONS and not why else ""
        return Reply(text=f"Not recorded: {why_not}{hint}")
    return Reply(
        text="Recorded ✓ (kept with the concern, never changed: a correction is a later step)\n"
        + life(req, item),
        choices=[Choice("Record action", f"{ACT_ACTION}:{item.alert.id}")],
    )


@command(
    "concern",
    summary="One concern's actions, decisions and outcome; record a step (DSL only)",
    usage=USAGE,
    roles=frozenset({"dsl"}),
)
def concern_command(req: Request, args: str) -> Reply:
    number, _, rest = args.strip().partition(" ")
    if not may_record(req.staff):
        return _refuse(req, f"/concern {number}")
    item = _find(req, number)
    if isinstance(item, Reply):
        return item
    if not rest.strip():
        _read(req, item, "/concern")
        return Reply(
            text=life(req, item), choices=[Choice("Record action", f"{ACT_ACTION}:{item.alert.id}")]
        )
    parsed = parse_step(rest, req.now, req)
    if isinstance(parsed, str):
        return Reply(text=parsed)
    return _record(req, item, *parsed)


@action(ACT_ACTION)
def act_pressed(req: Request, argument: str) -> Reply:
    if not may_record(req.staff):
        return _refuse(req, f"Record action {argument[:20]}")
    item = _find(req, argument)
    if isinstance(item, Reply):
        return item
    assert item.alert.id is not None
    return Reply(
        text=f"What was done about concern {item.alert.id}?", choices=_step_buttons(item.alert.id)
    )


@action(STEP_ACTION)
def step_pressed(req: Request, argument: str) -> Reply:
    raw_id, _, step = argument.partition(":")
    if not may_record(req.staff):
        return _refuse(req, f"step {argument[:20]}")
    item = _find(req, raw_id)
    if isinstance(item, Reply):
        return item
    if step not in CONCERN_STEPS:
        return Reply(text="That button is out of date.")
    remember(req, {"awaiting": "concern_step", "alert_id": item.alert.id, "step": step})
    need = " and why (… because …)" if step in DECISIONS else ""
    return Reply(
        text=f"{CONCERN_STEPS[step]}: send what was done{need}. Add '@ 10:30' if it was "
        "earlier. It is kept with the concern only, never as a log. /cancel to stop."
    )


@answers("concern_step")
def step_answered(req: Request, state: dict[str, Any], text: str) -> Reply:
    """The words after a step button: always the step (never a log), or asked again."""
    item = _find(req, str(state.get("alert_id", "")))
    if isinstance(item, Reply) or not may_record(req.staff):
        forget(req)
        return item if isinstance(item, Reply) else _refuse(req, "step answer")
    parsed = _what_why_when(str(state["step"]), " " + text, req.now, req)
    if isinstance(parsed, str):
        return Reply(text=parsed + " Send it again, or /cancel.")
    reply = _record(req, item, *parsed)
    if reply.text.startswith("Recorded"):
        forget(req)
    else:
        reply.text += " Send it again, or /cancel."
    return reply
