"""Every request's bearer token is checked for real, by the SDK, against signing keys
served from a loopback OpenID endpoint; and only the school's tenant gets in.

A refused request is answered 401 before anything is read, stored or sent.
"""

from __future__ import annotations

import pytest
from sqlmodel import select

from storage.db import session_scope
from storage.models import ChatIdentity, SessionLog
from tests.support.fake_teams import message, new_key
from tests.teams.conftest import AMY, APP_ID, OTHER_TENANT, TENANT


def nothing_happened(teams) -> bool:
    with session_scope(teams.engine) as session:
        stored = session.exec(select(SessionLog)).all()
        linked = session.exec(select(ChatIdentity).where(ChatIdentity.platform == "teams")).all()
    return not stored and not linked and not teams.connector.posted


@pytest.fixture
def activity(teams):
    return message(AMY, "Freya phonics 20 mins", teams.connector.service_url, APP_ID)


def test_a_token_signed_by_the_published_key_is_accepted(teams, activity):
    assert teams.post(activity).status_code == 200
    assert teams.connector.sent_to(AMY.personal_chat)
    assert teams.keys.requests >= 1  # the keys really were fetched from the key server


@pytest.mark.parametrize(
    "claims",
    [
        pytest.param({"issuer": "https://sts.example.invalid"}, id="wrong issuer"),
        pytest.param({"audience": "00000000-0000-0000-0000-000000000000"}, id="wrong audience"),
        pytest.param({"key": new_key()}, id="wrong signature"),
        pytest.param({"expires_in": -3600}, id="expired"),
        pytest.param({"tid": OTHER_TENANT}, id="another tenant's token"),
        pytest.param({"service_url": "https://smba.example.invalid/"}, id="wrong serviceurl"),
    ],
)
def test_a_bad_token_is_refused_and_nothing_is_stored(teams, activity, claims):
    token = teams.token(activity, **claims)
    assert teams.post(activity, token=token).status_code == 401
    assert nothing_happened(teams)


def test_no_token_is_refused(teams, activity):
    response = teams.http.post(teams.url, json=activity)
    assert response.status_code == 401
    assert nothing_happened(teams)


def test_a_good_token_for_an_activity_from_another_tenant_is_refused(teams):
    elsewhere = message(AMY, "Freya phonics 20 mins", teams.connector.service_url, APP_ID)
    elsewhere["conversation"]["tenantId"] = OTHER_TENANT
    elsewhere["channelData"]["tenant"]["id"] = OTHER_TENANT
    assert teams.post(elsewhere).status_code == 401
    assert nothing_happened(teams)


def test_the_school_tenant_in_the_token_is_accepted(teams, activity):
    assert teams.post(activity, token=teams.token(activity, tid=TENANT)).status_code == 200
