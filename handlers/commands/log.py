"""`/log`: understand a message, ask for what is missing, store it, confirm it.

When the grammar cannot tell which pupil, provision or kind was meant, or a
duration or a group fails its sense check, the bot asks one short question
(buttons where the platform has them, numbered options in the console) and
the answer completes the same record; nothing is stored until then. A
message about a pupil that fits no kind is asked about with "a worry about
this child" first.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from rapidfuzz import fuzz, process

from handlers.confirm import confirm
from handlers.conversation import forget, pending, remember, with_dropped
from handlers.forms import form_request_for
from handlers.grammar.parser import parse_message
from handlers.grammar.result import Kind, ParseOverrides, ParseResult
from handlers.preparse import take
from handlers.registry import ANYTHING, action, answers, command
from handlers.request import Request
from handlers.safeguarding import also_routed
from handlers.types import Choice, Reply, picked_number
from handlers.wording import LOG_EXAMPLE, NOTHING_TO_LOG, number_for_earlier
from storage.vocabulary import KIND_LABELS, LOGGED_KINDS, RecordKind

EXAMPLE = LOG_EXAMPLE
# A worry first: when it is unclear what a message is, over-routing is the safe direction.
KIND_CHOICES = [
    (RecordKind.safeguarding, "A worry about this child"),
    *((kind, KIND_LABELS[kind]) for kind in LOGGED_KINDS),
]


@command(
    "log",
    summary="Log a session, behaviour incident or parent contact",
    usage=f"/log {EXAMPLE}",
    bare=ANYTHING,
    opens_form=lambda args: not args,
)
def log_command(req: Request, args: str) -> Reply:
    waiting = pending(req)
    forget(req)
    if not args.strip():
        return with_dropped(
            waiting,
            Reply(
                text=f"What would you like to log? For example: /log {EXAMPLE}",
                form=form_request_for(req, None),
            ),
        )
    return with_dropped(waiting, log_text(req, args, ParseOverrides(), req.now))


def log_text(
    req: Request, text: str, overrides: ParseOverrides, sent_at: datetime, *, routed: bool = False
) -> Reply:
    """`routed`: a concern in `text` was already raised while a question waited."""
    roster = req.roster
    result = take(req.session, text, sent_at, roster, overrides) or parse_message(
        text, roster=roster, now=sent_at, overrides=overrides, timetable=req.ctx.timetable
    )
    if result.kind == "safeguarding":
        # A possible concern reaches the DSL at once, pupil named or not; asking
        # questions first would delay it and park the words outside the alert.
        forget(req)
        return confirm(req, result)
    if _nothing_to_log(result, overrides):
        forget(req)
        return Reply(text=NOTHING_TO_LOG)
    note = ""
    if result.concern and not result.ok and not routed:
        # A concern inside a record that can't be stored yet goes now, not
        # when (or if) the question is answered.
        note = also_routed(req, result.pupils, result.text) + "\n\n"
        routed = True
    question = _question_for(req, result, overrides, sent_at, routed=routed)
    if question is not None:
        question.text = note + question.text
        return question
    if not result.ok:
        return Reply(text=note + _problems_text(result))
    forget(req)
    return confirm(req, result, routed=routed)


def _nothing_to_log(result: ParseResult, overrides: ParseOverrides) -> bool:
    """No pupil, no name that might be one and no kind of log: one kind reply saying what a
    log looks like does more than two questions about words that were never a log."""
    return (
        result.kind is None
        and overrides.kind is None
        and not overrides.pupil_ids
        and not result.pupils
        and not result.candidates
        and not result.concern
        and "unknown_pupil" not in result.needs
    )


def _problems_text(result: ParseResult) -> str:
    lines = "\n".join(f"• {p}" for p in result.problems)
    return f"I couldn't log that yet:\n{lines}\nNothing was stored. Try again, e.g. /log {EXAMPLE}"


# What the bot can ask about; any other need (no text, a future time, an
# impossible duration) is for the sender to fix, so it gets the problems instead.
ASKABLE_NEEDS = frozenset(
    {"pupil", "which_pupil", "unknown_pupil", "provision", "kind", "duration", "group"}
)


def _question_for(
    req: Request,
    result: ParseResult,
    overrides: ParseOverrides,
    sent_at: datetime,
    *,
    routed: bool = False,
) -> Reply | None:
    """One short question for the first thing missing, or None when it can't be asked."""
    needs = set(result.needs)
    if not needs or not needs <= ASKABLE_NEEDS:
        return None
    options: list[tuple[str, str]] = []
    follow = ""
    if result.candidates:
        awaiting = "pupil"
        people = next(iter(result.candidates.values()))
        same = len({p.display_name for p in people}) < len(people)
        options = [
            (f"pupil:{p.id}", f"{p.display_name} ({p.upn[-4:]})" if same else p.display_name)
            for p in people
        ]
    elif needs & {"pupil", "unknown_pupil"}:
        awaiting = "pupil"
        follow = "Reply with the pupil's name (or /cancel)."
        if "pupil" in needs and "unknown_pupil" not in needs:
            follow = "Reply with their name (or /cancel)."
    elif "kind" in needs:
        awaiting = "kind"
        options = [(f"kind:{k}", label) for k, label in KIND_CHOICES]
    elif "group" in needs:
        awaiting = "group"
        keep = [p for p in result.pupils if p not in result.without_provision]
        names = " and ".join(p.display_name for p in keep)
        options = [(f"pupils:{','.join(str(p.id) for p in keep)}", f"Log it for {names} only")]
        follow = "Or /cancel and send it again with the right names."
    elif "duration" in needs:
        awaiting = "duration"
        if result.usual_minutes:
            options = [
                (
                    f"duration:{result.usual_minutes}",
                    f"{result.usual_minutes} min (the plan's session)",
                )
            ]
        follow = "Or reply with the minutes it lasted (or /cancel)."
    else:
        awaiting = "provision"
        seen: set[str] = set()
        for provision in result.provision_options or [
            p for pupil in result.pupils for p in pupil.provisions
        ]:
            if provision.name.casefold() not in seen:
                seen.add(provision.name.casefold())
                options.append((f"provision:{provision.id}", provision.name))
        if not options:
            return None
    numbered = "\n".join(f"{i}. {label}" for i, (_, label) in enumerate(options, 1))
    text = "\n".join(part for part in ("\n".join(result.problems), follow, numbered) if part)
    remember(
        req,
        {
            "text": result.text,
            "sent_at": sent_at.isoformat(),
            "overrides": _dump_overrides(overrides),
            "awaiting": awaiting,
            "options": options,
            "routed": routed,
            "question": text,
        },
    )
    suggested = [p.id for group in result.candidates.values() for p in group]
    return Reply(
        text=text,
        choices=[Choice(label, f"pick:{value}") for value, label in options],
        form=form_request_for(req, result, suggested=suggested),
    )


def _dump_overrides(o: ParseOverrides) -> dict[str, Any]:
    return {
        "kind": o.kind,
        "pupil_ids": o.pupil_ids,
        "provision_id": o.provision_id,
        "duration_minutes": o.duration_minutes,
    }


def _load_overrides(data: dict[str, Any]) -> ParseOverrides:
    return ParseOverrides(
        **{k: data.get(k) for k in ("kind", "pupil_ids", "provision_id", "duration_minutes")}
    )


def _apply(overrides: ParseOverrides, picked: str) -> None:
    """Set the answer (one of the options offered) on the overrides."""
    what, _, value = picked.partition(":")
    if what == "pupil" and value.isdigit():
        overrides.pupil_ids = [int(value)]
    elif what == "provision" and value.isdigit():
        overrides.provision_id = int(value)
    elif what == "kind" and value in dict(KIND_CHOICES):
        overrides.kind = cast(Kind, value)  # one of KIND_CHOICES' kinds, checked just above
    elif what == "pupils" and value:
        overrides.pupil_ids = [int(v) for v in value.split(",") if v.isdigit()]
    elif what == "duration" and value.isdigit():
        overrides.duration_minutes = int(value)


@action("pick")
def pick_action(req: Request, picked: str) -> Reply:
    state = pending(req)
    if not state or picked not in {value for value, _ in state.get("options", [])}:
        return Reply(text="That question has expired. Please send the log again.")
    return _resume(req, state, picked)


def _resume(req: Request, state: dict[str, Any], picked: str) -> Reply:
    overrides = _load_overrides(state.get("overrides") or {})
    _apply(overrides, picked)
    sent_at = datetime.fromisoformat(state["sent_at"])
    return log_text(req, state["text"], overrides, sent_at, routed=bool(state.get("routed")))


def _ask_again(req: Request, state: dict[str, Any], options: list[tuple[str, str]]) -> Reply:
    remember(req, state)  # the question is the last thing said again
    return Reply(
        text=number_for_earlier(str(state.get("question") or "")),
        choices=[Choice(label, f"pick:{value}") for value, label in options],
    )


@answers("pupil", "kind", "provision", "group", "duration")
def answer_pending(req: Request, state: dict[str, Any], answer: str) -> Reply | None:
    """Complete the waiting record from a typed answer; None when it isn't an answer."""
    options: list[tuple[str, str]] = [tuple(o) for o in state.get("options", [])]
    answer = answer.strip()
    number = picked_number(answer, len(options))
    if number is not None and state.get("set_aside"):
        # Other replies (with their own numbers) came after the question: ask it again
        # rather than guess which list the number was read from.
        return _ask_again(req, state, options)
    if number is not None:
        return _resume(req, state, options[number][0])
    awaiting = state.get("awaiting")
    if awaiting == "duration":
        minutes = answer.lower().removesuffix("mins").removesuffix("min").strip()
        if minutes.isascii() and minutes.isdigit():
            return _resume(req, state, f"duration:{int(minutes)}")
        return None
    if awaiting == "pupil":
        sent_at = datetime.fromisoformat(state["sent_at"])
        named = parse_message(answer, roster=req.roster, now=sent_at, timetable=req.ctx.timetable)
        if named.notes.strip() or named.provision or named.duration_minutes:
            return None  # more than a name: a new log, not an answer
        if named.pupils and not named.candidates:
            overrides = _load_overrides(state.get("overrides") or {})
            overrides.pupil_ids = [p.id for p in named.pupils]
            return log_text(
                req, state["text"], overrides, sent_at, routed=bool(state.get("routed"))
            )
        if named.candidates:
            # Still ambiguous: ask again with the narrower list, keeping the original message.
            named.text = state["text"]
            return _question_for(
                req,
                named,
                _load_overrides(state.get("overrides") or {}),
                sent_at,
                routed=bool(state.get("routed")),
            )
        return None
    if options:
        labels = {label: value for value, label in options}
        best = process.extractOne(answer, list(labels), scorer=fuzz.WRatio, score_cutoff=75)
        if best is not None:
            return _resume(req, state, labels[best[0]])
    return None
