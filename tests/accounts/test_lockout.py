"""django-axes: five wrong passwords for one username from one address lock both out for 15 minutes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessLog
from django.test import Client

from tests.conftest import PASSWORD


def _try(client: Client, username: str, password: str, ip: str = "192.0.2.1", path: str = "/anmelden/") -> Any:
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_five_failures_lock_the_username_at_that_address(cast: Any) -> None:
    client = Client()
    for _ in range(4):
        assert _try(client, "provider", "falsch").status_code == 200
    locked = _try(client, "provider", "falsch")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Anmeldung vorübergehend gesperrt" in page and "15 Minuten" in page and page.count("<h1") == 1
    # Now even the right password is refused …
    assert _try(client, "provider", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    # … but not for another account at the same address, nor for the same account elsewhere.
    assert _try(Client(), "planner", PASSWORD).status_code == 302
    assert _try(Client(), "provider", PASSWORD, ip="198.51.100.7").status_code == 302


@pytest.mark.django_db
def test_the_lock_ends_after_15_minutes(cast: Any) -> None:
    client = Client()
    for _ in range(5):
        _try(client, "provider", "falsch")
    assert _try(client, "provider", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(tz=dt.UTC) - dt.timedelta(minutes=16))
    assert _try(client, "provider", PASSWORD).status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_the_admin_login_form_counts_too(cast: Any) -> None:
    client = Client()
    for _ in range(5):
        _try(client, "coordinator", "falsch", path="/admin/login/")
    assert _try(client, "coordinator", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_the_lockout_page_in_english(cast: Any) -> None:
    client = Client()
    for _ in range(5):
        response = _try(client, "provider", "falsch", path="/en/anmelden/")
    assert response.status_code == 429
    assert '<html lang="en"' in response.content.decode()


@pytest.mark.django_db
def test_a_success_clears_the_failures_and_is_not_logged(cast: Any) -> None:
    client = Client()
    for _ in range(4):
        _try(client, "provider", "falsch")
    assert AccessAttempt.objects.filter(username="provider").exists()
    assert _try(client, "provider", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists() and not AccessLog.objects.exists()
    # So the count starts afresh: four more failures do not lock.
    for _ in range(4):
        assert _try(Client(), "provider", "falsch").status_code == 200
