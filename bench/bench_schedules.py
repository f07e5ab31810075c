"""Benchmark: one school day's scheduled jobs for a multi-academy trust.

Builds a synthetic trust (8 schools, 2,000 pupils, 6,000 provisions, a
school year of records: about a million rows) on SQLite and on PostgreSQL,
bulk-loaded (executemany on SQLite, COPY on PostgreSQL), then times, for one
Wednesday in March:

* the digest queries (storage.queries.*, every school),
* the nudge query (provision behind pace, every school),
* all four jobs end to end as they run each day (text, plus each school's
  digest chart data, which the outbox sender draws when it delivers),
* drawing one school's digest chart with matplotlib, as the sender does per
  digest delivered (not part of the jobs).

Target: all of one day's jobs in under 1 second.

    python bench/bench_schedules.py [--write docs/benchmarks.md] [--sqlite-only]

PostgreSQL: $KEYWORKER_BENCH_POSTGRES_URL (an empty database), else a
throwaway local server as the tests start one.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from bench.report import write_section  # noqa: E402
from schedules import charts, jobs  # noqa: E402
from schedules.config import ScheduleConfig  # noqa: E402
from schedules.pace import week_pace  # noqa: E402
from storage.db import make_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import (  # noqa: E402
    BehaviourIncident,
    ParentContact,
    Provision,
    Pupil,
    SafeguardingAlert,
    School,
    SessionLog,
    Staff,
)
from storage.queries.activity import counts_by_staff  # noqa: E402
from storage.queries.behaviour import incidents  # noqa: E402
from storage.queries.contacts import follow_ups  # noqa: E402
from storage.queries.pace import provision_week  # noqa: E402
from storage.queries.reviews import reviews_open  # noqa: E402
from storage.queries.safeguarding import safeguarding_counts  # noqa: E402
from storage.queries.sessions import missed_sessions  # noqa: E402

SCHOOLS = 8
PUPILS = 2000
PROVISIONS_PER_PUPIL = 3
DAY = date(2027, 3, 17)  # a Wednesday in the spring term
YEAR_START, YEAR_END = date(2026, 9, 1), date(2027, 7, 21)
REPEATS = 7
CONFIG = ScheduleConfig()
NAMES = [
    "Freya",
    "Kai",
    "Harry",
    "Grace",
    "Aarav",
    "Lily",
    "Ethan",
    "Max",
    "Isla",
    "Harriet",
    "Sam",
    "Zoe",
    "Noah",
    "Ava",
    "Leo",
    "Mia",
    "Amira",
    "Oliver",
    "Chloe",
    "Ruby",
]
SURNAMES = [
    "Jones",
    "Robinson",
    "Wright",
    "Walker",
    "Gupta",
    "Green",
    "Hall",
    "Turner",
    "Murphy",
    "Wood",
    "Brown",
    "Patel",
    "Clarke",
    "Evans",
    "Marsh",
    "Haddad",
    "Adeyemi",
    "Kowalski",
]
PROVISIONS = [
    ("Phonics", 5, 20),
    ("SALT", 2, 30),
    ("Zones of Regulation", 5, 15),
    ("ELSA", 1, 45),
    ("Precision teaching", 5, 10),
    ("Sensory circuits", 5, 10),
    ("Lego therapy", 1, 30),
    ("Fine motor skills", 3, 15),
    ("Reading intervention", 3, 15),
    ("Emile maths", 3, 20),
]
# The chart data of the first school's digest, per database URL (set in run()).
CHART_SPEC: dict[str, dict] = {}


def _utc(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, dtime(hour, minute), tzinfo=CONFIG.tz).astimezone(UTC)


def build_rows(rng: random.Random) -> dict:
    """Every row of the synthetic trust, as dicts keyed by column name (ids assigned here)."""
    now = datetime(2026, 9, 1, tzinfo=UTC)
    schools = [
        {"id": i + 1, "slug": f"school-{i + 1}", "name": f"Academy {i + 1}", "created_at": now}
        for i in range(SCHOOLS)
    ]
    staff, pupils, provisions = [], [], []
    workers: dict[int, list[int]] = {}
    for s in schools:
        for role, count in (("senco", 1), ("dsl", 1), ("lsa", 30)):
            for n in range(count):
                sid = len(staff) + 1
                staff.append(
                    {
                        "id": sid,
                        "school_id": s["id"],
                        "email": f"{role}{n}.s{s['id']}@trust.example",
                        "name": f"{role.upper()} {n} ({s['name']})",
                        "role": role,
                        "active": True,
                        "mute_nudges": False,
                        "preferred_platform": None,
                        "created_at": now,
                    }
                )
                if role == "lsa":
                    workers.setdefault(s["id"], []).append(sid)
    school_days = [YEAR_START + timedelta(days=i) for i in range((YEAR_END - YEAR_START).days + 1)]
    school_days = [d for d in school_days if CONFIG.calendar.is_school_day(d)]
    for p in range(PUPILS):
        school_id = p % SCHOOLS + 1
        ehcp = rng.random() < 0.6
        pupils.append(
            {
                "id": p + 1,
                "school_id": school_id,
                "upn": f"B{p:012d}",
                "first_name": rng.choice(NAMES),
                "last_name": rng.choice(SURNAMES),
                "preferred_name": None,
                "year_group": str(rng.randint(1, 6)),
                "class_name": None,
                "key_worker_id": rng.choice(workers[school_id]),
                "plan_type": "EHCP" if ehcp else "SEN Support",
                "annual_review_due": YEAR_START + timedelta(days=rng.randint(0, 364))
                if ehcp
                else None,
                "review_booked_on": None,
                "review_held_on": None,
                "review_report_sent_on": None,
                "active": True,
            }
        )
        for name, per_week, minutes in rng.sample(PROVISIONS, PROVISIONS_PER_PUPIL):
            provisions.append(
                {
                    "id": len(provisions) + 1,
                    "school_id": school_id,
                    "pupil_id": p + 1,
                    "name": name,
                    "area_of_need": "Cognition and learning",
                    "sessions_per_week": per_week,
                    "minutes_per_session": minutes,
                    "start_on": None,
                    "end_on": None,
                }
            )
    common = {
        "notes": "",
        "platform": "slack",
        "source_text": "",
        "version": 1,
        "withdrawn_at": None,
        "withdrawn_reason": None,
    }
    sessions, incidents, contacts, alerts = [], [], [], []
    kw = {p["id"]: p["key_worker_id"] for p in pupils}
    for d in school_days:
        for prov in provisions:
            if rng.random() >= prov["sessions_per_week"] / 5 * 0.97:
                continue
            at = _utc(d, 9 + rng.randint(0, 5), rng.choice((0, 15, 30, 45)))
            missed = rng.random() < 0.06
            sessions.append(
                {
                    **common,
                    "school_id": prov["school_id"],
                    "pupil_id": prov["pupil_id"],
                    "occurred_at": at,
                    "logged_by_id": kw[prov["pupil_id"]],
                    "logged_at": at,
                    "provision_id": prov["id"],
                    "group_id": None,
                    "status": "missed" if missed else "delivered",
                    "missed_reason": "absent" if missed else None,
                    "duration_minutes": None if missed else prov["minutes_per_session"],
                }
            )
        for _ in range(rng.randint(500, 640)):
            p = rng.choice(pupils)
            at = _utc(d, 9 + rng.randint(0, 5), rng.randint(0, 59))
            rpi = rng.random() < 0.03
            incidents.append(
                {
                    **common,
                    "school_id": p["school_id"],
                    "pupil_id": p["id"],
                    "occurred_at": at,
                    "logged_by_id": p["key_worker_id"],
                    "logged_at": at,
                    "place": "classroom",
                    "antecedent": None,
                    "behaviour": "left the room",
                    "consequence": None,
                    "strategies": None,
                    "severity": rng.randint(1, 3),
                    "physical_intervention": rpi,
                    "staff_involved": None,
                    "hold_type": "guided hold" if rpi else None,
                    "hold_minutes": 2 if rpi else None,
                    "deescalation_tried": None,
                    "reason_for_force": None,
                    "injuries": "none" if rpi else None,
                    "support_after": None,
                    "parents_informed_at": at if rpi and rng.random() < 0.8 else None,
                }
            )
        for _ in range(rng.randint(250, 350)):
            p = rng.choice(pupils)
            at = _utc(d, 15, rng.randint(0, 59))
            follow = d + timedelta(days=rng.randint(1, 10)) if rng.random() < 0.3 else None
            done = _utc(follow, 12) if follow and (follow < DAY and rng.random() < 0.9) else None
            contacts.append(
                {
                    **common,
                    "school_id": p["school_id"],
                    "pupil_id": p["id"],
                    "occurred_at": at,
                    "logged_by_id": p["key_worker_id"],
                    "logged_at": at,
                    "contact_with": "mum",
                    "method": "phone",
                    "direction": "outbound",
                    "summary": "catch-up",
                    "follow_up_on": follow,
                    "follow_up_done_at": done,
                }
            )
        if rng.random() < 0.5:
            p = rng.choice(pupils)
            alerts.append(
                {
                    "school_id": p["school_id"],
                    "pupil_id": p["id"],
                    "raised_by_id": p["key_worker_id"],
                    "raised_at": _utc(d, 11),
                    "platform": "slack",
                    "words": "(synthetic)",
                    "routed_to": "DSL",
                    "acknowledged_at": None,
                }
            )
    return {
        School: schools,
        Staff: staff,
        Pupil: pupils,
        Provision: provisions,
        SessionLog: sessions,
        BehaviourIncident: incidents,
        ParentContact: contacts,
        SafeguardingAlert: alerts,
    }


def load(engine, rows: dict) -> float:
    started = time.perf_counter()
    if engine.dialect.name == "postgresql":
        raw = engine.raw_connection()
        try:
            with raw.cursor() as cur:
                for model, data in rows.items():
                    if not data:
                        continue
                    cols = list(data[0])
                    table = model.__tablename__
                    with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                        for row in data:
                            copy.write_row([row[c] for c in cols])
                    if "id" in cols:
                        cur.execute(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT max(id) FROM {table}))"
                        )
            raw.commit()
        finally:
            raw.close()
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    else:
        with engine.begin() as conn:
            for model, data in rows.items():
                for i in range(0, len(data), 50_000):
                    conn.execute(model.__table__.insert(), data[i : i + 50_000])
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    return time.perf_counter() - started


def digest_queries(engine) -> None:
    now = datetime.combine(DAY, CONFIG.digest_time, tzinfo=CONFIG.tz)
    start = datetime.combine(DAY, dtime.min, tzinfo=CONFIG.tz)
    pace = week_pace(CONFIG.calendar, DAY)
    monday = datetime.combine(pace.monday, dtime.min, tzinfo=CONFIG.tz)
    with Session(engine) as s:
        for school_id in s.exec(select(School.id)):
            counts_by_staff(s, school_id, start, now)
            incidents(s, school_id, start, now)
            safeguarding_counts(s, school_id, start, now)
            missed_sessions(s, school_id, start, now)
            provision_week(
                s, school_id, week_start=monday, until=now, day=DAY, week_days=pace.school_days
            )
            reviews_open(s, school_id, due_by=DAY + timedelta(weeks=6))
            follow_ups(s, school_id, due_from=None, due_to=DAY)


def nudge_query(engine) -> None:
    now = datetime.combine(DAY, CONFIG.nudge_time, tzinfo=CONFIG.tz)
    pace = week_pace(CONFIG.calendar, DAY)
    monday = datetime.combine(pace.monday, dtime.min, tzinfo=CONFIG.tz)
    with Session(engine) as s:
        for school_id in s.exec(select(School.id)):
            provision_week(
                s,
                school_id,
                week_start=monday,
                until=now,
                day=DAY,
                week_days=pace.school_days,
                midday=True,
                behind_only=True,
            )


def all_jobs(engine, charts: bool) -> int:
    config = ScheduleConfig(charts=charts)
    return len(jobs.messages_for_day(engine, DAY, config))


def timed(fn, *args) -> tuple[float, float]:
    fn(*args)  # warm caches and the statement cache
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times)


def chart_draw(engine) -> None:
    """Draw the first school's digest chart, as the outbox sender does for each digest it sends."""
    charts.provision_png(CHART_SPEC[engine.url.render_as_string()])


def run(name: str, url: str, rows: dict) -> dict:
    engine = make_engine(url)
    upgrade(engine)
    load_s = load(engine, rows)
    result = {"db": name, "load": load_s}
    result["digest"] = timed(digest_queries, engine)
    result["nudges"] = timed(nudge_query, engine)
    result["jobs"] = timed(all_jobs, engine, False)
    result["jobs_charts"] = timed(all_jobs, engine, True)
    result["messages"] = all_jobs(engine, False)
    digest = next(
        m for m in jobs.messages_for_day(engine, DAY, ScheduleConfig()) if m.job == "digest"
    )
    CHART_SPEC[engine.url.render_as_string()] = digest.payload["charts"][0]
    result["chart"] = timed(chart_draw, engine)
    engine.dispose()
    print(f"{name}: {result}", flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", help="benchmarks markdown file to update")
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    rows = build_rows(random.Random(2027))
    total = sum(len(v) for v in rows.values())
    print(f"built {total:,} rows in {time.perf_counter() - started:.1f}s", flush=True)
    results = []
    with ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory())
        results.append(run("SQLite", f"sqlite:///{tmp}/bench.db", rows))
        if not args.sqlite_only:
            import os

            url = os.environ.get("KEYWORKER_BENCH_POSTGRES_URL")
            if not url:
                from tests.support.postgres import NoPostgres, fresh_database, postgres_server

                try:
                    admin = stack.enter_context(postgres_server())
                    url = stack.enter_context(fresh_database(admin))
                except NoPostgres as why:
                    print(f"PostgreSQL skipped: {why}")
            if url:
                results.append(run("PostgreSQL", url, rows))
    counts = {m.__tablename__: len(v) for m, v in rows.items()}
    lines = [
        f"Synthetic trust: {SCHOOLS} schools, {counts['pupil']:,} pupils, {counts['provision']:,} provisions, "
        f"a school year of records ({counts['sessionlog']:,} sessions, {counts['behaviourincident']:,} "
        f"incidents, {counts['parentcontact']:,} parent contacts; {total:,} rows). Day measured: "
        f"{DAY:%a %d %b %Y}. Median (min) of {REPEATS} runs after one warm-up. Target: all of one "
        "day's jobs under 1 s. The digest jobs store each school's chart data; the outbox sender "
        "draws the PNG (matplotlib) when it delivers a digest, timed in the last column.",
        "",
        "| Database | Bulk load | Digest queries (all schools) | Nudge query (all schools) "
        "| All 4 jobs, text only | **All 4 jobs, with chart data** | Messages | One chart drawn at delivery |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:

        def f(pair):
            return f"{pair[0] * 1000:.0f} ms ({pair[1] * 1000:.0f})"

        lines.append(
            f"| {r['db']} | {r['load']:.1f} s | {f(r['digest'])} | {f(r['nudges'])} | "
            f"{f(r['jobs'])} | **{f(r['jobs_charts'])}** | {r['messages']:,} | {f(r['chart'])} |"
        )
    lines += [
        "",
        "Reproduce: `.venv/bin/python bench/bench_schedules.py --write docs/benchmarks.md`.",
    ]
    body = "\n".join(lines)
    print(body)
    if args.write:
        write_section(args.write, "Schedules", body)
    print(f"total {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
