"""Teams follows the product's rules: a worry reaches the DSL in Teams, /platform teams,
nothing said reaches the logs, and the SDK's own environment names are never used."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import select

from bot.notifier import Notifier
from bot.teams.credentials import TeamsNotConfigured, app_options, certificate_credential
from schedules.outbox import deliver_pending
from storage.db import session_scope
from storage.models import SafeguardingAlert, Staff
from tests.support.fake_teams import installed
from tests.teams.conftest import AMY, APP_ID, TENANT, card_text, staff_member

REPO = Path(__file__).resolve().parents[2]
CARL = staff_member("Carl Doyle", "carl.doyle@brookfield.example", 4)  # the DSL
DISCLOSURE = "Freya disclosed that dad hit her, bruise on arm, scared to go home"


def test_a_worry_typed_in_teams_reaches_the_dsl_in_teams_and_the_sender_is_told_who(
    teams, settings, sample_school
):
    teams.connector.add_member(CARL)
    assert teams.post(installed(CARL, teams.connector.service_url, APP_ID)).status_code == 200

    teams.say(DISCLOSURE)
    told = card_text(teams.last_card())
    assert "Carl Doyle" in told
    with session_scope(sample_school) as session:
        [alert] = session.exec(select(SafeguardingAlert)).all()
        assert "scared to go home" in alert.words

    assert deliver_pending(sample_school, Notifier(settings)).sent >= 1
    [sent] = teams.connector.sent_to(CARL.personal_chat)
    assert "scared to go home" in card_text(sent.cards[0])


def test_platform_teams_sends_reminders_to_teams(teams):
    teams.say("/platform teams")
    assert "reminders and digests will come to teams" in card_text(teams.last_card())
    with session_scope(teams.engine) as session:
        amy = session.exec(select(Staff).where(Staff.email == AMY.email)).one()
        assert amy.preferred_platform == "teams"


def test_what_people_type_and_pupil_names_stay_out_of_the_logs(teams, caplog):
    caplog.set_level(logging.INFO)
    teams.say("Freya phonics 20 mins good focus today")
    teams.say(DISCLOSURE)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for words in ("Freya", "good focus", "bruise", "Jones"):
        assert words not in logged


def test_the_sdk_never_loads_a_dotenv_into_the_environment(tmp_path):
    (tmp_path / ".env").write_text("CLIENT_SECRET=from-a-stray-dotenv\nPORT=9999\n")
    probe = "import os, bot.teams; print(os.environ.get('CLIENT_SECRET'), os.environ.get('PORT'))"
    env = {k: v for k, v in os.environ.items() if k not in ("CLIENT_SECRET", "PORT")}
    env["PYTHONPATH"] = str(REPO)
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["None", "None"]


def test_a_stray_client_secret_is_refused_rather_than_used(settings, monkeypatch, tmp_path):
    monkeypatch.setenv("CLIENT_SECRET", "the-sdk-would-prefer-this")
    pem = tmp_path / "bot.pem"
    pem.write_bytes(self_signed_pem())
    with_certificate = settings.model_copy(
        update={"teams_app_password": None, "teams_app_certificate_file": str(pem)}
    )
    with pytest.raises(TeamsNotConfigured, match="CLIENT_SECRET"):
        app_options(with_certificate, "https://login.microsoftonline.com")


def test_signing_in_waits_for_the_first_token_and_is_shared(settings):
    from bot.teams import credentials

    before = dict(credentials._clients)
    options = app_options(settings, "https://login.microsoftonline.com")
    assert callable(options["token"]) and "client_secret" not in options
    assert credentials._clients == before, "no MSAL client (and no look-up) at start-up"


def test_a_certificate_gives_msal_its_key_and_thumbprint(tmp_path):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    pem = tmp_path / "bot.pem"
    pem.write_bytes(self_signed_pem())
    credential = certificate_credential(str(pem))
    certificate = x509.load_pem_x509_certificate(pem.read_bytes())
    assert credential["thumbprint"] == certificate.fingerprint(hashes.SHA1()).hex()
    assert credential["private_key"].startswith("-----BEGIN PRIVATE KEY-----")


def test_the_settings_need_the_tenant_and_a_secret(settings):
    for missing in ({"teams_tenant_id": None}, {"teams_app_password": None}):
        assert not settings.model_copy(update=missing).teams_enabled
    assert settings.teams_enabled and settings.teams_tenant_id == TENANT


def self_signed_pem() -> bytes:
    """A throwaway key and self-signed certificate in one PEM, as Entra takes them."""
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    from tests.support.fake_teams import new_key

    key = new_key()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "keyworker-test")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    return key_pem + certificate.public_bytes(serialization.Encoding.PEM)


def test_keyworker_run_starts_teams_when_it_is_configured(settings, bot_token):
    import httpx

    from bot.runner import start_services
    from bot.teams.runner import RunningTeams

    local = settings.model_copy(
        update={"http_listen": "127.0.0.1", "port": 0, "scheduler_enabled": False}
    )
    services = start_services(local)
    try:
        [teams] = [s for s in services if isinstance(s, RunningTeams)]
        assert httpx.get(f"{teams.url}/healthz").text == "ok\n"
        assert httpx.post(f"{teams.url}/api/messages", json={}).status_code == 401
    finally:
        for service in services:
            service.stop()
