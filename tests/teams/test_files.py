"""Files in Teams: a /report pack is offered with a consent card, uploaded to the
person's OneDrive when they press Allow, and then shown as a file card."""

from __future__ import annotations

from sqlmodel import select

from storage.db import session_scope
from storage.models import KeyValue
from storage.teams import FILE_OFFERS
from tests.support.fake_teams import file_consent
from tests.teams.conftest import AMY, APP_ID, RAJ, card_text

CONSENT = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO = "application/vnd.microsoft.teams.card.file.info"


def offered(teams):
    [consent] = [
        a
        for a in teams.connector.sent_to(AMY.personal_chat)[-1].body["attachments"]
        if a["contentType"] == CONSENT
    ]
    return consent


def answer(teams, consent, action, person=AMY):
    activity = file_consent(
        person, consent, action, teams.connector.service_url, APP_ID, teams.connector.base_url
    )
    assert teams.post(activity).status_code == 200


def waiting(teams) -> int:
    with session_scope(teams.engine) as session:
        return len(session.exec(select(KeyValue).where(KeyValue.namespace == FILE_OFFERS)).all())


def test_a_report_pack_is_offered_then_uploaded_when_allowed(teams):
    teams.say("/report Freya")
    consent = offered(teams)
    assert consent["name"].startswith("evidence-pack-Freya-Jones") and consent["name"].endswith(
        ".pdf"
    )
    assert consent["content"]["sizeInBytes"] > 1000

    answer(teams, consent, "accept")

    [(name, pdf)] = teams.connector.uploads.items()
    assert name == consent["name"] and pdf.startswith(b"%PDF")
    assert teams.connector.upload_ranges == [f"bytes 0-{len(pdf) - 1}/{len(pdf)}"]
    shown = teams.connector.sent_to(AMY.personal_chat)[-1].body["attachments"]
    assert [a["contentType"] for a in shown] == [FILE_INFO]
    assert shown[0]["name"] == consent["name"]
    assert waiting(teams) == 0, "sent once, then forgotten"


def test_declining_forgets_the_file_and_a_second_answer_finds_nothing(teams):
    teams.say("/report Freya")
    consent = offered(teams)
    answer(teams, consent, "decline")
    assert "haven't sent the file" in teams.connector.sent_to(AMY.personal_chat)[-1].body["text"]
    assert waiting(teams) == 0

    answer(teams, consent, "accept")
    assert "no longer waiting" in teams.connector.sent_to(AMY.personal_chat)[-1].body["text"]
    assert teams.connector.uploads == {}


def test_only_the_person_offered_a_file_can_take_it(teams):
    teams.say("/report Freya")
    consent = offered(teams)
    teams.say("/help", person=RAJ)
    answer(teams, consent, "accept", person=RAJ)
    assert teams.connector.uploads == {}
    assert waiting(teams) == 1, "still Amy's to allow"
    assert "Freya" not in card_text(teams.connector.sent_to(RAJ.personal_chat)[0].cards[0])
