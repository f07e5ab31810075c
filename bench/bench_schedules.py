"""Benchmark: one school day's scheduled jobs for a multi-academy trust, at three sizes.

Builds a synthetic trust of 250-pupil schools (3 provisions a pupil, a
school year of records: about 450 rows a pupil) on SQLite and on
PostgreSQL, growing it in one database from 2,000 to 10,000 to 20,000
pupils (8, 40 and 80 schools; bulk-loaded school by school: executemany on
SQLite, COPY on PostgreSQL), and at each size times, for one Wednesday in
March:

* all four jobs as they run each day, text only;
* **the day of jobs**: all four with each school's chart data, and their
  messages stored in the outbox (what the scheduler does before sending);
* the per-pupil cost of the day of jobs, and its ratio at 20,000 to 2,000
  pupils (1.0 is linear growth).

Targets: the day of jobs for 20,000 pupils under 2 s on PostgreSQL, and
growth linear on both databases.

    python bench/bench_schedules.py [--write docs/benchmarks.md] [--sqlite-only]
                                    [--sizes 2000,10000,20000]

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

from sqlalchemy import delete, text  # noqa: E402

from bench.report import write_section  # noqa: E402
from schedules import jobs  # noqa: E402
from schedules.config import ScheduleConfig  # noqa: E402
from schedules.outbox import enqueue  # noqa: E402
from storage.db import make_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import (  # noqa: E402
    BehaviourIncident,
    OutboxMessage,
    ParentContact,
    Provision,
    Pupil,
    SafeguardingAlert,
    School,
    SessionLog,
    Staff,
)

PUPILS_PER_SCHOOL = 250
SIZES = (2_000, 10_000, 20_000)
PROVISIONS_PER_PUPIL = 3
DAY = date(2027, 3, 17)  # a Wednesday in the spring term
YEAR_START, YEAR_END = date(2026, 9, 1), date(2027, 7, 21)
REPEATS = 5
CONFIG = ScheduleConfig()
# Trust-wide rates of the original 2,000-pupil trust, per pupil per school day.
INCIDENTS_PER_PUPIL_DAY = (0.25, 0.32)
CONTACTS_PER_PUPIL_DAY = (0.125, 0.175)
ALERTS_PER_PUPIL_DAY = 0.00025
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


def _utc(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, dtime(hour, minute), tzinfo=CONFIG.tz).astimezone(UTC)


SCHOOL_DAYS = [
    d
    for d in (YEAR_START + timedelta(days=i) for i in range((YEAR_END - YEAR_START).days + 1))
    if CONFIG.calendar.is_school_day(d)
]


class Ids:
    """Row ids handed out across schools, so every school's rows load with fixed ids."""

    def __init__(self) -> None:
        self.next: dict[type, int] = {}

    def take(self, model: type) -> int:
        self.next[model] = self.next.get(model, 0) + 1
        return self.next[model]


def school_rows(number: int, ids: Ids) -> dict[type, list[dict]]:
    """Every row of school `number` (1-based): staff, pupils, plans and a year of records."""
    rng = random.Random(2027 * 1000 + number)
    now = datetime(2026, 9, 1, tzinfo=UTC)
    school_id = ids.take(School)
    rows: dict[type, list[dict]] = {
        School: [
            {
                "id": school_id,
                "slug": f"school-{number}",
                "name": f"Academy {number}",
                "created_at": now,
            }
        ]
    }
    staff, workers = [], []
    for role, count in (("senco", 1), ("dsl", 1), ("lsa", 30)):
        for n in range(count):
            sid = ids.take(Staff)
            staff.append(
                {
                    "id": sid,
                    "school_id": school_id,
                    "email": f"{role}{n}.s{school_id}@trust.example",
                    "name": f"{role.upper()} {n} (Academy {number})",
                    "role": role,
                    "active": True,
                    "mute_nudges": False,
                    "preferred_platform": None,
                    "created_at": now,
                }
            )
            if role == "lsa":
                workers.append(sid)
    pupils, provisions = [], []
    for _ in range(PUPILS_PER_SCHOOL):
        pid = ids.take(Pupil)
        ehcp = rng.random() < 0.6
        pupils.append(
            {
                "id": pid,
                "school_id": school_id,
                "upn": f"B{pid:012d}",
                "first_name": rng.choice(NAMES),
                "last_name": rng.choice(SURNAMES),
                "preferred_name": None,
                "year_group": str(rng.randint(1, 6)),
                "class_name": None,
                "key_worker_id": rng.choice(workers),
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
                    "id": ids.take(Provision),
                    "school_id": school_id,
                    "pupil_id": pid,
                    "name": name,
                    "area_of_need": "Cognition and learning",
                    "sessions_per_week": per_week,
                    "minutes_per_session": minutes,
                    "start_on": None,
                    "end_on": None,
                }
            )
    common = {
        "school_id": school_id,
        "notes": "",
        "platform": "slack",
        "source_text": "",
        "version": 1,
        "withdrawn_at": None,
        "withdrawn_reason": None,
    }
    kw = {p["id"]: p["key_worker_id"] for p in pupils}
    sessions, incidents, contacts, alerts = [], [], [], []
    n_pupils = len(pupils)
    for d in SCHOOL_DAYS:
        for prov in provisions:
            if rng.random() >= prov["sessions_per_week"] / 5 * 0.97:
                continue
            at = _utc(d, 9 + rng.randint(0, 5), rng.choice((0, 15, 30, 45)))
            missed = rng.random() < 0.06
            sessions.append(
                {
                    **common,
                    "id": ids.take(SessionLog),
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
        low, high = INCIDENTS_PER_PUPIL_DAY
        for _ in range(rng.randint(int(low * n_pupils), int(high * n_pupils))):
            p = rng.choice(pupils)
            at = _utc(d, 9 + rng.randint(0, 5), rng.randint(0, 59))
            rpi = rng.random() < 0.03
            incidents.append(
                {
                    **common,
                    "id": ids.take(BehaviourIncident),
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
        low, high = CONTACTS_PER_PUPIL_DAY
        for _ in range(rng.randint(int(low * n_pupils), int(high * n_pupils))):
            p = rng.choice(pupils)
            at = _utc(d, 15, rng.randint(0, 59))
            follow = d + timedelta(days=rng.randint(1, 10)) if rng.random() < 0.3 else None
            done = _utc(follow, 12) if follow and (follow < DAY and rng.random() < 0.9) else None
            contacts.append(
                {
                    **common,
                    "id": ids.take(ParentContact),
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
        if rng.random() < ALERTS_PER_PUPIL_DAY * n_pupils:
            p = rng.choice(pupils)
            alerts.append(
                {
                    "id": ids.take(SafeguardingAlert),
                    "school_id": school_id,
                    "pupil_id": p["id"],
                    "raised_by_id": p["key_worker_id"],
                    "raised_at": _utc(d, 11),
                    "platform": "slack",
                    "words": "(synthetic)",
                    "routed_to": f"dsl0.s{school_id}@trust.example",
                    "acknowledged_at": _utc(d, 11, 5),
                    "acknowledged_by_id": None,
                    "delivery": "delivered",
                    "delivery_note": None,
                    "ack_due_at": None,
                }
            )
    rows.update(
        {
            Staff: staff,
            Pupil: pupils,
            Provision: provisions,
            SessionLog: sessions,
            BehaviourIncident: incidents,
            ParentContact: contacts,
            SafeguardingAlert: alerts,
        }
    )
    return rows


def load(engine, rows: dict[type, list[dict]]) -> None:
    """Bulk-load one school's rows (ids fixed), parents before children."""
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
            raw.commit()
        finally:
            raw.close()
    else:
        with engine.begin() as conn:
            for model, data in rows.items():
                for i in range(0, len(data), 50_000):
                    conn.execute(model.__table__.insert(), data[i : i + 50_000])


def grow(engine, schools: range, ids: Ids) -> tuple[int, float]:
    """Add schools to the trust; (rows added, seconds). Statistics refreshed afterwards."""
    started = time.perf_counter()
    added = 0
    for number in schools:
        rows = school_rows(number, ids)
        added += sum(len(v) for v in rows.values())
        load(engine, rows)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            for model in (
                School,
                Staff,
                Pupil,
                Provision,
                SessionLog,
                BehaviourIncident,
                ParentContact,
                SafeguardingAlert,
            ):
                table = model.__tablename__
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
        conn.execute(text("ANALYZE"))
    return added, time.perf_counter() - started


def text_only(engine) -> int:
    return len(jobs.messages_for_day(engine, DAY, ScheduleConfig(charts=False)))


def day_of_jobs(engine) -> int:
    """All four jobs with chart data, their messages stored in the outbox (as the scheduler does)."""
    messages = jobs.messages_for_day(engine, DAY, CONFIG)
    enqueue(engine, messages)
    return len(messages)


def clear_outbox(engine) -> None:
    with engine.begin() as conn:
        conn.execute(delete(OutboxMessage))


def timed(fn, engine, repeats: int) -> tuple[float, float]:
    """(median, min) seconds of `fn(engine)` after one warm-up; the outbox emptied before each run."""
    clear_outbox(engine)
    fn(engine)
    times = []
    for _ in range(repeats):
        clear_outbox(engine)
        started = time.perf_counter()
        fn(engine)
        times.append(time.perf_counter() - started)
    clear_outbox(engine)
    return statistics.median(times), min(times)


def run(name: str, url: str, sizes: list[int]) -> list[dict]:
    engine = make_engine(url)
    upgrade(engine)
    ids = Ids()
    results = []
    have, rows = 0, 0
    for size in sizes:
        want = size // PUPILS_PER_SCHOOL
        added, load_s = grow(engine, range(have + 1, want + 1), ids)
        have, rows = want, rows + added
        result = {"db": name, "pupils": size, "schools": want, "rows": rows, "load": load_s}
        result["text"] = timed(text_only, engine, REPEATS)
        result["day"] = timed(day_of_jobs, engine, REPEATS)
        result["messages"] = text_only(engine)
        results.append(result)
        print(f"{name}: {result}", flush=True)
    engine.dispose()
    return results


def _ms(pair: tuple[float, float]) -> str:
    return f"{pair[0] * 1000:,.0f} ms ({pair[1] * 1000:,.0f})"


def table(results: list[dict]) -> list[str]:
    lines = [
        "| Database | Pupils (schools) | Rows | All 4 jobs, text only "
        "| **Day of jobs** (chart data, stored in the outbox) | Per pupil | Messages |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        per_pupil = r["day"][0] / r["pupils"] * 1e6
        lines.append(
            f"| {r['db']} | {r['pupils']:,} ({r['schools']}) | {r['rows']:,} | {_ms(r['text'])} "
            f"| **{_ms(r['day'])}** | {per_pupil:,.0f} µs | {r['messages']:,} |"
        )
    return lines


def verdicts(results: list[dict]) -> list[str]:
    out = []
    for db in dict.fromkeys(r["db"] for r in results):
        mine = [r for r in results if r["db"] == db]
        small, big = mine[0], mine[-1]
        ratio = (big["day"][0] / big["pupils"]) / (small["day"][0] / small["pupils"])
        out.append(
            f"* {db}: per-pupil cost at {big['pupils']:,} pupils is **{ratio:.2f}x** that at "
            f"{small['pupils']:,} ({'linear or better' if ratio <= 1.25 else 'faster than linear'}); "
            f"the day of jobs for {big['pupils']:,} pupils takes {big['day'][0]:.2f} s."
        )
    pg = [r for r in results if r["db"] == "PostgreSQL" and r["pupils"] == 20_000]
    if pg:
        met = "met" if pg[0]["day"][0] < 2 else "**not met**"
        out.append(f"* Target: 20,000 pupils under 2 s on PostgreSQL: {met}.")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", help="benchmarks markdown file to update")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    started = time.perf_counter()
    results: list[dict] = []
    with ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory())
        results += run("SQLite", f"sqlite:///{tmp}/bench.db", sizes)
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
                results += run("PostgreSQL", url, sizes)
    lines = [
        f"A synthetic trust of {PUPILS_PER_SCHOOL}-pupil schools (32 staff each, "
        f"{PROVISIONS_PER_PUPIL} provisions a pupil, a school year of sessions, incidents, parent "
        "contacts and alerts), grown in one database from the smallest size to the largest and "
        f"measured at each. Day measured: {DAY:%a %d %b %Y}. Median (min) of {REPEATS} runs after "
        "one warm-up. **Day of jobs**: the four jobs with each school's chart data (the sender "
        "draws the PNG at delivery), and their messages stored in the outbox, as the scheduler "
        "does before it sends. Every job reads the whole trust with one grouped query per "
        "section (storage.queries, `school_id=None`), not a loop over schools.",
        "",
        *table(results),
        "",
        *verdicts(results),
        "",
        "Reproduce: `.venv/bin/python bench/bench_schedules.py --write docs/benchmarks.md` "
        f"(this run: {time.perf_counter() - started:.0f} s, mostly building and loading the rows).",
    ]
    body = "\n".join(lines)
    print(body)
    if args.write:
        write_section(args.write, "Schedules", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
