from __future__ import annotations

from typing import Any

import pytest
from django_scopes import scopes_disabled


@pytest.fixture
def provider_email(cast: Any) -> str:
    """The cast's provider (bound to home_org) gets an address, so reminders reach it."""
    with scopes_disabled():
        user = cast.users["provider"]
        user.email = "anbieterin@example.org"
        user.save(update_fields=["email"])
    return "anbieterin@example.org"


@pytest.fixture(autouse=True)
def _site_url(settings: Any) -> None:
    settings.SITE_URL = "https://nahbar.example"
