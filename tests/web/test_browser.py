"""The pages in a real headless browser (Playwright driving Debian's chromium).

Signing in by link (and expired and reused links refused), each main page for an
allowed and a refused role, a roster upload with errors that stores nothing and
a good one that stores all, a provision change with its history, CSRF refusal,
axe-core with no serious or critical violations on every page, the keyboard
alone, and a narrow screen (a phone, or 400% zoom on a laptop).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlmodel import Session, func, select

from bot.http.server import HttpServer
from storage.models import Pupil, SafeguardingAlert, Staff
from tests.support.web import (
    AMY,
    BETH,
    CARL,
    DINA,
    RAJ,
    WebSchool,
    axe_violations,
    launch_chromium,
)

pytestmark = pytest.mark.browser

PUPIL_HEADER = "upn,first_name,last_name,preferred_name,year_group,class,key_worker_email,plan_type,annual_review_due\n"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def site(school: WebSchool) -> Iterator[tuple[WebSchool, str]]:
    server = HttpServer(school.app, "127.0.0.1", 0).start()
    try:
        yield school, server.url
    finally:
        server.stop()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    errors: list[str] = []
    # A CSP violation or a script error shows here (a refusal page's own status doesn't count).
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and "the server responded with a status of 4" not in m.text
            else None
        ),
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not errors, errors


def sign_in(page: Page, site: tuple[WebSchool, str], email: str) -> None:
    school, url = site
    page.goto(f"{url}/web/signin/{school.link_token(email)}")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible()


def _count(engine, model) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_sign_in_by_link_and_refused_links(page: Page, site):
    school, url = site
    reply = school.chat(BETH).send("/web")
    link = re.search(r"https?://\S+/web/signin/(\S+)", reply.text)
    assert link
    page.goto(f"{url}/web/signin/{link[1]}")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{url}/web/today")
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    expect(page.get_by_text("Beth Moss")).to_be_visible()
    # Reused, in a fresh browser.
    other = page.context.browser.new_context().new_page()
    other.goto(f"{url}/web/signin/{link[1]}")
    other.get_by_role("button", name="Sign in").click()
    expect(other.get_by_role("heading", level=1)).to_have_text("That link doesn't work any more")
    # Expired.
    token = school.link_token(AMY)
    school.clock.advance(minutes=11)
    other.goto(f"{url}/web/signin/{token}")
    other.get_by_role("button", name="Sign in").click()
    expect(other.get_by_text("expired or has already been used")).to_be_visible()
    other.context.close()
    # Sign out.
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.goto(f"{url}/web/today")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Keyworker")


ROLE_PAGES = [
    ("roster", "Roster", BETH, AMY),
    ("staff", "Staff", BETH, RAJ),
    ("concerns", "Safeguarding concerns", CARL, BETH),
    ("audit", "Audit trail", DINA, CARL),
]


@pytest.mark.parametrize(("path", "heading", "allowed", "refused"), ROLE_PAGES)
def test_each_page_for_an_allowed_and_a_refused_role(
    page: Page, site, path, heading, allowed, refused
):
    school, url = site
    sign_in(page, site, allowed)
    page.goto(f"{url}/web/{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    page.context.clear_cookies()
    sign_in(page, site, refused)
    expect(page.get_by_role("link", name=heading.split()[0])).to_have_count(0)
    response = page.goto(f"{url}/web/{path}")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("This page isn't available to you")


def test_a_pupil_page_for_the_key_worker_and_not_for_another_lsa(page: Page, site):
    school, url = site
    with Session(school.engine) as session:
        freya = session.exec(select(Pupil).where(Pupil.first_name == "Freya")).one()
    sign_in(page, site, AMY)
    page.goto(f"{url}/web/provision")
    page.get_by_role("link", name="Freya Jones").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Freya Jones")
    page.context.clear_cookies()
    sign_in(page, site, RAJ)
    response = page.goto(f"{url}/web/pupils/{freya.id}")
    assert response is not None and response.status == 403


def test_a_roster_upload_with_errors_stores_nothing_and_a_good_one_stores_all(
    page: Page, site, tmp_path
):
    school, url = site
    sign_in(page, site, BETH)
    bad = tmp_path / "pupils-bad.csv"
    bad.write_text(
        PUPIL_HEADER
        + "J873331229999,Tobi,Okafor,,1,1B,amy.lowe@brookfield.example,SEN Support,\n"
        + "A873331220201,,Jones,,2,2H,nobody@brookfield.example,IEP,soon\n"
    )
    before = _count(school.engine, Pupil)
    page.goto(f"{url}/web/roster")
    page.get_by_label("Pupils").check()
    page.get_by_label("CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing has been stored")
    problems = page.get_by_role("table", name="Problems, by line of the file")
    expect(problems).to_contain_text("check letter")
    expect(problems).to_contain_text("unknown key worker nobody@brookfield.example")
    expect(problems).to_contain_text("IEP")
    expect(problems).to_contain_text("not a date")
    expect(page.get_by_role("button", name=re.compile("^Import"))).to_have_count(0)
    assert _count(school.engine, Pupil) == before
    # A SIMS-style export: the columns are matched, then previewed, then stored.
    good = tmp_path / "sims.csv"
    good.write_text(
        "UPN,Legal Surname,Legal Forename,Preferred Forename,Year,Reg Group,SEN Status,Gender\n"
        "J873331229999,Okafor,Tobi,,Year 1,1B,K,M\n"
        "V873331229998,Nowak,Zofia,Zosia,Year 3,3K,E,F\n"
    )
    page.goto(f"{url}/web/roster")
    page.get_by_label("Pupils").check()
    page.get_by_label("CSV file").set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Which column is which?")
    expect(page.get_by_label("First name (needed)")).to_have_value("Legal Forename")
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("table", name="What will change")).to_contain_text("Zofia Nowak")
    assert _count(school.engine, Pupil) == before
    page.get_by_role("button", name="Import 2 changes").click()
    expect(page.get_by_role("status")).to_contain_text("2 added")
    assert _count(school.engine, Pupil) == before + 2
    expect(page.get_by_role("link", name="Zofia Nowak")).to_be_visible()


def test_a_provision_change_keeps_its_history(page: Page, site):
    school, url = site
    with Session(school.engine) as session:
        freya = session.exec(select(Pupil).where(Pupil.first_name == "Freya")).one()
    sign_in(page, site, BETH)
    page.goto(f"{url}/web/pupils/{freya.id}")
    page.get_by_text("SALT: change, end or see history").click()
    box = page.locator("details", has_text="SALT: change")
    box.get_by_label("Sessions a week").fill("3")
    box.get_by_label("Why it changed").fill("EHCP amended 17/11/2026")
    box.get_by_role("button", name="Save the new version").click()
    expect(page.get_by_role("status")).to_contain_text("previous version is kept")
    page.get_by_text("SALT: change, end or see history (1 earlier version)").click()
    history = page.get_by_role("table", name="Earlier versions of SALT")
    expect(history).to_contain_text("2 × 30 min a week")
    expect(history).to_contain_text("EHCP amended 17/11/2026")
    expect(page.get_by_role("table", name="Provisions in the plan")).to_contain_text(
        "3 × 30 min a week"
    )


def test_a_form_with_a_tampered_csrf_token_is_refused(page: Page, site):
    school, url = site
    sign_in(page, site, BETH)
    page.goto(f"{url}/web/staff")
    page.evaluate("document.querySelectorAll('input[name=csrf]').forEach(i => i.value = 'forged')")
    page.get_by_label("Full name").fill("Eve Ward")
    page.get_by_label("School email address").fill("eve.ward@brookfield.example")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("That form has expired")
    with Session(school.engine) as session:
        assert (
            session.exec(select(Staff).where(Staff.email == "eve.ward@brookfield.example")).first()
            is None
        )


def test_marking_a_concern_seen_updates_in_place(page: Page, site):
    school, url = site
    school.chat(AMY).send("Harry said something at snack that worried me - need DSL")
    sign_in(page, site, CARL)
    page.goto(f"{url}/web/concerns")
    expect(page.get_by_text("said something at snack that worried me")).to_be_visible()
    page.get_by_role("button", name=re.compile("Mark as seen")).click()
    expect(page.get_by_text("✓ Seen")).to_be_visible()
    with Session(school.engine) as session:
        assert session.exec(select(SafeguardingAlert)).one().acknowledged_at is not None


def _every_page(school: WebSchool) -> list[tuple[str, str]]:
    with Session(school.engine) as session:
        freya = session.exec(select(Pupil).where(Pupil.first_name == "Freya")).one()
        alert = session.exec(select(SafeguardingAlert)).first()
    pages = [
        (BETH, "/web/today"),
        (BETH, "/web/today?span=week"),
        (BETH, "/web/provision"),
        (BETH, f"/web/pupils/{freya.id}"),
        (BETH, "/web/reviews"),
        (BETH, "/web/roster"),
        (BETH, "/web/staff"),
        (CARL, "/web/concerns"),
        (DINA, "/web/audit"),
        (AMY, "/web/provision"),
        (AMY, "/web/roster"),  # the refusal page
        ("", "/web/signin"),
    ]
    if alert is not None:
        pages.append((CARL, f"/web/concerns/{alert.id}"))
    return pages


def test_no_serious_accessibility_violations_on_any_page(page: Page, site):
    school, url = site
    amy = school.chat(AMY)
    amy.send("Freya phonics 20 mins good focus")
    amy.send("Kai zones of regulation 15 mins")
    amy.send("/undo")
    amy.send("Harry said something at snack that worried me - need DSL")
    found = {}
    signed_as = None
    for email, path in _every_page(school):
        if email != signed_as:
            page.context.clear_cookies()
            if email:
                sign_in(page, site, email)
            signed_as = email
        page.goto(f"{url}{path}")
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 900})
            violations = axe_violations(page)
            if violations:
                found[f"{path} ({email or 'signed out'}, {width}px)"] = violations
    assert not found, found


def test_keyboard_alone_reaches_and_uses_the_pages(page: Page, site):
    school, url = site
    sign_in(page, site, BETH)
    page.goto(f"{url}/web/today")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # From the top, Tab reaches the navigation in order and Enter follows it.
    page.goto(f"{url}/web/today")
    names = []
    for _ in range(8):
        page.keyboard.press("Tab")
        names.append(page.evaluate("document.activeElement.textContent.trim()"))
        if names[-1] == "Provision map":
            break
    assert names[0] == "Skip to main content" and names[-1] == "Provision map", names
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Provision map")
    # A filter works from the keyboard: focus it, pick with the arrow keys, submit with Enter.
    page.get_by_label("Class").focus()
    page.keyboard.press("ArrowDown")
    page.get_by_role("button", name="Show").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"class="))
    # Every focused control shows a visible focus indicator.
    page.get_by_role("button", name="Show").focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


@pytest.mark.parametrize(
    "path", ["/web/today?span=week", "/web/provision", "/web/reviews", "/web/staff", "/web/roster"]
)
def test_a_narrow_screen_needs_no_sideways_scrolling(browser: Browser, site, path):
    # 320 CSS pixels wide: a small phone, or a 1280-pixel laptop screen at 400% zoom.
    school, url = site
    school.chat(AMY).send("Freya phonics 20 mins good focus")
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    sign_in(page, site, BETH)
    page.goto(f"{url}{path}")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
    context.close()
