"""The files: a PDF whose text reads back, a self-contained HTML page, real PNG charts."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from sqlmodel import Session, func, select

from handlers.reports import charts
from handlers.reports.evidence import build_pupil_pack
from handlers.reports.files import pupil_pack_file, review_window, school_report_file
from handlers.reports.html import render_html
from handlers.reports.layout import pupil_document
from handlers.reports.permissions import Requester
from storage.db import session_scope
from storage.models import AuditEvent, Pupil
from tests.reports.term import NOW, PERIOD

PNG = b"\x89PNG\r\n\x1a\n"


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _file(engine, pupil_id: int, fmt: str):
    with session_scope(engine) as session:
        pupil = session.get(Pupil, pupil_id)
        return pupil_pack_file(
            session, pupil, period=PERIOD, now=NOW, requester=Requester.cli(), fmt=fmt
        )


def test_pdf_pack_reads_back_with_the_numbers(term):
    engine, ids = term
    file = _file(engine, ids["freya"], "pdf")
    assert file.mime_type == "application/pdf" and file.content.startswith(b"%PDF")
    assert file.filename == "evidence-pack-Freya-Jones-2026-10-16.pdf"
    text = pdf_text(file.content)
    for words in (
        "Annual review evidence pack: Freya Jones",
        "Mon 7 September 2026 to Fri 16 October 2026",
        "37 of 42 planned (88%)",
        "850 of 960 planned",
        "Phonics 30 26 87% 520 600 4",
        "SALT 12 11 92% 330 360 1",
        "w/c 28/09/2026 7 5 71% 2 Phonics: staff absence; Phonics: trip",
        "Transition from playground",
        "Running towards the road gate",
        "24/09/2026 15:30",
        "Sent home the phonics cards",
        "20/10/2026 (to do)",
        "Recent notes from Amy Lowe",
        "Confidential",
    ):
        assert words in " ".join(text.split()), words
    assert "Raj covered SALT" not in text
    with Session(engine) as session:
        rows = session.exec(select(AuditEvent).where(AuditEvent.action == "report")).all()
    assert [(a.record_type, a.pupil_id, a.platform, a.staff_id) for a in rows] == [
        ("evidence_pack", ids["freya"], "cli", None)
    ]
    assert "from=2026-09-07 to=2026-10-16" in rows[0].detail


def test_html_pack_is_one_self_contained_file(term):
    engine, ids = term
    html = _file(engine, ids["freya"], "html").content.decode("utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    images = re.findall(r'<img src="([^"]+)"', html)
    assert len(images) == 2 and all(src.startswith("data:image/png;base64,") for src in images)
    assert not re.search(r"<(script|link|iframe)\b", html)
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "Freya Jones" in html and "Running towards the road gate" in html


def _meta_policies(html: str) -> list[str]:
    from html.parser import HTMLParser

    found: list[str] = []

    class Metas(HTMLParser):
        def handle_starttag(self, tag, attrs):
            values = dict(attrs)
            if tag == "meta" and (values.get("http-equiv") or "").lower() == (
                "content-security-policy"
            ):
                found.append(values.get("content") or "")

    Metas().feed(html)
    return found


def test_html_pack_carries_a_strict_content_security_policy(term):
    engine, ids = term
    html = _file(engine, ids["freya"], "html").content.decode("utf-8")
    (policy,) = _meta_policies(html)
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in policy.split(";") if part.strip()
    )
    assert directives["default-src"] == ["'none'"]
    assert directives["img-src"] == ["data:"]
    assert directives["style-src"] == ["'unsafe-inline'"]
    assert "script-src" not in directives  # scripts fall back to default-src 'none'
    # The policy is in <head> before anything it governs.
    assert html.index("Content-Security-Policy") < html.index("<style>")


def test_text_is_escaped_in_html(term):
    engine, ids = term
    with session_scope(engine) as session:
        pupil = session.get(Pupil, ids["freya"])
        pupil.preferred_name = "<b>Fi</b>"
        doc = pupil_document(build_pupil_pack(session, pupil, PERIOD, now=NOW), "test")
        html = render_html(doc).decode()
        session.rollback()
    assert "<b>Fi</b>" not in html and "&lt;b&gt;Fi&lt;/b&gt;" in html


def test_charts_are_real_pngs_and_skipped_when_there_is_nothing_to_draw(term):
    engine, ids = term
    with Session(engine) as session:
        freya = build_pupil_pack(session, session.get(Pupil, ids["freya"]), PERIOD, now=NOW)
        kai = build_pupil_pack(session, session.get(Pupil, ids["kai"]), PERIOD, now=NOW)
    for png in (
        charts.provision_chart(freya.provisions, freya.mondays),
        charts.behaviour_chart(freya.behaviour, freya.mondays),
        charts.provision_chart(kai.provisions, kai.mondays),
    ):  # planned, none delivered
        assert png.startswith(PNG) and len(png) > 10_000
    assert charts.behaviour_chart(kai.behaviour, kai.mondays) is None
    assert charts.most_behind_chart([]) is None


def test_empty_pack_says_so_in_the_pdf(term):
    engine, ids = term
    text = " ".join(pdf_text(_file(engine, ids["kai"], "pdf").content).split())
    assert (
        "Nothing was recorded for Kai Robinson between Mon 7 September 2026 and Fri 16 October 2026"
        in text
    )
    assert "No behaviour incidents were recorded in this period." in text
    assert "Zones of Regulation" in text


def test_unicode_names_survive_into_the_pdf(term):
    engine, ids = term
    with session_scope(engine) as session:
        session.get(Pupil, ids["kai"]).first_name = "Zoë"
    file = _file(engine, ids["kai"], "pdf")
    assert "Zoë Robinson" in pdf_text(file.content)
    assert file.filename.startswith("evidence-pack-Zoe-Robinson")


def test_school_report_numbers_and_text(term):
    engine, ids = term
    with session_scope(engine) as session:
        school_id = session.get(Pupil, ids["freya"]).school_id
        file = school_report_file(
            session,
            school_id,
            period=PERIOD,
            now=NOW,
            requester=Requester.cli(),
            window=review_window(NOW.date()),
            fmt="pdf",
        )
    text = " ".join(pdf_text(file.content).split())
    # 46 planned sessions a week across the sample school's 15 provisions, for six weeks.
    assert "37 of 276 planned (13%)" in text
    assert "Pupils most behind" in text and "Aarav Gupta" in text
    # Reviews due by 15 January 2027 (13 weeks on): Lily 2 Dec, Kai 9 Dec.
    assert "Lily Green" in text and "09/12/2026" in text and "20/01/2027" not in text
    with Session(engine) as session:
        assert (
            session.exec(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.record_type == "school_report")
            ).one()
            == 1
        )
