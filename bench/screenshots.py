"""Screenshots of the main web pages, on the demo school (Oakfield Primary, fictional).

`make screenshots` runs this: a throwaway SQLite database gets the demo school
and a few days of logs typed through the real chat handlers, the pages are
served on 127.0.0.1, and Debian's chromium (headless, through Playwright)
signs in by link and captures each page into docs/screenshots/.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from bot.config import Settings  # noqa: E402
from bot.http.server import HttpServer  # noqa: E402
from bot.web.serve import web_front  # noqa: E402
from handlers.roster_cache import invalidate  # noqa: E402
from handlers.types import HandlerContext  # noqa: E402
from schedules.calendar import load_calendar  # noqa: E402
from storage.db import make_engine, session_scope  # noqa: E402
from storage.identity import get_or_create_school, staff_by_email  # noqa: E402
from storage.importer import import_folder  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Pupil, School  # noqa: E402
from storage.web_auth import issue_signin_link  # noqa: E402
from tests.support.chat import Clock, Dialog  # noqa: E402
from tests.support.web import CHROMIUM_ARGS  # noqa: E402

LONDON = ZoneInfo("Europe/London")
SENCO, DSL, ADMIN, LSA = (
    "helen.ward@oakfield.example",
    "david.okafor@oakfield.example",
    "office@oakfield.example",
    "jo.fletcher@oakfield.example",
)
# (day of November 2026, time, who, what they typed)
LOGS = [
    (16, "09:10", LSA, "Sam B phonics 20 mins good focus, blended CVC words"),
    (
        16,
        "10:40",
        LSA,
        "behaviour: Zoë threw a pencil pot in maths, used calm corner, settled in 5",
    ),
    (16, "13:20", "priya.nair@oakfield.example", "Sammy P precision teaching 10 mins"),
    (17, "09:05", LSA, "Sam B phonics 20 mins"),
    (17, "11:15", LSA, "Zoë sensory circuits missed - Zoë at dentist"),
    (
        17,
        "15:30",
        "priya.nair@oakfield.example",
        "spoke to Sammy's mum at pickup - new glasses, will follow up Friday",
    ),
    (18, "09:00", LSA, "Sam B phonics 20 mins read two decodable books"),
    (18, "10:05", LSA, "Sam B zones of regulation 15 mins"),
]
CONCERN = (18, "10:30", LSA, "Zoë said she is scared to go home because of the shouting - need DSL")


def build(folder: Path) -> tuple[HandlerContext, Clock]:
    engine = make_engine(f"sqlite:///{folder / 'screens.db'}")
    upgrade(engine)
    with session_scope(engine) as session:
        school = get_or_create_school(session)
        school.name = "Oakfield Primary (demo)"
        session.add(school)
        import_folder(session, school.id, REPO / "bot" / "demo")
    invalidate()
    clock = Clock(datetime(2026, 11, 16, 9, 0, tzinfo=LONDON))
    ctx = HandlerContext(engine=engine, tz=LONDON, clock=clock, calendar=load_calendar(None))
    for day, hhmm, who, text in [*LOGS, CONCERN]:
        clock.current = datetime(2026, 11, day, *map(int, hhmm.split(":")), tzinfo=LONDON)
        chat = Dialog(engine, who, clock=clock)
        chat.ctx = ctx
        chat.send(text)
        if "dentist" in text:
            chat.send("/undo")  # a withdrawn record, shown as such
    clock.current = datetime(2026, 11, 18, 14, 0, tzinfo=LONDON)
    return ctx, clock


def token(ctx: HandlerContext, email: str) -> str:
    with session_scope(ctx.engine) as session:
        staff = staff_by_email(session, email)
        assert staff is not None
        return issue_signin_link(session, staff, now=ctx.now(), via="cli", issued_by_id=None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        ctx, _ = build(Path(tmp))
        settings = Settings(_env_file=None, database_url=str(ctx.engine.url))
        server = HttpServer(web_front(settings, ctx), "127.0.0.1", 0).start()
        with session_scope(ctx.engine) as session:
            sam = next(
                p
                for p in session.query(Pupil).all()
                if p.first_name == "Sam" and p.last_name == "Brown"
            )
            school_name = session.get(School, sam.school_id).name
        bad_roster = Path(tmp) / "pupils-from-sims.csv"
        bad_roster.write_text(
            "UPN,Legal Surname,Legal Forename,Preferred Forename,Year,Reg Group,SEN Status,Gender\n"
            "Y999900002001,Brown,Sam,,Year 4,4R,E,M\n"
            "A999900002099,Green,Lily,,Year 1,1B,K,F\n"
            "M999900002002,Patel,Sam,Sammy,Year 5,5W,Q,M\n"
        )
        shots = [
            (SENCO, "/web/today?span=week", "today-week", None),
            (SENCO, "/web/provision", "provision-map", None),
            (SENCO, f"/web/pupils/{sam.id}", "pupil", None),
            (SENCO, "/web/reviews", "reviews", None),
            (SENCO, "/web/staff", "staff", None),
            (DSL, "/web/concerns", "concerns", None),
            (ADMIN, "/web/audit", "audit", None),
        ]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            for email, path, name, _ in shots:
                page = browser.new_context(
                    viewport={"width": 1280, "height": 900}, locale="en-GB"
                ).new_page()
                page.goto(f"{server.url}/web/signin/{token(ctx, email)}")
                page.get_by_role("button", name="Sign in").click()
                page.goto(f"{server.url}{path}")
                page.screenshot(path=str(out / f"{name}.png"), full_page=True)
                page.context.close()
            # The roster's mapping step and its preview with problems.
            page = browser.new_context(
                viewport={"width": 1280, "height": 900}, locale="en-GB"
            ).new_page()
            page.goto(f"{server.url}/web/signin/{token(ctx, SENCO)}")
            page.get_by_role("button", name="Sign in").click()
            page.goto(f"{server.url}/web/roster")
            page.get_by_label("Pupils").check()
            page.get_by_label("CSV file").set_input_files(str(bad_roster))
            page.get_by_role("button", name="Check the file").click()
            page.screenshot(path=str(out / "roster-mapping.png"), full_page=True)
            page.get_by_role("button", name="Check the file").click()
            page.screenshot(path=str(out / "roster-preview.png"), full_page=True)
            page.context.close()
            # A phone.
            phone = browser.new_context(
                viewport={"width": 390, "height": 844}, locale="en-GB", device_scale_factor=2
            ).new_page()
            phone.goto(f"{server.url}/web/signin/{token(ctx, SENCO)}")
            phone.get_by_role("button", name="Sign in").click()
            phone.goto(f"{server.url}/web/provision")
            phone.screenshot(path=str(out / "provision-map-phone.png"))
            browser.close()
        server.stop()
    print(f"Screenshots of {school_name} in {out}")


if __name__ == "__main__":
    main()
