"""Roster import: whole file or nothing, clear line-numbered errors, updates not duplicates."""

from __future__ import annotations

import pytest
from sqlmodel import Session, func, select

from storage.db import session_scope
from storage.identity import get_or_create_school
from storage.importer import ImportFailed, import_file
from storage.models import ChatIdentity, Provision, Pupil, Staff
from storage.upn import check_letter, upn_problem
from tests.support.school import load_school

STAFF_HEADER = "email,name,role,slack_user_id,telegram_user_id\n"
PUPIL_HEADER = "upn,first_name,last_name,preferred_name,year_group,class,key_worker_email,plan_type,annual_review_due\n"
PROVISION_HEADER = "upn,provision,area_of_need,sessions_per_week,minutes_per_session\n"


def _import(engine, kind, text: str | bytes):
    data = text.encode() if isinstance(text, str) else text
    with session_scope(engine) as session:
        school_id = get_or_create_school(session).id
        return import_file(session, school_id, kind, data)


def _count(engine, model) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_sample_school_imports(any_engine, samples_dir):
    load_school(any_engine, samples_dir)
    assert _count(any_engine, Staff) == 4
    assert _count(any_engine, Pupil) == 10
    assert _count(any_engine, Provision) == 15
    with Session(any_engine) as session:
        grace = session.exec(select(Pupil).where(Pupil.upn == "P873331220204")).one()
        assert grace.preferred_name == "Gracie"
        assert str(grace.annual_review_due) == "2027-02-17"
        links = session.exec(select(ChatIdentity.platform, ChatIdentity.external_id)).all()
        assert ("slack", "U0AMYLO01") in links and ("telegram", "600200301") in links


def test_reimport_updates_instead_of_duplicating(engine, samples_dir):
    load_school(engine, samples_dir)
    load_school(engine, samples_dir)
    assert _count(engine, Pupil) == 10
    assert _count(engine, Provision) == 15
    _import(engine, "staff", STAFF_HEADER + "amy.lowe@brookfield.example,Amy Lowe-Hart,senco,,\n")
    with Session(engine) as session:
        amy = session.exec(select(Staff).where(Staff.email == "amy.lowe@brookfield.example")).one()
        assert (amy.name, amy.role) == ("Amy Lowe-Hart", "senco")


def test_excel_bom_is_accepted(engine):
    report = _import(
        engine, "staff", b"\xef\xbb\xbf" + (STAFF_HEADER + "a@b.example,A B,lsa,,\n").encode()
    )
    assert report.created == 1


def test_bad_rows_are_all_reported_and_nothing_is_stored(engine, samples_dir):
    _import(engine, "staff", (samples_dir / "staff.csv").read_text())
    good = check_letter("873331229999") + "873331229999"
    bad_letter = ("A" if good[0] != "A" else "B") + good[1:]
    text = (
        PUPIL_HEADER
        + "\n".join(
            [
                f"{good},Good,Pupil,,3,3K,amy.lowe@brookfield.example,EHCP,2027-01-20",
                f"{bad_letter},Bad,Letter,,3,3K,amy.lowe@brookfield.example,EHCP,2027-01-20",
                f"{good},Dupe,Pupil,,3,3K,amy.lowe@brookfield.example,EHCP,2027-01-20",
                "X873331220201,Freya,Jones,,2,2H,nobody@brookfield.example,EHCP,2027-01-20",
                "L873331220202,Kai,Robinson,,4,4P,amy.lowe@brookfield.example,EHCP,next june",
                "A873331220203,Harry,Wright,,3,3K,raj.singh@brookfield.example,IEP,",
            ]
        )
        + "\n"
    )
    with pytest.raises(ImportFailed) as failed:
        _import(engine, "pupils", text)
    errors = dict(failed.value.report.errors)
    assert "check letter" in errors[3]
    assert "duplicate UPN" in errors[4] and "line 2" in errors[4]
    assert "unknown key worker nobody@brookfield.example" in errors[5]
    assert "not a date" in errors[6]
    assert "EHCP or SEN Support" in errors[7]
    assert _count(engine, Pupil) == 0


def test_wrong_header_is_refused(engine):
    with pytest.raises(ImportFailed, match="header must be exactly"):
        _import(engine, "staff", "email,name\na@b.example,A\n")


def test_provisions_need_known_pupils_and_areas(engine, samples_dir):
    load_school(engine, samples_dir)
    text = PROVISION_HEADER + (
        "X873331220201,Handwriting,Fine motor,2,15\n"
        "T873331229999,Phonics,Cognition and learning,5,20\n"
        "X873331220201,Maths,Cognition and learning,five,20\n"
    )
    with pytest.raises(ImportFailed) as failed:
        _import(engine, "provisions", text)
    errors = dict(failed.value.report.errors)
    assert "area_of_need" in errors[2]
    assert "no pupil with UPN" in errors[3]
    assert "whole numbers" in errors[4]


def test_upn_check_letters():
    assert upn_problem("X873331220201") is None
    assert "check letter should be X" in upn_problem("A873331220201")
    assert "12 digits" in upn_problem("X87333122020")
