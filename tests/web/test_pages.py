"""Each page for a role that may open it and one that may not; CSRF; what is stored and audited."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from sqlmodel import Session, func, select

from storage.models import AuditEvent, Provision, Pupil, RecordVersion, SafeguardingAlert, Staff
from tests.support.web import AMY, BETH, CARL, DINA, RAJ, SCHOOL_MORNING, WebSchool, csrf_of

PAGES_AND_ROLES = [
    # (page, allowed, refused)
    ("/web/roster", BETH, AMY),
    ("/web/staff", DINA, CARL),
    ("/web/concerns", CARL, BETH),
    ("/web/audit", DINA, BETH),
]


def _count(engine, model) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def _pupil(engine, first_name: str) -> Pupil:
    with Session(engine) as session:
        return session.exec(select(Pupil).where(Pupil.first_name == first_name)).one()


def _refusals(engine) -> list[str]:
    with Session(engine) as session:
        return [
            e.detail for e in session.exec(select(AuditEvent).where(AuditEvent.action == "refused"))
        ]


@pytest.mark.parametrize(("path", "allowed", "refused"), PAGES_AND_ROLES)
def test_pages_open_for_their_roles_only(school: WebSchool, path, allowed, refused):
    assert school.signed_in(allowed).get(path).status_code == 200
    response = school.signed_in(refused).get(path)
    assert response.status_code == 403
    assert "available to you" in response.text
    assert any(path in detail for detail in _refusals(school.engine))


def test_the_header_lists_only_the_pages_a_role_may_open(school: WebSchool):
    lsa = school.signed_in(AMY).get("/web/today").text
    assert "/web/provision" in lsa and "/web/roster" not in lsa and "/web/concerns" not in lsa
    dsl = school.signed_in(CARL).get("/web/today").text
    assert "/web/concerns" in dsl and "/web/audit" not in dsl


def test_today_shows_the_school_to_the_senco_and_own_logs_to_an_lsa(school: WebSchool):
    amy, raj = school.chat(AMY), school.chat(RAJ)
    assert amy.send("Freya phonics 20 mins good focus").text.startswith("Logged ✓")
    amy.send("Kai zones of regulation 15 mins")
    amy.send("/undo")
    raj.send("Harry reading intervention 30 mins")
    senco = school.signed_in(BETH).get("/web/today").text
    assert "Freya Jones" in senco and "Harry Wright" in senco
    assert "good focus" in senco and "Raj Singh" in senco
    assert "Withdrawn" in senco  # Kai's undone session stays in view, marked
    lsa = school.signed_in(AMY).get("/web/today").text
    assert "Freya Jones" in lsa and "Harry Wright" not in lsa
    with Session(school.engine) as session:
        reads = session.exec(
            select(AuditEvent).where(AuditEvent.detail == "web today", AuditEvent.platform == "web")
        ).all()
    assert len(reads) == 3 + 2  # three records for Beth; Amy's two, one withdrawn


def test_provision_map_counts_and_filters(school: WebSchool):
    amy = school.chat(AMY)
    school.clock.advance(days=-2)  # Monday
    amy.send("Freya phonics 20 mins")
    school.clock.advance(days=2)
    page = school.signed_in(BETH).get("/web/provision").text
    assert "Freya Jones" in page and "Phonics" in page
    assert "1 of 5" in page  # this week: one of five phonics sessions
    assert "⚠ Behind" in page  # one of the two expected by Wednesday morning
    only_2h = school.signed_in(BETH).get("/web/provision?class=2H").text
    assert "Freya Jones" in only_2h and "Kai Robinson" not in only_2h
    semh = (
        school.signed_in(BETH).get("/web/provision?need=Social%2C+emotional+and+mental+health").text
    )
    assert "Zones of Regulation" in semh and "Phonics" not in semh
    # An LSA sees only their key pupils, whatever the filter says.
    raj_id = school.staff_id(RAJ)
    lsa = school.signed_in(AMY).get(f"/web/provision?key_worker={raj_id}").text
    assert "Freya Jones" in lsa and "Harry Wright" not in lsa
    # htmx asks for the table alone.
    part = school.signed_in(BETH).get("/web/provision", headers={"HX-Request": "true"}).text
    assert part.lstrip().startswith('<div id="map"') and "<html" not in part


def test_a_pupil_page_for_the_key_worker_but_not_another_lsa(school: WebSchool):
    freya = _pupil(school.engine, "Freya")
    page = school.signed_in(AMY).get(f"/web/pupils/{freya.id}")
    assert page.status_code == 200
    assert "X873331220201" in page.text and "Phonics" in page.text
    assert "Save the new version" not in page.text  # an LSA can't change the plan
    refused = school.signed_in(RAJ).get(f"/web/pupils/{freya.id}")
    assert refused.status_code == 403
    assert "key pupils" in refused.text
    assert school.signed_in(BETH).get("/web/pupils/99999").status_code == 404


def test_the_pupil_page_shows_the_census_entry_the_roster_gave(school: WebSchool):
    freya = _pupil(school.engine, "Freya")
    page = school.signed_in(AMY).get(f"/web/pupils/{freya.id}").text
    # No census code imported: the status the EHC plan implies, said to be that.
    assert "E (EHC plan), from the plan" in page and "Date of birth</dt><dd>not recorded" in page
    with Session(school.engine) as session:
        row = session.get(Pupil, freya.id)
        assert row is not None
        row.date_of_birth = date(2019, 3, 14)
        row.sen_status, row.sen_status_from = "K", date(2025, 9, 1)
        row.primary_need, row.primary_need_from = "SLCN", date(2024, 1, 8)
        row.secondary_need = "ASD"
        session.add(row)
        session.commit()
    page = school.signed_in(AMY).get(f"/web/pupils/{freya.id}").text
    assert "Date of birth</dt><dd>14/03/2019" in page
    assert "K (SEN support), since 01/09/2025" in page
    assert "SLCN (Speech, language and communication needs), since 08/01/2024" in page
    assert "Secondary need</dt><dd>ASD (Autistic spectrum disorder)</dd>" in page


def test_changing_a_provision_keeps_its_history(school: WebSchool):
    freya = _pupil(school.engine, "Freya")
    beth = school.signed_in(BETH)
    page = beth.get(f"/web/pupils/{freya.id}").text
    with Session(school.engine) as session:
        phonics = session.exec(
            select(Provision).where(Provision.pupil_id == freya.id, Provision.name == "Phonics")
        ).one()
    form = {
        "csrf": csrf_of(page),
        "name": "Phonics",
        "area_of_need": "Cognition and learning",
        "sessions_per_week": "3",
        "minutes_per_session": "30",
        "reason": "EHCP amended 17/11/2026",
    }
    done = beth.post(f"/web/pupils/{freya.id}/provisions/{phonics.id}", data=form)
    assert done.status_code == 303
    page = beth.get(done.headers["location"]).text
    assert "previous version is kept" in page
    assert "3 × 30 min a week" in page
    assert "Earlier versions of Phonics" in page and "5 × 20 min a week" in page
    assert "EHCP amended 17/11/2026" in page and "Beth Moss" in page
    # End it: the row stays, with its end date.
    ended = beth.post(
        f"/web/pupils/{freya.id}/provisions/{phonics.id}/end",
        data={"csrf": form["csrf"], "end_on": "18/11/2026", "reason": "target met"},
    )
    assert ended.status_code == 303
    with Session(school.engine) as session:
        row = session.get(Provision, phonics.id)
        assert (row.sessions_per_week, str(row.end_on)) == (3, "2026-11-18")
        versions = session.exec(
            select(RecordVersion).where(RecordVersion.record_type == "provision")
        ).all()
        assert [v.data["sessions_per_week"] for v in versions] == [5, 3]


def test_a_bad_provision_form_says_what_to_fix_and_stores_nothing(school: WebSchool):
    freya = _pupil(school.engine, "Freya")
    beth = school.signed_in(BETH)
    csrf = csrf_of(beth.get(f"/web/pupils/{freya.id}").text)
    before = _count(school.engine, Provision)
    bad = beth.post(
        f"/web/pupils/{freya.id}/provisions",
        data={"csrf": csrf, "name": "", "area_of_need": "Maths", "sessions_per_week": "lots"},
    )
    assert bad.status_code == 400
    assert "Nothing was saved" in bad.text and "Give the provision a name" in bad.text
    assert 'aria-invalid="true"' in bad.text
    assert _count(school.engine, Provision) == before
    good = beth.post(
        f"/web/pupils/{freya.id}/provisions",
        data={
            "csrf": csrf,
            "name": "Handwriting",
            "area_of_need": "Sensory and/or physical",
            "sessions_per_week": "2",
            "minutes_per_session": "15",
            "start_on": "23/11/2026",
        },
    )
    assert good.status_code == 303
    assert _count(school.engine, Provision) == before + 1


def test_an_lsa_cannot_change_the_plan_even_by_posting(school: WebSchool):
    freya = _pupil(school.engine, "Freya")
    amy = school.signed_in(AMY)
    csrf = csrf_of(amy.get(f"/web/pupils/{freya.id}").text)
    response = amy.post(
        f"/web/pupils/{freya.id}/provisions",
        data={
            "csrf": csrf,
            "name": "Extra",
            "area_of_need": "Cognition and learning",
            "sessions_per_week": "1",
            "minutes_per_session": "10",
        },
    )
    assert response.status_code == 403
    assert "Only the SENCO or an admin" in response.text


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(school: WebSchool):
    beth = school.signed_in(BETH)
    before = _count(school.engine, Staff)
    for token in (None, "wrong"):
        data = {"email": "new.person@brookfield.example", "name": "New Person", "role": "lsa"}
        if token:
            data["csrf"] = token
        response = beth.post("/web/staff/add", data=data)
        assert response.status_code == 403
        assert "That form has expired" in response.text
    assert _count(school.engine, Staff) == before
    assert any("CSRF" in d for d in _refusals(school.engine))


def test_the_evidence_pack_downloads_for_those_who_may_have_it(school: WebSchool):
    freya = _pupil(school.engine, "Freya")
    pdf = school.signed_in(AMY).get(f"/web/pupils/{freya.id}/pack.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf.headers["content-disposition"]
    html = school.signed_in(BETH).get(f"/web/pupils/{freya.id}/pack.html")
    assert b"Freya Jones" in html.content
    assert school.signed_in(RAJ).get(f"/web/pupils/{freya.id}/pack.pdf").status_code == 403


def test_reviews_are_booked_through_the_same_rule_as_chat(school: WebSchool):
    kai = _pupil(school.engine, "Kai")
    amy = school.signed_in(AMY)
    page = amy.get("/web/reviews").text
    assert "Kai Robinson" in page and "Book now" in page
    done = amy.post(
        f"/web/reviews/{kai.id}", data={"csrf": csrf_of(page), "step": "booked", "on": "2/12/2026"}
    )
    assert done.status_code == 303
    assert "Booked" in amy.get(done.headers["location"]).text
    assert str(_pupil(school.engine, "Kai").review_booked_on) == "2026-12-02"
    # Raj isn't Kai's key worker.
    raj = school.signed_in(RAJ)
    refused = raj.post(
        f"/web/reviews/{kai.id}",
        data={"csrf": csrf_of(raj.get("/web/reviews").text), "step": "held"},
    )
    assert refused.status_code == 403


def test_staff_are_added_changed_and_given_link_codes(school: WebSchool):
    beth = school.signed_in(BETH)
    page = beth.get("/web/staff").text
    assert "Not linked" in page  # Dina, the admin, has no chat account
    csrf = csrf_of(page)
    added = beth.post(
        "/web/staff/add",
        data={
            "csrf": csrf,
            "email": "Eve.Ward@brookfield.example",
            "name": "Eve Ward",
            "role": "teacher",
        },
    )
    assert added.status_code == 303
    eve = school.staff_id("eve.ward@brookfield.example")
    assert (
        beth.post(f"/web/staff/{eve}/role", data={"csrf": csrf, "role": "lsa"}).status_code == 303
    )
    code = beth.post(f"/web/staff/{eve}/link-code", data={"csrf": csrf})
    assert code.status_code == 200 and "/start " in code.text
    # A SENCO can't make anyone a DSL or admin, nor change the DSL's account.
    assert (
        beth.post(f"/web/staff/{eve}/role", data={"csrf": csrf, "role": "admin"}).status_code == 403
    )
    carl = school.staff_id(CARL)
    assert (
        beth.post(f"/web/staff/{carl}/active", data={"csrf": csrf, "active": "0"}).status_code
        == 403
    )
    # Nor make a link code for it: whoever holds the code could read the concerns.
    assert beth.post(f"/web/staff/{carl}/link-code", data={"csrf": csrf}).status_code == 403
    with Session(school.engine) as session:
        row = session.get(Staff, eve)
        assert row.role == "lsa"
        events = session.exec(
            select(AuditEvent).where(
                AuditEvent.action.in_(["staff_add", "staff_role", "link_code_issued"]),
                AuditEvent.staff_id == school.staff_id(BETH),
            )
        ).all()
        assert {e.action for e in events} == {"staff_add", "staff_role", "link_code_issued"}
        assert {e.platform for e in events} == {"web"}


def test_concerns_show_the_words_to_the_dsl_who_marks_them_seen(school: WebSchool):
    reply = school.chat(AMY).send("Harry said something at snack that worried me - need DSL")
    assert "DSL" in reply.text
    carl = school.signed_in(CARL)
    page = carl.get("/web/concerns").text
    assert "said something at snack that worried me" in page
    assert "1 not yet seen" in page
    with Session(school.engine) as session:
        alert = session.exec(select(SafeguardingAlert)).one()
    seen = carl.post(
        f"/web/concerns/{alert.id}/seen",
        data={"csrf": csrf_of(page)},
        headers={"HX-Request": "true"},
    )
    assert seen.status_code == 200 and "✓ Seen" in seen.text
    with Session(school.engine) as session:
        assert session.get(SafeguardingAlert, alert.id).acknowledged_at is not None
        assert (
            session.exec(select(AuditEvent).where(AuditEvent.action == "concern_seen"))
            .one()
            .platform
            == "web"
        )
    detail = carl.get(f"/web/concerns/{alert.id}").text
    assert "What happened next" in detail and "✓ Seen" in detail


def test_the_audit_filters_and_exports(school: WebSchool):
    # Audit rows are stamped with the real clock: move it to the school's day.
    with time_machine.travel(SCHOOL_MORNING, tick=True):
        _audit_filters_and_exports(school)


def _audit_filters_and_exports(school: WebSchool) -> None:
    school.chat(AMY).send("Freya phonics 20 mins")
    freya = _pupil(school.engine, "Freya")
    dina = school.signed_in(DINA)
    page = dina.get(f"/web/audit?pupil={freya.id}&from=18/11/2026&to=18/11/2026").text
    assert "Amy Lowe" in page and "Freya Jones" in page
    csv = dina.get(f"/web/audit.csv?pupil={freya.id}")
    assert csv.status_code == 200 and "text/csv" in csv.headers["content-type"]
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("at,staff,staff_email,platform,action")
    assert all("Freya Jones" in line for line in lines[1:]) and len(lines) > 1
    assert dina.get("/web/audit?from=yesterday-ish").status_code == 400
