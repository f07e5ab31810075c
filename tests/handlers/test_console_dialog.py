"""The console chat as a newcomer meets it (issue 18), on the demo school.

Each dialogue reads like the chat: `[(message typed, words the printed reply holds), ...]`,
through bot.console's numbering and the real handlers and database.
"""

from __future__ import annotations

import io

from sqlmodel import Session, select

from bot.console import Console, chat
from handlers.types import HandlerContext
from storage.models import BehaviourIncident, ParentContact, Pupil, SessionLog
from tests.conftest import local
from tests.support.chat import LONDON, Clock

JO = "jo.fletcher@oakfield.example"  # the demo school's first LSA
HELEN = "helen.ward@oakfield.example"  # its SENCO


def console(engine, email: str = JO, at: str = "2026-12-01T10:00") -> Console:
    return Console(HandlerContext(engine=engine, tz=LONDON, clock=Clock(local(at))), email)


def converse(person: Console, steps: list[tuple[str, str | list[str]]]) -> None:
    for message, expected in steps:
        printed = person.say(message)
        for words in [expected] if isinstance(expected, str) else expected:
            assert words in printed, f"{message!r}: expected {words!r} in:\n{printed}"


def rows(engine, model):
    with Session(engine) as session:
        return list(session.exec(select(model)))


def test_a_number_answers_only_the_last_numbering(demo_school):
    """Defect 1: '2' after another reply never answers an older question's list."""
    jo = console(demo_school)
    converse(
        jo,
        [
            ("rang sam's mum re: tiredness", ["Sam Brown", "2. Sammy Patel"]),
            ("/today", "haven't logged anything"),
            ("2", ["I haven't used that number", "1. Sam Brown", "2. Sammy Patel"]),
        ],
    )
    assert rows(demo_school, ParentContact) == []  # nothing guessed from the stray number
    converse(jo, [("1", ["(1: Sam Brown)", "Logged ✓", "Parent contact · Sam Brown"])])
    (contact,) = rows(demo_school, ParentContact)
    with Session(demo_school) as session:
        assert session.get(Pupil, contact.pupil_id).first_name == "Sam"
        assert session.get(Pupil, contact.pupil_id).last_name == "Brown"
    # The last reply numbers Undo and Edit: '2' is Edit, and the console says so.
    converse(jo, [("2", ["(2: Edit)", "Send the corrected message"])])


def test_a_question_left_unanswered_is_said_not_stored(demo_school):
    """Defect 2: a new log while a question waits says plainly the earlier one was not kept."""
    jo = console(demo_school)
    converse(
        jo,
        [
            ("noah rwi missed - noah at dentist", "which provision was it?"),
            (
                "zoe salt 30 mins",
                [
                    "Not stored: your earlier message “noah rwi missed - noah at dentist”",
                    "Logged ✓",
                    "Zoë Clarke · SALT · 30 min",
                ],
            ),
            ("/cancel", "There was nothing to cancel."),
        ],
    )
    (only,) = rows(demo_school, SessionLog)  # Zoë's; Noah's missed session was not stored
    assert only.duration_minutes == 30 and only.status == "delivered"
    converse(
        jo,
        [
            ("noah rwi missed - noah at dentist", "which provision was it?"),
            ("/log sam b phonics 20", ["Not stored: your earlier message", "Logged ✓"]),
        ],
    )
    assert len(rows(demo_school, SessionLog)) == 2


def test_the_piped_console_echoes_each_message(demo_school):
    ctx = HandlerContext(engine=demo_school, tz=LONDON, clock=Clock(local("2026-12-01T10:00")))
    out = io.StringIO()
    chat(ctx, JO, ["sam b phonics 20\n", "/quit\n"], out=out)
    assert "> sam b phonics 20\nLogged ✓" in out.getvalue()
    assert rows(demo_school, BehaviourIncident) == []


def test_undo_withdraws_an_incident_stored_for_two_pupils_whole(demo_school):
    """Defect 3: one /undo withdraws the whole log, whatever its kind."""
    jo = console(demo_school)
    converse(
        jo,
        [
            ("b leo and noah fighting in the playground", ["Leo Marsh", "Noah Adeyemi"]),
            ("/undo", ["Undone", "Leo Marsh", "Noah Adeyemi"]),
            ("/undo", "nothing of yours"),
        ],
    )
    incidents = rows(demo_school, BehaviourIncident)
    assert len(incidents) == 2 and all(r.withdrawn_at for r in incidents)


def test_the_undo_button_and_edit_act_on_both_pupils_of_an_incident(demo_school):
    jo = console(demo_school)
    jo.ctx.clock.advance(minutes=1)
    converse(jo, [("b sam b pushed leo in the playground", ["Sam Brown"])])
    jo.ctx.clock.advance(minutes=1)
    converse(
        jo,
        [
            ("b leo and noah fighting in the playground", "Logged ✓"),
            ("1", ["(1: Undo)", "Leo Marsh, Noah Adeyemi"]),
        ],
    )
    live = [r for r in rows(demo_school, BehaviourIncident) if r.withdrawn_at is None]
    assert len(live) == 1 and "pushed" in live[0].source_text  # the earlier log is untouched


def test_an_edit_says_why_a_correction_was_refused_and_shows_the_new_record(demo_school):
    """Defect 4: '2' sent as a correction gets a reason; a good one shows the record."""
    jo = console(demo_school)
    converse(
        jo,
        [
            ("sam b phonics 20", "Logged ✓"),
            ("2", ["(2: Edit)", "It was: “sam b phonics 20”"]),
            (
                "2",
                [
                    "I couldn't use “2” as the correction, so the record is unchanged",
                    "• ",
                    "Send it again, or /cancel.",
                ],
            ),
            ("sam b phonics 25 good focus", ["Updated ✓", "Sam Brown · Phonics · 25 min"]),
        ],
    )
    (log,) = rows(demo_school, SessionLog)
    assert (log.duration_minutes, log.notes, log.version) == (25, "good focus", 2)


def test_an_incident_for_two_pupils_is_edited_whole(demo_school):
    jo = console(demo_school)
    converse(
        jo,
        [
            ("b leo and noah fighting in the playground", "Logged ✓"),
            ("2", "(2: Edit)"),
            (
                "b leo and noah fighting in the hall",
                ["Updated ✓", "Leo Marsh", "Noah Adeyemi", "hall"],
            ),
        ],
    )
    assert [r.place for r in rows(demo_school, BehaviourIncident)] == ["hall", "hall"]


def test_empty_and_nonsense_messages_get_one_kind_reply(demo_school):
    jo = console(demo_school)
    a_log = "A log names the pupil and what happened, e.g. “Sam B phonics 20 mins good focus”"
    converse(
        jo,
        [
            ("", "Your message was empty. Type a log, e.g. “Sam B phonics 20 mins good focus”"),
            ("   \t ", "Your message was empty."),
            ("😀😀🎉", a_log),
            ("asdfghjkl", a_log),
            ("'; DROP TABLE session; --", a_log),
        ],
    )
    for message in ("😀😀🎉", "asdfghjkl"):
        printed = jo.say(message)
        assert "Which pupil" not in printed and "couldn't tell what" not in printed
    assert "nothing to cancel" in jo.say("/cancel")  # no question was left waiting


def test_terminal_colour_codes_are_not_stored(demo_school):
    jo = console(demo_school)
    converse(jo, [("\x1b[31msam b phonics 20 \x1b[1mgreat\x1b[0m focus", "Logged ✓")])
    (log,) = rows(demo_school, SessionLog)
    assert log.source_text == "sam b phonics 20 great focus"
    assert log.notes == "great focus" and "\x1b" not in log.notes and "[0m" not in log.notes


def test_every_help_example_works_in_the_demo_school(demo_school):
    import re

    from handlers.commands.help import GRAMMAR

    examples = re.findall(r"“([^”]+)”", GRAMMAR)
    assert len(examples) == 8
    for example in examples:
        jo = console(demo_school, at="2026-12-01T07:05")  # before school: still no refusal
        printed = jo.say(example)
        # A worry is kept for the DSL (in the console nobody can be messaged, and it says so).
        worry = "possible safeguarding concern, and I have kept it" in printed
        assert printed.startswith("Logged ✓") or worry, (example, printed)


# --- chat wording and rules --------------------------------------------------------------

DAVID = "david.okafor@oakfield.example"  # the demo school's DSL


def test_a_senco_may_close_an_lsas_follow_up_and_the_audit_says_for_whom(demo_school):
    from storage.models import AuditEvent

    console(demo_school).say("rang Noah's mum re: tiredness, will call back Friday")
    (contact,) = rows(demo_school, ParentContact)
    converse(
        console(demo_school, "priya.nair@oakfield.example"),
        [(f"/followup done {contact.id}", "Only the person who made that contact, or a SENCO")],
    )
    converse(
        console(demo_school, HELEN),
        [(f"/followup done {contact.id}", "Done ✓ Follow-up with Noah Adeyemi's mum")],
    )
    with Session(demo_school) as session:
        (event,) = session.exec(select(AuditEvent).where(AuditEvent.action == "follow_up_done"))
    assert event.detail.startswith(f"closed by {HELEN} (senco) for {JO}")


def test_a_day_without_a_time_is_shown_without_a_clock(demo_school):
    converse(
        console(demo_school),
        [
            ("sam b phonics 20 yday", "Session · Sam Brown · Phonics · 20 min · yesterday\n"),
            ("zoe salt 30 yday 2pm", "Zoë Clarke · SALT · 30 min · yesterday 14:00"),
            ("leo handwriting 15", "Leo Marsh · Handwriting · 15 min · today 10:00"),
        ],
    )


def test_listings_show_a_day_said_alone_without_its_stand_in_clock(demo_school):
    # The record keeps how precisely its time was given, so every later listing
    # (chat, the web's Today and pupil pages) agrees with the reply.
    from bot.web.wording import table_row
    from storage.chronology import records_between

    chat = console(demo_school)
    converse(chat, [("sam b phonics 20 yday", "Logged ✓"), ("leo handwriting 15", "Logged ✓")])
    with Session(demo_school) as session:
        listed = records_between(
            session, 1, local("2026-11-30T00:00"), local("2026-12-02T00:00"), logged_by_id=None
        )
        shown = {row.pupil.first_name: table_row(row, LONDON)["clock"] for row in listed}
        precision = {r.time_precision for r in session.exec(select(SessionLog))}
    assert shown == {"Sam": False, "Leo": True}
    assert precision == {"none"}  # neither said a clock time; Leo's is the moment it was sent


def test_concerns_for_one_day_reads_as_english(demo_school):
    converse(
        console(demo_school, DAVID),
        [
            ("/concerns 1", "No concerns raised through Keyworker in the last day."),
            ("/concerns 3", "in the last 3 days."),
        ],
    )


def test_a_deactivated_person_is_told_so_and_whom_to_ask(demo_school):
    from storage.staff import set_active

    with Session(demo_school) as session:
        set_active(session, JO, False)
        session.commit()
    converse(
        console(demo_school),
        [
            (
                "sam b phonics 20",
                [
                    "Your Keyworker account is not active",
                    "ask Helen Ward (SENCO) or Office Admin (admin) to reactivate it",
                ],
            )
        ],
    )
    assert "link your account" not in console(demo_school).say("/today")


def test_review_held_takes_the_booked_date_unless_another_is_given(demo_school):
    helen = console(demo_school, HELEN, at="2026-12-11T09:00")
    converse(
        helen,
        [
            ("/review zoe booked 10/12/2026", "Booked ✓"),
            ("/review zoe held", "Held ✓ Zoë Clarke's annual review on Thu 10 Dec 2026"),
        ],
    )
    with Session(demo_school) as session:
        zoe = session.exec(select(Pupil).where(Pupil.first_name == "Zoë")).one()
        assert str(zoe.review_held_on) == "2026-12-10"
    early = console(demo_school, HELEN, at="2026-12-09T09:00")
    converse(
        early,
        [
            ("/review ava booked 12/12/2026", "Booked ✓"),
            ("/review ava held", "which hasn't come yet"),
            (
                "/review ava held 9/12/2026",
                "Held ✓ Ava Thompson's annual review on Wed 09 Dec 2026",
            ),
        ],
    )
