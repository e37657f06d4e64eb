"""The place page and the print view of an offer."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from nahbar.directory.models import Offer
from tests import factories
from tests.directory.offer_pages.conftest import World

pytestmark = pytest.mark.django_db


def place_page(world: World, prefix: str = "") -> str:
    response = Client().get(f"{prefix}/heimstadt/orte/{world.place.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_place_page_content(world: World) -> None:
    html = place_page(world)
    assert html.count("<h1") == 1 and "Stadtteilhaus Mitte</h1>" in html
    assert "Ein Dritter Ort" in html and "nichts kaufen" in html
    assert '<th scope="row">Montag</th><td>10–16 Uhr</td>' in html
    assert '<th scope="row">Donnerstag</th><td>geschlossen</td>' in html
    assert "stufenlos erreichbar" in html and "Straßenbahn 3" in html
    assert f'href="/heimstadt/angebote/{world.offer.pk}-erzaehlcafe-am-markt/"' in html
    assert "Jeden Dienstag, 15–17 Uhr" in html and "Dienstag, 17. März, 15:00–17:00 Uhr" in html
    assert 'href="#inhalt"' in html and "/barrierefreiheit/?seite=" in html


def test_place_json_ld(world: World) -> None:
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', place_page(world), re.S)
    data = json.loads(block)
    assert data["@type"] == "Place" and data["publicAccess"] is True
    assert data["address"]["streetAddress"] == "Hauptstraße 1"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 51.05, "longitude": 13.74}
    assert data["openingHoursSpecification"][0]["dayOfWeek"][0] == "https://schema.org/Monday"
    assert data["openingHoursSpecification"][0]["opens"] == "10:00"
    assert data["amenityFeature"][0]["name"] == "stufenlos erreichbar"


def test_place_page_in_english(world: World) -> None:
    html = place_page(world, "/en")
    assert '<html lang="en"' in html and "Monday" in html and "step-free access" in html


def test_malformed_opening_hours_are_skipped(cast: Any, world: World) -> None:
    with scopes_disabled():
        world.place.opening_hours = [
            {"days": [9], "opens": "x"},
            "nonsense",
            {"days": [4], "opens": "09:30", "closes": "12:00"},
        ]
        world.place.save()
    html = place_page(world)
    assert '<th scope="row">Freitag</th><td>9:30–12 Uhr</td>' in html


def test_which_places_are_public(cast: Any, world: World) -> None:
    client = Client()
    with scopes_disabled():
        private = factories.place(cast.home_org, name="Wohnung einer Ehrenamtlichen")
        draft = factories.offer(cast.home_org, title="Entwurf", review_state=Offer.ReviewState.DRAFT)
        draft.places.set([private])
        scheduled_only = factories.place(cast.home_org, name="Kirche")
        factories.weekly_schedule(world.offer, place_=scheduled_only, byday="TH")
    assert client.get(f"/heimstadt/orte/{private.pk}/").status_code == 404
    assert client.get(f"/heimstadt/orte/{scheduled_only.pk}/").status_code == 200
    assert client.get(f"/anderswo/orte/{world.place.pk}/").status_code == 404
    assert client.get("/heimstadt/orte/999999/").status_code == 404


def test_print_view(world: World) -> None:
    response = Client().get(f"/heimstadt/angebote/{world.offer.pk}/drucken/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1 and "<svg" in html and "site-header" not in html
    assert f"http://testserver/heimstadt/angebote/{world.offer.pk}-erzaehlcafe-am-markt/" in html
    assert "Jeden Dienstag, 15–17 Uhr" in html and "fällt aus" in html
    assert 'href="#inhalt"' in html and '<main id="inhalt"' in html
    assert "offer.css" in html
