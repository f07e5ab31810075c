"""The /log grammar's entry point: `parse_message()` orchestrates the rules.

Order matters, because each rule claims the words it understood and the later
rules (and the notes) only see what is left:

kind word -> dates/times -> follow-up -> pupils -> provision -> duration ->
missed? -> bare minutes -> concern -> kind -> who is involved -> incident
details -> when it happened -> kind fields and sense checks -> problems -> notes.

`parse_message()` never raises: any input gives a `ParseResult`, with
`problems` worded for the sender when it is not ok.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from handlers.grammar import dateparser_fallback
from handlers.grammar.concerns import ACCIDENT, Concern, find_concerns, is_negated
from handlers.grammar.contact import read_contact
from handlers.grammar.dates import NOON, TODAY_WORDS, Mention, find_mentions, recheck_after_names
from handlers.grammar.daymath import too_old
from handlers.grammar.durations import Duration, find_bare_minutes, find_duration
from handlers.grammar.followups import find_follow_up
from handlers.grammar.incident import Incident, is_physical_intervention, read_incident
from handlers.grammar.involved import split_roles
from handlers.grammar.kinds import (
    contact_led,
    has_behaviour,
    has_strong_behaviour,
    infer_kind,
    record_evidence,
    take_kind_word,
)
from handlers.grammar.normalise import Message, Token, clean
from handlers.grammar.provisions import ProvisionMatch, match_provision
from handlers.grammar.pupils import (
    PupilMatch,
    RosterIndex,
    index_for,
    resolve_pupils,
    unknown_names,
)
from handlers.grammar.result import Kind, ParseOverrides, ParseResult
from handlers.grammar.roster import Roster, RosterProvision, RosterPupil
from handlers.grammar.status import (
    Status,
    claim_status,
    find_status,
    missed_by_provision,
    missed_reason,
)
from handlers.timetable import PRIMARY, Timetable
from handlers.wording import MAX_MESSAGE_CHARS, too_long

log = logging.getLogger(__name__)

# What a bare number may follow to be minutes ("Kai zones 15", "session 15").
_BARE_MINUTES_AFTER = frozenset({"provision", "pupil", "kind", "when"})
# A provision's name followed by one of these is an event, not a session
# ("Niamh's SALT appt", "ELSA review").
_EVENT_AFTER = frozenset(
    """appt appointment appointments review reviews meeting report referral assessment
    letter form forms visit plan targets""".split()
)
# Sense checks for a session's length (minutes).
SANE_FACTOR, SANE_MINUTES, MAX_MINUTES = 4, 90, 300

EMPTY = "Type what happened, e.g. 'Sam B phonics 20 mins good focus'."
WHICH_PUPIL = "Which pupil was this for?"
UNKNOWN_PUPIL = (
    "I couldn't find a pupil called '{name}' — check the spelling or use their full name."
)
AMBIGUOUS_PUPIL = (
    "'{typed}' could be {options} — which one? Add the surname or its first letter, e.g. '{hint}'."
)
WHICH_KIND = (
    "What is this about {who}? Is it a worry about this child, a session, a behaviour incident "
    "or a parent contact?"
)
WHICH_KIND_NO_PUPIL = (
    "I couldn't tell what this is: a worry about a child, a session, a behaviour incident or a "
    "parent contact? e.g. 'session Sam B phonics 20 mins'."
)
WHICH_PROVISION = "Which provision was this session? {who}'s plan has: {options}."
NOT_ON_PLAN = "'{typed}' isn't on {who}'s plan — which provision was it? Their plan has: {options}."
NO_PROVISIONS = (
    "{who} has no provisions on their plan, so I can't log a session — check with the SENCO."
)
AMBIGUOUS_PROVISION = "'{typed}' could be {options} — which provision?"
FUTURE = "That's in the future — logs are for things that have happened. Check the date/time."
TOO_OLD = (
    "{day:%-d %B %Y} is more than a year ago — check the date (logs are for this school year)."
)
BAD_DURATION = (
    "{minutes} minutes doesn't look right for {what} — how long was it? Nothing was stored."
)
PARTIAL_GROUP = (
    "{provision} isn't on {lacking}'s plan, so I haven't logged the group — log it just for "
    "{others}, or check the names?"
)
UNKNOWN_ID = "I couldn't find that pupil (id {id}) on the roster any more."
CRASH = "Sorry — I couldn't read that message. Try again, e.g. 'Sam B phonics 20 mins good focus'."


# Shared by every call without overrides: `_parse` only reads it.
_NO_OVERRIDES = ParseOverrides()


def warm_up(roster: Roster | None = None) -> None:
    """Load dateparser's data (and index `roster`) at start-up, not on the
    first message that needs it. Safe to call more than once."""
    dateparser_fallback.warm_up()
    if roster is not None:
        index_for(roster)


def parse_message(
    text: str,
    *,
    roster: Roster,
    now: datetime,
    overrides: ParseOverrides | None = None,
    timetable: Timetable = PRIMARY,
) -> ParseResult:
    """Understand one /log message. Never raises."""
    try:
        return _parse(text, roster, now, overrides or _NO_OVERRIDES, timetable)
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
    return not (contact_led(msg) or has_behaviour(msg) or has_strong_behaviour(msg))


def _is_event(msg: Message, match: ProvisionMatch | None) -> bool:
    """'SALT appt', 'ELSA review': the provision's name is part of an event."""
    if match is None:
        return False
    nxt = match.last + 1
    # "social stories form time": "form" is part of the time of day there.
    return nxt < len(msg.tokens) and msg.owner[nxt] is None and msg.tokens[nxt].norm in _EVENT_AFTER


def _masked(msg: Message, found: PupilMatch, staff_words: frozenset[str] = frozenset()) -> str:
    """The folded text with each pupil's name as '@' and each free word of a colleague's
    name as '#' (same length), and quote marks around words as spaces: what the
    concern rules read."""
    chars = list(msg.folded)
    if staff_words:
        for t in msg.rare:  # a name that is also a word ("mark", "will") stays the word
            name = t.base if t.base in staff_words else t.base.removesuffix("s")  # "sharons arm"
            if name in staff_words and msg.owner[t.i] is None:
                chars[t.start : t.start + len(name)] = "#" * len(name)
    for a, b in found.spans:
        start, end = msg.tokens[a].start, msg.tokens[b].end
        last = msg.tokens[b]
        if last.possessive:
            end = last.start + len(last.base)
        chars[start:end] = "@" * (end - start)
    text = "".join(chars)
    if "'" in text or '"' in text:
        text = _QUOTE.sub(" ", text)
    return text


# A quote mark that is not an apostrophe inside a word ("doing 'running' for").
_QUOTE = re.compile(r"(?<![a-z0-9@])['\"]|['\"](?![a-z])|\"")


@dataclass(slots=True)
class _Read:
    """What the rules found before the kind is chosen."""

    explicit: Kind | None
    mentions: list[Mention]
    follow_mention: Mention | None
    found: PupilMatch
    own: list[RosterProvision]
    pmatch: ProvisionMatch | None
    foreign: ProvisionMatch | None
    duration: Duration | None
    status: Status
    ranges: list[Mention]
    concern: Concern
    physical: bool


def _parse(
    text: str, roster: Roster, now: datetime, ov: ParseOverrides, tt: Timetable
) -> ParseResult:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    # Cap the cost before doing anything per character.
    if len(text) > MAX_MESSAGE_CHARS * 4:
        return _refused(text, now, too_long(len(text)))
    cleaned = clean(text)
    if not cleaned:
        return _refused(text, now, EMPTY)
    if len(cleaned) > MAX_MESSAGE_CHARS:
        return _refused(text, now, too_long(len(cleaned)))
    res = ParseResult(text=text)
    msg = Message(cleaned)
    idx = index_for(roster)
    r = _read(res, msg, idx, roster, now, ov, tt)
    kind = _choose_kind(res, msg, r, ov)
    inc = _incident(res, msg, r, kind, ov, idx.staff_words)
    skip = {r.follow_mention, inc.informed_mention if inc else None}
    choose_when(res, msg, r.mentions, skip, now, kind)
    if inc is not None and inc.informed_clock is not None and res.rpi is not None:
        day = (res.occurred_at or now).date()
        res.rpi.parents_informed_at = datetime.combine(day, inc.informed_clock, tzinfo=now.tzinfo)
    if kind == "session":
        _session_fields(res, msg, idx, roster, ov, r)
    else:
        _other_fields(res, msg, r, kind)
    if ov.duration_minutes is not None and kind == "session":
        res.duration_minutes = ov.duration_minutes
    if kind == "session":
        _check_duration(res)
        _check_group(res)
    _pupil_problems(res, r.found, ov)
    if kind is None:
        res.problems.append(
            WHICH_KIND.format(who=_who(res.pupils)) if res.pupils else WHICH_KIND_NO_PUPIL
        )
        res.needs.append("kind")
    res.notes = msg.remainder()
    return res


def _refused(text: str, now: datetime, problem: str) -> ParseResult:
    return ParseResult(text=text, occurred_at=now, problems=[problem], needs=["text"])


def _read(
    res: ParseResult,
    msg: Message,
    idx: RosterIndex,
    roster: Roster,
    now: datetime,
    ov: ParseOverrides,
    tt: Timetable,
) -> _Read:
    """Every rule that claims words, in order (see the module docstring)."""
    explicit = take_kind_word(msg)
    mentions = find_mentions(msg, now, tt)
    for men in mentions:
        msg.claim(men.start, men.end, "when", remove=False)
    # Pupils: resolved even with an override, so the names leave the notes.
    found = resolve_pupils(msg, idx)
    if ov.pupil_ids is not None:
        res.pupils = _override_pupils(res, roster, ov.pupil_ids)
    else:
        res.pupils = list(found.pupils)
        res.candidates = dict(found.candidates)

    # Provision: among the pupils' plans first, then anyone's (to say "not on plan").
    plan_pupils = res.pupils or [p for group in res.candidates.values() for p in group]
    own = _plan_options(plan_pupils, idx)
    pmatch = match_provision(msg, idx, own) if own else None
    foreign = None
    if pmatch is None and _could_be_session(msg, explicit or ov.kind):
        everyone = list(idx.all_provisions)
        foreign = match_provision(msg, idx, everyone) if everyone else None
    if _is_event(msg, pmatch or foreign):
        words = pmatch or foreign
        assert words is not None
        msg.unclaim_tokens(words.first, words.last)
        pmatch = foreign = None
    recheck_after_names(msg, mentions)
    # After the names, so "chase salt thurs" is Chase's session, not a chase-up.
    follow = find_follow_up(msg, mentions)
    res.follow_up_requested = follow.requested
    res.follow_up_on = follow.on
    if follow.mention is not None:
        msg.claim(follow.mention.start, follow.mention.end, "when")
    # After the provision, so "5 minute box" is a provision, not 5 minutes.
    duration = find_duration(msg)
    status = find_status(msg)
    if pmatch is not None or foreign is not None:
        words = pmatch or foreign
        assert words is not None
        status = missed_by_provision(msg, words.first, words.last, status)
    ranges = [m for m in mentions if m.end_clock is not None and not m.content]
    # A bare "15" is minutes only in a session.
    kind_said = ov.kind or explicit
    session_likely = kind_said == "session" or (
        kind_said is None and (pmatch is not None or foreign is not None)
    )
    if duration is None and session_likely:
        duration = find_bare_minutes(msg, _BARE_MINUTES_AFTER)
    if ov.pupil_ids is None:
        found.unknown = unknown_names(msg, idx, found)
    concern = find_concerns(
        msg.folded,
        lambda: _masked(msg, found, idx.staff_words),
        msg.words,
        msg.text,
        colleague_named=not msg.words.isdisjoint(idx.staff_words),
    )
    return _Read(
        explicit, mentions, follow.mention, found, own, pmatch, foreign, duration, status,
        ranges, concern, is_physical_intervention(msg),
    )  # fmt: skip


def _override_pupils(res: ParseResult, roster: Roster, ids: list[int]) -> list[RosterPupil]:
    pupils: list[RosterPupil] = []
    for pid in ids:
        p = roster.pupil(pid)
        if p is None:
            res.problems.append(UNKNOWN_ID.format(id=pid))
            res.needs.append("pupil")
        elif p not in pupils:
            pupils.append(p)
    return pupils


def _inside_concern(msg: Message, r: _Read) -> bool:
    """The provision's words are part of the concern ("her hearing aids broken since
    half term" is no Radio aid check session)."""
    assert r.pmatch is not None
    a, b = msg.tokens[r.pmatch.first].start, msg.tokens[r.pmatch.last].end
    return r.concern is not None and any(x < b and a < y for x, y in r.concern.spans)


def _choose_kind(res: ParseResult, msg: Message, r: _Read, ov: ParseOverrides) -> Kind | None:
    """The kind, the concern's categories, and who the record is about."""
    said = ov.kind or r.explicit
    session_signal = r.duration is not None or r.status.missed or bool(r.ranges)
    evidence = None
    if r.concern:
        evidence = record_evidence(
            msg,
            r.concern.spans,
            physical=r.physical,
            session_signal=r.pmatch is not None
            and not _inside_concern(msg, r)
            and (session_signal or said == "session"),
        )
    kind = infer_kind(
        msg,
        explicit=said,
        concern=bool(r.concern),
        evidence=evidence,
        provision_found=r.pmatch is not None,
        other_provision=r.foreign is not None,
        session_signal=session_signal,
        physical=r.physical,
        pupil_named=bool(res.pupils or res.candidates or r.found.unknown),
    )
    if kind is None and res.pupils and not r.concern and _may_be_a_worry(msg):
        # About a pupil, no kind of record, and words that may be a worry, or
        # an account of the child that is no record and not plainly good news:
        # over-routing is the safe direction.
        kind = "safeguarding"
    res.kind = kind
    res.explicit_kind = r.explicit
    res.safeguarding_flags = list(r.concern.phrases)
    if r.concern:
        res.concern = list(r.concern.categories)
    elif kind == "safeguarding":
        res.concern = ["general"]  # "concern: Kai", the sender's answer "a worry", or a sign
    if ov.pupil_ids is None:
        roles = split_roles(msg, kind, r.found.named)
        if roles is not None:
            res.pupils = [p for p in res.pupils if p in roles.subjects] or roles.subjects
            res.involved = roles.involved
            res.involved_roles = roles.roles
            for a, b, pupil in r.found.named:
                if pupil in roles.involved:  # "hit Zoe in the line": the story keeps her name
                    msg.unremove(msg.tokens[a].start, msg.tokens[b].end)
    return kind


# Words that on their own, in a message about a pupil that is no kind of
# record, may be a worry (unless an accident explains them); and, when the
# child reported something about a family member or adult, words of harm or fear.
_SIGNS = frozenset(
    """sore pain painful bleeding blood bruise bruises bruised bruising injury injured injuries
    burn burns burnt scratches scars wound wounds swollen limping flinched flinches alone police
    starving thin dirty smelly unwashed threatened unsafe unexplained""".split()
)
_REPORTED = frozenset("said says told tells disclosed mentioned wrote admitted".split())
_HARM_OR_FEAR = frozenset(
    """hit hits hitting smack smacked smacks punished punishment shouting shouted shouts screaming
    screamed angry cross scared frightened afraid worried crying cried hurt hurts upset scare
    scares scary""".split()
)
_PEOPLE = frozenset(
    """mum mummy mom mam dad daddy uncle auntie aunt brother sister cousin boyfriend girlfriend nan
    gran grandad stepdad stepmum partner man men adult adults stranger someone home""".split()
)
# A witnessed accident (concerns.ACCIDENT), or a knock at play.
_AT_PLAY = re.compile(r"\b(?:playing|football|pe)\b")


def _accidental(folded: str) -> bool:
    return bool(ACCIDENT.search(folded) or _AT_PLAY.search(folded))


# Good news about a child ("did really well", "loved it"): no worry in itself,
# unless it also says the child is hurt or afraid.
_GOOD_NEWS = frozenset(
    """well enjoyed enjoys enjoy loved loves love great brilliant fantastic proud happy excited
    amazing lovely super fab brill pleased best kind helpful calm calmer settled smiley smiling
    laughing beautiful gorgeous stunning""".split()
)
_HURT_OR_AFRAID = frozenset(
    """hurt hurts hurting scared afraid frightened terrified crying cried upset alone pain sore
    bleeding""".split()
)
# Words any worry about a child is told with: people at home or older than the
# child, the body and its care, money and things, being left, harm, fear and
# death. A kindless message about a pupil with one of these is routed.
_WEAK_SIGNS = frozenset(
    """mum mums mummy mummys mam mom dad dads daddy daddys father mother parent parents carer
    stepdad stepmum step uncle auntie aunt aunty nan nanny gran granny grandma grandad grandpa
    brother sister cousin boyfriend girlfriend partner family man men lady woman adult adults
    older someone somebody stranger friend friends boy boys lads home house night bath bed
    sleep asleep tired exhausted cold wet hungry food eat eating nothing nobody noone alone own
    left collected collecting punishment punished punish bad naughty allowed pills tablets medicine
    kill killed die dead death heaven forever neck tight limp sores lice hair weeks month months
    husband wife married girls money cash paid car cars package bag photos pictures phone online
    secret police scared afraid frightened crying upset hurt sore marks bruise injury wouldnt
    wont wouldn won cant couldnt""".split()
)
# An ordinary account the same words turn up in: a relative's illness, a
# test, a treat, a turn of phrase ("killed it", "dying to", "knife and fork").
_BENIGN = re.compile(
    r"\b(?:poorly|ill|unwell|in\s+hospital|operation|passed\s+away|funeral)\b"
    r"|\b(?:holiday|birthday|party|sleepover|trip|christmas|santa|presents?|toilet|match|concert|eid|diwali|henna|wedding)\b"
    r"|\b(?:test|tests|exam|exams|sats|homework|spelling|reading|work|maths|marks)\b"
    r"|\bkilled\s+it\b|\bdying\s+(?:to|for)\b|\bknife\s+and\s+fork\b|\bengaged\s+(?:in|with|well)\b"
    # an arrangement made with those responsible ("it was planned w his social worker")
    r"|\b(?:planned|arranged|agreed)\s+(?:with|w/?|by)\s+(?:the\s+|his\s+|her\s+|their\s+)?"
    r"(?:social\s+worker|school|senco|office|staff|teacher|home|carers?|foster\s+carers?|key\s+worker)\b"
)


def _may_be_a_worry(msg: Message) -> bool:
    """A message about a pupil that is no kind of record: routed when it shows
    a sign of harm (_signs_of_worry), or when it tells something about the
    child (four or more words besides the name) in the words worries are
    told with, that is neither plainly good news nor an ordinary account."""
    if _signs_of_worry(msg):
        return True
    owner = msg.owner
    told = {t.norm for t in msg.tokens if owner[t.i] is None and t.norm.isalpha()}
    if len(told) < 4 or told.isdisjoint(_WEAK_SIGNS):
        return False
    if not told.isdisjoint(_GOOD_NEWS) and told.isdisjoint(_HURT_OR_AFRAID):
        return False
    return not (_accidental(msg.folded) or _BENIGN.search(msg.folded))


_NAMES_A_THING = re.compile(r"\s+(?:detention|club|duty|queue|clubs|detentions)\b")


def _burnt_a_thing(msg: Message, t: Token) -> bool:
    """ "burnt the edges", "burnt the toast": a thing burnt, not a burn."""
    nxt = msg.tokens[t.i + 1] if t.i + 1 < len(msg.tokens) else None
    return (
        t.norm in ("burn", "burnt", "burns") and nxt is not None and nxt.norm in _THING_DETERMINERS
    )


_THING_DETERMINERS = frozenset("the a an some all".split())


def _signs_of_worry(msg: Message) -> bool:
    words = msg.words
    if _accidental(msg.folded):
        return False
    if not words.isdisjoint(_SIGNS):
        f = msg.folded
        # "checked for injuries, none found": a sign in a negation is none.
        return any(
            t.norm in _SIGNS and not is_negated(f, t.start, t.end) and not _burnt_a_thing(msg, t)
            for t in msg.tokens
        )
    reported = not words.isdisjoint(_REPORTED) and "told off" not in msg.folded
    return reported and not words.isdisjoint(_HARM_OR_FEAR) and not words.isdisjoint(_PEOPLE)


def _incident(
    res: ParseResult,
    msg: Message,
    r: _Read,
    kind: Kind | None,
    ov: ParseOverrides,
    staff_words: frozenset[str],
) -> Incident | None:
    if kind not in ("behaviour", "safeguarding"):
        return None
    inc = read_incident(msg, r.mentions, r.duration, staff_words)
    res.physical_intervention = inc.physical_intervention
    res.place = inc.place
    res.injuries = inc.injuries
    if inc.rpi is not None:
        res.rpi = inc.rpi
        res.hold_type = inc.rpi.hold
        res.staff_involved = inc.rpi.staff
        res.hold_minutes = inc.rpi.minutes
        if r.duration is not None:
            msg.claim(r.duration.start, r.duration.end, "duration")
    return inc


def _other_fields(res: ParseResult, msg: Message, r: _Read, kind: Kind | None) -> None:
    """The fields of an incident, a contact or a concern."""
    words = r.pmatch or r.foreign
    if words is not None:
        # "hit a peer in zones": the provision is part of the story here.
        msg.unremove(msg.tokens[words.first].start, msg.tokens[words.last].end)
    if kind == "parent_contact":
        contact = read_contact(msg)
        res.contact_method = contact.method
        res.contact_with = contact.with_
        res.contact_direction = contact.direction  # type: ignore[assignment]
    if r.duration is not None and res.rpi is None:
        msg.unremove(r.duration.start, r.duration.end)  # "calm in 5 mins" is the story


def choose_when(
    res: ParseResult,
    msg: Message,
    mentions: list[Mention],
    skip: set[Mention | None],
    now: datetime,
    kind: str | None,
) -> None:
    """Choose the date/time the log happened at and check it is not in the future
    or long past."""
    if not mentions:
        res.occurred_at = now  # the usual case: no date or time given
        return
    lenient = kind in ("parent_contact", "safeguarding")
    # The first usable mention with a day, with a clock time, with a part of
    # the day (one pass; often the same mention).
    day_m = time_m = part_m = None
    for m in mentions:
        if m in skip or m.content or m.intent:
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
    for used in {id(x): x for x in (day_m, time_m, part_m) if x is not None}.values():
        # "in lunch detention": the part of the day names the thing too, kept in the words
        named = _NAMES_A_THING.match(msg.folded, used.end) is not None
        msg.claim(used.start, used.end, "when", remove=not named)
    # The message said when (a day, a part of the day or a clock time); how
    # precisely is time_precision.
    tz = now.tzinfo
    today = now.date()
    # "read well today" says no more than now does: not a time given.
    only_today = day_m is not None and " ".join(day_m.text.lower().split()) in TODAY_WORDS
    res.time_given = (
        time_m is not None or part_m is not None or (day_m is not None and not only_today)
    )
    if time_m is not None and time_m.moment is not None and (day_m is None or day_m is time_m):
        res.occurred_at = time_m.moment.replace(tzinfo=tz)
        res.time_precision = "exact"
    else:
        if day_m is not None and day_m.problem:
            res.problems.append(day_m.problem)
            res.needs.append("when")
        day = day_m.past if day_m is not None and day_m.past is not None else today
        if time_m is not None:
            res.occurred_at = datetime.combine(day, time_m.clock, tzinfo=tz)  # type: ignore[arg-type]
            res.time_precision = "exact"
        elif part_m is not None:
            occurred = datetime.combine(day, part_m.part, tzinfo=tz)  # type: ignore[arg-type]
            # "this afternoon" logged at 13:00: the part has begun, and it is now.
            res.occurred_at = now if day == today and occurred > now else occurred
            res.time_precision = "part_of_day"
        else:
            res.occurred_at = now if day == today else datetime.combine(day, NOON, tzinfo=tz)
        if day_m is not None and day_m.past is not None and too_old(day_m.past, today):
            res.problems.append(TOO_OLD.format(day=day_m.past))
            res.needs.append("when")
    if time_m is not None and time_m.problem and time_m is not day_m:
        res.problems.append(time_m.problem)  # a range that ends before it starts
        res.needs.append("when")
    if res.occurred_at is not None and res.occurred_at > now + timedelta(seconds=59):
        res.problems.append(FUTURE)
        res.needs.append("when")


def _session_fields(
    res: ParseResult,
    msg: Message,
    idx: RosterIndex,
    roster: Roster,
    ov: ParseOverrides,
    r: _Read,
) -> None:
    claim_status(msg, r.status)
    res.status = "missed" if r.status.missed else "delivered"
    res.missed_reason = missed_reason(msg, r.status) if r.status.missed else None
    minutes = r.duration.minutes if r.duration else None
    if minutes is None and r.ranges:
        start = datetime.combine(res.occurred_at.date(), r.ranges[0].clock)  # type: ignore[arg-type, union-attr]
        end = datetime.combine(res.occurred_at.date(), r.ranges[0].end_clock)  # type: ignore[arg-type, union-attr]
        if end > start:
            minutes = int((end - start).total_seconds() // 60)
    res.duration_minutes = minutes
    _session_provision(res, msg, roster, ov, r.pmatch, r.foreign, r.own)


def _session_provision(
    res: ParseResult,
    msg: Message,
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


def _check_duration(res: ParseResult) -> None:
    """0, negative, or far beyond the plan's session length: asked, never stored or replaced."""
    minutes = res.duration_minutes
    if minutes is None:
        return
    usual = None
    if res.provision is not None:
        plans = [p.own_provision(res.provision) for p in res.pupils] or [res.provision]
        lengths = [p.minutes_per_session for p in plans if p is not None]
        usual = max(lengths) if lengths else None
    too_long = minutes > MAX_MINUTES or (
        usual is not None and minutes > SANE_FACTOR * usual and minutes > SANE_MINUTES
    )
    if minutes > 0 and not too_long:
        return
    what = f"a {res.provision.name} session" if res.provision is not None else "a session"
    res.problems.append(BAD_DURATION.format(minutes=minutes, what=what))
    res.needs.append("duration")
    res.usual_minutes = usual


def _check_group(res: ParseResult) -> None:
    """A group session where a pupil's plan lacks the provision is never stored in part."""
    if len(res.pupils) < 2 or res.provision is None:
        return
    lacking = [p for p in res.pupils if p.own_provision(res.provision) is None]
    if not lacking:
        return
    others = [p for p in res.pupils if p not in lacking]
    res.without_provision = lacking
    res.problems.append(
        PARTIAL_GROUP.format(
            provision=res.provision.name, lacking=_who(lacking), others=_who(others)
        )
    )
    res.needs.append("group")


def _pupil_problems(res: ParseResult, found: PupilMatch, ov: ParseOverrides) -> None:
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
