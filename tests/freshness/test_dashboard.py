"""The coordinators' overview of stale offers: who may see it, its groups, its actions, its queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from nahbar.directory.models import Offer
from nahbar.freshness.models import Reminder
from nahbar.tenancy.models import AuditEvent
from tests.freshness.helpers import aged_offer

URL = "/heimstadt/intern/aktualitaet/"


def client_for(cast: Any, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(cast.users[role])
    return client


@pytest.fixture
def stale(cast: Any, provider_email: str) -> dict[str, Offer]:
    due = aged_offer(cast.home_org, "Treff fällig", months=7)
    reminded = aged_offer(cast.home_org_b, "Treff erinnert", months=8, contact_email="kirche@example.org")
    gone = aged_offer(cast.home_org, "Treff ausgeblendet", months=11)
    aged_offer(cast.home_org, "Treff frisch", months=1)
    aged_offer(cast.other_org, "Treff Anderswo", months=11)
    with scopes_disabled():
        Reminder.objects.create(
            municipality=cast.home,
            offer=reminded,
            basis=reminded.assured_at,
            recipients=["kirche@example.org"],
        )
        # A reminder about an earlier cycle does not count as "reminded".
        Reminder.objects.create(
            municipality=cast.home,
            offer=due,
            basis=due.assured_at - dt.timedelta(days=200),
            recipients=["x@example.org"],
        )
    return {"due": due, "reminded": reminded, "gone": gone}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("coordinator", 200),
        ("planner", 403),
        ("outreach", 403),
        ("provider", 403),
        ("viewer", 403),
        ("nobody", 403),
        ("other_coordinator", 403),
        ("superuser", 200),
    ],
)
def test_only_the_municipalitys_coordinators(cast: Any, stale: dict[str, Offer], role: str, expected: int) -> None:
    client = client_for(cast, role)
    response = client.get(URL)
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/anmelden/?next=")
    with scopes_disabled():
        before = AuditEvent.objects.count()
    response = client.post(URL, {"offer": stale["due"].pk, "action": "confirm"})
    assert response.status_code == (302 if expected != 403 else 403)
    with scopes_disabled():
        changed = AuditEvent.objects.count() != before
    assert changed == (expected == 200)


@pytest.mark.django_db
def test_groups_and_query_count(cast: Any, stale: dict[str, Offer], django_assert_num_queries: Any) -> None:
    client = client_for(cast, "coordinator")
    client.get(URL)  # warm the session
    with django_assert_num_queries(7):  # includes the second-factor check (nahbar.accounts)
        html = client.get(URL).content.decode()
    sections = {part.split("</h2>")[0]: part for part in html.split('<h2 class="kern-heading" id="gruppe-')[1:]}
    due, reminded, gone = (sections[k] for k in sorted(sections, key=lambda k: ["f", "e", "a"].index(k[0])))
    assert "Treff fällig" in due and "noch keine" in due
    assert "Treff erinnert" in reminded and f"erinnert am {timezone.localdate():%-d}." in reminded
    assert "Treff ausgeblendet" in gone
    assert "Treff frisch" not in html and "Treff Anderswo" not in html
    assert "Kirchgemeinde Heimstadt" in reminded


@pytest.mark.django_db
def test_confirm_on_the_providers_behalf(cast: Any, stale: dict[str, Offer]) -> None:
    client = client_for(cast, "coordinator")
    assert 'scope="row">Treff ausgeblendet</th>' in client.get(URL).content.decode()
    response = client.post(URL, {"offer": stale["gone"].pk, "action": "confirm"}, follow=True)
    assert "ist als laufend bestätigt" in response.content.decode()
    with scopes_disabled():
        offer = Offer.objects.get(pk=stale["gone"].pk)
        assert timezone.now() - offer.assured_at < dt.timedelta(minutes=1)
        event = AuditEvent.objects.get(action="offer.freshness_answer", object_id=str(offer.pk))
        assert event.actor == cast.users["coordinator"] and event.changes["via"] == "coordinator-dashboard"
    assert 'scope="row">Treff ausgeblendet</th>' not in response.content.decode()  # no longer in the table


@pytest.mark.django_db
def test_send_the_reminder_again(cast: Any, stale: dict[str, Offer]) -> None:
    client = client_for(cast, "coordinator")
    client.post(URL, {"offer": stale["reminded"].pk, "action": "remind"})
    client.post(URL, {"offer": stale["reminded"].pk, "action": "remind"})  # by hand: as often as wanted
    assert [m.to for m in mail.outbox] == [["kirche@example.org"], ["kirche@example.org"]]
    with scopes_disabled():
        assert Reminder.objects.filter(offer=stale["reminded"], manual=True).count() == 2


@pytest.mark.django_db
def test_bad_posts_change_nothing(cast: Any, stale: dict[str, Offer]) -> None:
    client = client_for(cast, "coordinator")
    with scopes_disabled():
        before = AuditEvent.objects.count()
        foreign = Offer.objects.get(title="Treff Anderswo")
    assert client.post(URL, {"offer": foreign.pk, "action": "confirm"}).status_code == 404
    assert client.post(URL, {"offer": "abc", "action": "confirm"}).status_code == 404
    response = client.post(URL, {"offer": stale["due"].pk, "action": "delete"}, follow=True)
    assert "Unbekannte Aktion" in response.content.decode()
    with scopes_disabled():
        assert AuditEvent.objects.count() == before
