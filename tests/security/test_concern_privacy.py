"""Nothing of a concern reaches anyone but the DSL and deputies beyond "a concern was raised
and passed on" (issue 15): every digest, report and export others see is scanned for the
words as typed and for the DSL's actions, decisions and reasons; and the child's
chronology, which holds them all, is the DSL's only."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlmodel import Session, select

from schedules.config import ScheduleConfig
from schedules.jobs import digest_for_school, messages_for_day
from storage.db import make_engine
from storage.models import AuditEvent, Pupil, SafeguardingAlert, School
from tests.conftest import LONDON
from tests.support.chat import Clock, Dialog

AMY = "amy.lowe@brookfield.example"
BETH = "beth.moss@brookfield.example"
CARL = "carl.doyle@brookfield.example"
WORDS = "Freya said her uncle locks her in the shed when she is naughty"
# Words only the concern and the DSL's steps hold: none may appear anywhere else.
SECRETS = ("uncle", "shed", "naughty", "weekends", "strategy meeting", "significant harm")
NOW = datetime(2026, 11, 18, 15, 30, tzinfo=LONDON)  # a Wednesday in term


def _concern_with_steps(engine) -> int:
    clock = Clock(NOW)
    amy = Dialog(engine, AMY, clock=clock)
    amy.send("Freya phonics 20 mins")
    amy.send("b Freya threw a pencil in maths, calmed with zones")
    clock.advance(minutes=5)
    amy.send("rang Freya's mum about her reading book, will follow up friday")
    clock.advance(minutes=5)
    assert amy.send(WORDS).text.startswith("Thank you. I've passed this to Carl Doyle")
    with Session(engine) as s:
        alert_id = s.exec(select(SafeguardingAlert.id)).one()
    carl = Dialog(engine, CARL, clock=clock)
    for step in (
        "spoke to child: she said it happens most weekends because to hear her",
        "mash referral because locked in a shed is significant harm",
        "outcome: strategy meeting booked because referral accepted",
    ):
        clock.advance(minutes=5)
        assert carl.send(f"/concern {alert_id} {step}").text.startswith("Recorded ✓")
    return alert_id


def _clean(text: str, where: str) -> None:
    lowered = text.casefold()
    leaked = [w for w in SECRETS if w in lowered]
    assert not leaked, f"{where} shows {leaked}"


def test_digests_reports_and_exports_show_only_that_a_concern_was_passed_on(sample_cli, tmp_path):
    engine = make_engine(sample_cli.url)
    _concern_with_steps(engine)
    config = ScheduleConfig(charts=False)
    with Session(engine) as s:
        school = s.exec(select(School)).one()
        digest, _ = digest_for_school(s, school, NOW.replace(hour=15, minute=45), config)
    assert "Safeguarding: 1 concern raised today (1 to Carl Doyle" in digest, digest
    _clean(digest, "the digest")
    for message in messages_for_day(engine, NOW.date(), config):
        _clean(message.text, f"the {message.job} message to {message.recipient_email}")
    # The chat, to the SENCO: the school report and a pupil's evidence pack.
    beth = Dialog(engine, BETH, clock=Clock(NOW))
    for command in ("/report Freya html", "/report school html", "/today", "/pupil Freya"):
        reply = beth.send(command)
        _clean(reply.text, command)
        for file in reply.attachments:
            _clean(file.content.decode("utf-8", "replace"), f"{command}: {file.filename}")
    # The command line's reports and exports (all but the safeguarding kind, which is for
    # the DSL's own system and says so).
    sample_cli("report", "csv", "--kind", "session", "-o", "s.csv")
    sample_cli("report", "csv", "--kind", "behaviour", "-o", "b.csv")
    sample_cli("report", "csv", "--kind", "parent_contact", "-o", "p.csv")
    sample_cli("report", "school", "--format", "html", "-o", "school.html")
    sample_cli("report", "pupil", "X873331220201", "--format", "html", "-o", "pack.html")
    sample_cli("report", "force", "-o", "force.txt")
    sample_cli("export", "--format", "csv", "-o", "all.csv")
    for name in ("s.csv", "b.csv", "p.csv", "school.html", "pack.html", "force.txt", "all.csv"):
        _clean((tmp_path / name).read_text(errors="replace"), name)
    assert "zones" in (tmp_path / "b.csv").read_text()  # the scan reads real content
    engine.dispose()


def test_the_chronology_is_the_dsls_in_time_order(sample_cli, tmp_path):
    engine = make_engine(sample_cli.url)
    alert_id = _concern_with_steps(engine)
    sample_cli("report", "chronology", "Freya Jones", "-o", "c.txt", code=1)  # nobody named
    sample_cli("--as", BETH, "report", "chronology", "Freya Jones", "-o", "c.txt", code=1)
    assert not (tmp_path / "c.txt").exists()
    out = sample_cli("--as", CARL, "report", "chronology", "freya jones", "-o", "c.txt")
    assert out.stdout.strip().endswith("c.txt")
    text = (tmp_path / "c.txt").read_text()
    lines = [line for line in text.splitlines() if line[:2].isdigit()]
    kinds = [
        "Contact with" if "Contact with" in line else line.split("  ")[1].split(":")[0]
        for line in lines
    ]
    assert kinds == [
        "Incident",
        "Contact with",
        "Concern raised",
        "Seen by the safeguarding lead",
        "Spoke to the child",
        "Referral to children's social care",
        "Outcome",
    ], text
    assert f"“{WORDS}”" in text and "Reason: locked in a shed is significant harm" in text
    assert f"concern {alert_id}" in text and "CONFIDENTIAL" in text
    sample_cli("--as", CARL, "report", "chronology", "X873331220201", "--format", "csv",
               "-o", "c.csv")  # fmt: skip
    assert (tmp_path / "c.csv").read_bytes().startswith(b"at,kind,what,by,ref\r\n")
    with Session(engine) as s:
        freya = s.exec(select(Pupil).where(Pupil.first_name == "Freya")).one()
        events = s.exec(
            select(AuditEvent.action).where(
                AuditEvent.record_type == "chronology", AuditEvent.pupil_id == freya.id
            )
        ).all()
    assert sorted(events) == ["export", "export", "refused", "refused"]
    engine.dispose()
    assert Path(tmp_path / "c.txt").stat().st_mode & 0o077 == 0


def test_the_web_pages_and_the_other_exports_show_nothing_of_it_but_to_the_dsl(
    sample_cli, tmp_path
):
    from tests.support.web import DINA, WebSchool, csrf_of

    engine = make_engine(sample_cli.url)
    alert_id = _concern_with_steps(engine)
    web = WebSchool(engine)
    web.clock.current = NOW
    with Session(engine) as s:
        freya = s.exec(select(Pupil).where(Pupil.first_name == "Freya")).one()
    pages = ["/web/today", f"/web/pupils/{freya.id}", "/web/provision", "/web/reviews",
             "/web/audit", "/web/audit.csv", f"/web/pupils/{freya.id}/pack.html"]  # fmt: skip
    for who in (BETH, DINA, AMY):
        client = web.signed_in(who)
        for page in pages:
            shown = client.get(page)
            _clean(shown.text, f"{page} for {who}")
        # The concern's own page and its steps are the DSL's: refused, and nothing recorded.
        assert client.get(f"/web/concerns/{alert_id}").status_code == 403
        csrf = csrf_of(client.get("/web/today").text)
        posted = client.post(
            f"/web/concerns/{alert_id}/steps",
            data={"csrf": csrf, "step": "no_further_action", "detail": "uncle cleared it"},
        )
        assert posted.status_code == 403
    carl = web.signed_in(CARL)
    assert "shed" in carl.get(f"/web/concerns/{alert_id}").text  # the scan reads real pages
    # The subject-access export and every CSV, made by anyone but the DSL.
    sample_cli("--as", BETH, "export", "--pupil", "X873331220201", "-o", "sar.json")
    sample_cli("--as", BETH, "report", "csv", "--kind", "all", "-o", "all")
    _clean((tmp_path / "sar.json").read_text(), "the subject-access export")
    for file in (tmp_path / "all").iterdir():
        _clean(file.read_text(errors="replace"), file.name)
    engine.dispose()


def test_a_pupil_who_was_hurt_is_never_the_digests_subject(sample_cli):
    engine = make_engine(sample_cli.url)
    amy = Dialog(engine, AMY, clock=Clock(NOW))
    assert amy.send("b Kai hit Lily in the line, Lily cried").text.startswith("Logged ✓")
    with Session(engine) as s:
        school = s.exec(select(School)).one()
        digest, _ = digest_for_school(
            s, school, NOW.replace(hour=15, minute=45), ScheduleConfig(charts=False)
        )
    # One incident, Kai's; Lily is in its words as typed, never a line of her own.
    incidents = [line for line in digest.splitlines() if line.startswith("• 15:30")]
    assert incidents == ["• 15:30 Kai Robinson – hit Lily in the line, Lily cried"], digest
    assert "1 behaviour incident" in digest
    engine.dispose()
