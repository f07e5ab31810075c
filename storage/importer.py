"""Roster import from CSV (staff, pupils, provisions): whole file or nothing.

Headers are a contract (see README). Every row is checked before anything is
written; a file with any bad row reports every problem with its line number
and changes nothing. Re-importing updates by email / UPN / (UPN, provision)
instead of adding duplicates. UTF-8 with or without the BOM that Excel writes.
Each import is audited: one row for the file, and one per change of who can
see what (a new staff member's role, a role changed with before and after, a
pupil's key worker changed).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session, select

from storage.audit import cli_audit
from storage.identity import link_chat_identity
from storage.models import AREAS_OF_NEED, PlanType, Provision, Pupil, Role, Staff
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


@dataclass
class ImportReport:
    kind: str
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFailed(Exception):
    def __init__(self, report: ImportReport):
        self.report = report
        lines = "; ".join(f"line {n}: {why}" for n, why in report.errors[:20])
        super().__init__(f"{report.kind} import refused, nothing changed: {lines}")


def read_rows(kind: str, source: str | Path | bytes) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) pairs; raises ImportFailed on a wrong header."""
    raw = Path(source).read_bytes() if isinstance(source, (str, Path)) else source
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            ImportReport(kind, errors=[(0, f"the file is not UTF-8 ({exc.reason})")])
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    if header != HEADERS[kind]:
        want = ",".join(HEADERS[kind])
        raise ImportFailed(ImportReport(kind, errors=[(1, f"the header must be exactly: {want}")]))
    reader.fieldnames = header
    return [
        (reader.line_num, {k: (v or "").strip() for k, v in row.items() if k is not None})
        for row in reader
        if any((v or "").strip() for v in row.values() if isinstance(v, str))
    ]


def parse_date(value: str) -> date | None:
    """ISO (2026-12-09) or British (09/12/2026) dates; None if neither."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def import_file(session: Session, school_id: int, kind: str, source) -> ImportReport:
    rows = read_rows(kind, source)
    report = ImportReport(kind)
    {"staff": _staff, "pupils": _pupils, "provisions": _provisions}[kind](
        session, school_id, rows, report
    )
    if report.errors:
        raise ImportFailed(report)
    name = Path(source).name if isinstance(source, (str, Path)) else "upload"
    cli_audit(
        session,
        "import",
        school_id=school_id,
        detail=f"{kind} from {name}: {report.created} added, {report.updated} updated",
    )
    return report


def import_folder(session: Session, school_id: int, folder: Path) -> list[ImportReport]:
    """Import staff.csv, pupils.csv and provisions.csv from a folder, in that order."""
    return [import_file(session, school_id, kind, Path(folder) / f"{kind}.csv") for kind in HEADERS]


def _duplicate(seen: dict[str, int], key: str, line: int, what: str, report: ImportReport) -> bool:
    if key in seen:
        report.errors.append((line, f"duplicate {what} (also on line {seen[key]})"))
        return True
    seen[key] = line
    return False


def _staff(session: Session, school_id: int, rows, report: ImportReport) -> None:
    roles = {r.value for r in Role}
    seen: dict[str, int] = {}
    valid = []
    for line, row in rows:
        email = row["email"].lower()
        if "@" not in email or " " in email:
            report.errors.append((line, f"'{row['email']}' is not an email address"))
            continue
        if not row["name"]:
            report.errors.append((line, "name is empty"))
            continue
        role = row["role"].lower() or "lsa"
        if role not in roles:
            report.errors.append(
                (line, f"role '{row['role']}' is not one of {', '.join(sorted(roles))}")
            )
            continue
        tg = row["telegram_user_id"]
        if tg and not tg.lstrip("-").isdigit():
            report.errors.append((line, f"telegram_user_id '{tg}' must be a number"))
            continue
        if _duplicate(seen, email, line, f"email {email}", report):
            continue
        valid.append((email, row, role))
    if report.errors:
        return
    existing = {
        s.email: s
        for s in session.exec(select(Staff).where(Staff.email.in_([v[0] for v in valid])))
    }
    for email, row, role in valid:
        staff = existing.get(email)
        if staff is not None and staff.school_id != school_id:
            report.errors.append((seen[email], f"{email} already belongs to another school"))
            continue
        if staff is None:
            staff = Staff(school_id=school_id, email=email, name=row["name"], role=role)
            report.created += 1
            cli_audit(
                session, "staff_add", school_id=school_id, detail=f"{email} as {role} (import)"
            )
        else:
            if staff.role != role:
                cli_audit(
                    session,
                    "staff_role",
                    school_id=school_id,
                    detail=f"{email}: {staff.role} -> {role} (import)",
                )
            staff.name, staff.role = row["name"], role
            report.updated += 1
        session.add(staff)
        session.flush()
        if row["slack_user_id"]:
            link_chat_identity(session, staff, "slack", row["slack_user_id"])
        if row["telegram_user_id"]:
            link_chat_identity(
                session, staff, "telegram", row["telegram_user_id"], row["telegram_user_id"]
            )


def _pupils(session: Session, school_id: int, rows, report: ImportReport) -> None:
    staff = {s.email: s.id for s in session.exec(select(Staff).where(Staff.school_id == school_id))}
    emails = {staff_id: email for email, staff_id in staff.items()}
    plans = {p.value.lower(): p.value for p in PlanType}
    seen: dict[str, int] = {}
    valid = []
    for line, row in rows:
        upn = row["upn"].upper()
        problem = upn_problem(upn)
        if problem:
            report.errors.append((line, f"{row['upn']}: {problem}"))
            continue
        if not row["first_name"] or not row["last_name"]:
            report.errors.append((line, "first_name and last_name are required"))
            continue
        key_worker = row["key_worker_email"].lower()
        if key_worker and key_worker not in staff:
            report.errors.append((line, f"unknown key worker {key_worker} (import staff first)"))
            continue
        plan = plans.get(row["plan_type"].lower())
        if plan is None:
            report.errors.append(
                (line, f"plan_type '{row['plan_type']}' must be EHCP or SEN Support")
            )
            continue
        due = None
        if row["annual_review_due"]:
            due = parse_date(row["annual_review_due"])
            if due is None:
                report.errors.append(
                    (
                        line,
                        f"annual_review_due '{row['annual_review_due']}' is not a date (use 2027-01-20 or 20/01/2027)",
                    )
                )
                continue
        if _duplicate(seen, upn, line, f"UPN {upn}", report):
            continue
        valid.append((upn, row, staff.get(key_worker), plan, due))
    if report.errors:
        return
    existing = {p.upn: p for p in session.exec(select(Pupil).where(Pupil.school_id == school_id))}
    for upn, row, key_worker_id, plan, due in valid:
        pupil = existing.get(upn)
        if pupil is None:
            pupil = Pupil(school_id=school_id, upn=upn, first_name="", last_name="")
            report.created += 1
        else:
            report.updated += 1
            if pupil.key_worker_id != key_worker_id:
                before, after = emails.get(pupil.key_worker_id), emails.get(key_worker_id)
                cli_audit(
                    session,
                    "key_worker",
                    school_id=school_id,
                    detail=f"key worker {before or 'none'} -> {after or 'none'} (import)",
                    pupil_id=pupil.id,
                )
        pupil.first_name, pupil.last_name = row["first_name"], row["last_name"]
        pupil.preferred_name = row["preferred_name"] or None
        pupil.year_group, pupil.class_name = row["year_group"] or None, row["class"] or None
        pupil.key_worker_id, pupil.plan_type, pupil.annual_review_due = key_worker_id, plan, due
        pupil.active = True
        session.add(pupil)


def _provisions(session: Session, school_id: int, rows, report: ImportReport) -> None:
    pupils = {p.upn: p.id for p in session.exec(select(Pupil).where(Pupil.school_id == school_id))}
    areas = {a.lower(): a for a in AREAS_OF_NEED}
    seen: dict[str, int] = {}
    valid = []
    for line, row in rows:
        upn = row["upn"].upper()
        if upn not in pupils:
            report.errors.append((line, f"no pupil with UPN {row['upn']} (import pupils first)"))
            continue
        if not row["provision"]:
            report.errors.append((line, "provision is empty"))
            continue
        area = areas.get(row["area_of_need"].lower())
        if area is None:
            report.errors.append(
                (
                    line,
                    f"area_of_need '{row['area_of_need']}' must be one of: {'; '.join(AREAS_OF_NEED)}",
                )
            )
            continue
        try:
            per_week, minutes = int(row["sessions_per_week"]), int(row["minutes_per_session"])
        except ValueError:
            report.errors.append(
                (line, "sessions_per_week and minutes_per_session must be whole numbers")
            )
            continue
        if not (1 <= per_week <= 50 and 1 <= minutes <= 600):
            report.errors.append(
                (line, "sessions_per_week must be 1-50 and minutes_per_session 1-600")
            )
            continue
        if _duplicate(
            seen,
            f"{upn}|{row['provision'].lower()}",
            line,
            f"provision '{row['provision']}' for {upn}",
            report,
        ):
            continue
        valid.append((pupils[upn], row["provision"], area, per_week, minutes))
    if report.errors:
        return
    existing = {
        (p.pupil_id, p.name.lower()): p
        for p in session.exec(select(Provision).where(Provision.school_id == school_id))
    }
    for pupil_id, name, area, per_week, minutes in valid:
        provision = existing.get((pupil_id, name.lower()))
        if provision is None:
            provision = Provision(
                school_id=school_id,
                pupil_id=pupil_id,
                name=name,
                area_of_need=area,
                sessions_per_week=per_week,
                minutes_per_session=minutes,
            )
            report.created += 1
        else:
            provision.name, provision.area_of_need = name, area
            provision.sessions_per_week, provision.minutes_per_session = per_week, minutes
            report.updated += 1
        session.add(provision)
