"""Roster import from CSV (staff, pupils, provisions): whole file or nothing.

Headers are a contract (see README): the columns of HEADERS in that order,
then any of that kind's OPTIONAL columns (census codes, dates of birth,
provision dates, costs, outcomes) in any order; a file without them still
imports, and a column left out leaves what is stored alone. Every row is checked before anything is
written and every problem on every line is reported with its line number; a
file with any problem changes nothing. Re-importing updates by email / UPN /
(UPN, provision) instead of adding duplicates. UTF-8 with or without the BOM
that Excel writes.

Each import is audited: one row for the file, and one per change of who can
see what (a new staff member's role, a role changed with before and after, a
pupil's key worker changed), by whoever imported it (the command line's
operator, or the signed-in member of staff on the web pages).

The same checks give a dry run (`preview_file`): what would be added, updated
or left unchanged, field by field, without storing anything. A `mapping`
(contract column -> the file's column) reads a management-information
system's export whose columns are named differently; extra columns are then
ignored (storage.roster_mapping suggests and remembers mappings).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from storage.audit import audit
from storage.identity import link_chat_identity
from storage.models import ChatIdentity, PlanType, Provision, Pupil, Role, Staff
from storage.provisions import amend_provision, area_of_need, provision_problems
from storage.roster_fields import parse_date, plan_from_status, provision_fields, pupil_fields
from storage.upn import upn_problem

HEADERS = {
    "staff": ["email", "name", "role", "slack_user_id", "telegram_user_id"],
    "pupils": [
        "upn",
        "first_name",
        "last_name",
        "preferred_name",
        "year_group",
        "class",
        "key_worker_email",
        "plan_type",
        "annual_review_due",
    ],
    "provisions": ["upn", "provision", "area_of_need", "sessions_per_week", "minutes_per_session"],
}
# Columns a file may add after HEADERS, in any order (issue 15); a file without them
# still imports, and leaving one out leaves what is stored alone.
OPTIONAL = {
    "staff": [],
    "pupils": [
        "date_of_birth",
        "sen_status",
        "sen_status_from",
        "primary_need",
        "primary_need_from",
        "secondary_need",
        "secondary_need_from",
    ],
    "provisions": [
        "start_date",
        "end_date",
        "delivered_by",
        "group_size",
        "hourly_cost",
        "outcome",
        "entry_measure",
        "exit_measure",
    ],
}
COLUMNS = {kind: HEADERS[kind] + OPTIONAL[kind] for kind in HEADERS}
# Columns a mapped file must have; the others may be left out (read as empty).
REQUIRED = {
    "staff": ["email", "name"],
    "pupils": ["upn", "first_name", "last_name", "plan_type"],
    "provisions": HEADERS["provisions"],
}
# Management-information systems write the SEN status as a code: E is an
# EHC plan, K is SEN Support (the DfE census codes).
PLAN_TYPES = {
    "ehcp": PlanType.ehcp.value,
    "ehc plan": PlanType.ehcp.value,
    "education, health and care plan": PlanType.ehcp.value,
    "e": PlanType.ehcp.value,
    "sen support": PlanType.sen_support.value,
    "k": PlanType.sen_support.value,
}

Mapping = dict[str, str]  # contract column -> the file's column ("" = not in the file)
Row = tuple[int, dict[str, str]]  # (line number, values by contract column)


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass
class RowChange:
    """What importing one line would do: 'add', 'update' or 'unchanged'."""

    line: int
    key: str
    label: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class ImportReport:
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    rows: list[RowChange] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def problems_by_line(self) -> list[tuple[int, list[str]]]:
        by_line: dict[int, list[str]] = {}
        for line, why in self.errors:
            by_line.setdefault(line, []).append(why)
        return sorted(by_line.items())


class ImportFailed(Exception):
    def __init__(self, report: ImportReport):
        self.report = report
        lines = "; ".join(f"line {n}: {why}" for n, why in report.errors[:20])
        super().__init__(f"{report.kind} import refused, nothing changed: {lines}")


def decode(raw: bytes) -> str:
    """The file's text: UTF-8, with or without the byte-order mark Excel writes."""
    return raw.decode("utf-8-sig")


def file_header(raw: bytes) -> list[str]:
    """The file's column names as written (empty for a file that isn't UTF-8 CSV)."""
    try:
        first = next(csv.reader(io.StringIO(decode(raw), newline="")), [])
    except (UnicodeDecodeError, csv.Error):
        return []
    return [h.strip() for h in first]


def contract_header(kind: str, header: list[str]) -> bool:
    """Whether a file's header is the contract's: HEADERS, then optional columns, once each."""
    base, extra = header[: len(HEADERS[kind])], header[len(HEADERS[kind]) :]
    return (
        base == HEADERS[kind]
        and all(c in OPTIONAL[kind] for c in extra)
        and len(set(extra)) == len(extra)
    )


def read_rows(
    kind: str, source: str | Path | bytes, mapping: Mapping | None = None
) -> list[tuple[int, dict[str, str]]]:
    """(line number, row keyed by contract column) pairs; raises ImportFailed on a bad header."""
    return _read(kind, source, mapping)[0]


def _read(
    kind: str, source: str | Path | bytes, mapping: Mapping | None
) -> tuple[list[Row], set[str]]:
    """The rows, and the contract columns the file has."""
    raw = Path(source).read_bytes() if isinstance(source, (str, Path)) else source
    try:
        text = decode(raw)
    except UnicodeDecodeError as exc:
        # The line of the first byte that isn't UTF-8 (save the file as "CSV UTF-8").
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFailed(
            ImportReport(kind, errors=[(line, f"the file is not UTF-8 here ({exc.reason})")])
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    if mapping is None:
        if not contract_header(kind, header):
            want = ",".join(HEADERS[kind])
            more = (
                f", then any of these optional columns: {','.join(OPTIONAL[kind])}"
                if OPTIONAL[kind]
                else ""
            )
            raise ImportFailed(
                ImportReport(kind, errors=[(1, f"the header must be exactly: {want}{more}")])
            )
        mapping = {column: column for column in header}
    else:
        problems = mapping_problems(kind, header, mapping)
        if problems:
            raise ImportFailed(ImportReport(kind, errors=[(1, p) for p in problems]))
    rows = []
    for row in reader:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        values = {
            column: (row.get(mapping.get(column, "")) or "").strip() if mapping.get(column) else ""
            for column in COLUMNS[kind]
        }
        rows.append((reader.line_num, values))
    return rows, {c for c in COLUMNS[kind] if mapping.get(c)}


def mapping_problems(kind: str, header: list[str], mapping: Mapping) -> list[str]:
    """What stops `mapping` reading a file with this header (empty when it can)."""
    problems = []
    for column in REQUIRED[kind]:
        if not mapping.get(column):
            problems.append(f"choose the file's column for {column}")
    for column, chosen in mapping.items():
        if column not in COLUMNS[kind]:
            problems.append(f"{column} is not a {kind} column")
        elif chosen and chosen not in header:
            problems.append(f"the file has no column called '{chosen}' (for {column})")
    used = [c for c in mapping.values() if c]
    for chosen in sorted({c for c in used if used.count(c) > 1}):
        problems.append(f"the file's column '{chosen}' is chosen for more than one field")
    return problems


def year_group(value: str) -> str | None:
    """'Year 4', 'Y4' and '4' are all year 4 (the way MIS exports write it)."""
    text = value.strip()
    lowered = text.lower()
    for prefix in ("year ", "yr ", "y"):
        if lowered.startswith(prefix) and lowered[len(prefix) :].strip().isdigit():
            return lowered[len(prefix) :].strip()
    return text or None


# -- the plan: what each row would do ----------------------------------------------
@dataclass
class _Planned:
    line: int
    key: str
    label: str
    existing: SQLModel | None
    values: dict[str, Any]
    shown: dict[str, Callable[[Any], str]]  # field -> how to show its value
    links: list[tuple[str, str]] = field(default_factory=list)  # staff: (platform, id)
    pupil_id: int | None = None  # provisions: whose plan


@dataclass
class _Plan:
    kind: str
    school_id: int
    report: ImportReport
    rows: list[_Planned]


def _show(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def _describe(plan: _Plan, session: Session) -> None:
    """Fill the report's per-row changes and counts from the plan."""
    report = plan.report
    for row in plan.rows:
        if row.existing is None:
            report.rows.append(RowChange(row.line, row.key, row.label, "add"))
            report.created += 1
            continue
        changes = [
            FieldChange(name, show(getattr(row.existing, name)), show(value))
            for name, value in row.values.items()
            if getattr(row.existing, name) != value
            for show in [row.shown.get(name, _show)]
        ]
        changes.extend(
            FieldChange(f"{platform}_user_id", "(not linked)", external_id)
            for platform, external_id in row.links
            if not _linked(session, row.existing, platform, external_id)
        )
        action = "update" if changes else "unchanged"
        report.rows.append(RowChange(row.line, row.key, row.label, action, changes))
        if changes:
            report.updated += 1
        else:
            report.unchanged += 1


def _linked(session: Session, staff: SQLModel, platform: str, external_id: str) -> bool:
    return (
        session.exec(
            select(ChatIdentity.id).where(
                ChatIdentity.platform == platform,
                ChatIdentity.external_id == external_id,
                ChatIdentity.staff_id == getattr(staff, "id", None),
            )
        ).first()
        is not None
    )


def _duplicate(seen: dict[str, int], key: str, line: int, what: str, report: ImportReport) -> bool:
    if key in seen:
        report.errors.append((line, f"duplicate {what} (also on line {seen[key]})"))
        return True
    seen[key] = line
    return False


def _plan_staff(
    session: Session, school_id: int, rows: list[Row], report: ImportReport, present: set[str]
) -> list[_Planned]:
    roles = {r.value for r in Role}
    emails = [row["email"].lower() for _, row in rows]
    existing = {s.email: s for s in session.exec(select(Staff).where(col(Staff.email).in_(emails)))}
    seen: dict[str, int] = {}
    planned = []
    for line, row in rows:
        problems = []
        email = row["email"].lower()
        if "@" not in email or " " in email:
            problems.append(f"'{row['email']}' is not an email address")
        if not row["name"]:
            problems.append("name is empty")
        role = row["role"].lower() or "lsa"
        if role not in roles:
            problems.append(f"role '{row['role']}' is not one of {', '.join(sorted(roles))}")
        tg = row["telegram_user_id"]
        if tg and not tg.lstrip("-").isdigit():
            problems.append(f"telegram_user_id '{tg}' must be a number")
        staff = existing.get(email)
        if staff is not None and staff.school_id != school_id:
            problems.append(f"{email} already belongs to another school")
        report.errors.extend((line, p) for p in problems)
        if _duplicate(seen, email, line, f"email {email}", report) or problems:
            continue
        links = [(p, row[f"{p}_user_id"]) for p in ("slack", "telegram") if row[f"{p}_user_id"]]
        planned.append(
            _Planned(
                line, email, row["name"], staff, {"name": row["name"], "role": role}, {}, links
            )
        )
    return planned


def _plan_pupils(
    session: Session, school_id: int, rows: list[Row], report: ImportReport, present: set[str]
) -> list[_Planned]:
    staff = {s.email: s for s in session.exec(select(Staff).where(Staff.school_id == school_id))}
    emails = {s.id: s.email for s in staff.values()}
    existing = {p.upn: p for p in session.exec(select(Pupil).where(Pupil.school_id == school_id))}
    seen: dict[str, int] = {}
    planned = []
    for line, row in rows:
        problems = []
        upn = row["upn"].upper()
        problem = upn_problem(upn)
        if problem:
            problems.append(f"{row['upn'] or '(no UPN)'}: {problem}")
        if not row["first_name"] or not row["last_name"]:
            problems.append("first_name and last_name are required")
        key_worker = row["key_worker_email"].lower()
        if key_worker and key_worker not in staff:
            problems.append(f"unknown key worker {key_worker} (import staff first)")
        plan = PLAN_TYPES.get(" ".join(row["plan_type"].lower().split()))
        if not row["plan_type"]:
            plan = plan_from_status(row)  # the census code says which plan
        if plan is None:
            problems.append(f"plan_type '{row['plan_type']}' must be EHCP or SEN Support")
        census, census_problems = pupil_fields(row, present, plan, date.today())
        problems += census_problems
        due = parse_date(row["annual_review_due"]) if row["annual_review_due"] else None
        if row["annual_review_due"] and due is None:
            problems.append(
                f"annual_review_due '{row['annual_review_due']}' is not a date (use 2027-01-20 or 20/01/2027)"
            )
        report.errors.extend((line, p) for p in problems)
        if problem is None and _duplicate(seen, upn, line, f"UPN {upn}", report):
            continue
        if problems:
            continue
        values = {
            "first_name": row["first_name"],
            "last_name": row["last_name"],
            "preferred_name": row["preferred_name"] or None,
            "year_group": year_group(row["year_group"]),
            "class_name": row["class"] or None,
            "key_worker_id": staff[key_worker].id if key_worker else None,
            "plan_type": plan,
            "annual_review_due": due,
            "active": True,
            **census,
        }
        shown = {"key_worker_id": lambda v: emails.get(v, "(none)") if v else "(none)"}
        label = f"{row['first_name']} {row['last_name']}"
        planned.append(_Planned(line, upn, label, existing.get(upn), values, shown))
    return planned


def _plan_provisions(
    session: Session, school_id: int, rows: list[Row], report: ImportReport, present: set[str]
) -> list[_Planned]:
    pupils = {p.upn: p for p in session.exec(select(Pupil).where(Pupil.school_id == school_id))}
    existing = {
        (p.pupil_id, p.name.lower()): p
        for p in session.exec(select(Provision).where(Provision.school_id == school_id))
    }
    seen: dict[str, int] = {}
    planned = []
    for line, row in rows:
        upn = row["upn"].upper()
        pupil = pupils.get(upn)
        problems = [] if pupil else [f"no pupil with UPN {row['upn']} (import pupils first)"]
        problems += provision_problems(
            row["provision"],
            row["area_of_need"],
            row["sessions_per_week"],
            row["minutes_per_session"],
        )
        extra, extra_problems = provision_fields(row, present)
        problems += extra_problems
        report.errors.extend((line, p) for p in problems)
        what = f"provision '{row['provision']}' for {upn}"
        if _duplicate(seen, f"{upn}|{row['provision'].lower()}", line, what, report) or problems:
            continue
        assert pupil is not None
        values = {
            "name": row["provision"],
            "area_of_need": area_of_need(row["area_of_need"]),
            "sessions_per_week": int(row["sessions_per_week"]),
            "minutes_per_session": int(row["minutes_per_session"]),
            **extra,
        }
        key = f"{upn} · {row['provision']}"
        label = f"{pupil.first_name} {pupil.last_name}: {row['provision']}"
        assert pupil.id is not None
        found = existing.get((pupil.id, row["provision"].lower()))
        planned.append(_Planned(line, key, label, found, values, {}, pupil_id=pupil.id))
    return planned


_FIELD_OF = {
    "class": "class_name",
    "key_worker_email": "key_worker_id",
    "start_date": "start_on",
    "end_date": "end_on",
    "hourly_cost": "hourly_cost_pence",
}
_PLANNERS = {"staff": _plan_staff, "pupils": _plan_pupils, "provisions": _plan_provisions}


def _plan(
    session: Session, school_id: int, kind: str, source: Any, mapping: Mapping | None
) -> _Plan:
    rows, present = _read(kind, source, mapping)
    report = ImportReport(kind)
    planned = _PLANNERS[kind](session, school_id, rows, report, present)
    plan = _Plan(kind, school_id, report, planned)
    report.errors.sort(key=lambda e: e[0])
    # A column the file doesn't have (an MIS export has no key worker or review date,
    # an old file no census codes) leaves what is stored alone, rather than emptying it.
    absent = {_FIELD_OF.get(c, c) for c in COLUMNS[kind] if c not in present}
    for row in plan.rows:
        if row.existing is not None:
            row.values = {k: v for k, v in row.values.items() if k not in absent}
    return plan


def preview_file(
    session: Session, school_id: int, kind: str, source: Any, mapping: Mapping | None = None
) -> ImportReport:
    """What importing the file would do, row by row, and every problem; stores nothing."""
    try:
        plan = _plan(session, school_id, kind, source, mapping)
    except ImportFailed as failed:
        return failed.report
    _describe(plan, session)
    return plan.report


def import_file(
    session: Session,
    school_id: int,
    kind: str,
    source: Any,
    mapping: Mapping | None = None,
    *,
    by_staff_id: int | None = None,
    platform: str = "cli",
) -> ImportReport:
    """Store the whole file, or raise ImportFailed (with every problem) and store nothing.

    `by_staff_id` is who is importing (None: the server's command line); with
    it, an amended provision keeps its previous version (storage.provisions).
    """
    plan = _plan(session, school_id, kind, source, mapping)
    if plan.report.errors:
        raise ImportFailed(plan.report)
    _describe(plan, session)
    _apply(session, plan, by_staff_id=by_staff_id, platform=platform)
    report = plan.report
    name = Path(source).name if isinstance(source, (str, Path)) else "upload"
    audit(
        session,
        action="import",
        school_id=school_id,
        staff_id=by_staff_id,
        platform=platform,
        detail=f"{kind} from {name}: {report.created} added, {report.updated} updated",
    )
    return report


def _apply(session: Session, plan: _Plan, *, by_staff_id: int | None, platform: str) -> None:
    def who_can_see(action: str, detail: str, pupil_id: int | None = None) -> None:
        audit(
            session,
            action=action,
            school_id=plan.school_id,
            staff_id=by_staff_id,
            platform=platform,
            pupil_id=pupil_id,
            detail=f"{detail} (import)",
        )

    emails: dict[int | None, str] = {}
    if plan.kind == "pupils":
        people = session.exec(select(Staff).where(Staff.school_id == plan.school_id))
        emails = {s.id: s.email for s in people}
    for row in plan.rows:
        if plan.kind == "staff":
            staff = row.existing if isinstance(row.existing, Staff) else None
            role = row.values.get("role")
            if staff is None:
                who_can_see("staff_add", f"{row.key} as {role}")
            elif role is not None and staff.role != role:
                who_can_see("staff_role", f"{row.key}: {staff.role} -> {role}")
            staff = staff or Staff(school_id=plan.school_id, email=row.key, name="")
            for name, value in row.values.items():
                setattr(staff, name, value)
            session.add(staff)
            session.flush()
            for platform_name, external_id in row.links:
                chat_id = external_id if platform_name == "telegram" else None
                link_chat_identity(session, staff, platform_name, external_id, chat_id)
        elif plan.kind == "pupils":
            existing = row.existing if isinstance(row.existing, Pupil) else None
            worker = row.values.get("key_worker_id", getattr(existing, "key_worker_id", None))
            if (
                existing is not None
                and "key_worker_id" in row.values
                and worker != existing.key_worker_id
            ):
                before, after = emails.get(existing.key_worker_id), emails.get(worker)
                detail = f"key worker {before or 'none'} -> {after or 'none'}"
                who_can_see("key_worker", detail, existing.id)
            pupil = existing or Pupil(
                school_id=plan.school_id, upn=row.key, first_name="", last_name=""
            )
            for name, value in row.values.items():
                setattr(pupil, name, value)
            session.add(pupil)
        elif isinstance(row.existing, Provision):
            amend_provision(
                session,
                row.existing,
                row.values,
                by_staff_id=by_staff_id,
                platform=platform,
                reason="roster import",
            )
        else:
            assert row.pupil_id is not None
            session.add(Provision(school_id=plan.school_id, pupil_id=row.pupil_id, **row.values))


def import_folder(session: Session, school_id: int, folder: Path) -> list[ImportReport]:
    """Import staff.csv, pupils.csv and provisions.csv from a folder, in that order."""
    return [import_file(session, school_id, kind, Path(folder) / f"{kind}.csv") for kind in HEADERS]
