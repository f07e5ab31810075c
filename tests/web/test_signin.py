"""Signing in: /web in chat sends a one-time link; expired, reused and forged links are refused;
sessions end on idle, on sign-out and when the person is deactivated."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.web.security import CONTENT_SECURITY_POLICY
from storage.models import AuditEvent, WebSession, WebSignInLink
from tests.support.web import AMY, BETH, LINK, WebSchool, csrf_of, sign_in


def _audit_actions(engine) -> list[str]:
    with Session(engine) as session:
        return [e.action for e in session.exec(select(AuditEvent).order_by(AuditEvent.id))]


def test_web_in_chat_sends_a_private_link_that_signs_in_once(school: WebSchool):
    reply = school.chat(BETH).send("/web")
    assert reply.private
    assert "works once, for 10 minutes" in reply.text
    found = LINK.search(reply.text)
    assert found and found[0].startswith("http://127.0.0.1:8080/web/signin/")
    token = found[1]
    client = school.client()
    # Opening the link (as a chat app's link preview would) doesn't use it up.
    assert client.get(f"/web/signin/{token}").status_code == 200
    signed = sign_in(client, token)
    assert signed.status_code == 303 and signed.headers["location"] == "/web/today"
    cookie = signed.headers["set-cookie"]
    assert "kw_session=" in cookie
    for attribute in ("HttpOnly", "Secure", "SameSite=strict", "Path=/web"):
        assert attribute.lower() in cookie.lower()
    today = client.get("/web/today")
    assert today.status_code == 200
    assert "Signed in as <strong>Beth Moss</strong> (SENCO)" in today.text
    # Only hashes are stored.
    with Session(school.engine) as session:
        link = session.exec(select(WebSignInLink)).one()
        assert token not in link.token_hash and link.used_at is not None
        stored = session.exec(select(WebSession)).one()
        assert client.cookies["kw_session"] not in stored.session_hash
    assert {"web_link_issued", "web_signin"} <= set(_audit_actions(school.engine))
    # The same link again, in another browser: refused.
    again = sign_in(school.client(), token)
    assert again.status_code == 400
    assert "expired or has already been used" in again.text


def test_a_link_older_than_ten_minutes_is_refused(school: WebSchool):
    token = school.link_token(AMY)
    school.clock.advance(minutes=10, seconds=1)
    refused = sign_in(school.client(), token)
    assert refused.status_code == 400
    assert "expired or has already been used" in refused.text
    assert "web_signin_failed" in _audit_actions(school.engine)


def test_a_made_up_link_and_a_missing_check_cookie_are_refused(school: WebSchool):
    assert sign_in(school.client(), "not-a-real-token").status_code == 400
    token = school.link_token(AMY)
    client = school.client()
    client.get(f"/web/signin/{token}")
    # A form posted from elsewhere has no matching check cookie.
    forged = school.client().post(f"/web/signin/{token}", data={"check": "guess"})
    assert forged.status_code == 400
    assert "sign-in check" in forged.text


def test_signed_out_visitors_are_sent_to_the_sign_in_page(school: WebSchool):
    client = school.client()
    response = client.get("/web/provision?class=2H")
    assert response.status_code == 303
    assert response.headers["location"] == "/web/signin?next=/provision"
    help_page = client.get("/web/signin")
    assert "Send <strong>/web</strong>" in help_page.text
    # A POST without a session changes nothing and says so.
    assert client.post("/web/staff/add", data={"email": "x@y.example"}).status_code == 401


def test_sessions_end_after_the_idle_time_and_on_sign_out(school: WebSchool):
    client = school.signed_in(BETH)
    school.clock.advance(minutes=29)
    assert client.get("/web/today").status_code == 200  # activity keeps it alive
    school.clock.advance(minutes=31)
    assert client.get("/web/today").status_code == 303
    client = school.signed_in(BETH)
    page = client.get("/web/today")
    out = client.post("/web/signout", data={"csrf": csrf_of(page.text)})
    assert out.status_code == 303 and out.headers["location"] == "/web/signin?signed_out=1"
    assert client.get("/web/today").status_code == 303
    assert "web_signout" in _audit_actions(school.engine)


def test_sessions_have_an_absolute_lifetime(school: WebSchool):
    client = school.signed_in(BETH)
    for _ in range(25):  # 25 × 29m59s passes 12 hours
        school.clock.advance(minutes=29, seconds=59)
        response = client.get("/web/today")
    assert response.status_code == 303


def test_deactivating_someone_ends_their_session_at_once(school: WebSchool):
    amy = school.signed_in(AMY)
    assert amy.get("/web/today").status_code == 200
    beth = school.signed_in(BETH)
    staff_page = beth.get("/web/staff")
    amy_id = school.staff_id(AMY)
    done = beth.post(
        f"/web/staff/{amy_id}/active", data={"csrf": csrf_of(staff_page.text), "active": "0"}
    )
    assert done.status_code == 303
    assert amy.get("/web/today").status_code == 303


def test_every_response_carries_the_security_headers(school: WebSchool):
    client = school.signed_in(BETH)
    for path in ("/web/today", "/web/signin", "/web/static/style.css", "/web/nowhere"):
        response = client.get(path)
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert client.get("/web/today").headers["cache-control"] == "no-store"
    assert client.get("/web/static/style.css").headers["cache-control"].startswith("public")


def test_the_pages_can_be_turned_off(engine, samples_dir):
    from bot.config import Settings
    from tests.support.school import load_school

    load_school(engine, samples_dir)
    url = engine.url.render_as_string(hide_password=False)
    school = WebSchool(engine, Settings(_env_file=None, database_url=url, web_enabled=False))
    assert school.client().get("/web/signin").status_code == 404
    assert "turned off" in school.chat(BETH).send("/web").text
