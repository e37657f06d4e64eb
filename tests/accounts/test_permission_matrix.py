"""The coordinators' account screen × every role × own / other municipality.

Expected access is written out by hand, so a rule change that widens access makes this fail.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from nahbar.accounts import services
from nahbar.accounts.models import Invitation, Registration
from tests.accounts.conftest import STRONG_PASSWORD

ROLES = [
    "anonymous",
    "coordinator",
    "planner",
    "outreach",
    "provider",
    "viewer",
    "nobody",
    "other_coordinator",
    "other_provider",
    "superuser",
]
# Who opens /heimstadt/intern/konten/ (everyone else signed in: 403; anonymous: to the sign-in page).
ALLOWED_HOME = {"coordinator", "superuser"}


def _client(cast: Any, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(cast.users[role])
    return client


def _pending(cast: Any, municipality: Any, organization: Any, email: str) -> Registration:
    with scope(municipality=municipality):
        registration = services.registration_submit(
            actor=None,
            municipality=municipality,
            name="Helga",
            email=email,
            password=STRONG_PASSWORD,
            organization=organization,
        )
        services.registration_confirm(registration=registration)
    return registration


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_account_screen_access(cast: Any, role: str) -> None:
    home = _pending(cast, cast.home, cast.home_org, "heim@example.org")
    client = _client(cast, role)
    screen = client.get("/heimstadt/intern/konten/")
    invite = client.post(
        "/heimstadt/intern/konten/einladen/", {"email": "neu@example.org", "organizations": [cast.home_org.pk]}
    )
    approve = client.post(f"/heimstadt/intern/konten/anfragen/{home.pk}/", {"decision": "approve"})
    if role == "anonymous":
        for response in (screen, invite, approve):
            assert response.status_code == 302 and response["Location"].startswith("/anmelden/?next=")
    elif role in ALLOWED_HOME:
        assert screen.status_code == 200 and "heim@example.org" in screen.content.decode()
        assert invite.status_code == 302 and approve.status_code == 302
    else:
        assert (screen.status_code, invite.status_code, approve.status_code) == (403, 403, 403)
    home.refresh_from_db()
    with scopes_disabled():
        invited = Invitation.objects.filter(email="neu@example.org").exists()
    assert (home.state == "approved") == (role in ALLOWED_HOME)
    assert invited == (role in ALLOWED_HOME)


@pytest.mark.django_db
def test_a_coordinator_never_sees_or_decides_another_municipalitys_registrations(cast: Any) -> None:
    other = _pending(cast, cast.other, cast.other_org, "fremd@example.org")
    client = _client(cast, "coordinator")
    assert "fremd@example.org" not in client.get("/heimstadt/intern/konten/").content.decode()
    # Through the own address the other registration does not exist; through the other's address: forbidden.
    assert client.post(f"/heimstadt/intern/konten/anfragen/{other.pk}/", {"decision": "approve"}).status_code == 404
    assert client.post(f"/anderswo/intern/konten/anfragen/{other.pk}/", {"decision": "approve"}).status_code == 403
    assert client.get("/anderswo/intern/konten/").status_code == 403
    other.refresh_from_db()
    assert other.state == "pending"


@pytest.mark.django_db
def test_a_coordinator_cannot_invite_into_another_municipalitys_organization(cast: Any) -> None:
    client = _client(cast, "coordinator")
    response = client.post(
        "/heimstadt/intern/konten/einladen/", {"email": "neu@example.org", "organizations": [cast.other_org.pk]}
    )
    assert response.status_code == 400
    assert "gültige Auswahl" in response.content.decode() or "Organisation" in response.content.decode()
    with scopes_disabled():
        assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_withdrawing_an_invitation(cast: Any) -> None:
    with scope(municipality=cast.home):
        invitation = services.invitation_create(
            actor=cast.users["coordinator"],
            municipality=cast.home,
            email="neu@example.org",
            organizations=[cast.home_org],
        )
    assert (
        _client(cast, "other_coordinator")
        .post(f"/heimstadt/intern/konten/einladungen/{invitation.pk}/zurueckziehen/")
        .status_code
        == 403
    )
    assert (
        _client(cast, "coordinator")
        .post(f"/heimstadt/intern/konten/einladungen/{invitation.pk}/zurueckziehen/")
        .status_code
        == 302
    )
    invitation.refresh_from_db()
    assert not invitation.is_open


@pytest.mark.django_db
def test_rejecting_without_a_reason_says_so(cast: Any) -> None:
    registration = _pending(cast, cast.home, cast.home_org, "heim@example.org")
    client = _client(cast, "coordinator")
    response = client.post(f"/heimstadt/intern/konten/anfragen/{registration.pk}/", {"decision": "reject"}, follow=True)
    assert "warum Sie ablehnen" in response.content.decode()
    registration.refresh_from_db()
    assert registration.state == "pending"


def _add_people(cast: Any, start: int, count: int) -> None:
    for i in range(start, start + count):
        _pending(cast, cast.home, cast.home_org, f"person{i}@example.org")
        with scope(municipality=cast.home):
            services.invitation_create(
                actor=cast.users["coordinator"],
                municipality=cast.home,
                email=f"eingeladen{i}@example.org",
                organizations=[cast.home_org, cast.home_org_b],
            )


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/heimstadt/intern/konten/").status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_the_account_screen_asks_the_database_a_fixed_number_of_times(cast: Any) -> None:
    client = _client(cast, "coordinator")
    _add_people(cast, 0, 1)
    _queries(client)  # the first page stores the session's CSRF token (CSRF_USE_SESSIONS): not a per-row cost
    few = _queries(client)
    _add_people(cast, 1, 6)
    assert _queries(client) == few <= 11
