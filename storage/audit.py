"""The append-only, hash-chained audit trail: the one call site for every read and write
of pupil data, the one query that reads the trail back, and the check that it is whole.

Each row stores the hash of the row before it (`prev_hash`) and its own
(`row_hash`: SHA-256 over a canonical JSON of its fields and `prev_hash`), so
changing, removing or slipping in a row breaks the chain from there on, and
`verify_chain` names the first row that no longer fits. The one-row table
`auditchainhead` holds the newest row's hash: `audit` takes it with
`UPDATE ... RETURNING` (one short statement, which also locks the head until
the transaction ends, so concurrent writers on PostgreSQL append one at a
time and on SQLite the write lock is taken before the head is read), and a
database trigger moves it on when the row is inserted (migration
0003_audit_chain). The same migration makes UPDATE and DELETE on auditevent
fail, on both databases.

Command-line attribution: the CLI marks its session with the `Operator`
(`attribute_to`); every row written in that session with platform "cli" then
carries the operator's staff id (when --as named one) and, in its detail, the
OS account that ran the command (e.g. "[os:root]"), including rows written
deep inside storage/ and handlers/.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlmodel import col

from storage.models import AuditChainHead, AuditEvent, Pupil, Staff, table_of
from storage.types import utcnow

HEAD_ID = 1
GENESIS = "0" * 64
DETAIL_LIMIT = 2000
# The fields a row's hash covers, in the canonical serialisation (see chain_hash).
CHAINED_FIELDS = (
    "at",
    "school_id",
    "staff_id",
    "platform",
    "action",
    "record_type",
    "record_id",
    "pupil_id",
    "detail",
)
_OPERATOR = "keyworker.operator"


_AUDIT = table_of(AuditEvent)
_HEAD = table_of(AuditChainHead)


@dataclass(frozen=True)
class Operator:
    """Who ran a command: the staff member --as/KEYWORKER_OPERATOR named (if any) and the
    OS account, written "os:NAME"."""

    staff_id: int | None
    email: str | None
    os_account: str

    def sign(self, detail: str) -> str:
        mark = f" [{self.os_account}]"
        return detail[: DETAIL_LIMIT - len(mark)] + mark


def attribute_to(session: Session, operator: Operator) -> None:
    """Every "cli" audit row written in this session is the operator's."""
    session.info[_OPERATOR] = operator


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def chain_hash(fields: dict[str, Any], prev_hash: str) -> str:
    """SHA-256 of a row's canonical form: version, CHAINED_FIELDS and prev_hash as compact
    JSON with sorted keys, UTF-8, the time as UTC with microseconds."""
    document: dict[str, Any] = {name: fields[name] for name in CHAINED_FIELDS}
    document["at"] = _stamp(fields["at"])
    document["prev_hash"] = prev_hash
    document["v"] = 1
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# Built once: the two statements every audited message runs.
_TAKE_HEAD = (
    update(_HEAD)
    .where(_HEAD.c.id == HEAD_ID)
    .values(rows=_HEAD.c.rows + 1)
    .returning(_HEAD.c.last_hash)
)
_APPEND = insert(_AUDIT)


def _take_head(connection: Connection) -> str:
    """Lock the chain head for this transaction and return the newest row's hash."""
    last = connection.execute(_TAKE_HEAD).scalar_one_or_none()
    if last is None:  # a database the migration never reached; start the chain
        connection.execute(insert(_HEAD).values(id=HEAD_ID, rows=0, last_hash=GENESIS))
        last = connection.execute(_TAKE_HEAD).scalar_one()
    return str(last)


def audit(
    session: Session,
    *,
    action: str,
    school_id: int | None,
    staff_id: int | None,
    platform: str,
    record_type: str | None = None,
    record_id: int | None = None,
    pupil_id: int | None = None,
    detail: str = "",
) -> None:
    """Append an audit row inside the caller's transaction, so it lands with the change."""
    operator = session.info.get(_OPERATOR) if platform == "cli" else None
    if isinstance(operator, Operator):
        staff_id = operator.staff_id if staff_id is None else staff_id
        detail = operator.sign(detail)
    fields: dict[str, Any] = {
        "at": utcnow(),
        "school_id": school_id,
        "staff_id": staff_id,
        "platform": platform,
        "action": action,
        "record_type": record_type,
        "record_id": record_id,
        "pupil_id": pupil_id,
        "detail": detail[:DETAIL_LIMIT],
    }
    connection = session.connection()  # core SQL, in the caller's transaction
    prev_hash = _take_head(connection)
    fields["prev_hash"] = prev_hash
    fields["row_hash"] = chain_hash(fields, prev_hash)
    connection.execute(_APPEND, fields)


def cli_audit(
    session: Session,
    action: str,
    *,
    school_id: int | None = None,
    detail: str = "",
    **fields: Any,
) -> None:
    """An audit row for something done at the command line; the session's Operator
    (attribute_to) supplies who."""
    audit(
        session,
        action=action,
        school_id=school_id,
        staff_id=None,
        platform="cli",
        detail=detail,
        **fields,
    )


def audit_trail(
    session: Session,
    *,
    pupil_upn: str | None = None,
    staff_email: str | None = None,
    since: datetime | None = None,
) -> Iterator[tuple[AuditEvent, str | None, str | None]]:
    """(event, staff email, pupil UPN) oldest first, filtered as asked."""
    stmt = (
        select(AuditEvent, col(Staff.email), col(Pupil.upn))
        .outerjoin(Staff, col(Staff.id) == col(AuditEvent.staff_id))
        .outerjoin(Pupil, col(Pupil.id) == col(AuditEvent.pupil_id))
        .order_by(col(AuditEvent.id))
    )
    if pupil_upn:
        stmt = stmt.where(col(Pupil.upn) == pupil_upn.strip().upper())
    if staff_email:
        stmt = stmt.where(col(Staff.email) == staff_email.strip().lower())
    if since is not None:
        stmt = stmt.where(col(AuditEvent.at) >= since)
    yield from session.execute(stmt).tuples()


@dataclass(frozen=True)
class ChainReport:
    rows: int
    last_id: int | None
    last_hash: str
    broken_id: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return not self.problem


def verify_chain(session: Session) -> ChainReport:
    """Walk the whole trail oldest first; the first row that doesn't fit, and why."""
    names = ("id", *CHAINED_FIELDS, "prev_hash", "row_hash")
    rows = session.execute(
        select(*(_AUDIT.c[name] for name in names)).order_by(_AUDIT.c.id),
        execution_options={"yield_per": 2000},
    )
    expected, count, last_id = GENESIS, 0, None
    for row in rows:
        fields = row._asdict()
        if row.prev_hash != expected:
            before = f"row {last_id}" if last_id is not None else "the start of the trail"
            return ChainReport(
                count,
                last_id,
                expected,
                row.id,
                f"row {row.id} does not follow {before}: a row between them was removed, "
                "or one of them was changed or written out of turn",
            )
        if chain_hash(fields, row.prev_hash) != row.row_hash:
            return ChainReport(
                count,
                last_id,
                expected,
                row.id,
                f"row {row.id} ({row.action}, {_stamp(row.at)}) has been changed since it "
                "was written: its contents no longer match its hash",
            )
        expected, count, last_id = row.row_hash, count + 1, row.id
    head = session.execute(select(_HEAD).where(_HEAD.c.id == HEAD_ID)).first()
    head_hash = head.last_hash if head is not None else GENESIS
    if head_hash != expected or (head is not None and head.rows != count):
        head_id = head.last_id if head is not None else None
        return ChainReport(
            count,
            last_id,
            expected,
            head_id,
            f"the trail ends at row {last_id} after {count} rows, but the chain head "
            f"records {head.rows if head else 0} rows ending at row {head_id}: "
            "rows at the end have been removed",
        )
    return ChainReport(count, last_id, expected)
