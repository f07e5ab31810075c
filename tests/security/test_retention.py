"""Issue 13 (7): retention per kind and per school, safe minimums, an itemised deletion
log, and no copy of a deleted record left anywhere."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from storage.db import make_engine, session_scope
from storage.models import (
    AuditEvent,
    ConcernStep,
    ConversationState,
    OutboxMessage,
    Pupil,
    RecordVersion,
    SafeguardingAlert,
    SessionLog,
    Staff,
)
from storage.retention import RetentionError, check_rule, parse_period

AMY = "amy.lowe@brookfield.example"
LONG_AGO = datetime(2019, 1, 7, 10, tzinfo=UTC)
CHILDHOOD = datetime(2000, 6, 1, 10, tzinfo=UTC)


@pytest.mark.parametrize("typed", ["1y", "25y", "6m", "30d", "2yrs"])
def test_shorthand_is_refused_as_ambiguous(typed):
    with pytest.raises(RetentionError, match="ambiguous"):
        parse_period(typed)


@pytest.mark.parametrize(
    ("kind", "period"),
    [
        ("session", "1 year"),
        ("session", "71 months"),
        ("session", "age 18"),  # an age says nothing about how long after the session
        ("safeguarding", "10 years"),
        ("safeguarding", "age 24"),
        ("rpi", "24 years"),
        ("behaviour", "age 16"),
        ("parent_contact", "18 months"),
        ("outbox", "7 days"),
    ],
)
def test_periods_shorter_than_the_kinds_minimum_are_refused(kind, period):
    with pytest.raises(RetentionError, match="at least|not until an age"):
        check_rule(kind, period)


@pytest.mark.parametrize(
    ("kind", "period", "stored"),
    [
        ("session", "6 years", "6 years"),
        ("session", "72 months", "72 months"),
        ("safeguarding", "age 25", "age 25"),
        ("safeguarding", "until age 30", "age 30"),
        ("safeguarding", "25 years", "25 years"),
        ("rpi", "keep", "keep"),
        ("outbox", "30 days", "30 days"),
    ],
)
def test_safe_periods_are_accepted(kind, period, stored):
    assert str(check_rule(kind, period)) == stored


def _engine(cli):
    return make_engine(cli.url)


@pytest.fixture
def old_records(sample_cli, monkeypatch):
    """Freya: a session edited once (a version) and left waiting on an edit, a concern
    that went to the DSL; all made long ago. Kai: a session from this week."""
    # A platform is configured, so the DSL (linked on Telegram) can be reached.
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:test-token-never-used")
    chat = (
        "Freya phonics 20 mins\n2\nFreya phonics 25 mins\n"
        "Freya said she is scared to go home, DSL\n"
        "Kai zones 15\n"
    )
    sample_cli("console", "--as", AMY, input=chat)
    # A question left waiting: Amy pressed Edit on the Freya session and never answered.
    engine = _engine(sample_cli)
    with session_scope(engine) as session:
        freya = session.exec(select(Pupil).where(Pupil.first_name == "Freya")).one()
        log = session.exec(select(SessionLog).where(SessionLog.pupil_id == freya.id)).one()
        log.occurred_at = LONG_AGO
        session.add(log)
        session.add(
            ConversationState(
                platform="console",
                user_key=AMY,
                data={"awaiting": "amend", "ref": f"session:{log.id}", "options": []},
            )
        )
        alert = session.exec(select(SafeguardingAlert)).one()
        alert.raised_at = CHILDHOOD
        session.add(alert)
        ids = {"freya": freya.id, "session": log.id, "alert": alert.id}
    assert _count(engine, OutboxMessage) >= 1  # the alert, on its way to the DSL
    engine.dispose()
    return sample_cli, ids


def _count(engine, model, *where) -> int:
    with Session(engine) as session:
        return len(session.exec(select(model).where(*where)).all())


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_the_cli_refuses_shorthand_and_too_short_periods_and_changes_nothing(sample_cli):
    out = sample_cli("retention", "set", "session", "1y", code=2).stderr
    assert "ambiguous" in out and "'6 years'" in out
    out = sample_cli("retention", "set", "safeguarding", "5 years", code=2).stderr
    assert "at least 'age 25'" in out
    assert "keep" in sample_cli("retention", "show").stdout
    assert "nothing is due" in sample_cli("retention").stdout


def test_the_old_one_policy_for_everything_setting_is_refused(sample_cli, monkeypatch):
    monkeypatch.setenv("RETENTION_POLICY", "5y")
    assert "no longer used" in sample_cli("retention", code=2).stderr


def test_rules_delete_by_kind_with_an_itemised_log_and_no_copies_left(old_records):
    cli, ids = old_records
    cli("retention", "set", "session", "6 years")
    cli("retention", "set", "safeguarding", "age 25")
    engine = _engine(cli)
    assert _count(engine, RecordVersion) == 1
    with session_scope(engine) as session:  # the DSL's step on the concern goes with it
        alert = session.get(SafeguardingAlert, ids["alert"])
        dsl = session.exec(select(Staff).where(Staff.role == "dsl")).first()
        session.add(
            ConcernStep(school_id=alert.school_id, alert_id=alert.id, pupil_id=alert.pupil_id,
                        step="spoke_to_child", detail="scared of dad", taken_at=CHILDHOOD,
                        recorded_by_id=dsl.id, recorded_at=CHILDHOOD)
        )  # fmt: skip

    dry = cli("retention", "--dry-run").stdout
    assert "would delete 1 session logs" in dry and "would delete 1 safeguarding" in dry
    assert _count(engine, SessionLog) == 2 and _count(engine, SafeguardingAlert) == 1

    done = cli("retention").stdout
    assert "deleted 1 session logs (rule '6 years'" in done
    with Session(engine) as session:
        assert [r.id for r in session.exec(select(SessionLog))] != [ids["session"]]
        assert _count(engine, SessionLog) == 1  # Kai's, from this week, stays
        assert session.exec(select(SafeguardingAlert)).all() == []
        assert session.exec(select(ConcernStep)).all() == []
        # No copies: the earlier version, the question waiting on it, the alert's words.
        assert session.exec(select(RecordVersion)).all() == []
        assert session.exec(select(ConversationState)).all() == []
        assert all("scared" not in m.text for m in session.exec(select(OutboxMessage)))
        deleted = session.exec(
            select(AuditEvent).where(AuditEvent.action == "retention_delete")
        ).all()
    itemised = {(e.record_type, e.pupil_id, e.detail.split(" (")[0]) for e in deleted}
    assert ("session", ids["freya"], f"ids {ids['session']}") in itemised
    assert ("safeguarding", ids["freya"], f"ids {ids['alert']}") in itemised
    assert {e.record_type for e in deleted} >= {"record_version", "outbox", "conversation_state"}
    for event in deleted:  # ids, never contents
        assert "scared" not in event.detail and "phonics" not in event.detail.lower()
    trail = _jsonl(cli("audit").stdout)
    assert any(e["action"] == "retention" and "deleted session=1" in e["detail"] for e in trail)
    assert "nothing is due" in cli("retention").stdout
    engine.dispose()


def test_rules_belong_to_one_school(old_records, samples_dir, tmp_path):
    cli, ids = old_records
    for kind in ("staff", "pupils", "provisions"):
        # The same fictional people as a second academy of the trust.
        text = (samples_dir / f"{kind}.csv").read_text().replace("brookfield", "ashgrove")
        (tmp_path / f"ashgrove-{kind}.csv").write_text(text)
        cli("import", kind, str(tmp_path / f"ashgrove-{kind}.csv"), "--school", "ashgrove")
    engine = _engine(cli)
    with session_scope(engine) as session:
        other = session.exec(
            select(Pupil).where(Pupil.first_name == "Freya", Pupil.id != ids["freya"])
        ).one()
        session.add(
            SessionLog(
                school_id=other.school_id,
                pupil_id=other.id,
                occurred_at=LONG_AGO,
                logged_by_id=other.key_worker_id,
            )
        )
    cli("retention", "set", "session", "6 years")  # the default school only
    assert "nothing is due" in cli("retention", "--school", "ashgrove").stdout
    cli("retention")
    assert _count(engine, SessionLog, SessionLog.school_id == other.school_id) == 1
    cli("retention", "set", "session", "6 years", "--school", "ashgrove")
    assert "deleted 1 session logs" in cli("retention", "--school", "ashgrove").stdout
    assert _count(engine, SessionLog, SessionLog.school_id == other.school_id) == 0
    assert "No school" in cli("retention", "--school", "nowhere", code=2).stderr
    engine.dispose()


@pytest.mark.parametrize(
    ("kind", "typed", "stored"),
    [
        ("safeguarding", "age 25 + 1 year", "age 25 + 1 year"),
        ("parent_contact", "until age 25 plus 6 months", "age 25 + 6 months"),
        ("rpi", "age 24 + 1 year", "age 24 + 1 year"),  # the same as age 25
    ],
)
def test_an_age_may_carry_the_schools_margin(kind, typed, stored):
    period = check_rule(kind, typed)
    assert str(period) == stored and period.from_birth


def test_a_margin_does_not_make_a_short_age_long_enough():
    with pytest.raises(RetentionError, match="at least 'age 25'"):
        check_rule("behaviour", "age 24 + 6 months")
    with pytest.raises(RetentionError, match="not until an age"):
        check_rule("session", "age 25 + 1 year")  # session logs count from each record


def test_age_rules_count_from_the_date_of_birth_where_recorded(sample_school):
    from datetime import date

    from storage.models import BehaviourIncident
    from storage.retention import apply_retention, counted_from, set_rule

    now = datetime(2026, 12, 2, 9, tzinfo=UTC)
    with session_scope(sample_school) as session:
        pupils = {p.first_name: p for p in session.exec(select(Pupil))}
        # Freya was born in 2000 (now 26); Kai in 2017 (9); Max's date of birth isn't known.
        pupils["Freya"].date_of_birth = date(2000, 3, 1)
        pupils["Kai"].date_of_birth = date(2017, 5, 2)
        school_id = pupils["Freya"].school_id
        staff_id = pupils["Freya"].key_worker_id
        for name, when in (
            ("Freya", datetime(2026, 1, 5, 10, tzinfo=UTC)),  # recent, but she is 26
            ("Kai", CHILDHOOD),  # old, but Kai is 9: kept
            # No birth date: 25 years (+ margin) after his newest record.
            ("Max", datetime(1998, 6, 1, 10, tzinfo=UTC)),
        ):
            session.add(
                BehaviourIncident(
                    school_id=school_id,
                    pupil_id=pupils[name].id,
                    occurred_at=when,
                    logged_by_id=staff_id,
                    behaviour="ran out",
                )
            )
        ids = {n: p.id for n, p in pupils.items()}
    with session_scope(sample_school) as session:
        assert counted_from(
            set_rule(session, school_id, "behaviour", "age 25 + 2 years")
        ).startswith("from the pupil's date of birth")
        report = apply_retention(session, school_id, now, dry_run=True)
        (deletion,) = report.deletions
        assert set(deletion.by_pupil) == {ids["Max"]}  # Freya is 26, not yet 25 + 2 years
        set_rule(session, school_id, "behaviour", "age 25")
        report = apply_retention(session, school_id, now)
        (deletion,) = report.deletions
        assert set(deletion.by_pupil) == {ids["Freya"], ids["Max"]}
    with Session(sample_school) as session:
        left = session.exec(select(BehaviourIncident.pupil_id)).all()
    assert left == [ids["Kai"]]
