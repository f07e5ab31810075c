"""Who a record is about, and who else it names.

In "b Sam B hit Zoe in the line" the incident is Sam's; Zoe is *involved*
(the target), never a subject: she gets no record of her own and is never
counted as having done it. The rules:

* behaviour: the pupils before the first behaviour verb of their clause are
  its subjects ("Kai and Leo threw sand": both); those after it are targets;
  in the passive ("Zoe was pushed by Leo") the pupils after "by" are the
  subjects; "saw", "witnessed" make a witness; "with Noah" is involved.
  With no verb, everyone named is a subject unless "with"/"involving" says not;
* parent contact: the pupil whose parent it was ("Aaron's mum"); others named
  are involved;
* sessions: everyone named is in the group, except a pupil named after a
  behaviour verb ("zones 15 then hit Noah"), who is involved;
* concerns: everyone named is a subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from handlers.grammar.kinds import BEHAVIOUR, could_behave
from handlers.grammar.normalise import Message
from handlers.grammar.roster import RosterPupil

_PASSIVE_BY = re.compile(
    r"\b(?:was|were|got|gets|get|been|being|is)\s+(?:\w+\s+){0,2}?(?:hit|kicked|pushed|punched|bitten|bit|"
    r"scratched|slapped|hurt|spat\s+at|shoved|tripped|thrown|grabbed|pinched|attacked|head\s?-?butted|"
    r"sworn\s+at|threatened|targeted|bullied|called\s+names)\b(?:\s+(?:over|up|down|on\s+\w+|in\s+the\s+\w+))?\s+by\b"
)
_WITNESS_AFTER = re.compile(
    r"\s+(?:also\s+|then\s+)?(?:saw|witness\w*|watched|was\s+watching|seen)\b"
)
_WITNESS_BY = re.compile(r"\b(?:seen|witness\w*|watched)\s+by\s*$")
_WITH = frozenset({"with", "involving", "against", "towards", "toward"})
_RELATIONS = frozenset(
    """mum mom mam mummy mother dad daddy father parent parents carer carers foster gran granny grandma
    grandad grandpa nan nana nanny aunt auntie aunty uncle stepmum stepdad step guardian family""".split()
)
_CLAUSE = re.compile(r"[.;!?]|,\s*(?:then|and\s+then)\b")


@dataclass
class Roles:
    subjects: list[RosterPupil] = field(default_factory=list)
    involved: list[RosterPupil] = field(default_factory=list)
    roles: dict[int, str] = field(default_factory=dict)  # pupil id -> target / witness / involved


def _distinct(named: list[tuple[int, int, RosterPupil]]) -> list[RosterPupil]:
    out: list[RosterPupil] = []
    for _a, _b, p in named:
        if p not in out:
            out.append(p)
    return out


def _finish(
    subjects: list[RosterPupil], named: list[tuple[int, int, RosterPupil]], roles: dict[int, str]
) -> Roles:
    out = Roles(subjects=subjects)
    for _a, _b, p in named:
        if p not in subjects and p not in out.involved:
            out.involved.append(p)
            out.roles[p.id] = roles.get(p.id, "involved")
    if not out.subjects:  # never an incident about nobody: the first named is its subject
        first = out.involved.pop(0)
        out.roles.pop(first.id, None)
        out.subjects = [first]
    return out


def _first_verb(msg: Message) -> re.Match[str] | None:
    if not could_behave(msg):
        return None
    return next((m for m in BEHAVIOUR.finditer(msg.folded) if msg.is_free(*m.span())), None)


def _behaviour_roles(msg: Message, named: list[tuple[int, int, RosterPupil]]) -> Roles:
    toks, f = msg.tokens, msg.folded
    roles: dict[int, str] = {}
    first = named[0][2]
    for a, b, p in named:
        if toks[b].possessive and p is not first:
            roles.setdefault(p.id, "target")  # "snatched Summer's snack": the owner, not the doer
        prev = toks[a - 1].norm if a > 0 else ""
        before = f[max(0, toks[a].start - 30) : toks[a].start]
        if prev in _WITH:
            roles[p.id] = "involved"
        elif _WITNESS_AFTER.match(f, toks[b].end) or (prev == "by" and _WITNESS_BY.search(before)):
            roles[p.id] = "witness"  # "Lily saw it", "seen by Lily", "witnessed by Lily"
    passive = _PASSIVE_BY.search(f)
    if passive is not None:
        after_by = [p for a, _b, p in named if toks[a].start >= passive.end() and p.id not in roles]
        if after_by:
            subjects = after_by[:1]
            for a, _b, p in named:
                if toks[a].start < passive.start() and p not in subjects:
                    roles.setdefault(p.id, "target")
            return _finish(subjects, named, roles)
    # The doers: the first pupil named and those joined to it ("Kai and Leo
    # threw sand", "kai, leo & noah"), and a pupil who starts a clause of
    # their own with a behaviour verb ("..., then Noah hit him back"). Every
    # other pupil named is someone the story happened to or near: involved.
    free = [(a, b, p) for a, b, p in named if roles.get(p.id) is None]
    if not free:
        return _finish([], named, roles)
    subjects = [free[0][2]]
    last_end = free[0][1]
    for a, b, p in free[1:]:
        gap = f[toks[last_end].end : toks[a].start]
        if p in subjects:
            last_end = b
            continue
        if _JOINED.fullmatch(gap) and last_end == _last_subject_end(named, subjects, a):
            subjects.append(p)
            last_end = b
        elif _starts_own_clause(msg, a, b):
            subjects.append(p)
    # One the story happened to who hits back is a doer too ("grabbed Ben's snack, then
    # Ben hit him"): both are subjects of the incident.
    for a, b, p in named:
        if p not in subjects and roles.get(p.id) == "target" and _starts_own_clause(msg, a, b):
            subjects.append(p)
            roles.pop(p.id)
    for _a, _b, p in named:
        if p not in subjects:
            roles.setdefault(p.id, "target")
    return _finish(subjects, named, roles)


# What joins two doers: "and", "&", "+", ",", "/", "n".
_JOINED = re.compile(r"\s*(?:,|&|\+|/|\band\b|\bn\b|,\s*and\b)?\s*")


def _last_subject_end(
    named: list[tuple[int, int, RosterPupil]], subjects: list[RosterPupil], before: int
) -> int:
    """The last token of the latest subject named before token `before`."""
    ends = [b for _a, b, p in named if p in subjects and b < before]
    return max(ends) if ends else -1


def _starts_own_clause(msg: Message, a: int, b: int) -> bool:
    """ "..., then Noah hit him back": a pupil after a clause break, followed
    straight away by a behaviour verb, is a doer too."""
    f, toks = msg.folded, msg.tokens
    before = f[max(0, toks[a].start - 12) : toks[a].start]
    if not re.search(r"(?:[.;!?,]|\bthen|\band)\s*$", before):
        return False
    m = BEHAVIOUR.match(f, toks[b].end + 1) if could_behave(msg) else None
    return m is not None


def _contact_roles(msg: Message, named: list[tuple[int, int, RosterPupil]]) -> Roles:
    toks = msg.tokens
    for _a, b, p in named:
        nxt = toks[b + 1].norm if b + 1 < len(toks) else ""
        if toks[b].possessive and nxt in _RELATIONS:
            return _finish([p], named, {})
    for _a, b, p in named:
        if toks[b].possessive:
            return _finish([p], named, {})
    return _finish([named[0][2]], named, {})


def split_roles(
    msg: Message, kind: str | None, named: list[tuple[int, int, RosterPupil]]
) -> Roles | None:
    """Subjects and involved pupils of a record of `kind`; None when everyone
    named is a subject (one pupil, a group session, a concern)."""
    if len(_distinct(named)) < 2:
        return None
    if kind == "behaviour":
        return _behaviour_roles(msg, named)
    if kind == "parent_contact":
        return _contact_roles(msg, named)
    if kind == "session":
        return _session_roles(msg, named)
    return None


def _session_roles(msg: Message, named: list[tuple[int, int, RosterPupil]]) -> Roles | None:
    """A group is everyone named, except a pupil the session's story did
    something to ("jack zones 15 then hit noah on the way back")."""
    toks = msg.tokens
    verb = _first_verb(msg)
    if verb is None:
        return None
    after = {p.id for a, _b, p in named if toks[a].start >= verb.end()}
    subjects = _distinct([(a, b, p) for a, b, p in named if p.id not in after])
    if not after or not subjects:
        return None
    return _finish(subjects, named, dict.fromkeys(after, "target"))
