"""/today, /pupil, /help, strangers, roles and forms."""

from __future__ import annotations

from sqlmodel import Session, func, select

from handlers.service import NOT_SAVED, handle
from handlers.types import HandlerContext, Inbound
from storage.db import make_engine
from storage.models import AuditEvent, BehaviourIncident, SessionLog
from tests.handlers.conftest import BETH, RAJ
from tests.support.chat import Dialog


def _count(engine, model, *where) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()


def test_unknown_user_learns_only_how_to_link(sample_school, clock):
    stranger = Dialog(sample_school, "U0STRANGER", platform="slack", clock=clock)
    for text in ("Freya phonics 20 mins", "/pupil Freya", "/today", "/help"):
        reply = stranger.send(text)
        assert "link your account" in reply.text and "U0STRANGER" in reply.text
        assert "Freya" not in reply.text
    assert _count(sample_school, SessionLog) == 0
    assert _count(sample_school, AuditEvent, AuditEvent.action == "unknown_user") == 4


def test_today_lists_my_records_only(amy, sample_school, clock):
    amy.send("Freya phonics 20 mins")
    amy.send("Kai zones 15")
    Dialog(sample_school, RAJ, clock=clock).send("Gracie precision teaching 10m")
    reply = amy.send("/today")
    assert "Today you logged 2" in reply.text
    assert "Freya Jones" in reply.text and "Kai Robinson" in reply.text
    assert "Grace" not in reply.text


def test_pupil_summary_for_key_worker_and_senco_only(amy, sample_school, clock):
    amy.send("Freya phonics 20 mins")
    amy.send("Freya phonics 20 mins yesterday")
    reply = amy.send("/pupil Freya")
    assert "Phonics: 2 of 5 sessions (40 of 100 min)" in reply.text
    assert "SALT: 0 of 2" in reply.text
    refused = amy.send("/pupil Harry")
    assert "key pupils only" in refused.text and "Reading" not in refused.text
    senco = Dialog(sample_school, BETH, clock=clock)
    assert "Reading intervention: 0 of 3" in senco.send("/pupil Harry").text
    assert _count(sample_school, AuditEvent, AuditEvent.action == "refused") == 1


def test_help_shows_the_grammar(amy):
    reply = amy.send("/help")
    assert "Sam B phonics 20 mins" in reply.text and "/undo" in reply.text


def test_unknown_command(amy):
    assert "/help" in amy.send("/frobnicate").text


def test_bad_input_gets_a_kind_reply_and_stores_nothing(amy, sample_school):
    for text in [
        "",
        "   ",
        "asdkjh qwpoeiru zxmnb",
        "x" * 10_000,
        "Freya\x00\x07 phonics\x1b[31m",
        "'; DROP TABLE sessionlog; --",
        "Robert'); DELETE FROM pupil;--",
    ]:
        reply = amy.send(text)
        assert reply.text, text[:40]
    assert _count(sample_school, SessionLog) <= 1  # only the control-character line is loggable
    assert amy.send("/today").text


def test_form_submission_stores_and_validates(amy, sample_school):
    reply = amy.send("/log")
    assert reply.form is not None and reply.form.pupil_options
    freya_id = next(i for i, name in reply.form.pupil_options if name == "Freya Jones")
    phonics_id = reply.form.provision_options[freya_id][0][0]
    bad = amy.send(form={"kind": "session", "pupil_ids": [freya_id], "duration_minutes": "lots"})
    assert set(bad.field_errors) == {"provision_id", "duration_minutes"}
    ok = amy.send(
        form={
            "kind": "session",
            "pupil_ids": [freya_id],
            "provision_id": phonics_id,
            "duration_minutes": "20",
            "notes": "good",
        }
    )
    assert ok.text.startswith("Logged ✓")
    assert _count(sample_school, SessionLog) == 1


def test_rpi_form_requires_the_statutory_fields(amy, sample_school):
    kai_id = next(i for i, name in amy.send("/log").form.pupil_options if name == "Kai Robinson")
    form = {
        "kind": "behaviour",
        "pupil_ids": [kai_id],
        "physical_intervention": True,
        "notes": "hold",
    }
    reply = amy.send(form=form)
    assert {"staff_involved", "hold_type", "hold_minutes", "reason_for_force", "injuries"} <= set(
        reply.field_errors
    )
    form |= {
        "staff_involved": "AL + TH",
        "place": "corridor",
        "antecedent": "asked to line up",
        "deescalation_tried": "script, space",
        "hold_type": "guided hold",
        "hold_minutes": "2",
        "reason_for_force": "running at the road gate",
        "injuries": "none",
        "parents_informed": "yes",
    }
    assert amy.send(form=form).text.startswith("Logged ✓")
    with Session(sample_school) as session:
        incident = session.exec(select(BehaviourIncident)).one()
        assert incident.hold_minutes == 2 and incident.parents_informed_at is not None


def test_database_gone_tells_the_user(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/missing/dir/keyworker.db")
    reply = handle(HandlerContext(engine=engine), Inbound("console", "a@b.example", "c", "hi"))
    assert reply.text == NOT_SAVED


def test_my_pupils_shows_each_key_pupils_week(amy, sample_school):
    amy.send("Freya phonics 20 mins")
    reply = amy.send("/mypupils")
    assert "Freya Jones" in reply.text and "Phonics: 1 of 5 sessions" in reply.text
    assert "Kai Robinson" in reply.text and "Harry" not in reply.text


def test_edit_on_a_platform_with_forms_opens_the_form_and_waits_for_nothing(sample_school, clock):
    slack = Dialog(sample_school, "U0AMYLO01", platform="slack", clock=clock, forms=True)
    slack.send("Freya phonics 20 mins")
    reply = slack.press("Edit")
    assert reply.form is not None and reply.form.record_ref
    # The next message is a new log, not taken as the correction.
    assert slack.send("Kai zones 15").text.startswith("Logged ✓")
    assert _count(sample_school, SessionLog) == 2


def test_help_lists_logging_first_and_hides_what_the_role_cannot_use(amy, sample_school, clock):
    lines = [line for line in amy.send("/help").text.splitlines() if line.startswith("/")]
    assert lines[0].startswith("/log") and lines[1].startswith("/undo")
    assert not any(line.startswith("/concerns") for line in lines)
    dsl = Dialog(sample_school, "carl.doyle@brookfield.example", clock=clock)
    assert "/concerns" in dsl.send("/help").text


def test_commands_that_name_a_pupil_ask_which_one_rather_than_guess(demo_school, clock):
    helen = Dialog(demo_school, "helen.ward@oakfield.example", clock=clock)  # the SENCO
    pupil = helen.send("/pupil Sam")
    assert "Which one? Sam Brown, Sam Patel" in pupil.text and len(pupil.choices) == 2
    review = helen.send("/review Sam held")
    assert (
        review.text == "Which one? Use the full name: Sam Brown, Sam Patel" and not review.choices
    )
