"""Searching near a typed place or address ("Ort oder Adresse"): the offline address list, no geocoder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from nahbar.areas.services import addresses_import
from tests.directory.search.builders import offer, place

URL = "/heimstadt/angebote/"
SUGGESTIONS = "/heimstadt/angebote/ort-vorschlaege/"
HOME_ADDRESSES = (
    "Straße;Hausnummer;PLZ;Ort;Breitengrad;Längengrad\n"
    "Hauptstraße;5;01067;Heimstadt;51,0500;13,7400\n"
    "Hauptstraße;7;01067;Heimstadt;51,0502;13,7402\n"
    "Hauptstraße;9;01067;Heimstadt;51,0504;13,7404\n"
    "Hauptstraße;5;01069;Heimstadt;51,1000;13,8000\n"
    "Müllerstraße;12;01067;Heimstadt;51,2000;13,9000\n"
)


@pytest.fixture
def town(cast: Any, tmp_path: Path) -> Any:
    path = tmp_path / "adressen.csv"
    path.write_text(HOME_ADDRESSES, encoding="utf-8")
    addresses_import(actor=None, municipality=cast.home, path=path)
    other = tmp_path / "anderswo.csv"
    other.write_text("Straße;Hausnummer;Breite;Länge\nFremdweg;1;51,05;13,74\n", encoding="utf-8")
    addresses_import(actor=None, municipality=cast.other, path=other)
    market = place(cast.home_org, "Treff am Markt", 51.05, 13.74, is_third_place=True, street="Markt 1")
    far = place(cast.home_org, "Gartenhaus Nord", 51.2, 13.9, is_third_place=True, street="Müllerstraße 12")
    offer(cast.home_org, "Kaffeerunde am Markt", places=[market])
    offer(cast.home_org, "Spielenachmittag im Norden", places=[far])
    return cast


def page(params: dict[str, str]) -> str:
    response = Client().get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["Hauptstraße 7", "Hauptstr. 7, 01067", "HAUPTSTRASSE 7", "hauptstr 7 , Heimstadt"])
def test_one_matching_address_is_the_point_and_named(town: Any, typed: str) -> None:
    html = page({"adresse": typed})
    assert "Entfernung von Hauptstraße 7, im Umkreis von 2 km" in html
    assert "Kaffeerunde am Markt" in html
    assert "Spielenachmittag im Norden" not in html
    assert "0.0 km entfernt" in html or "0,0 km entfernt" in html
    assert f'name="adresse" value="{typed}"' in html  # kept as typed, and in the URL of the other views
    assert "Meinten Sie" not in html


@pytest.mark.django_db
def test_umlauts_written_out_and_the_street_only(town: Any) -> None:
    html = page({"adresse": "Muellerstr. 12"})
    assert "Entfernung von Müllerstraße 12" in html
    assert "Spielenachmittag im Norden" in html and "Kaffeerunde am Markt" not in html
    html = page({"adresse": "Müllerstraße"})
    assert "Entfernung von Müllerstraße (Straßenmitte)" in html


@pytest.mark.django_db
def test_several_matches_offer_links_that_resolve(town: Any) -> None:
    html = page({"adresse": "Hauptstraße 5", "q": "Kaffee"})
    assert "Zu „Hauptstraße 5“ passen mehrere Orte oder Adressen. Meinten Sie:" in html
    assert "Entfernung von" not in html
    assert "Kaffeerunde am Markt" in html  # the search runs without a point until one is chosen
    assert 'href="?adresse=Hauptstra%C3%9Fe+5%2C+01067+Heimstadt&amp;q=Kaffee"' in html
    assert 'href="?adresse=Hauptstra%C3%9Fe+5%2C+01069+Heimstadt&amp;q=Kaffee"' in html
    html = page({"q": "Kaffee", "adresse": "Hauptstraße 5, 01067 Heimstadt"})
    assert "Entfernung von Hauptstraße 5, im Umkreis von 2 km" in html


@pytest.mark.django_db
def test_nothing_found_is_a_clear_message_and_the_rest_still_searches(town: Any) -> None:
    html = page({"adresse": "Gibtsnichtweg 3"})
    assert "Zu „Gibtsnichtweg 3“ haben wir keinen Ort und keine Adresse gefunden." in html
    assert 'aria-invalid="true"' in html
    assert "Kaffeerunde am Markt" in html and "Spielenachmittag im Norden" in html


@pytest.mark.django_db
def test_a_place_name_and_the_old_place_id_give_the_same_point(town: Any) -> None:
    by_name = page({"adresse": "treff am markt"})
    assert "Entfernung von Treff am Markt, im Umkreis von 2 km" in by_name
    assert "Spielenachmittag im Norden" not in by_name
    from django_scopes import scopes_disabled

    from nahbar.directory.models import Place

    with scopes_disabled():
        pk = Place.objects.get(name="Treff am Markt").pk
    by_id = page({"ort": str(pk)})
    assert "Entfernung von Treff am Markt, im Umkreis von 2 km" in by_id
    assert 'name="adresse" value="Treff am Markt, Markt 1"' in by_id
    # the typed text wins over an old place id still in the URL
    assert "Entfernung von Müllerstraße 12" in page({"ort": str(pk), "adresse": "Müllerstraße 12"})


@pytest.mark.django_db
def test_another_municipalitys_addresses_are_never_used(town: Any) -> None:
    assert "keinen Ort und keine Adresse gefunden" in page({"adresse": "Fremdweg 1"})
    assert "Fremdweg" not in Client().get(SUGGESTIONS, {"adresse": "Fremd"}).content.decode()


@pytest.mark.django_db
def test_sort_by_distance_and_the_map_and_calendar_take_the_address(town: Any) -> None:
    html = page({"adresse": "Hauptstraße 9", "umkreis": "50", "sortierung": "entfernung"})
    assert html.index("Kaffeerunde am Markt") < html.index("Spielenachmittag im Norden")
    map_html = Client().get("/heimstadt/angebote/karte/", {"adresse": "Hauptstraße 9"}).content.decode()
    assert "Treff am Markt" in map_html and "Gartenhaus Nord" not in map_html
    assert "Entfernung von Hauptstraße 9" in map_html
    calendar = Client().get("/heimstadt/angebote/kalender/", {"adresse": "Hauptstraße 5"})
    assert calendar.status_code == 200 and "Meinten Sie" in calendar.content.decode()


@pytest.mark.django_db
def test_query_count_with_an_address_is_constant(town: Any) -> None:
    params = {"adresse": "Hauptstraße 7", "umkreis": "5"}
    Client().get(URL, params)  # fills the form's cache
    with CaptureQueriesContext(connection) as few:
        page(params)
    market = place(town.home_org, "Zweiter Treff", 51.0501, 13.7401, is_third_place=True)
    for i in range(10):
        offer(town.home_org, f"Runde {i}", places=[market])
    Client().get(URL, params)
    with CaptureQueriesContext(connection) as many:
        html = page(params)
    assert "11 Angebote gefunden" in html
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


@pytest.mark.django_db
def test_suggestions_while_typing(town: Any) -> None:
    html = Client().get(SUGGESTIONS, {"adresse": "Hauptstr 5"}, HTTP_HX_REQUEST="true").content.decode()
    assert html.count('class="finder-suggestion"') == 2
    assert 'data-value="Hauptstraße 5, 01067 Heimstadt"' in html
    assert 'data-value="Hauptstraße 5, 01069 Heimstadt"' in html
    assert "2 Vorschläge, mit Pfeil nach unten erreichbar." in html
    html = Client().get(SUGGESTIONS, {"adresse": "tref"}).content.decode()
    assert 'data-value="Treff am Markt, Markt 1"' in html
    html = Client().get(SUGGESTIONS, {"adresse": "Haupt"}).content.decode()
    assert "Hauptstraße (Straßenmitte)" in html
    assert "Keine Vorschläge" in Client().get(SUGGESTIONS, {"adresse": "xyz"}).content.decode()
    assert "Vorschl" not in Client().get(SUGGESTIONS, {"adresse": "x"}).content.decode()
