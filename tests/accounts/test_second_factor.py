"""Coordinators (and superusers) need a second factor before anything internal, the admin included."""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import add_device, code
from tests.conftest import PASSWORD

INTERNAL = ["/heimstadt/intern/konten/", "/heimstadt/mitmachen/", "/admin/", "/admin/directory/offer/", "/en/admin/"]


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.usefixtures("otp_required")
@pytest.mark.parametrize("role", ["coordinator", "superuser"])
def test_without_a_device_every_internal_page_leads_to_the_set_up(cast: Any, role: str) -> None:
    client = _signed_in(cast.users[role])
    for path in INTERNAL:
        response = client.get(path)
        assert response.status_code == 302, path
        assert re.match(r"^(/en)?/konto/\?next=", response["Location"]), (path, response["Location"])
    assert client.get("/konto/").status_code == 200
    assert client.get("/heimstadt/").status_code == 200  # public pages stay public


@pytest.mark.django_db
@pytest.mark.usefixtures("otp_required")
def test_the_admin_login_form_cannot_skip_the_second_factor(cast: Any) -> None:
    client = Client()
    response = client.post("/admin/login/?next=/admin/", {"username": "coordinator", "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session  # the password alone was right
    assert client.get("/admin/")["Location"] == "/konto/?next=%2Fadmin%2F"
    device = add_device(cast.users["coordinator"])
    assert client.get("/admin/")["Location"] == "/anmelden/code/?next=%2Fadmin%2F"
    assert client.post("/anmelden/code/", {"token": code(device), "next": "/admin/"})["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
@pytest.mark.usefixtures("otp_required")
def test_setting_up_on_the_account_page_opens_the_internal_pages(cast: Any) -> None:
    client = _signed_in(cast.users["coordinator"])
    next_url = "/heimstadt/intern/konten/"
    client.post("/konto/", {"action": "totp-start", "next": next_url})
    page = client.get(f"/konto/?next={next_url}").content.decode()
    assert "<svg" in page and "otpauth" not in page.split("<svg")[0]  # the QR code is drawn inline
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page)
    assert secret, "the secret is shown as text, too"
    device = TOTPDevice.objects.get(user=cast.users["coordinator"])
    assert secret.group(1).replace(" ", "") == base64.b32encode(device.bin_key).decode()
    bad = client.post("/konto/", {"action": "totp-confirm", "token": "12", "next": next_url})
    assert bad.status_code == 400
    response = client.post("/konto/", {"action": "totp-confirm", "token": code(device), "next": next_url})
    assert response["Location"] == next_url
    assert client.get(next_url).status_code == 200
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
@pytest.mark.usefixtures("otp_required")
def test_an_unverified_session_cannot_remove_the_device(cast: Any) -> None:
    device = add_device(cast.users["provider"])
    client = _signed_in(cast.users["provider"])  # as after the admin's password-only form
    response = client.post("/konto/", {"action": "totp-remove", "token": code(device)})
    assert response.status_code == 302 and response["Location"].startswith("/anmelden/code/")
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("otp_required")
def test_providers_may_choose(cast: Any) -> None:
    client = _signed_in(cast.users["provider"])
    assert client.get("/konto/").status_code == 200
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_the_requirement_can_be_switched_off(cast: Any, settings: Any) -> None:
    settings.NAHBAR_OTP_REQUIRED = False
    assert _signed_in(cast.users["coordinator"]).get("/heimstadt/intern/konten/").status_code == 200


@pytest.mark.django_db
@pytest.mark.usefixtures("otp_required")
def test_removing_the_device_with_a_code(cast: Any) -> None:
    user = cast.users["provider"]
    device = add_device(user)
    client = Client()
    client.post("/anmelden/", {"username": "provider", "password": PASSWORD})
    client.post("/anmelden/code/", {"token": code(device)})
    wrong = client.post("/konto/", {"action": "totp-remove", "token": "123"})
    assert wrong.status_code == 400 and TOTPDevice.objects.filter(user=user).exists()
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post("/konto/", {"action": "totp-remove", "token": code(device, steps_ahead=1)})
    assert response.status_code == 302 and not TOTPDevice.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_changing_the_password_keeps_the_session(cast: Any) -> None:
    client = _signed_in(cast.users["provider"])
    weak = client.post("/konto/", {"action": "password", "old_password": PASSWORD, "new_password": "1234567890"})
    assert weak.status_code == 400 and "kein gängiges Passwort" in weak.content.decode()
    response = client.post(
        "/konto/", {"action": "password", "old_password": PASSWORD, "new_password": "Sonnenblumen-am-Zaun-7"}
    )
    assert response.status_code == 302
    assert client.get("/konto/").status_code == 200
    cast.users["provider"].refresh_from_db()
    assert cast.users["provider"].check_password("Sonnenblumen-am-Zaun-7")
