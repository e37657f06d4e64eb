"""The finder's week calendar and map views."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from tests import factories
from tests.directory.start.conftest import Town


@pytest.mark.django_db
def test_calendar_shows_seven_days_of_matching_occurrences(town: Town) -> None:
    response = Client().get(f"/heimstadt/angebote/kalender/?gebiet={town.north.pk}&ab=2027-03-01")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<h1") == 1 and 'href="#inhalt"' in page
    assert page.count('class="calendar-day"') == 7
    assert page.count('class="occurrence"') == 7  # daily Nordcafé; the area filter keeps to places there
    assert "Nordcafé" in page and "Südspaziergang" not in page
    assert "Montag, 1. März" in page and "Sonntag, 7. März" in page
    # Week navigation and the view switch keep the filters.
    assert f"gebiet={town.north.pk}&amp;ab=2027-03-08" in page
    assert f'href="/heimstadt/angebote/?gebiet={town.north.pk}"' in page
    assert f'href="/heimstadt/angebote/karte/?gebiet={town.north.pk}"' in page


@pytest.mark.django_db
def test_calendar_applies_finder_filters_and_reports_bad_input(town: Town) -> None:
    page = Client().get("/heimstadt/angebote/kalender/?form=telefonisch&ab=2027-03-01").content.decode()
    assert "Telefonkette" in page and "Nordcafé" not in page
    bad = Client().get("/heimstadt/angebote/kalender/?ab=morgen")
    assert bad.status_code == 400 and "kein Datum" in bad.content.decode()
    unknown = Client().get("/heimstadt/angebote/kalender/?zielgruppe=gibtsnicht")
    assert "kein bekannter Wert" in unknown.content.decode()


@pytest.mark.django_db
def test_calendar_query_count_is_constant(cast: Any, town: Town) -> None:
    client = Client()
    url = "/heimstadt/angebote/kalender/?kostenlos=1"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    with scopes_disabled():
        for i in range(8):
            factories.weekly_schedule(factories.offer(cast.home_org, title=f"Treff {i}"))
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "Treff 7" in page
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


@pytest.mark.django_db
def test_map_loads_nothing_before_asked_and_always_has_the_list(cast: Any, town: Town, settings: Any) -> None:
    settings.NAHBAR_TILE_URL = "https://kacheln.example/{z}/{x}/{y}.png"
    with scopes_disabled():
        place = town.north_offer.places.get()
        place.latitude, place.longitude = 51.05, 13.74
        place.save()
    page = Client().get("/heimstadt/angebote/karte/").content.decode()
    assert page.count("<h1") == 1
    assert 'data-tile-url="https://kacheln.example/{z}/{x}/{y}.png"' in page
    head = page.split("</head>", 1)[0]
    assert "leaflet" not in head.lower() and "kacheln.example" not in head  # loaded only on request
    assert 'id="karte-laden" hidden' in page and "Karte anzeigen" in page
    assert 'id="karte-orte"' in page and '"lat": 51.05' in page
    assert "Anger-Treff" in page and "1 Angebot" in page  # the list alternative
    assert "Südhaus" not in page.split('id="orte-liste"', 1)[1]  # no coordinates: not on the map


@pytest.mark.django_db
def test_map_and_calendar_under_english_ui(town: Town) -> None:
    for url in ("/en/heimstadt/angebote/karte/", "/en/heimstadt/angebote/kalender/"):
        page = Client().get(url).content.decode()
        assert '<html lang="en"' in page and page.count("<h1") == 1
