"""The roster schools really have (issue 15): optional census, date-of-birth, provision
date, deliverer, group, cost and outcome columns; old files still import; bad codes are
refused row by row, naming the column and what it should be."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from storage.importer import ImportFailed
from storage.models import Provision, Pupil
from tests.storage.test_import import PROVISION_HEADER, PUPIL_HEADER, _import
from tests.support.school import load_school

FREYA = "X873331220201,Freya,Jones,,2,2H,amy.lowe@brookfield.example"
KAI = "L873331220202,Kai,Robinson,,4,4P,amy.lowe@brookfield.example"
CENSUS = ",date_of_birth,sen_status,sen_status_from,primary_need,secondary_need\n"


def _pupil(engine, upn: str) -> Pupil:
    with Session(engine) as session:
        return session.exec(select(Pupil).where(Pupil.upn == upn)).one()


def _provision(engine, name: str) -> Provision:
    with Session(engine) as session:
        return session.exec(
            select(Provision)
            .join(Pupil, Pupil.id == Provision.pupil_id)
            .where(Provision.name == name, Pupil.upn == "X873331220201")
        ).one()


def test_census_columns_import_and_an_old_file_leaves_them_alone(engine, samples_dir):
    load_school(engine, samples_dir)
    _import(
        engine,
        "pupils",
        PUPIL_HEADER.rstrip("\n")
        + CENSUS
        + f"{FREYA},EHCP,2027-01-20,14/03/2019,E,01/09/2024,slcn,ASD\n"
        + f"{KAI},,2026-12-09,2018-05-02,K,,SEMH,\n",  # plan_type from the census code
    )
    freya, kai = _pupil(engine, "X873331220201"), _pupil(engine, "L873331220202")
    assert (str(freya.date_of_birth), freya.sen_status, str(freya.sen_status_from)) == (
        "2019-03-14",
        "E",
        "2024-09-01",
    )
    assert (freya.primary_need, freya.secondary_need) == ("SLCN", "ASD")
    assert (kai.plan_type, kai.sen_status, kai.primary_need, kai.secondary_need) == (
        "SEN Support",
        "K",
        "SEMH",
        None,
    )
    # The old header still imports, and changes none of the census fields.
    report = _import(engine, "pupils", PUPIL_HEADER + f"{FREYA},EHCP,2027-01-20\n")
    assert report.ok and report.updated == 0
    assert _pupil(engine, "X873331220201").primary_need == "SLCN"


def test_bad_census_codes_are_refused_row_by_row(engine, samples_dir):
    load_school(engine, samples_dir)
    with pytest.raises(ImportFailed) as failed:
        _import(
            engine,
            "pupils",
            PUPIL_HEADER.rstrip("\n")
            + CENSUS
            + f"{FREYA},EHCP,,2019-02-30,S,,DYS,\n"
            + f"{KAI},EHCP,,,K,,ASD,ASD\n",
        )
    problems = dict(failed.value.report.problems_by_line())
    line2 = " | ".join(problems[2])
    assert "date_of_birth '2019-02-30' is not a date" in line2
    assert "sen_status 'S' must be a census code: E (EHC plan), K (SEN support), N (" in line2
    assert (
        "primary_need 'DYS' must be one of: SPLD MLD SLD PMLD SEMH SLCN HI VI MSI PD ASD OTH NSA"
        in line2
    )
    line3 = " | ".join(problems[3])
    assert "sen_status K means SEN Support, but plan_type is EHCP" in line3
    assert "secondary_need is the same as primary_need" in line3
    assert _pupil(engine, "X873331220201").sen_status is None  # nothing changed


def test_an_unknown_extra_column_is_refused_with_the_optional_ones_named(engine, samples_dir):
    load_school(engine, samples_dir)
    with pytest.raises(ImportFailed) as failed:
        _import(engine, "pupils", PUPIL_HEADER.rstrip("\n") + ",shoe_size\n" + f"{FREYA},EHCP,,9\n")
    (why,) = [w for _, w in failed.value.report.errors]
    assert "then any of these optional columns: date_of_birth,sen_status" in why


PROVISION_EXTRA = (
    ",start_date,end_date,delivered_by,group_size,hourly_cost,outcome,entry_measure,exit_measure\n"
)


def test_provision_dates_deliverer_group_cost_and_outcome(engine, samples_dir):
    load_school(engine, samples_dir)
    _import(
        engine,
        "provisions",
        PROVISION_HEADER.rstrip("\n")
        + PROVISION_EXTRA
        + "X873331220201,Phonics,Cognition and learning,5,20,07/09/2026,,TA,3,£18.50,"
        "Reads CVC words,Phase 2 (18/40),\n"
        + "X873331220201,SALT,Communication and interaction,2,30,2026-09-01,2027-07-21,"
        "SALT,1,55,,,\n",
    )
    phonics, salt = _provision(engine, "Phonics"), _provision(engine, "SALT")
    assert (str(phonics.start_on), phonics.end_on, phonics.delivered_by) == (
        "2026-09-07",
        None,
        "lsa",
    )
    assert (phonics.group_size, phonics.hourly_cost_pence) == (3, 1850)
    assert (phonics.outcome, phonics.entry_measure, phonics.exit_measure) == (
        "Reads CVC words",
        "Phase 2 (18/40)",
        None,
    )
    assert (salt.delivered_by, salt.group_size, salt.hourly_cost_pence) == ("slt", 1, 5500)
    assert str(salt.end_on) == "2027-07-21"


def test_bad_provision_values_are_refused_row_by_row(engine, samples_dir):
    load_school(engine, samples_dir)
    with pytest.raises(ImportFailed) as failed:
        _import(
            engine,
            "provisions",
            PROVISION_HEADER.rstrip("\n")
            + PROVISION_EXTRA
            + "X873331220201,Phonics,Cognition and learning,5,20,2026-09-07,2026-09-01,"
            "Mrs Smith,0,cheap,,,\n",
        )
    (problems,) = [p for _, p in failed.value.report.problems_by_line()]
    joined = " | ".join(problems)
    assert "end_date is before start_date" in joined
    assert "delivered_by 'Mrs Smith' must be one of: lsa, teacher" in joined
    assert "group_size '0' must be a whole number of pupils" in joined
    assert "hourly_cost 'cheap' must be the cost of an hour in pounds" in joined
