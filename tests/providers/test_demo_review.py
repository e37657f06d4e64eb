"""The demo shows the review workflow: the demo provider's pending changes wait in the queue."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from nahbar.demo.build import ROLE_USERNAMES, demo_build
from nahbar.providers.models import OfferRevision
from nahbar.tenancy.models import Role


@pytest.mark.django_db
def test_demo_has_a_waiting_change_and_a_requested_one(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    report = demo_build()
    with scopes_disabled():
        revisions = OfferRevision.objects.filter(municipality=report.municipality).order_by("state")
        states = [r.state for r in revisions]
        waiting = revisions.get(state="submitted")
        coordinator = report.municipality.memberships.get(role=Role.COORDINATOR).user
        provider = report.municipality.memberships.get(role=Role.PROVIDER).user
    assert states == ["changes_requested", "submitted"]
    assert provider.username == ROLE_USERNAMES[Role.PROVIDER]
    client = Client()
    client.force_login(coordinator)
    assert f"/demo/intern/pruefen/aenderungen/{waiting.pk}/" in client.get("/demo/intern/pruefen/").content.decode()
    client.force_login(provider)
    assert "Bitte nennen Sie noch eine Telefonnummer" in client.get("/demo/mitmachen/").content.decode()
