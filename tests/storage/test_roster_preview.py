"""The roster's dry run and column mapping: what would change, every problem, nothing stored."""

from __future__ import annotations

import pytest
from sqlmodel import Session, func, select

from storage.db import session_scope
from storage.identity import get_or_create_school
from storage.importer import ImportFailed, file_header, import_file, preview_file
from storage.models import AuditEvent, Provision, Pupil, RecordVersion, Staff
from storage.provisions import history
from storage.roster_mapping import remember, remembered, suggest
from tests.support.school import load_school

PUPIL_HEADER = "upn,first_name,last_name,preferred_name,year_group,class,key_worker_email,plan_type,annual_review_due\n"
SIMS_HEADER = "UPN,Legal Surname,Legal Forename,Preferred Forename,Year,Reg Group,SEN Status,Date of Birth,Gender\n"


def _count(engine, model) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def _preview(engine, kind, text, mapping=None):
    with session_scope(engine) as session:
        school_id = get_or_create_school(session).id
        return preview_file(session, school_id, kind, text.encode(), mapping)


def test_preview_sorts_rows_into_added_updated_unchanged(engine, samples_dir):
    load_school(engine, samples_dir)
    text = PUPIL_HEADER + (
        "X873331220201,Freya,Jones,,2,2H,amy.lowe@brookfield.example,EHCP,2027-01-20\n"
        "L873331220202,Kai,Robinson,,Year 5,5P,raj.singh@brookfield.example,EHCP,2026-12-09\n"
        "J873331229999,New,Pupil,,R,RB,,SEN Support,\n"
    )
    before = _count(engine, Pupil)
    report = _preview(engine, "pupils", text)
    assert report.ok
    assert (report.created, report.updated, report.unchanged) == (1, 1, 1)
    by_line = {r.line: r for r in report.rows}
    assert by_line[2].action == "unchanged"
    kai = by_line[3]
    assert kai.action == "update"
    assert {(c.field, c.before, c.after) for c in kai.changes} == {
        ("year_group", "4", "5"),
        ("class_name", "4P", "5P"),
        ("key_worker_id", "amy.lowe@brookfield.example", "raj.singh@brookfield.example"),
    }
    assert by_line[4].action == "add" and by_line[4].label == "New Pupil"
    assert _count(engine, Pupil) == before  # a dry run stores nothing


def test_preview_lists_every_problem_on_each_line(engine, samples_dir):
    load_school(engine, samples_dir)
    text = PUPIL_HEADER + (
        "A873331220201,,Jones,,2,2H,nobody@brookfield.example,IEP,next june\n"
        "X873331220201,Freya,Jones,,2,2H,amy.lowe@brookfield.example,EHCP,2027-01-20\n"
    )
    report = _preview(engine, "pupils", text)
    problems = dict(report.problems_by_line())
    assert len(problems[2]) == 5
    joined = " | ".join(problems[2])
    for words in (
        "check letter",
        "first_name and last_name",
        "unknown key worker",
        "IEP",
        "not a date",
    ):
        assert words in joined
    assert 3 not in problems


def test_a_sims_export_reads_through_a_mapping_and_extra_columns_are_ignored(engine, samples_dir):
    load_school(engine, samples_dir)
    text = SIMS_HEADER + (
        "X873331220201,Jones,Freya,,Year 2,2H,E,2019-03-01,F\n"
        "J873331229999,Okafor,Tobi,Tobs,Year 1,1B,K,2020-01-05,M\n"
    )
    header = file_header(text.encode())
    mapping = suggest("pupils", header)
    assert mapping["first_name"] == "Legal Forename"
    assert mapping["last_name"] == "Legal Surname"
    assert mapping["class"] == "Reg Group"
    assert mapping["plan_type"] == "SEN Status"
    assert mapping["key_worker_email"] == ""
    report = _preview(engine, "pupils", text, mapping)
    assert report.ok, report.errors
    assert report.created == 1
    # Freya gains only her date of birth (issue 15): the export has no key worker or
    # review date column, and a column a file doesn't have never empties what is stored.
    assert mapping["date_of_birth"] == "Date of Birth"
    freya = next(r for r in report.rows if r.key == "X873331220201")
    assert [(c.field, c.before, c.after) for c in freya.changes] == [
        ("date_of_birth", "(empty)", "01/03/2019")
    ]


def test_a_mapping_missing_a_required_column_is_refused_plainly(engine):
    text = "UPN,Surname\nX873331220201,Jones\n"
    report = _preview(engine, "pupils", text, {"upn": "UPN", "last_name": "Surname"})
    assert not report.ok
    assert any("first_name" in why for _, why in report.errors)


def test_mappings_are_remembered_per_school_and_kind(engine):
    with session_scope(engine) as session:
        school_id = get_or_create_school(session).id
        remember(session, school_id, "pupils", {"upn": "Pupil UPN", "first_name": "Forename"})
    with session_scope(engine) as session:
        kept = remembered(session, school_id, "pupils")
        assert kept["upn"] == "Pupil UPN" and kept["last_name"] == ""
        assert remembered(session, school_id, "staff") is None
        # A remembered choice wins over the guess while the file still has that column.
        assert suggest("pupils", ["UPN", "Pupil UPN", "Forename"], kept)["upn"] == "Pupil UPN"


def test_a_file_with_any_problem_stores_nothing_even_through_a_mapping(engine, samples_dir):
    load_school(engine, samples_dir)
    text = SIMS_HEADER + (
        "J873331229999,Okafor,Tobi,,Year 1,1B,K,2020-01-05,M\n"
        "B873331229998,Bad,Letter,,Year 1,1B,K,2020-01-05,M\n"
    )
    mapping = suggest("pupils", file_header(text.encode()))
    before = _count(engine, Pupil)
    with pytest.raises(ImportFailed), session_scope(engine) as session:
        import_file(session, get_or_create_school(session).id, "pupils", text.encode(), mapping)
    assert _count(engine, Pupil) == before


def test_an_imported_change_to_a_provision_keeps_the_previous_version(engine, samples_dir):
    load_school(engine, samples_dir)
    text = (
        "upn,provision,area_of_need,sessions_per_week,minutes_per_session\n"
        "X873331220201,Phonics,Cognition and learning,3,30\n"
    )
    with session_scope(engine) as session:
        beth = session.exec(
            select(Staff).where(Staff.email == "beth.moss@brookfield.example")
        ).one()
        report = import_file(
            session,
            beth.school_id,
            "provisions",
            text.encode(),
            by_staff_id=beth.id,
            platform="web",
        )
    assert report.updated == 1
    with Session(engine) as session:
        phonics = session.exec(select(Provision).where(Provision.name == "Phonics")).first()
        assert (phonics.sessions_per_week, phonics.minutes_per_session) == (3, 30)
        past = history(session, phonics.id)
        assert [(v.version, v.data["sessions_per_week"], v.changed_by) for v in past] == [
            (1, 5, "Beth Moss")
        ]
        assert session.exec(select(func.count()).select_from(RecordVersion)).one() == 1
        assert (
            session.exec(select(AuditEvent).where(AuditEvent.action == "provision_amend"))
            .first()
            .platform
            == "web"
        )


def test_a_file_that_is_not_utf8_is_placed_at_its_first_bad_line(engine, samples_dir):
    # A spreadsheet saved as Windows-1252 ("Zoë") is refused where it goes wrong, for the
    # web upload as for the command line: never at "line 0".
    load_school(engine, samples_dir)
    text = PUPIL_HEADER + (
        "X873331220201,Freya,Jones,,2,2H,amy.lowe@brookfield.example,EHCP,2027-01-20\n"
    )
    raw = text.encode() + "A873331220202,Zoë,Clarke,,2,2H,,EHCP,\n".encode("cp1252")
    with session_scope(engine) as session:
        report = preview_file(session, get_or_create_school(session).id, "pupils", raw)
    [(line, whys)] = report.problems_by_line()
    assert line == 3 and "not UTF-8" in whys[0]
