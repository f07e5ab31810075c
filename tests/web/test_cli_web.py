"""`keyworker web-link EMAIL` and `keyworker web`: the first SENCO's way in, and serving the pages."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from storage.db import make_engine
from storage.models import AuditEvent, WebSignInLink


def test_web_link_prints_a_one_time_link_for_an_active_member_of_staff(sample_cli, monkeypatch):
    monkeypatch.setenv("WEB_BASE_URL", "https://keyworker.school.example")
    result = sample_cli("web-link", "Beth.Moss@brookfield.example")
    link = result.stdout.strip()
    assert re.fullmatch(r"https://keyworker\.school\.example/web/signin/[\w-]{40,}", link)
    engine = make_engine(sample_cli.url)
    with Session(engine) as session:
        stored = session.exec(select(WebSignInLink)).one()
        assert link.rsplit("/", 1)[1] not in stored.token_hash
        issued = session.exec(
            select(AuditEvent).where(AuditEvent.action == "web_link_issued")
        ).one()
        assert issued.platform == "cli"
    engine.dispose()


def test_web_link_refuses_someone_unknown(sample_cli):
    result = sample_cli("web-link", "nobody@brookfield.example", code=1)
    assert "No active staff member" in result.output


def test_web_refuses_to_start_when_the_pages_are_turned_off(sample_cli, monkeypatch):
    monkeypatch.setenv("WEB_ENABLED", "false")
    assert "turned off" in sample_cli("web", code=1).output
    assert "turned off" in sample_cli("web-link", "beth.moss@brookfield.example", code=1).output
