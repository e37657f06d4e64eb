"""Changes to places: direct while nobody sees the place, reviewed once it is public."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django_scopes import scope, scopes_disabled

from nahbar.directory.models import Place
from nahbar.providers import services
from nahbar.providers.models import PlaceRevision, RevisionState
from nahbar.tenancy.models import AuditEvent

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Nachbarschaftstreff am Markt",
    "kind": "neighbourhood_house",
    "street": "Marktplatz 1",
    "postcode": "01067",
    "city": "Heimstadt",
    "transit_note": "Tram 4, Haltestelle Markt",
    "hours_1_opens": "14:00",
    "hours_1_closes": "18:00",
}


def _client(setting: Any, role: str) -> Client:
    client = Client()
    client.force_login(setting.cast.users[role])
    return client


def test_public_place_change_waits_for_review(setting: Any, django_capture_on_commit_callbacks: Any) -> None:
    place = setting.place  # public: the published Erzählcafé is held there
    provider = _client(setting, "provider")
    url = f"/heimstadt/mitmachen/orte/{place.pk}/"
    assert "Dieser Ort ist öffentlich zu sehen" in provider.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = provider.post(url, FORM, follow=True)
    assert "Bis zur Prüfung bleibt die bisherige Fassung sichtbar." in response.content.decode()
    assert mail.outbox[-1].to == ["coordinator@example.org"]
    assert "Änderung am Ort „Nachbarschaftstreff Mitte“" in mail.outbox[-1].body
    with scopes_disabled():
        revision = PlaceRevision.objects.get(place=place)
        assert Place.objects.get(pk=place.pk).name == "Nachbarschaftstreff Mitte"
    assert revision.state == RevisionState.SUBMITTED
    public = Client().get(f"/heimstadt/orte/{place.pk}/").content.decode()
    assert "Nachbarschaftstreff Mitte" in public and "am Markt" not in public
    # The form now starts from the pending change.
    assert "Tram 4, Haltestelle Markt" in provider.get(url).content.decode()

    coordinator = _client(setting, "coordinator")
    assert (
        f"/heimstadt/intern/pruefen/orte/{revision.pk}/"
        in coordinator.get("/heimstadt/intern/pruefen/").content.decode()
    )
    review = coordinator.get(f"/heimstadt/intern/pruefen/orte/{revision.pk}/").content.decode()
    assert "Anfahrt mit Bus und Bahn" in review and "Tram 4, Haltestelle Markt" in review
    assert "Dienstag: 14–18 Uhr" in review and "4 Angaben geändert" in review

    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(
            f"/heimstadt/intern/pruefen/orte/{revision.pk}/",
            {"aktion": "aenderungen", "comment": "Bitte die Hausnummer prüfen.", "seen": services.stamp(revision)},
        )
    assert "Bitte die Hausnummer prüfen." in mail.outbox[-1].body and mail.outbox[-1].to == ["provider@example.org"]
    assert "Bitte die Hausnummer prüfen." in provider.get("/heimstadt/mitmachen/").content.decode()
    assert "Bitte die Hausnummer prüfen." in provider.get(url).content.decode(), "above the form, too"
    provider.post(url, {**FORM, "street": "Marktplatz 2"})
    with scopes_disabled():
        revision.refresh_from_db()
    assert revision.state == RevisionState.SUBMITTED and revision.data["fields"]["street"] == "Marktplatz 2"

    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(
            f"/heimstadt/intern/pruefen/orte/{revision.pk}/",
            {"aktion": "veroeffentlichen", "seen": services.stamp(revision)},
        )
    with scopes_disabled():
        place.refresh_from_db()
        actions = list(
            AuditEvent.objects.filter(object_type="providers.placerevision", object_id=str(revision.pk))
            .order_by("pk")
            .values_list("action", flat=True)
        )
    assert place.name == "Nachbarschaftstreff am Markt" and place.street == "Marktplatz 2"
    assert place.opening_hours == [{"days": [1], "opens": "14:00", "closes": "18:00"}]
    assert mail.outbox[-1].subject == "Veröffentlicht: „Nachbarschaftstreff am Markt“"
    assert actions == [
        "placerevision.create",
        "placerevision.submit",
        "placerevision.request_changes",
        "placerevision.update",
        "placerevision.submit",
        "placerevision.publish",
    ]
    with scope(municipality=setting.cast.home), pytest.raises(services.ReviewError, match="schon entschieden"):
        services.place_revision_publish(actor=setting.cast.users["coordinator"], revision=revision)


def test_unchanged_public_place_is_not_submitted(setting: Any) -> None:
    provider = _client(setting, "provider")
    place = setting.place
    data = {
        "name": place.name,
        "kind": place.kind,
        "street": place.street,
        "postcode": place.postcode,
        "city": place.city,
    }
    response = provider.post(f"/heimstadt/mitmachen/orte/{place.pk}/", data)
    assert "Sie haben nichts geändert." in response.content.decode()
    with scopes_disabled():
        assert not PlaceRevision.objects.exists()
