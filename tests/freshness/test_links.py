"""The one-click links: each answer, and tampered, expired, reused and foreign links change nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from nahbar.directory.models import Offer
from nahbar.freshness import links
from nahbar.freshness.models import Reminder
from nahbar.tenancy.models import AuditEvent
from tests.freshness.helpers import aged_offer


@pytest.fixture
def reminder(cast: Any) -> Reminder:
    offer = aged_offer(cast.home_org, "Alter Treff", months=7, contact_email="treff@example.org")
    with scopes_disabled():
        return Reminder.objects.create(
            municipality=cast.home, offer=offer, basis=offer.assured_at, recipients=["treff@example.org"]
        )


def url(reminder: Reminder, action: str, slug: str = "heimstadt") -> str:
    token = links.make_token(reminder.pk, action)
    return reverse("freshness-link", kwargs={"municipality_slug": slug, "token": token})


def state(offer_id: int) -> tuple[str, Any, Any, int]:
    with scopes_disabled():
        offer = Offer.objects.get(pk=offer_id)
        return offer.status, offer.paused_until, offer.assured_at, AuditEvent.objects.count()


@pytest.mark.django_db
def test_confirm(reminder: Reminder) -> None:
    client = Client(enforce_csrf_checks=True)
    link = url(reminder, "confirm")
    page = client.get(link)
    assert page.status_code == 200
    before = state(reminder.offer_id)
    # The signed token is the credential (the view is exempt from CSRF, see views.py): no cookie needed.
    response = client.post(link)
    assert response.status_code == 200
    assert "ist als laufend bestätigt" in response.content.decode()
    with scopes_disabled():
        offer = Offer.objects.get(pk=reminder.offer_id)
        assert timezone.now() - offer.assured_at < dt.timedelta(minutes=1) and offer.assured_at != before[2]
        reminder.refresh_from_db()
        assert reminder.answer == Reminder.Answer.CONFIRMED and reminder.answered_at is not None
        events = AuditEvent.objects.filter(object_type="directory.offer", object_id=str(offer.pk)).order_by("id")
        assert [e.action for e in events] == ["offer.confirm", "offer.freshness_answer"]
        assert all(e.actor is None and e.actor_label == "system" for e in events)
        assert events[1].changes == {"answer": "confirmed", "via": "reminder-link", "reminder": reminder.pk}


@pytest.mark.django_db
def test_pause_needs_a_future_date_within_a_year(reminder: Reminder) -> None:
    client = Client()
    link = url(reminder, "pause")
    before = state(reminder.offer_id)
    for bad in [
        "",
        "gestern",
        timezone.localdate().isoformat(),
        (timezone.localdate() + dt.timedelta(days=400)).isoformat(),
    ]:
        response = client.post(link, {"until": bad})
        assert response.status_code == 400, bad
        assert 'aria-invalid="true"' in response.content.decode()
        assert state(reminder.offer_id) == before
    until = timezone.localdate() + dt.timedelta(days=30)
    response = client.post(link, {"until": until.isoformat()})
    assert response.status_code == 200 and "pausiert" in response.content.decode()
    status, paused_until, assured_at, _ = state(reminder.offer_id)
    assert (status, paused_until) == (Offer.Status.PAUSED, until)
    assert assured_at != before[2]
    with scopes_disabled():
        assert (
            AuditEvent.objects.filter(
                action="offer.pause", object_type="directory.offer", object_id=str(reminder.offer_id)
            ).count()
            == 1
        )


@pytest.mark.django_db
def test_end(reminder: Reminder) -> None:
    response = Client().post(url(reminder, "end"))
    assert response.status_code == 200 and "beendet" in response.content.decode()
    assert state(reminder.offer_id)[0] == Offer.Status.ENDED
    with scopes_disabled():
        event = AuditEvent.objects.get(action="offer.end", object_id=str(reminder.offer_id))
        assert event.changes["status"] == ["active", "ended"] and event.changes["via"] == "reminder-link"
    # Gone from the finder.
    assert "Alter Treff" not in Client().get("/heimstadt/angebote/").content.decode()


@pytest.mark.django_db
def test_a_used_link_changes_nothing(reminder: Reminder) -> None:
    client = Client()
    client.post(url(reminder, "confirm"))
    before = state(reminder.offer_id)
    for action in links.ACTIONS:
        for method in (client.get, client.post):
            response = method(url(reminder, action))
            assert response.status_code == 409
            assert "schon eine Antwort angekommen" in response.content.decode()
    assert state(reminder.offer_id) == before


@pytest.mark.django_db
def test_tampered_and_foreign_links_change_nothing(reminder: Reminder, cast: Any) -> None:
    client = Client()
    before = state(reminder.offer_id)
    good = links.make_token(reminder.pk, "end")
    forged = signing.dumps({"r": reminder.pk, "a": "end"}, salt="another.salt", compress=True)
    wrong_action = signing.dumps({"r": reminder.pk, "a": "delete"}, salt=links.SALT, compress=True)
    for token in [good[:-2] + ("AA" if not good.endswith("AA") else "BB"), good[:20], "x", forged, wrong_action]:
        link = reverse("freshness-link", kwargs={"municipality_slug": "heimstadt", "token": token})
        response = client.post(link)
        assert response.status_code == 400, token
        assert "unvollständig oder ungültig" in response.content.decode()
    # A genuine link under another municipality's address: as if it did not exist.
    response = client.post(url(reminder, "end", slug="anderswo"))
    assert response.status_code == 400
    # A link to a reminder that no longer exists.
    response = client.post(
        reverse("freshness-link", kwargs={"municipality_slug": "heimstadt", "token": links.make_token(999999, "end")})
    )
    assert response.status_code == 400
    assert state(reminder.offer_id) == before


@pytest.mark.django_db
def test_an_expired_link_changes_nothing(reminder: Reminder, settings: Any) -> None:
    link = url(reminder, "end")
    before = state(reminder.offer_id)
    settings.NAHBAR_FRESHNESS_LINK_DAYS = 0  # every link is now older than its allowed age
    response = Client().post(link)
    assert response.status_code == 410 and "abgelaufen" in response.content.decode()
    assert state(reminder.offer_id) == before


@pytest.mark.django_db
def test_link_pages_in_english(reminder: Reminder) -> None:
    response = Client().get("/en" + url(reminder, "confirm"))
    assert response.status_code == 200
