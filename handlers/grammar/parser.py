"""The /log grammar's entry point: `parse_message()` orchestrates the rules.

Order matters, because each rule claims the words it understood and the later
rules (and the notes) only see what is left:

kind word -> dates/times -> follow-up -> pupils -> provision -> duration ->
missed? -> bare minutes -> safeguarding/kind -> choose when it happened ->
contact / incident fields -> problems -> notes.

`parse_message()` never raises: any input gives a `ParseResult`, with
`problems` worded for the sender when it is not ok.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from handlers.grammar import dates as dates_mod
from handlers.grammar.contact import read_contact
from handlers.grammar.dates import NOON, Mention, find_mentions
from handlers.grammar.durations import MAX_MINUTES, find_bare_minutes, find_duration
from handlers.grammar.followups import find_follow_up
from handlers.grammar.incident import is_physical_intervention, read_incident
from handlers.grammar.kinds import (
    BEHAVIOUR,
    STRONG_BEHAVIOUR,
    contact_led,
    infer_kind,
    safeguarding_flags,
    take_kind_word,
)
from handlers.grammar.normalise import Message, clean
from handlers.grammar.provisions import ProvisionMatch, match_provision
from handlers.grammar.pupils import RosterIndex, index_for, resolve_pupils, unknown_names
from handlers.grammar.result import ParseOverrides, ParseResult
from handlers.grammar.roster import Roster, RosterProvision, RosterPupil
from handlers.grammar.status import claim_status, find_status
from handlers.wording import MAX_MESSAGE_CHARS, too_long

log = logging.getLogger(__name__)

# What a bare number may follow to be minutes ("Kai zones 15", "session 15").
_BARE_MINUTES_AFTER = frozenset({"provision", "pupil", "kind", "when"})

EMPTY = "Type what happened, e.g. 'Sam B phonics 20 mins good focus'."
WHICH_PUPIL = "Which pupil was this for?"
UNKNOWN_PUPIL = (
    "I couldn't find a pupil called '{name}' — check the spelling or use their full name."
)
AMBIGUOUS_PUPIL = (
    "'{typed}' could be {options} — which one? Add the surname or its first letter, e.g. '{hint}'."
)
WHICH_KIND = (
    "I couldn't tell what kind of log this is — start with 'session', 'behaviour' or 'parent', "
    "e.g. 'session Sam B phonics 20 mins'."
)
WHICH_PROVISION = "Which provision was this session? {who}'s plan has: {options}."
NOT_ON_PLAN = "'{typed}' isn't on {who}'s plan — which provision was it? Their plan has: {options}."
NO_PROVISIONS = (
    "{who} has no provisions on their plan, so I can't log a session — check with the SENCO."
)
AMBIGUOUS_PROVISION = "'{typed}' could be {options} — which provision?"
FUTURE = "That's in the future — logs are for things that have happened. Check the date/time."
TOO_LONG_DURATION = "{minutes} minutes is longer than a school day — check the duration."
UNKNOWN_ID = "I couldn't find that pupil (id {id}) on the roster any more."
CRASH = "Sorry — I couldn't read that message. Try again, e.g. 'Sam B phonics 20 mins good focus'."


# Shared by every call without overrides: `_parse` only reads it.
_NO_OVERRIDES = ParseOverrides()


def warm_up(roster: Roster | None = None) -> None:
    """Load dateparser's data (and index `roster`) at start-up, not on the
    first message. Safe to call more than once."""
    dates_mod.warm_up()
    if roster is not None:
        index_for(roster)


def parse_message(
    text: str,
    *,
    roster: Roster,
    now: datetime,
    overrides: ParseOverrides | None = None,
) -> ParseResult:
    """Understand one /log message. Never raises."""
    try:
        return _parse(text, roster, now, overrides or _NO_OVERRIDES)
    except Exception:  # a bug must cost one message a retry, never the bot
        log.exception("parse_message failed")
        safe = text if isinstance(text, str) else ""
        return ParseResult(text=safe, problems=[CRASH], needs=["text"])


def _join(names: list[str], last: str = "or") -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {last} " + names[-1]


def _who(pupils: list[RosterPupil]) -> str:
    return _join([p.display_name for p in pupils], "and")


def _plan_options(pupils: list[RosterPupil], idx: RosterIndex) -> list[RosterProvision]:
    """The pupils' provisions, one per name. Kept per group of pupils in the
    roster index (the same pupils come up message after message); callers
    copy it before changing it."""
    # By identity: the pupils are the roster's own objects, which the roster
    # (and so its index) keeps alive.
    key = tuple(map(id, pupils))
    cache = idx.options_cache
    own = cache.get(key)
    if own is None:
        seen: dict[str, RosterProvision] = {}
        for p in pupils:
            for prov in p.provisions:
                seen.setdefault(prov.name.casefold(), prov)
        if len(cache) > 5_000:  # groups are combinations: keep them bounded
            cache.clear()
        own = cache[key] = list(seen.values())
    return own


def _could_be_session(msg: Message, explicit: str | None) -> bool:
    """Worth looking for another pupil's provision? Only if the kind could still
    come out as a session (see kinds.infer_kind): saves scoring every
    provision on the roster for each behaviour or contact message."""
    if explicit is not None:
        return explicit == "session"
    return not (contact_led(msg) or msg.search(BEHAVIOUR) or msg.search(STRONG_BEHAVIOUR))


def _parse(text: str, roster: Roster, now: datetime, ov: ParseOverrides) -> ParseResult:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    # Cap the cost before doing anything per character.
    if len(text) > MAX_MESSAGE_CHARS * 4:
        return ParseResult(
            text=text,
            occurred_at=now,
            problems=[too_long(len(text))],
            needs=["text"],
        )
    cleaned = clean(text)
    if not cleaned:
        return ParseResult(text=text, occurred_at=now, problems=[EMPTY], needs=["text"])
    if len(cleaned) > MAX_MESSAGE_CHARS:
        return ParseResult(
            text=text,
            occurred_at=now,
            problems=[too_long(len(cleaned))],
            needs=["text"],
        )

    res = ParseResult(text=text)
    msg = Message(cleaned)
    idx = index_for(roster)

    explicit = take_kind_word(msg)
    mentions = find_mentions(msg, now)
    for men in mentions:
        msg.claim(men.start, men.end, "when", remove=False)
    follow = find_follow_up(msg, mentions)
    res.follow_up_requested = follow.requested
    res.follow_up_on = follow.on
    if follow.mention is not None:
        msg.claim(follow.mention.start, follow.mention.end, "when")

    # Pupils: resolved even with an override, so the names leave the notes.
    found = resolve_pupils(msg, idx)
    if ov.pupil_ids is not None:
        pupils = []
        for pid in ov.pupil_ids:
            p = roster.pupil(pid)
            if p is None:
                res.problems.append(UNKNOWN_ID.format(id=pid))
                res.needs.append("pupil")
            elif p not in pupils:
                pupils.append(p)
        res.pupils = pupils
    else:
        res.pupils = list(found.pupils)
        res.candidates = dict(found.candidates)

    # Provision: among the pupils' plans first, then anyone's (to say "not on plan").
    plan_pupils = res.pupils or [p for group in res.candidates.values() for p in group]
    own = _plan_options(plan_pupils, idx)
    pmatch: ProvisionMatch | None = match_provision(msg, idx, own) if own else None
    foreign: ProvisionMatch | None = None
    if pmatch is None and _could_be_session(msg, explicit or ov.kind):
        everyone = list(idx.all_provisions)
        foreign = match_provision(msg, idx, everyone) if everyone else None
    provision_words = pmatch or foreign
    # After the provision, so "5 minute box" is a provision, not 5 minutes.
    duration = find_duration(msg)

    status = find_status(msg)
    ranges = [m for m in mentions if m.end_clock is not None and not m.content]

    # A bare "15" is minutes only in a session.
    session_likely = (
        explicit == "session"
        or ov.kind == "session"
        or (explicit is None and ov.kind is None and provision_words is not None)
    )
    if duration is None and session_likely:
        duration = find_bare_minutes(msg, _BARE_MINUTES_AFTER)

    if ov.pupil_ids is None:
        found.unknown = unknown_names(msg, idx, found)
    flags = safeguarding_flags(msg, lambda: is_physical_intervention(msg))
    kind = infer_kind(
        msg,
        explicit=ov.kind or explicit,
        safeguarding=bool(flags),
        provision_found=pmatch is not None,
        other_provision=foreign is not None,
        session_signal=duration is not None or status.missed or bool(ranges),
    )
    res.kind = kind
    res.explicit_kind = explicit
    res.safeguarding_flags = flags

    choose_when(res, msg, mentions, follow.mention, now, kind)

    # Kind-specific fields.
    if kind == "session":
        claim_status(msg, status)
        res.status = "missed" if status.missed else "delivered"
        res.missed_reason = status.reason if status.missed else None
        minutes = duration.minutes if duration else None
        if minutes is None and ranges:
            start = datetime.combine(now.date(), ranges[0].clock)
            end = datetime.combine(now.date(), ranges[0].end_clock)
            if end > start:
                minutes = int((end - start).total_seconds() // 60)
        res.duration_minutes = minutes
        _session_provision(res, msg, idx, roster, ov, pmatch, foreign, own)
    else:
        if provision_words is not None:
            # "hit a peer in zones": the provision is part of the story here.
            msg.unremove(
                msg.tokens[provision_words.first].start, msg.tokens[provision_words.last].end
            )
        if kind in ("behaviour", "safeguarding"):
            inc = read_incident(msg)
            res.physical_intervention = inc.physical_intervention
            res.place = inc.place
            if inc.physical_intervention:
                res.hold_type = inc.hold_type
                res.staff_involved = inc.staff_involved
                res.injuries = inc.injuries
                if duration is not None:
                    res.hold_minutes = duration.minutes
                    duration = None
            elif inc.injuries:
                res.injuries = inc.injuries
        if kind == "parent_contact":
            contact = read_contact(msg)
            res.contact_method = contact.method
            res.contact_with = contact.with_
            res.contact_direction = contact.direction  # type: ignore[assignment]
        if duration is not None:
            msg.unremove(duration.start, duration.end)  # "calm in 5 mins" is the story
    if ov.duration_minutes is not None:
        res.duration_minutes = ov.duration_minutes
    if res.duration_minutes is not None and res.duration_minutes > MAX_MINUTES:
        res.problems.append(TOO_LONG_DURATION.format(minutes=res.duration_minutes))
        res.needs.append("duration")

    _pupil_problems(res, found, ov)
    if kind is None:
        res.problems.append(WHICH_KIND)
        res.needs.append("kind")
    res.notes = msg.remainder()
    # Pupil questions first, then kind, provision and date, as the bot asks them.
    return res


def choose_when(
    res: ParseResult,
    msg: Message,
    mentions: list[Mention],
    follow_mention: Mention | None,
    now: datetime,
    kind: str | None,
) -> None:
    """Choose the date/time the log happened at and check it is not in the future."""
    if not mentions:
        res.occurred_at = now  # the usual case: no date or time given
        return
    lenient = kind in ("parent_contact", "safeguarding")
    # The first usable mention with a day, with a clock time, with a part of
    # the day (one pass; often the same mention).
    day_m = time_m = part_m = None
    for m in mentions:
        if m is follow_mention or m.content:
            continue
        if m.forward and lenient:
            continue  # "mum says he's off tomorrow": what was said, not when
        if day_m is None and m.has_date:
            day_m = m
        if time_m is None and m.clock is not None:
            time_m = m
        if part_m is None and m.part is not None:
            part_m = m
    # Often one mention plays two or three parts: claimed once.
    if day_m is not None:
        msg.claim(day_m.start, day_m.end, "when")
    if time_m is not None and time_m is not day_m:
        msg.claim(time_m.start, time_m.end, "when")
    if part_m is not None and part_m is not day_m and part_m is not time_m:
        msg.claim(part_m.start, part_m.end, "when")

    tz = now.tzinfo
    today = now.date()
    if time_m is not None and time_m.moment is not None and (day_m is None or day_m is time_m):
        occurred = time_m.moment.replace(tzinfo=tz)
        res.occurred_at, res.time_given = occurred, True
    else:
        if day_m is not None and day_m.problem:
            res.problems.append(day_m.problem)
            res.needs.append("when")
        day = day_m.past if day_m is not None and day_m.past is not None else today
        if time_m is not None:
            occurred = datetime.combine(day, time_m.clock, tzinfo=tz)
            res.time_given = True
        elif part_m is not None:
            occurred = datetime.combine(day, part_m.part, tzinfo=tz)
            if day == today and occurred > now:
                occurred = now  # "this afternoon" logged at 13:00
        elif day == today:
            occurred = now
        else:
            occurred = datetime.combine(day, NOON, tzinfo=tz)
        res.occurred_at = occurred
    if res.occurred_at is not None and res.occurred_at > now + timedelta(seconds=59):
        res.problems.append(FUTURE)
        res.needs.append("when")


def _session_provision(
    res: ParseResult,
    msg: Message,
    idx,
    roster: Roster,
    ov: ParseOverrides,
    pmatch: ProvisionMatch | None,
    foreign: ProvisionMatch | None,
    own: list[RosterProvision],
) -> None:
    if ov.provision_id is not None:
        everything = own + [prov for p in roster.pupils for prov in p.provisions]
        res.provision = next((prov for prov in everything if prov.id == ov.provision_id), None)
        if res.provision is not None:
            return
    if not res.pupils:
        return  # the pupil question comes first; provisions depend on it
    if pmatch is not None and pmatch.provision is not None:
        res.provision = pmatch.provision
        return
    who = _who(res.pupils)
    res.needs.append("provision")
    res.provision_options = list(own)
    if pmatch is not None and pmatch.ambiguous:
        typed = msg.text[msg.tokens[pmatch.first].start : msg.tokens[pmatch.last].end]
        res.provision_options = list(pmatch.ambiguous)
        res.problems.append(
            AMBIGUOUS_PROVISION.format(
                typed=typed, options=_join([p.name for p in pmatch.ambiguous])
            )
        )
    elif not own:
        res.problems.append(NO_PROVISIONS.format(who=who))
    elif foreign is not None:
        typed = msg.text[msg.tokens[foreign.first].start : msg.tokens[foreign.last].end]
        res.problems.append(
            NOT_ON_PLAN.format(typed=typed, who=who, options=", ".join(p.name for p in own))
        )
    else:
        res.problems.append(WHICH_PROVISION.format(who=who, options=", ".join(p.name for p in own)))


def _pupil_problems(res: ParseResult, found, ov: ParseOverrides) -> None:
    if ov.pupil_ids is not None:
        return
    problems: list[str] = []
    for typed, options in res.candidates.items():
        first = typed.split()[0]
        hint_pupil = options[0]
        initials = {p.last_name[:1].upper() for p in options}
        if hint_pupil.last_name and len(initials) == len(options):
            hint = f"{first} {hint_pupil.last_name[:1].upper()}"
        else:
            hint = hint_pupil.full_name
        problems.append(
            AMBIGUOUS_PUPIL.format(
                typed=typed, options=_join([p.full_name for p in options]), hint=hint
            )
        )
        res.needs.append("which_pupil")
    for name in found.unknown:
        problems.append(UNKNOWN_PUPIL.format(name=name))
        res.needs.append("unknown_pupil")
    if not res.pupils and not res.candidates and not found.unknown:
        problems.append(WHICH_PUPIL)
        res.needs.append("pupil")
    # Pupil questions go first: everything else depends on who it was.
    res.problems[:0] = problems
