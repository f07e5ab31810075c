"""Test helpers for the web pages: the app over a test database, signing in, a browser.

`WebSchool` builds the pages over the sample school with a settable clock, and
signs people in through the real one-time link flow. `launch_chromium` starts
Debian's chromium for Playwright (never a downloaded browser); where it is
missing the browser tests skip with the reason, except in CI, where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from bot.config import Settings
from bot.web.serve import web_front
from handlers.types import HandlerContext
from schedules.calendar import load_calendar
from storage.db import session_scope
from storage.identity import staff_by_email
from storage.staff import add_staff
from storage.web_auth import issue_signin_link
from tests.support.chat import LONDON, Clock, Dialog

AMY = "amy.lowe@brookfield.example"  # LSA, key worker of Freya and Kai
RAJ = "raj.singh@brookfield.example"  # LSA
BETH = "beth.moss@brookfield.example"  # SENCO
CARL = "carl.doyle@brookfield.example"  # DSL
DINA = "dina.shah@brookfield.example"  # admin, added by WebSchool
CHROMIUM = Path(os.environ.get("KEYWORKER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
# Wednesday of a normal school week in the shipped 2026-27 calendar.
SCHOOL_MORNING = datetime(2026, 11, 18, 11, 0, tzinfo=LONDON)
LINK = re.compile(r"https?://\S+/web/signin/(\S+)")


class WebSchool:
    def __init__(self, engine: Engine, settings: Settings | None = None) -> None:
        self.engine = engine
        self.clock = Clock(SCHOOL_MORNING)
        self.settings = settings or Settings(
            _env_file=None, database_url=engine.url.render_as_string(hide_password=False)
        )
        self.ctx = HandlerContext(
            engine=engine,
            tz=LONDON,
            clock=self.clock,
            calendar=load_calendar(None),
            web_base_url=self.settings.web_base_url if self.settings.web_enabled else None,
        )
        with session_scope(engine) as session:
            if staff_by_email(session, DINA) is None:
                beth = staff_by_email(session, BETH)
                assert beth is not None
                add_staff(session, beth.school_id, DINA, "Dina Shah", "admin")
        self.app: FastAPI = web_front(self.settings, self.ctx)

    def staff_id(self, email: str) -> int:
        with session_scope(self.engine) as session:
            staff = staff_by_email(session, email)
            assert staff is not None and staff.id is not None
            return staff.id

    def chat(self, email: str) -> Dialog:
        dialog = Dialog(self.engine, email, clock=self.clock)
        dialog.ctx = self.ctx
        return dialog

    def link_token(self, email: str) -> str:
        """A fresh one-time token, as `/web` in chat makes it."""
        with session_scope(self.engine) as session:
            staff = staff_by_email(session, email)
            assert staff is not None
            return issue_signin_link(
                session, staff, now=self.ctx.now(), via="console", issued_by_id=staff.id
            )

    def client(self) -> TestClient:
        # https: the session cookie is Secure, so a client only sends it over HTTPS.
        return TestClient(self.app, base_url="https://testserver", follow_redirects=False)

    def signed_in(self, email: str) -> TestClient:
        client = self.client()
        sign_in(client, self.link_token(email))
        return client


def sign_in(client: TestClient, token: str) -> Any:
    page = client.get(f"/web/signin/{token}")
    assert page.status_code == 200, page.text
    check = re.search(r'name="check" value="([^"]+)"', page.text)
    assert check is not None
    return client.post(f"/web/signin/{token}", data={"check": check[1], "next": "/today"})


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None, "no CSRF token on the page"
    return found[1]


def launch_chromium(playwright: Any) -> Any:
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        why = f"Debian's chromium is not installed ({CHROMIUM}): apt-get install chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(f"The browser tests must run in CI: {why}")
        pytest.skip(why)
    executable = CHROMIUM if CHROMIUM.exists() else Path(shutil.which("chromium") or "")
    return playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page (WCAG 2.x A and AA rules).

    The script is evaluated through the DevTools protocol, which a strict CSP
    (rightly) doesn't block; a <script> tag would be.
    """
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.html)}));
        }"""
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]
