"""Who and what is on the roster, from the command line: `keyworker staff list`,
`keyworker pupils list`, and finding the one pupil a command names (a UPN or a name).

These are the SENCO's view of the roster, printed for the person at the server,
so every listing is audited as theirs: one row for the staff list, one row per
pupil printed for the pupil list (as bot.cli_common.audit_pupils_read does).
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli_common import audit_pupils_read, cli_session, fail

if TYPE_CHECKING:  # the database libraries load only when a command runs (`--help` stays quick)
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

pupils_app = typer.Typer(help="The pupils on the roster.", no_args_is_help=True)
SchoolOpt = Annotated[str | None, typer.Option("--school", help="school slug (default school)")]
LeftOpt = Annotated[
    bool, typer.Option("--all", help="include staff and pupils who are no longer active")
]

UPN = re.compile(r"[A-Za-z]\d{12}")


def _school(session: Session, slug: str | None):
    from storage.identity import school_by_slug

    school = school_by_slug(session, slug)
    if school is None:
        fail(f"No school with slug {slug!r}.")
    return school


def _table(header: list[str], rows: list[list[str]]) -> str:
    """Columns padded to their widest cell, so the list reads in a terminal."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    head = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()
    return "\n".join([head, *lines])


def staff_list(school: SchoolOpt = None, all_: LeftOpt = False) -> None:
    """Staff of the school: email, name, role, the chat accounts linked, active or not."""
    from sqlmodel import select

    from bot import app as wiring
    from bot.config import load_settings
    from storage.audit import cli_audit
    from storage.models import ChatIdentity, Staff

    eng = wiring.init_database(load_settings())
    with cli_session(eng) as session:
        found = _school(session, school)
        query = select(Staff).where(Staff.school_id == found.id).order_by(Staff.email)
        people = [s for s in session.exec(query) if all_ or s.active]
        linked: dict[int, list[str]] = {}
        for identity in session.exec(select(ChatIdentity)):
            linked.setdefault(identity.staff_id, []).append(identity.platform)
        rows = [
            [
                s.email,
                s.name,
                s.role,
                ", ".join(sorted(linked.get(s.id or 0, []))) or "-",
                "active" if s.active else "deactivated",
            ]
            for s in people
        ]
        cli_audit(session, "staff_list", school_id=found.id, detail=f"rows={len(rows)}")
    typer.echo(f"{found.name}: {len(rows)} staff")
    if rows:
        typer.echo(_table(["email", "name", "role", "linked", "status"], rows))


@pupils_app.command("list")
def pupils_list(school: SchoolOpt = None, all_: LeftOpt = False) -> None:
    """Pupils of the school: name, UPN, year, class, key worker, plan, annual review due."""
    from sqlmodel import select

    from bot import app as wiring
    from bot.config import load_settings
    from storage.models import Pupil, Staff

    eng = wiring.init_database(load_settings())
    with cli_session(eng) as session:
        found = _school(session, school)
        query = (
            select(Pupil)
            .where(Pupil.school_id == found.id)
            .order_by(Pupil.last_name, Pupil.first_name)
        )
        children = [p for p in session.exec(query) if all_ or p.active]
        workers = {
            s.id: s.email for s in session.exec(select(Staff).where(Staff.school_id == found.id))
        }
        rows = [
            [
                p.full_name + (f" ({p.preferred_name})" if p.preferred_name else ""),
                p.upn,
                p.year_group or "-",
                p.class_name or "-",
                workers.get(p.key_worker_id, "-") if p.key_worker_id else "-",
                p.plan_type,
                _day(p.annual_review_due),
            ]
            + ([] if not all_ else ["active" if p.active else "left"])
            for p in children
        ]
        audit_pupils_read(
            session,
            action="pupils_list",
            school_id=found.id,
            pupil_ids=[p.id for p in children if p.id is not None],
            detail="keyworker pupils list",
        )
    header = ["pupil", "upn", "year", "class", "key worker", "plan", "review due"]
    typer.echo(f"{found.name}: {len(rows)} pupils")
    if rows:
        typer.echo(_table(header + ([] if not all_ else ["status"]), rows))


def _day(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "-"


def pupil_named(session: Session, eng: Engine, text: str, school: str | None):
    """The one pupil a command names: a UPN, or a name read as the chat reads it. When the
    name could be several pupils, exits listing them (with UPNs) rather than guess."""
    from bot.config import load_settings
    from handlers.grammar.parser import parse_message
    from handlers.roster_cache import cached_roster
    from storage.identity import pupils_by_upn
    from storage.models import Pupil

    if UPN.fullmatch(text.strip()):
        found = pupils_by_upn(session, text, school)
        if not found:
            fail(f"No pupil with UPN {text.strip().upper()}.")
        if len(found) > 1:
            fail("That UPN is in more than one school: add --school SLUG.", 2)
        return found[0]
    home = _school(session, school)
    settings = load_settings()
    named = parse_message(text, roster=cached_roster(eng, home.id), now=date_now(settings))
    if named.candidates:
        people = next(iter(named.candidates.values()))
        listed = "; ".join(f"{p.full_name} (UPN {p.upn})" for p in people)
        fail(f"“{text.strip()}” could be {listed}. Give the full name or the UPN.")
    if len(named.pupils) != 1:
        fail(f"No pupil called “{text.strip()[:60]}” (nor with that UPN) at {home.name}.")
    return session.get(Pupil, named.pupils[0].id)


def date_now(settings):
    from datetime import datetime

    return datetime.now(settings.tz)
