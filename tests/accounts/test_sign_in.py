"""Signing in with password and (where set up) the app's code; where the account lands; signing out."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scope

from nahbar.accounts import services
from nahbar.accounts.views_auth import PENDING_KEY
from tests.accounts.conftest import STRONG_PASSWORD, add_device, code
from tests.conftest import PASSWORD

LOGIN = "/anmelden/"


def _login(client: Client, username: str, password: str = PASSWORD, next_url: str = "") -> Any:
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


@pytest.mark.django_db
def test_the_sign_in_page(cast: Any) -> None:
    page = Client().get(LOGIN).content.decode()
    assert page.count("<h1") == 1 and 'autocomplete="username"' in page and 'autocomplete="current-password"' in page


@pytest.mark.django_db
def test_a_provider_with_one_membership_lands_in_the_provider_area(cast: Any) -> None:
    client = Client()
    response = _login(client, "provider")
    assert response.status_code == 302 and response["Location"] == reverse("accounts-start")
    assert client.get(response["Location"])["Location"] == "/heimstadt/mitmachen/"


@pytest.mark.django_db
def test_sign_in_with_the_email_address_in_any_case(cast: Any) -> None:
    user = cast.users["provider"]
    user.email = "verein@example.org"
    user.save()
    client = Client()
    assert _login(client, "Verein@Example.ORG").status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_next_is_followed_only_on_this_site(cast: Any) -> None:
    assert _login(Client(), "coordinator", next_url="/heimstadt/intern/konten/")["Location"] == (
        "/heimstadt/intern/konten/"
    )
    assert _login(Client(), "coordinator", next_url="https://evil.example/")["Location"] == reverse("accounts-start")


@pytest.mark.django_db
def test_a_wrong_password_says_so_in_german(cast: Any) -> None:
    response = _login(Client(), "provider", password="falsch")
    assert response.status_code == 200
    assert "Passwort stimmt nicht" in response.content.decode()


@pytest.mark.django_db
def test_the_chooser_lists_areas_and_waiting_registrations(cast: Any) -> None:
    client = Client()
    client.force_login(cast.users["coordinator"])
    page = client.get(reverse("accounts-start")).content.decode()
    assert reverse("accounts-manage", args=["heimstadt"]) in page
    with scope(municipality=cast.home):
        registration = services.registration_submit(
            actor=None,
            municipality=cast.home,
            name="Helga",
            email="helga@example.org",
            password=STRONG_PASSWORD,
            organization=cast.home_org,
        )
        services.registration_confirm(registration=registration)
    helga = Client()
    assert _login(helga, "helga@example.org", STRONG_PASSWORD).status_code == 302
    page = helga.get(reverse("accounts-start")).content.decode()
    assert "wartet auf Freigabe" in page


@pytest.mark.django_db
def test_an_unconfirmed_registration_cannot_sign_in(cast: Any) -> None:
    with scope(municipality=cast.home):
        services.registration_submit(
            actor=None,
            municipality=cast.home,
            name="Helga",
            email="helga@example.org",
            password=STRONG_PASSWORD,
            organization=cast.home_org,
        )
    response = _login(Client(), "helga@example.org", STRONG_PASSWORD)
    assert response.status_code == 200 and "bestätigen Sie bitte zuerst" in response.content.decode()


@pytest.mark.django_db
def test_with_a_device_the_code_is_the_second_step(cast: Any) -> None:
    user = cast.users["provider"]
    device = add_device(user)
    client = Client()
    response = _login(client, "provider", next_url="/heimstadt/mitmachen/")
    assert response["Location"] == "/anmelden/code/?next=%2Fheimstadt%2Fmitmachen%2F"
    assert "_auth_user_id" not in client.session  # not signed in before the code
    wrong = "000000" if code(device) != "000000" else "111111"
    answer = client.post("/anmelden/code/", {"token": wrong, "next": "/heimstadt/mitmachen/"})
    assert answer.status_code == 200 and "Code stimmt nicht" in answer.content.decode()
    assert "_auth_user_id" not in client.session
    device.refresh_from_db()
    device.throttle_reset()
    answer = client.post("/anmelden/code/", {"token": code(device), "next": "/heimstadt/mitmachen/"})
    assert answer.status_code == 302 and answer["Location"] == "/heimstadt/mitmachen/"
    assert client.session["_auth_user_id"] == str(user.pk) and client.session["otp_device_id"]


@pytest.mark.django_db
def test_wrong_codes_slow_down_further_tries(cast: Any) -> None:
    device = add_device(cast.users["provider"])
    client = Client()
    _login(client, "provider")
    wrong = "000000" if code(device) != "000000" else "111111"
    client.post("/anmelden/code/", {"token": wrong})
    # Right away, even the right code is refused: the device waits after each wrong one.
    assert client.post("/anmelden/code/", {"token": code(device)}).status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_half_finished_sign_in_expires(cast: Any) -> None:
    device = add_device(cast.users["provider"])
    client = Client()
    _login(client, "provider")
    session = client.session
    session[PENDING_KEY] = {**session[PENDING_KEY], "at": time.time() - 301}
    session.save()
    response = client.post("/anmelden/code/", {"token": code(device)})
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_code_step_without_a_password_first_goes_back_to_sign_in(cast: Any) -> None:
    response = Client().get("/anmelden/code/")
    assert response.status_code == 302 and response["Location"] == LOGIN


@pytest.mark.django_db
def test_sign_out_is_a_post(cast: Any) -> None:
    client = Client()
    client.force_login(cast.users["provider"])
    assert client.get("/abmelden/").status_code == 200
    assert "_auth_user_id" in client.session
    assert client.post("/abmelden/")["Location"] == "/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_english_pages_exist(cast: Any) -> None:
    assert Client().get("/en/anmelden/").status_code == 200
