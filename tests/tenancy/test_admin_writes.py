"""Writes through the admin: allowed ones are audited, cross-tenant ones change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from nahbar.directory.models import Offer, Organization
from nahbar.tenancy.models import AuditEvent
from tests import factories


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _org_form(org: Organization, **changes: str) -> dict[str, str]:
    data = {
        "municipality": str(org.municipality_id),
        "name": org.name,
        "kind": org.kind,
        "description": "",
        "email": "",
        "phone": "",
        "website": "",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_coordinator_change_is_saved_and_audited(cast: Any) -> None:
    client = _client(cast.users["coordinator"])
    url = reverse("admin:directory_organization_change", args=[cast.home_org.pk])
    response = client.post(url, _org_form(cast.home_org, name="Neuer Name"))
    assert response.status_code == 302
    with scopes_disabled():
        cast.home_org.refresh_from_db()
        event = AuditEvent.objects.filter(action="organization.change").get()
    assert cast.home_org.name == "Neuer Name"
    assert event.actor == cast.users["coordinator"]
    assert event.municipality == cast.home
    assert event.changes["name"] == ["Nachbarschaftsverein Heimstadt", "Neuer Name"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coordinator", "provider", "planner", "viewer", "nobody"])
def test_post_to_other_municipality_changes_nothing(cast: Any, role: str) -> None:
    client = _client(cast.users[role])
    url = reverse("admin:directory_organization_change", args=[cast.other_org.pk])
    response = client.post(url, _org_form(cast.other_org, name="Gekapert"))
    assert response.status_code in (302, 403)
    with scopes_disabled():
        cast.other_org.refresh_from_db()
        assert not AuditEvent.objects.filter(action="organization.change").exists()
    assert cast.other_org.name == "Verein Anderswo"


@pytest.mark.django_db
def test_coordinator_cannot_move_object_into_other_municipality(cast: Any) -> None:
    client = _client(cast.users["coordinator"])
    url = reverse("admin:directory_organization_change", args=[cast.home_org.pk])
    response = client.post(url, _org_form(cast.home_org, municipality=str(cast.other.pk)))
    assert response.status_code == 200  # form re-rendered with an error
    assert response.context["adminform"].form.errors["municipality"]
    with scopes_disabled():
        cast.home_org.refresh_from_db()
    assert cast.home_org.municipality_id == cast.home.pk


def _offer_form(org: Organization, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "municipality": str(org.municipality_id),
        "organization": str(org.pk),
        "title": "Spaziergang am Fluss",
        "summary": "Wir gehen gemeinsam.",
        "description": "",
        "easy_language_summary": "",
        "is_free": "on",
        "cost_note": "",
        "registration_note": "",
        "contact_name": "",
        "contact_phone": "",
        "contact_email": "",
        "contact_url": "",
        "status": "active",
        "review_state": "draft",
        "assured_at_0": "",
        "assured_at_1": "",
        "valid_from": "",
        "valid_until": "",
        "schedules-TOTAL_FORMS": "1",
        "schedules-INITIAL_FORMS": "0",
        "schedules-MIN_NUM_FORMS": "0",
        "schedules-MAX_NUM_FORMS": "1000",
        "schedules-0-dtstart": "2026-01-06",
        "schedules-0-start_time": "15:00",
        "schedules-0-duration_minutes": "90",
        "schedules-0-rrule": "FREQ=WEEKLY;BYDAY=TU",
        "schedules-0-rdates": "[]",
        "schedules-0-exdates": "[]",
        "schedules-0-until": "",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_provider_adds_offer_for_own_organization_with_schedule(cast: Any) -> None:
    client = _client(cast.users["provider"])
    response = client.post(reverse("admin:directory_offer_add"), _offer_form(cast.home_org))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    with scopes_disabled():
        offer = Offer.objects.get(title="Spaziergang am Fluss")
        schedule = offer.schedules.get()
        assert schedule.municipality_id == cast.home.pk
        assert AuditEvent.objects.filter(action="offer.create", object_id=str(offer.pk)).exists()
        assert AuditEvent.objects.filter(action="schedule.save", object_id=str(schedule.pk)).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["home_org_b", "other_org"])
def test_provider_cannot_add_offer_for_foreign_organization(cast: Any, target: str) -> None:
    client = _client(cast.users["provider"])
    org = getattr(cast, target)
    response = client.post(reverse("admin:directory_offer_add"), _offer_form(org))
    assert response.status_code == 200
    assert "organization" in response.context["adminform"].form.errors
    with scopes_disabled():
        assert not Offer.objects.filter(title="Spaziergang am Fluss").exists()


@pytest.mark.django_db
def test_invalid_rrule_is_a_form_error_and_saves_nothing(cast: Any) -> None:
    client = _client(cast.users["coordinator"])
    response = client.post(
        reverse("admin:directory_offer_add"), _offer_form(cast.home_org, **{"schedules-0-rrule": "FREQ=SOMETIMES"})
    )
    assert response.status_code == 200
    assert "Wiederholungsregel" in response.content.decode()
    with scopes_disabled():
        assert not Offer.objects.filter(title="Spaziergang am Fluss").exists()


@pytest.mark.django_db
def test_coordinator_cannot_attach_place_of_other_municipality(cast: Any) -> None:
    with scopes_disabled():
        foreign_place = factories.place(cast.other_org)
    client = _client(cast.users["superuser"])  # sees every place, so only the form rule can stop it
    response = client.post(
        reverse("admin:directory_offer_add"), _offer_form(cast.home_org, places=[str(foreign_place.pk)])
    )
    assert response.status_code == 200
    assert "places" in response.context["adminform"].form.errors
