"""The standing cast shared by all tests: two municipalities, one account per role in the first,
a coordinator in the second, and a superuser.

Tests open a tenant scope themselves (``with scope(municipality=…)``) or use
``scopes_disabled()`` for set-up, just as the application code does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django_scopes import scopes_disabled

from nahbar.directory.models import Organization
from nahbar.tenancy.models import Municipality, Role
from nahbar.tenancy.services import membership_grant, municipality_create, user_create

PASSWORD = "nahbar-test-pw-123"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """Let the test database be dropped at the end.

    Browser tests run Django inside Playwright's event loop, which hands the main thread fresh
    connection objects that nobody closes, and the live server thread keeps its own; PostgreSQL then
    refuses to drop a database that still has sessions.
    """
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
        connection.close()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    # The browser conftest is not loaded by the xdist controller; print its axe summary from here.
    from tests.browser.support import print_browser_summary

    print_browser_summary(terminalreporter)


@pytest.fixture(autouse=True)
def _reset_language() -> Any:
    # Requests to /en/… activate English in the worker thread; later tests must start in German again.
    from django.utils import translation

    yield
    translation.activate("de")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Argon2 is deliberately slow (100 MB, several passes); tests create many accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _second_factor_optional(settings: Any) -> None:
    # force_login cannot enter a TOTP code; tests/accounts switch the requirement on where they test it.
    settings.NAHBAR_OTP_REQUIRED = False


@dataclass
class Cast:
    home: Municipality
    other: Municipality
    home_org: Organization
    home_org_b: Organization
    other_org: Organization
    users: dict[str, Any]  # role name -> user in `home`; plus "other_coordinator", "superuser", "nobody"


@pytest.fixture
def cast(db: Any) -> Cast:
    with scopes_disabled():
        home = municipality_create(actor=None, name="Heimstadt", slug="heimstadt", ags="14612000", land="SN")
        other = municipality_create(actor=None, name="Anderswo", slug="anderswo", ags="05913000", land="NW")
        home_org = Organization.objects.create(municipality=home, name="Nachbarschaftsverein Heimstadt")
        home_org_b = Organization.objects.create(municipality=home, name="Kirchgemeinde Heimstadt")
        other_org = Organization.objects.create(municipality=other, name="Verein Anderswo")
        users: dict[str, Any] = {}
        for role in Role.values:
            user = user_create(actor=None, username=f"{role}", password=PASSWORD)
            orgs = [home_org] if role == Role.PROVIDER else []
            membership_grant(actor=None, user=user, municipality=home, role=role, organizations=orgs)
            users[role] = user
        other_coordinator = user_create(actor=None, username="other_coordinator", password=PASSWORD)
        membership_grant(actor=None, user=other_coordinator, municipality=other, role=Role.COORDINATOR)
        users["other_coordinator"] = other_coordinator
        other_provider = user_create(actor=None, username="other_provider", password=PASSWORD)
        membership_grant(
            actor=None, user=other_provider, municipality=other, role=Role.PROVIDER, organizations=[other_org]
        )
        users["other_provider"] = other_provider
        users["superuser"] = user_create(actor=None, username="root", password=PASSWORD, is_superuser=True)
        users["nobody"] = user_create(actor=None, username="nobody", password=PASSWORD)
    return Cast(home=home, other=other, home_org=home_org, home_org_b=home_org_b, other_org=other_org, users=users)
