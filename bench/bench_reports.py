"""Benchmark: the school report for a 2,000-pupil trust, and one pupil's evidence pack.

    python bench/bench_reports.py [--write docs/benchmarks.md] [--pupils 2000]
    python bench/bench_reports.py --sample-pack docs/sample-pack.png \
        --sample-report docs/sample-school-report.png                 # needs pdftoppm

The database (SQLite, a temporary file) holds one trust school of 2,000
pupils, each with one to three provisions, and a school year of fictional
records: ~85% of planned sessions delivered, the rest missed with a reason,
about four behaviour incidents a pupil (5% with a restrictive intervention)
and three parent contacts. The report covers the last 12 months. Target: the
school report, built and rendered, in under 5 seconds.

`--sample-pack` / `--sample-report` instead load the demo school with `keyworker
demo`, log an autumn term of records, and render the first page of Sam Brown's
evidence pack and of the school report to PNGs for the README.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from bench.report import write_section  # noqa: E402
from handlers.reports.files import pupil_pack_file, review_window, school_report_file  # noqa: E402
from handlers.reports.period import Period  # noqa: E402
from handlers.reports.permissions import Requester  # noqa: E402
from storage.db import make_engine, session_scope  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import (  # noqa: E402
    BehaviourIncident,
    ParentContact,
    Provision,
    Pupil,
    School,
    SessionLog,
    Staff,
)

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 7, 17)
NOW = datetime(2026, 7, 17, 16, 0, tzinfo=LONDON)
TARGET_SECONDS = 5.0
PROVISIONS = [
    ("Phonics", "Cognition and learning", 5, 20),
    ("SALT", "Communication and interaction", 2, 30),
    ("Zones of Regulation", "Social, emotional and mental health", 3, 15),
    ("ELSA", "Social, emotional and mental health", 1, 45),
    ("Precision teaching", "Cognition and learning", 5, 10),
    ("Sensory circuits", "Sensory and/or physical", 5, 10),
    ("Lego therapy", "Communication and interaction", 1, 30),
]
REASONS = ["pupil absent", "staff absence", "trip", "assembly", "pupil unwell", "room unavailable"]
ANTECEDENTS = [
    "Transition from playground",
    "Asked to write",
    "Noisy hall",
    "Change of staff",
    "Unstructured time",
    "Demand to share",
]
HOLIDAY_WEEKS = {7, 8, 16, 17, 25, 31, 32, 38}  # weeks after 1 Sept 2025 with no school


def _utc(day: date, hour: int, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON).astimezone(UTC)


def build_trust(url: str, pupils: int, seed: int = 7) -> tuple[int, int]:
    """A school of `pupils` pupils with a year of records; returns its id and the session count."""
    rng = random.Random(seed)
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(engine) as session:
        school = School(slug="trust", name="Bench Trust Academy")
        session.add(school)
        session.flush()
        staff = [
            Staff(school_id=school.id, email=f"lsa{i}@trust.example", name=f"LSA {i}")
            for i in range(pupils // 8)
        ]
        session.add_all(staff)
        session.flush()
        school_id, staff_ids = school.id, [s.id for s in staff]
    with engine.begin() as conn:
        conn.execute(
            insert(Pupil.__table__),
            [
                {
                    "school_id": school_id,
                    "upn": f"T{i:012d}",
                    "first_name": f"Pupil{i}",
                    "last_name": f"Bench{i % 97}",
                    "year_group": str(1 + i % 11),
                    "key_worker_id": staff_ids[i % len(staff_ids)],
                    "plan_type": "EHCP" if i % 3 else "SEN Support",
                    "active": True,
                    "annual_review_due": TODAY + timedelta(days=rng.randint(-30, 330)),
                }
                for i in range(pupils)
            ],
        )
        pupil_ids = [
            r[0] for r in conn.execute(select(Pupil.id).where(Pupil.school_id == school_id))
        ]
        lines = []
        for pid in pupil_ids:
            for name, area, spw, minutes in rng.sample(PROVISIONS, rng.randint(1, 3)):
                lines.append(
                    {
                        "school_id": school_id,
                        "pupil_id": pid,
                        "name": name,
                        "area_of_need": area,
                        "sessions_per_week": spw,
                        "minutes_per_session": minutes,
                    }
                )
        conn.execute(insert(Provision.__table__), lines)
        provisions = conn.execute(
            select(
                Provision.id,
                Provision.pupil_id,
                Provision.sessions_per_week,
                Provision.minutes_per_session,
            )
        ).all()
    first_monday = date(2025, 9, 1)
    sessions = []
    for prov_id, pid, spw, minutes in provisions:
        kw = staff_ids[pid % len(staff_ids)]
        for week in range(46):
            if week in HOLIDAY_WEEKS:
                continue
            monday = first_monday + timedelta(weeks=week)
            for n in range(spw):
                day = monday + timedelta(days=n % 5)
                delivered = rng.random() < 0.85
                sessions.append(
                    {
                        "school_id": school_id,
                        "pupil_id": pid,
                        "provision_id": prov_id,
                        "occurred_at": _utc(day, 9 + n % 6, 15),
                        "logged_by_id": kw,
                        "logged_at": _utc(day, 16, 0),
                        "status": "delivered" if delivered else "missed",
                        "missed_reason": None if delivered else rng.choice(REASONS),
                        "duration_minutes": minutes if delivered else None,
                        "notes": "good focus" if rng.random() < 0.2 else "",
                        "platform": "slack",
                        "source_text": "",
                        "version": 1,
                    }
                )
    incidents, contacts = [], []
    for pid in pupil_ids:
        kw = staff_ids[pid % len(staff_ids)]
        for _ in range(rng.randint(0, 8)):
            day = first_monday + timedelta(days=rng.randint(0, 320))
            rpi = rng.random() < 0.05
            incidents.append(
                {
                    "school_id": school_id,
                    "pupil_id": pid,
                    "occurred_at": _utc(day, rng.randint(8, 15), 5),
                    "logged_by_id": kw,
                    "logged_at": _utc(day, 16, 0),
                    "antecedent": rng.choice(ANTECEDENTS),
                    "behaviour": "left the room",
                    "severity": 2,
                    "physical_intervention": rpi,
                    "hold_type": "guided hold" if rpi else None,
                    "hold_minutes": 2 if rpi else None,
                    "notes": "",
                    "platform": "slack",
                    "source_text": "",
                    "version": 1,
                }
            )
        for _ in range(3):
            day = first_monday + timedelta(days=rng.randint(0, 320))
            contacts.append(
                {
                    "school_id": school_id,
                    "pupil_id": pid,
                    "occurred_at": _utc(day, 15, 20),
                    "logged_by_id": kw,
                    "logged_at": _utc(day, 15, 30),
                    "contact_with": "mum",
                    "method": "phone",
                    "direction": "outbound",
                    "summary": "update on the week",
                    "follow_up_on": day + timedelta(days=7),
                    "notes": "",
                    "platform": "slack",
                    "source_text": "",
                    "version": 1,
                }
            )
    with engine.begin() as conn:
        for start in range(0, len(sessions), 50_000):
            conn.execute(insert(SessionLog.__table__), sessions[start : start + 50_000])
        conn.execute(insert(BehaviourIncident.__table__), incidents)
        conn.execute(insert(ParentContact.__table__), contacts)
    engine.dispose()
    print(
        f"built: {pupils:,} pupils, {len(provisions):,} provisions, {len(sessions):,} sessions, "
        f"{len(incidents):,} incidents, {len(contacts):,} contacts",
        flush=True,
    )
    return school_id, len(sessions)


def _time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench(pupils: int, runs: int) -> str:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        t0 = time.perf_counter()
        school_id, n_sessions = build_trust(url, pupils)
        print(f"data generated in {time.perf_counter() - t0:.1f} s", flush=True)
        engine = make_engine(url)
        period = Period.default(TODAY, LONDON)
        window = review_window(TODAY)
        results = {}
        with Session(engine) as session:

            def school(fmt: str):
                return lambda: school_report_file(
                    session,
                    school_id,
                    period=period,
                    now=NOW,
                    requester=Requester.cli(),
                    window=window,
                    fmt=fmt,
                )

            pupil = session.exec(select(Pupil).where(Pupil.school_id == school_id).limit(1)).one()
            results["School report, PDF"] = _time(school("pdf"), runs)
            results["School report, HTML"] = _time(school("html"), runs)
            results["Evidence pack (one pupil, 12 months), PDF"] = _time(
                lambda: pupil_pack_file(
                    session, pupil, period=period, now=NOW, requester=Requester.cli()
                ),
                runs,
            )
            session.rollback()  # the audit rows
        engine.dispose()
    lines = [
        f"School report for a {pupils:,}-pupil trust school with a year of records "
        f"({n_sessions:,} sessions), SQLite, last 12 months, "
        f"median of {runs} runs. Target: under {TARGET_SECONDS:.0f} s.",
        "",
        "| Report | Seconds |",
        "|---|---:|",
    ]
    lines += [f"| {name} | {seconds:.2f} |" for name, seconds in results.items()]
    worst = max(v for k, v in results.items() if k.startswith("School"))
    lines += [
        "",
        f"Slowest school report: {worst:.2f} s ({'within' if worst < TARGET_SECONDS else 'OVER'} "
        f"the {TARGET_SECONDS:.0f} s target).",
    ]
    return "\n".join(lines)


# -- the README's sample pictures ---------------------------------------------------
def sample_pictures(pack_png: Path | None, report_png: Path | None) -> None:
    """The first page of Sam Brown's evidence pack and of the school report, for the
    demo school after an autumn term of records."""
    from typer.testing import CliRunner

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/demo.db"
        os.environ["DATABASE_URL"] = url
        from bot.cli import app

        result = CliRunner().invoke(app, ["demo"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        engine = make_engine(url)
        first, last = date(2026, 9, 3), date(2026, 12, 18)
        _log_demo_term(engine, first, last)
        from schedules.calendar import load_calendar

        calendar = load_calendar()
        now = datetime(2026, 12, 18, 15, 30, tzinfo=LONDON)
        with session_scope(engine) as session:
            senco = Requester(
                session.exec(select(Staff).where(Staff.role == "senco")).first(), "slack"
            )
            sam = session.exec(select(Pupil).where(Pupil.upn == "Y999900002001")).one()
            pack = pupil_pack_file(
                session,
                sam,
                period=Period(first, last, LONDON),
                now=now,
                requester=senco,
                calendar=calendar,
            )
            report = school_report_file(
                session,
                sam.school_id,
                period=Period(first, last, LONDON),
                now=now,
                requester=senco,
                window=review_window(last, calendar),
                calendar=calendar,
            )
        engine.dispose()
        for png, file in ((pack_png, pack), (report_png, report)):
            if png is not None:
                _first_page(file.content, Path(folder), png)
                print(f"wrote {png}")


def _first_page(pdf: bytes, folder: Path, png: Path) -> None:
    """The PDF's first page as a PNG (pdftoppm, from poppler-utils)."""
    source = folder / "file.pdf"
    source.write_bytes(pdf)
    stem = folder / "page"
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(source),
            str(stem),
        ],
        check=True,
    )
    png.write_bytes(stem.with_suffix(".png").read_bytes())


def _log_demo_term(engine, first: date, last: date) -> None:
    """An autumn term for the demo school: sessions, incidents (one RPI) and parent contacts."""
    from schedules.calendar import load_calendar

    rng = random.Random(2026)
    calendar = load_calendar()
    with session_scope(engine) as session:
        staff = {s.email.split(".")[0]: s for s in session.exec(select(Staff))}
        rows = []
        for provision in session.exec(select(Provision)):
            pupil = session.get(Pupil, provision.pupil_id)
            day = first
            while day <= last:
                week = [
                    d
                    for d in (day + timedelta(days=i) for i in range(7 - day.weekday()))
                    if d <= last and calendar.is_school_day(d)
                ]
                for n, d in enumerate(week[: provision.sessions_per_week]):
                    delivered = rng.random() < 0.86
                    rows.append(
                        SessionLog(
                            school_id=pupil.school_id,
                            pupil_id=pupil.id,
                            provision_id=provision.id,
                            occurred_at=datetime(d.year, d.month, d.day, 9 + n, 10, tzinfo=LONDON),
                            logged_by_id=pupil.key_worker_id,
                            platform="slack",
                            status="delivered" if delivered else "missed",
                            missed_reason=None
                            if delivered
                            else rng.choice(
                                ["pupil absent", "staff absence", "school trip", "assembly overran"]
                            ),
                            duration_minutes=provision.minutes_per_session if delivered else None,
                            notes=rng.choice(
                                [
                                    "",
                                    "",
                                    "good focus",
                                    "needed movement breaks",
                                    "used visual timer",
                                ]
                            ),
                        )
                    )
                day += timedelta(days=7 - day.weekday())
        sam = session.exec(select(Pupil).where(Pupil.upn == "Y999900002001")).one()
        jo = staff["jo"]
        for when, antecedent in [
            ("2026-09-15T10:40", "transition from playground"),
            ("2026-10-06T13:20", "asked to write"),
            ("2026-11-10T10:45", "transition from playground"),
            ("2026-12-01T11:05", "noisy hall"),
        ]:
            at = datetime.fromisoformat(when).replace(tzinfo=LONDON)
            rows.append(
                BehaviourIncident(
                    school_id=sam.school_id,
                    pupil_id=sam.id,
                    occurred_at=at,
                    logged_by_id=jo.id,
                    antecedent=antecedent,
                    behaviour="ran out of class",
                    notes="calmed in the quiet room",
                )
            )
        at = datetime(2026, 11, 10, 10, 45, tzinfo=LONDON)
        rows[-2].physical_intervention = True
        rows[-2].place, rows[-2].staff_involved = "Year 3 corridor", "Jo Fletcher, Tom Hughes"
        rows[-2].hold_type, rows[-2].hold_minutes = "guided hold (arm)", 2
        rows[-2].deescalation_tried = "calm script, offered the den, reduced demands"
        rows[-2].reason_for_force = "running towards the open car park gate"
        rows[-2].injuries, rows[-2].support_after = (
            "none",
            "quiet time and a drink; talked it through",
        )
        rows[-2].parents_informed_at = at.replace(hour=15, minute=20)
        for when, who, how, summary, follow in [
            ("2026-09-10T15:20", "mum", "phone", "settling in well after the summer", None),
            (
                "2026-11-10T15:20",
                "mum",
                "phone",
                "told mum about the guided hold",
                date(2026, 11, 17),
            ),
            (
                "2026-12-02T08:45",
                "dad",
                "in_person",
                "new visual timetable to try at home",
                date(2027, 1, 8),
            ),
        ]:
            at = datetime.fromisoformat(when).replace(tzinfo=LONDON)
            rows.append(
                ParentContact(
                    school_id=sam.school_id,
                    pupil_id=sam.id,
                    occurred_at=at,
                    logged_by_id=jo.id,
                    contact_with=who,
                    method=how,
                    summary=summary,
                    follow_up_on=follow,
                    follow_up_done_at=datetime(2026, 11, 17, 15, 0, tzinfo=LONDON)
                    if follow == date(2026, 11, 17)
                    else None,
                )
            )
        session.add_all(rows)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--write", metavar="FILE", help="write the '## Reports' section of this file"
    )
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--sample-pack", metavar="PNG", type=Path, help="render the README's sample pack instead"
    )
    parser.add_argument(
        "--sample-report", metavar="PNG", type=Path, help="and/or the sample school report"
    )
    args = parser.parse_args()
    if args.sample_pack or args.sample_report:
        sample_pictures(args.sample_pack, args.sample_report)
        return 0
    body = bench(args.pupils, args.runs)
    print(body)
    if args.write:
        write_section(args.write, "Reports", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
