"""`keyworker report sen-register` and `keyworker report provision-map` (issue 15): the exact
CSV headers, the census codes, cost per pupil = hours × hourly cost ÷ group size, and the
audit rows."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from fractions import Fraction

from pypdf import PdfReader
from sqlmodel import Session, select

from handlers.reports.costs import FIELDS as MAP_FIELDS
from handlers.reports.costs import CostLine, build_provision_map
from handlers.reports.register import FIELDS as REGISTER_FIELDS
from storage.db import make_engine
from storage.models import AuditEvent, Provision, Pupil
from tests.conftest import LONDON
from tests.storage.test_import import PROVISION_HEADER, PUPIL_HEADER

CENSUS = ",date_of_birth,sen_status,primary_need,secondary_need\n"
FREYA = "X873331220201,Freya,Jones,,2,2H,amy.lowe@brookfield.example,EHCP,2027-01-20,2019-03-14,E,SLCN,ASD\n"
KAI = "L873331220202,Kai,Robinson,,4,4P,amy.lowe@brookfield.example,EHCP,2026-12-09,,,SEMH,\n"
COSTS = ",delivered_by,group_size,hourly_cost,outcome,entry_measure,exit_measure\n"
FREYA_PLAN = (
    # 5 × 20 min = 5/3 h a week; £18.00 an hour shared by 3 -> £10.00 a week, £380.00 a year
    "X873331220201,Phonics,Cognition and learning,5,20,lsa,3,18.00,Reads CVC words,18/40,\n"
    # 2 × 30 min = 1 h a week one to one at £55 -> £55.00 a week, £2,090.00 a year
    "X873331220201,SALT,Communication and interaction,2,30,slt,1,55,,,\n"
)


def _census(cli, tmp_path):
    pupils = tmp_path / "census.csv"
    pupils.write_text(PUPIL_HEADER.rstrip("\n") + CENSUS + FREYA + KAI)
    cli("import", "pupils", str(pupils))
    plan = tmp_path / "costs.csv"
    plan.write_text(PROVISION_HEADER.rstrip("\n") + COSTS + FREYA_PLAN)
    cli("import", "provisions", str(plan))


def _audits(url, record_type):
    engine = make_engine(url)
    with Session(engine) as session:
        rows = session.exec(select(AuditEvent).where(AuditEvent.record_type == record_type)).all()
    engine.dispose()
    return rows


def test_sen_register_has_the_documented_header_and_census_codes(sample_cli, tmp_path):
    _census(sample_cli, tmp_path)
    out = sample_cli("report", "sen-register", "--output", "-").stdout
    assert out.splitlines()[0] == "upn,pupil,year,sen_status,needs,plan,review_date"
    rows = {r["upn"]: r for r in csv.DictReader(io.StringIO(out))}
    assert list(next(iter(rows.values()))) == REGISTER_FIELDS
    assert len(rows) == 10  # every active pupil
    assert rows["X873331220201"] == {
        "upn": "X873331220201",
        "pupil": "Freya Jones",
        "year": "2",
        "sen_status": "E",
        "needs": "SLCN; ASD",
        "plan": "EHCP",
        "review_date": "2027-01-20",
    }
    assert rows["L873331220202"]["needs"] == "SEMH"
    assert rows["A873331220203"]["sen_status"] == "K"  # no code: SEN Support's
    years = [int(r["year"]) for r in rows.values()]
    assert list(rows.values())[0]["year"] == "1" and max(years) == 6
    printed = sample_cli("report", "sen-register").stdout
    assert "sen-register-" in printed and "(10 row(s))" in printed
    assert [a.detail.split(" [")[0] for a in _audits(sample_cli.url, "sen_register")] == [
        "SEN register: 10 pupil(s)",
        "SEN register: 10 pupil(s)",
    ]


def test_cost_per_pupil_is_hours_times_hourly_cost_over_group_size():
    line = CostLine(
        Pupil(school_id=1, upn="X", first_name="A", last_name="B"),
        Provision(
            school_id=1,
            pupil_id=1,
            name="Lego therapy",
            area_of_need="Social, emotional and mental health",
            sessions_per_week=2,
            minutes_per_session=45,
            group_size=4,
            hourly_cost_pence=2000,
        ),
    )
    assert line.hours_a_week == Fraction(3, 2)
    assert line.week_pence == Fraction(750)  # 1.5 h × £20 ÷ 4 = £7.50
    assert line.year_pence == 750 * 38
    uncosted = CostLine(
        line.pupil, Provision(**{**line.provision.model_dump(), "group_size": None})
    )
    assert uncosted.week_pence is None


def test_provision_map_per_pupil_and_per_school(sample_cli, tmp_path):
    _census(sample_cli, tmp_path)
    out = sample_cli("report", "provision-map", "--pupil", "X873331220201", "-o", "-").stdout
    assert out.splitlines()[0] == ",".join(MAP_FIELDS)
    rows = {r["provision"]: r for r in csv.DictReader(io.StringIO(out))}
    assert set(rows) == {"Phonics", "SALT"}
    phonics, salt = rows["Phonics"], rows["SALT"]
    assert (phonics["hours_per_week"], phonics["group_size"], phonics["hourly_cost"]) == (
        "1.67",
        "3",
        "18.00",
    )
    assert (phonics["cost_per_week"], phonics["cost_per_year"]) == ("10.00", "380.00")
    assert (salt["cost_per_week"], salt["cost_per_year"]) == ("55.00", "2090.00")
    assert phonics["outcome"] == "Reads CVC words" and phonics["entry_measure"] == "18/40"
    school = list(
        csv.DictReader(io.StringIO(sample_cli("report", "provision-map", "-o", "-").stdout))
    )
    assert len(school) == 15 and sum(r["cost_per_week"] == "" for r in school) == 13
    sample_cli("report", "provision-map", "--format", "pdf", "-o", "map.pdf")
    text = " ".join(PdfReader(tmp_path / "map.pdf").pages[0].extract_text().split())
    assert "Costed provision map" in text and "£65.00" in text
    assert "13 provision(s) without an hourly cost or group size left out" in text
    audits = _audits(sample_cli.url, "provision_map")
    assert len(audits) == 3 and audits[0].pupil_id is not None and audits[1].pupil_id is None
    assert "--format" in sample_cli("report", "provision-map", "--format", "docx", code=2).stderr


def test_an_ended_provision_is_left_out_of_the_map(sample_school):
    with Session(sample_school) as session:
        freya = session.exec(select(Pupil).where(Pupil.first_name == "Freya")).one()
        phonics = session.exec(
            select(Provision).where(Provision.pupil_id == freya.id, Provision.name == "Phonics")
        ).one()
        phonics.end_on = date(2026, 10, 1)
        session.add(phonics)
        session.commit()
        pm = build_provision_map(
            session,
            freya.school_id,
            today=date(2026, 12, 2),
            now=datetime(2026, 12, 2, 9, tzinfo=LONDON),
            pupil=freya,
        )
    assert [line.provision.name for line in pm.lines] == ["SALT"]
