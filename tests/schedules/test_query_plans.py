"""The hot queries use an index on the record tables, on SQLite and on PostgreSQL.

Every SELECT the day's jobs run (and the urgent alert sender's poll) is
captured as it runs against the sample school, then explained: SQLite's
EXPLAIN QUERY PLAN must SEARCH (not SCAN) each record table; PostgreSQL's
EXPLAIN, with sequential scans priced out (a tiny test table would otherwise
always be scanned), must reach them through an index condition. The roster
tables (school, staff, pupil, provision, chat identities) are read whole by
the trust-wide jobs by design, so they are not checked.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from schedules.jobs import messages_for_day
from tests.schedules.conftest import CONFIG

HOT_TABLES = frozenset(
    {"sessionlog", "behaviourincident", "parentcontact", "safeguardingalert", "outboxmessage"}
)


@contextmanager
def captured(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    statements: list[tuple[str, Any]] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _sqlite_scans(engine: Engine, statement: str, parameters: Any) -> list[str]:
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
    return [
        detail
        for *_, detail in rows
        if detail.startswith("SCAN ") and detail.split()[1] in HOT_TABLES
    ]


def _postgres_scans(engine: Engine, statement: str, parameters: Any) -> list[str]:
    with engine.connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")
        [plan] = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, parameters).one()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    found: list[str] = []

    def walk(node: dict[str, Any]) -> None:
        table = node.get("Relation Name")
        kind = node["Node Type"]
        if table in HOT_TABLES and (
            kind == "Seq Scan"
            or (kind in ("Index Scan", "Index Only Scan") and "Index Cond" not in node)
        ):
            found.append(f"{kind} on {table}")
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return found


def full_scans(engine: Engine, statements: list[tuple[str, Any]]) -> dict[str, list[str]]:
    explain: Callable[[Engine, str, Any], list[str]] = (
        _postgres_scans if engine.dialect.name == "postgresql" else _sqlite_scans
    )
    out = {}
    for statement, parameters in statements:
        scans = explain(engine, statement, parameters)
        if scans:
            out[" ".join(statement.split())[:300]] = scans
    return out


def test_the_days_jobs_reach_every_record_table_through_an_index(school):
    with captured(school.engine) as statements:
        messages = messages_for_day(school.engine, date(2026, 11, 18), CONFIG)
    assert messages and len(statements) >= 10
    touched = {t for s, _ in statements for t in HOT_TABLES if t in s}
    assert {"sessionlog", "behaviourincident", "parentcontact", "safeguardingalert"} <= touched
    assert full_scans(school.engine, statements) == {}


def test_the_urgent_senders_poll_and_escalation_use_their_partial_indexes(school):
    from datetime import UTC, datetime

    from schedules.alerts import escalate_unacknowledged
    from schedules.outbox import deliver_pending
    from storage.models import URGENT_JOBS
    from tests.support.chat import Dialog

    Dialog(school.engine, "raj.singh@brookfield.example").send(
        "Harry said something at snack that worried me - need DSL"
    )
    with captured(school.engine) as statements:
        deliver_pending(school.engine, lambda m, r: "slack", jobs=URGENT_JOBS, config=CONFIG)
        escalate_unacknowledged(school.engine, datetime(2026, 11, 18, 11, tzinfo=UTC), CONFIG)
    polls = [s for s in statements if "outboxmessage.job IN" in s[0] or "ack_due_at <=" in s[0]]
    assert len(polls) >= 2
    assert full_scans(school.engine, statements) == {}
