"""Fixtures for the Teams tests: the real Teams SDK served on loopback, a fake Bot
Connector its activities' serviceUrl points at, and a key server signing tokens.

`teams` is a driver that posts activities with a signed bearer token, as the Bot
Connector does, and reads back what the bot posted. At teardown it checks the
privacy rule: nothing naming a pupil was ever posted outside a personal chat.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import jwt
import pytest
from sqlmodel import select

from bot import app as wiring
from bot.config import Settings
from bot.teams.credentials import issue_tokens_with
from bot.teams.runner import start_teams
from storage import inbox
from storage.db import session_scope
from storage.models import Pupil
from tests.support.fake_teams import (
    FakeConnector,
    KeyServer,
    Person,
    card_action,
    group_message,
    message,
)

APP_ID = "7c0d4f5e-1111-4aaa-8bbb-0123456789ab"
TENANT = "5f3a0c2e-2222-4ccc-9ddd-brookfield01"
OTHER_TENANT = "0b9e8d7c-3333-4eee-afff-elsewhere001"


def staff_member(name: str, email: str, number: int) -> Person:
    """Someone in the school's tenant, as Teams knows them (ids made up, fixed)."""
    slug = email.split("@")[0].replace(".", "-")
    return Person(
        name=name,
        email=email,
        aad_object_id=f"3f2a5c1e-{number:04d}-4c6e-9a51-{slug[:12]:0>12}",
        tenant_id=TENANT,
        user_id=f"29:1{slug}",
    )


AMY = staff_member("Amy Lowe", "amy.lowe@brookfield.example", 1)
RAJ = staff_member("Raj Singh", "raj.singh@brookfield.example", 2)
# In the tenant and the roster, but not on the staff list.
STRANGER = staff_member("Sam Visitor", "sam.visitor@brookfield.example", 9)
PUPIL_NAMES = ("Freya", "Kai", "Harry", "Grace", "Aarav", "Lily", "Ethan", "Max", "Isla", "Harriet")


@pytest.fixture(autouse=True)
def no_sdk_environment(monkeypatch):
    """The SDK falls back to these names; Keyworker never uses them."""
    for name in ("CLIENT_ID", "CLIENT_SECRET", "TENANT_ID", "PORT", "SERVICE_URL", "CLOUD"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def keys() -> Iterator[KeyServer]:
    server = KeyServer()
    yield server
    server.close()


@pytest.fixture
def connector() -> Iterator[FakeConnector]:
    fake = FakeConnector()
    for person in (AMY, RAJ, STRANGER):
        fake.add_member(person)
    yield fake
    fake.close()


@pytest.fixture
def bot_token(keys) -> Iterator[str]:
    """The bot's own token for the Bot Connector (MSAL can't be pointed at loopback)."""
    token = keys.token(
        audience="https://api.botframework.com", service_url="outbound", appid=APP_ID
    )
    with issue_tokens_with(lambda scope, tenant: token):
        yield token


@pytest.fixture
def settings(sample_school, keys) -> Settings:
    return Settings(
        _env_file=None,
        database_url=sample_school.url.render_as_string(hide_password=False),
        teams_app_id=APP_ID,
        teams_app_password="not-used-tokens-come-from-the-test",
        teams_tenant_id=TENANT,
        teams_openid_metadata_url=keys.metadata_url,
    )


class TeamsDriver:
    """Talks to the running bot the way the Bot Connector does."""

    def __init__(self, url: str, connector: FakeConnector, keys: KeyServer, engine):
        self.url = url
        self.connector = connector
        self.keys = keys
        self.engine = engine
        self.http = httpx.Client(timeout=30)

    def token(self, activity: dict[str, Any], **overrides: Any) -> str:
        claims: dict[str, Any] = {"audience": APP_ID, "service_url": activity["serviceUrl"]}
        claims.update(overrides)
        return self.keys.token(**claims)

    def post(self, activity: dict[str, Any], token: str | None = None) -> httpx.Response:
        bearer = token if token is not None else self.token(activity)
        response = self.http.post(
            self.url, json=activity, headers={"Authorization": f"Bearer {bearer}"}
        )
        self.wait_answered()
        return response

    def wait_answered(self, timeout: float = 10.0) -> None:
        """Messages are answered after the 200, by the intake: wait until every stored
        delivery has had its answer (sent, or given up on)."""
        deadline = time.monotonic() + timeout
        while True:
            with self.engine.connect() as connection:
                if not inbox.count_open(connection):
                    return
            if time.monotonic() > deadline:
                raise AssertionError("a stored delivery was never answered")
            time.sleep(0.02)

    def say(self, text: str, person: Person = AMY, **fields: Any) -> httpx.Response:
        activity = message(person, text, self.connector.service_url, APP_ID, **fields)
        response = self.post(activity)
        assert response.status_code == 200, response.text
        return response

    def say_in_group(self, text: str, person: Person = AMY) -> httpx.Response:
        activity = group_message(person, text, self.connector.service_url, APP_ID)
        response = self.post(activity)
        assert response.status_code == 200, response.text
        return response

    def press(self, data: dict[str, Any], person: Person = AMY) -> dict[str, Any]:
        """Press a card button; returns the card that replaces the pressed one."""
        activity = card_action(person, data, self.connector.service_url, APP_ID)
        response = self.post(activity)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["type"] == "application/vnd.microsoft.card.adaptive", body
        return body["value"]

    def last_card(self, person: Person = AMY) -> dict[str, Any]:
        posted = self.connector.sent_to(person.personal_chat)
        assert posted, "the bot sent nothing"
        return posted[-1].cards[0]

    def pupil_id(self, first_name: str) -> int:
        with session_scope(self.engine) as session:
            return session.exec(select(Pupil.id).where(Pupil.first_name == first_name)).first()


@pytest.fixture
def teams(settings, connector, keys, bot_token, sample_school) -> Iterator[TeamsDriver]:
    running = start_teams(settings, wiring.context(settings), host="127.0.0.1", port=0)
    driver = TeamsDriver(f"{running.url}/api/messages", connector, keys, sample_school)
    yield driver
    driver.http.close()
    running.stop()
    for posted in connector.posted:
        if not posted.conversation_id.startswith("a:personal-"):
            shown = json.dumps(posted.body)
            named = [name for name in PUPIL_NAMES if name in shown]
            assert not named, f"named {named} outside a personal chat: {shown}"


def elements(node: Any) -> Iterator[dict[str, Any]]:
    """Every element (dict) in a card, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from elements(value)
    elif isinstance(node, list):
        for item in node:
            yield from elements(item)


def card_text(card: dict[str, Any]) -> str:
    """Everything a person reads on a card: its text blocks, labels and button titles."""
    return "\n".join(
        e[key]
        for e in elements(card.get("body", []))
        for key in ("text", "label", "title")
        if isinstance(e.get(key), str)
    )


def buttons(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every Action.Execute on a card, by title, with its data."""
    return {e["title"]: e["data"] for e in elements(card) if e.get("type") == "Action.Execute"}


def inputs(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every input on a card, by id."""
    return {e["id"]: e for e in elements(card) if str(e.get("type", "")).startswith("Input.")}


def unverified(token: str) -> dict[str, Any]:
    return jwt.decode(token, options={"verify_signature": False})


@pytest.fixture
def second_freya(sample_school) -> int:
    """Another Freya in the school, so "Freya" alone could be either."""
    from handlers.roster_cache import invalidate
    from storage.models import Provision

    with session_scope(sample_school) as session:
        first = session.exec(select(Pupil).where(Pupil.first_name == "Freya")).one()
        pupil = Pupil(
            school_id=first.school_id,
            upn="Z873331220299",
            first_name="Freya",
            last_name="Brown",
            year_group="3",
            key_worker_id=first.key_worker_id,
        )
        session.add(pupil)
        session.flush()
        session.add(
            Provision(
                school_id=first.school_id,
                pupil_id=pupil.id,
                name="Phonics",
                area_of_need="Cognition and learning",
                sessions_per_week=5,
                minutes_per_session=20,
            )
        )
        pupil_id = pupil.id
    invalidate()
    return pupil_id
