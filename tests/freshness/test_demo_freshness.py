"""The demo shows the freshness loop: due, reminded, withdrawn and paused offers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone
from django_scopes import scopes_disabled

from nahbar.directory.models import Offer
from nahbar.freshness.dates import State, state_of
from nahbar.freshness.models import Reminder
from nahbar.tenancy.models import Municipality

FAST = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo_build(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST), transaction.atomic():
        call_command("demo", password="demo-test-password-2026", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_demo_has_stale_offers_in_every_state(demo_build: None) -> None:
    now = timezone.now()
    with scopes_disabled():
        demo = Municipality.objects.get(slug="demo")
        public = Offer.objects.filter(
            municipality=demo, review_state=Offer.ReviewState.PUBLISHED, status=Offer.Status.ACTIVE
        )
        states = [state_of(o, demo, now) for o in public]
        assert states.count(State.WITHDRAWN) >= 4
        assert states.count(State.DUE) >= 5
        assert Reminder.objects.filter(municipality=demo).count() >= 2
        paused = Offer.objects.filter(municipality=demo, status=Offer.Status.PAUSED)
        assert paused.exists() and not paused.filter(paused_until=None).exists()
    client = Client()
    client.force_login(_user("demo-koordination"))
    html = client.get("/demo/intern/aktualitaet/").content.decode()
    assert "Erinnert, noch keine Antwort" in html and "erinnert am" in html


def _user(name: str) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=name)
