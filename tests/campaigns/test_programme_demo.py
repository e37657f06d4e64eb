"""The demo's two campaign weeks: a finished one with about 80 entries, one open for submissions."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django_scopes import scopes_disabled

from nahbar.campaigns.models import Campaign, CampaignEntry
from nahbar.campaigns.submission import window_is_open
from nahbar.demo.build import demo_build
from nahbar.directory.models import Offer

TODAY = dt.date(2026, 11, 21)
HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=HASHERS), transaction.atomic():
        started = time.monotonic()
        demo_build(today=TODAY)
        yield {"seconds": time.monotonic() - started}
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_finished_campaign_has_about_80_published_entries(demo: dict[str, Any]) -> None:
    with scopes_disabled():
        finished = Campaign.objects.get(municipality__slug="demo", slug="aktionswoche-2026")
        upcoming = Campaign.objects.get(municipality__slug="demo", slug="aktionswoche-2027")
        entries = CampaignEntry.objects.filter(campaign=finished).select_related("offer")
        assert 75 <= entries.count() <= 85
        assert all(e.offer.review_state == Offer.ReviewState.PUBLISHED for e in entries)
        assert finished.ends_on < TODAY and (finished.ends_on - finished.starts_on).days == 6
        assert upcoming.starts_on > TODAY and window_is_open(upcoming, TODAY)
        assert 230 <= Offer.objects.filter(municipality__slug="demo").count() <= 270  # the demo's promise


@pytest.mark.django_db
def test_demo_programme_page_and_booklet(demo: dict[str, Any]) -> None:
    url = reverse("campaign-programme", args=["demo", "aktionswoche-2026"])
    response = Client().get(url)
    assert response.status_code == 200
    assert 80 <= response.context["count"] <= 200
    assert all(items for _day, items in response.context["days"])  # something on every day
    started = time.monotonic()
    pdf = Client().get(reverse("campaign-booklet", args=["demo", "aktionswoche-2026"]), {"format": "a5"})
    seconds = time.monotonic() - started
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    print(f"demo build {demo['seconds']:.1f} s; booklet A5 {seconds:.1f} s, {len(pdf.content)} bytes")
