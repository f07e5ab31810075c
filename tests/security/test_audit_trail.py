"""Issue 13 (5, 6): every command-line action is audited as a named operator, and the
audit trail is append-only and tamper-evident."""

from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, func, select

from bot.cli_common import os_account
from handlers.service import handle
from handlers.types import HandlerContext, Inbound
from storage.audit import audit, cli_audit, verify_chain
from storage.db import make_engine, session_scope
from storage.models import AuditEvent
from tests.support.school import migrated_engine

AMY = "amy.lowe@brookfield.example"
BETH = "beth.moss@brookfield.example"  # the sample school's SENCO


def _trail(cli, *args) -> list[dict]:
    return [json.loads(line) for line in cli("audit", *args).stdout.splitlines() if line]


def _actions(cli) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for event in _trail(cli):
        found.setdefault(event["action"], []).append(event)
    return found


def test_an_import_that_makes_an_lsa_a_dsl_is_audited_with_before_and_after(
    sample_cli, samples_dir, tmp_path
):
    staff = (samples_dir / "staff.csv").read_text()
    amy_line = next(line for line in staff.splitlines() if line.startswith(AMY))
    assert ",lsa," in amy_line
    (tmp_path / "staff.csv").write_text(staff.replace(amy_line, amy_line.replace(",lsa,", ",dsl,")))
    sample_cli("--as", BETH, "import", "staff", str(tmp_path / "staff.csv"))
    actions = _actions(sample_cli)
    (change,) = actions["staff_role"]
    assert change["detail"].startswith(f"{AMY}: lsa -> dsl (import)")
    assert change["staff"] == BETH and change["platform"] == "cli"
    assert change["detail"].endswith(f"[{os_account()}]")
    imports = actions["import"]
    assert len(imports) == 4  # the first three files, then this one
    assert imports[-1]["detail"].startswith("staff from staff.csv: 0 added,")


def test_without_an_operator_the_os_account_is_recorded(sample_cli):
    event = _actions(sample_cli)["import"][0]
    assert event["staff"] is None and event["detail"].endswith(f"[{os_account()}]")


def test_the_operator_comes_from_the_environment_too_and_must_be_active_staff(
    sample_cli, monkeypatch
):
    monkeypatch.setenv("KEYWORKER_OPERATOR", BETH)
    sample_cli("backup", "copy.db")
    assert _actions(sample_cli)["backup"][0]["staff"] == BETH
    err = sample_cli("--as", "nobody@brookfield.example", "backup", "other.db", code=2).stderr
    assert "no active staff member" in err
    sample_cli("staff", "deactivate", AMY)
    assert "no active staff member" in sample_cli("--as", AMY, "audit", code=2).stderr


def test_reads_from_the_command_line_are_audited(sample_cli):
    sample_cli("console", "--as", AMY, input="Freya phonics 20 mins\nKai threw a chair 10:40\n")
    sample_cli("--as", BETH, "schedule", "preview", "--date", "2026-11-18")
    sample_cli("--as", BETH, "digest", "--date", "2026-11-18")
    sample_cli("--as", BETH, "export", "--format", "csv")
    sample_cli("--as", BETH, "audit", "--pupil", "X873331220201")
    sample_cli("--as", BETH, "backup", "nightly.db")
    sample_cli("parse", "--as", AMY, "Freya phonics 20 mins")
    actions = _actions(sample_cli)
    for action in ("schedule_preview", "digest", "export", "audit_read", "backup", "parse"):
        assert action in actions, action
    assert all(e["staff"] == BETH for a in ("digest", "export", "audit_read") for e in actions[a])
    assert "date=2026-11-18" in actions["digest"][0]["detail"]
    assert "pupil=X873331220201" in actions["audit_read"][0]["detail"]
    assert "console chat as amy.lowe" in actions["console"][0]["detail"]


def test_a_refusal_in_a_group_chat_is_audited(sample_school):
    with session_scope(sample_school) as session:
        from storage.identity import link_chat_identity, staff_by_email

        link_chat_identity(session, staff_by_email(session, AMY), "telegram", "4242")
    reply = handle(
        HandlerContext(engine=sample_school),
        Inbound(
            platform="telegram",
            user_id="4242",
            chat_id="-100777",
            text="/pupil Freya",
            private=False,
        ),
    )
    assert "never in a group" in reply.text
    with Session(sample_school) as session:
        (event,) = session.exec(select(AuditEvent).where(AuditEvent.action == "refused")).all()
    assert event.detail == "group chat -100777" and event.staff_id is not None


# --- append-only and tamper-evident -------------------------------------------------


def _write_some(engine, n: int = 5) -> None:
    with session_scope(engine) as session:
        for i in range(n):
            audit(
                session,
                action="test",
                school_id=None,
                staff_id=None,
                platform="cli",
                detail=f"#{i}",
            )


def test_the_apps_own_database_role_cannot_update_or_delete_the_audit(engine):
    _write_some(engine)
    for statement in ("DELETE FROM auditevent", "UPDATE auditevent SET detail = 'nothing to see'"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(AuditEvent)).one() == 5
        assert verify_chain(session).intact


def _tamper(engine, *statements: str) -> None:
    """What someone with the database owner's rights could do: switch the guard off."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE auditevent DISABLE TRIGGER USER"))
        else:
            connection.execute(text("DROP TRIGGER auditevent_no_update"))
            connection.execute(text("DROP TRIGGER auditevent_no_delete"))
        for statement in statements:
            connection.execute(text(statement))


def _ids(engine) -> list[int]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent.id).order_by(AuditEvent.id)))


@pytest.mark.parametrize(
    ("tampering", "broken", "says"),
    [
        # (statement on the five rows' ids, index of the row named, words in the problem)
        ("UPDATE auditevent SET detail = 'nothing to see' WHERE id = {2}", 2, "row {2} (test,"),
        ("DELETE FROM auditevent WHERE id = {1}", 2, "does not follow row {0}"),
        ("DELETE FROM auditevent WHERE id >= {3}", 4, "rows at the end have been removed"),
    ],
    ids=["changed", "removed", "cut-off-the-end"],
)
def test_verify_names_the_first_row_that_no_longer_fits(engine, tampering, broken, says):
    _write_some(engine)
    ids = _ids(engine)
    _tamper(engine, tampering.format(*ids))
    with Session(engine) as session:
        report = verify_chain(session)
    assert not report.intact and report.broken_id == ids[broken]
    assert says.format(*ids) in report.problem


def test_keyworker_audit_verify_exits_non_zero_naming_the_row(sample_cli):
    assert "Audit trail intact" in sample_cli("audit", "verify").stdout
    engine = make_engine(sample_cli.url)
    victim = _ids(engine)[1]
    _tamper(engine, f"UPDATE auditevent SET detail = 'edited' WHERE id = {victim}")
    engine.dispose()
    err = sample_cli("audit", "verify", code=1).stderr
    assert f"row {victim}" in err and "tampered" in err


@pytest.mark.postgres
def test_concurrent_writers_on_postgres_keep_one_unbroken_chain(postgres_url):
    engine = migrated_engine(postgres_url)
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(25):
                with session_scope(engine) as session:  # two rows in one transaction
                    for part in "ab":
                        cli_audit(session, "load", detail=f"{n}.{i}{part}")
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Session(engine) as session:
        report = verify_chain(session)
    assert report.intact and report.rows == 8 * 25 * 2
    engine.dispose()


@pytest.mark.postgres
def test_the_documented_postgres_roles_keep_the_app_off_the_audit(postgres_admin_url):
    """docs/deploy.md, "PostgreSQL roles": an owner for migrations, an app role for the bot."""
    import uuid

    import psycopg
    from psycopg import sql

    suffix = uuid.uuid4().hex[:8]
    owner, app, database = f"kw_owner_{suffix}", f"kw_app_{suffix}", f"kw_roles_{suffix}"
    base = postgres_admin_url.rsplit("/", 1)[0]
    with psycopg.connect(postgres_admin_url, autocommit=True) as admin:
        for role in (owner, app):
            admin.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
        admin.execute(
            sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(database), sql.Identifier(owner)
            )
        )
    as_admin = base + "/" + database
    as_owner = as_admin.replace("postgres@", f"{owner}@")
    as_app = as_admin.replace("postgres@", f"{app}@")
    try:
        with psycopg.connect(as_admin, autocommit=True) as admin:
            admin.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC")
            admin.execute(
                sql.SQL("GRANT USAGE, CREATE ON SCHEMA public TO {}").format(sql.Identifier(app))
            )
        owner_engine = migrated_engine(as_owner)  # keyworker init, as the owner
        with owner_engine.begin() as connection:
            for statement in (
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app}",
                "REVOKE UPDATE, DELETE, TRUNCATE ON auditevent FROM {app}",
                "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app}",
            ):
                connection.execute(text(statement.format(app=app)))
        owner_engine.dispose()
        app_engine = make_engine(as_app)
        _write_some(app_engine, 3)  # the bot can audit
        for statement in (
            "DELETE FROM auditevent",
            "UPDATE auditevent SET detail = 'x'",
            "TRUNCATE auditevent",
            "ALTER TABLE auditevent DISABLE TRIGGER USER",
        ):
            with pytest.raises(DBAPIError), app_engine.begin() as connection:
                connection.execute(text(statement))
        with Session(app_engine) as session:
            report = verify_chain(session)
        assert report.intact and report.rows == 3
        app_engine.dispose()
    finally:
        with psycopg.connect(postgres_admin_url, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database))
            )
            for role in (app, owner):
                admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
