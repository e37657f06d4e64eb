"""The finder page: works without JavaScript, htmx fragment, constant query count, one <h1>."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.directory.search.builders import offer, place

URL = "/heimstadt/angebote/"


def _many(cast: Any, count: int, start: int = 0) -> None:
    spot = place(cast.home_org, "Treff am Markt", 51.05, 13.74, is_third_place=True)
    for i in range(start, start + count):
        offer(cast.home_org, f"Kaffeerunde {i:02d}", summary="Kaffee und Gespräche.", places=[spot])


@pytest.mark.django_db
def test_page_lists_hits_with_links_dates_and_organization(cast: Any) -> None:
    _many(cast, 2)
    response = Client().get(URL, {"q": "Kaffee"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Kaffeerunde 00" in html and "Kaffeerunde 01" in html
    assert "/heimstadt/angebote/" in html and "Nachbarschaftsverein Heimstadt" in html
    assert "2 Angebote gefunden" in html
    assert 'role="status"' in html
    assert "Nächste Termine" in html
    assert 'hx-get="/heimstadt/angebote/"' in html


@pytest.mark.django_db
def test_htmx_request_gets_only_the_fragment_with_out_of_band_status(cast: Any) -> None:
    _many(cast, 1)
    response = Client().get(URL, {"q": "Kaffee"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" not in html and "<form" not in html
    assert "Kaffeerunde 00" in html
    assert 'id="trefferzahl"' in html and 'hx-swap-oob="true"' in html


@pytest.mark.django_db
def test_empty_state(cast: Any) -> None:
    html = Client().get(URL, {"q": "Tauchkurs"}).content.decode()
    assert "0 Angebote gefunden" in html
    assert "Wir haben kein passendes Angebot gefunden." in html


@pytest.mark.django_db
def test_query_count_is_constant(cast: Any) -> None:
    client = Client()
    params = {"q": "Kaffee", "ort": "", "umkreis": "5", "tag": "mo", "sortierung": "datum"}
    _many(cast, 5)
    from django_scopes import scopes_disabled

    from nahbar.directory.models import Place

    with scopes_disabled():
        params["ort"] = str(Place.objects.get(name="Treff am Markt").pk)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, params).status_code == 200
    _many(cast, 20, start=5)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, params)
    assert "20 Angebote gefunden" not in response.content.decode()
    assert "25 Angebote gefunden" in response.content.decode()
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    # Saving the place above invalidated the cached form choices and geography (places, areas: three
    # statements); unchanged data now comes from the cache, and docs/performance.md counts this page:
    # municipality, stems, point filter, ordered page, its offers, their dates.
    with CaptureQueriesContext(connection) as cached:
        assert client.get(URL, params).status_code == 200
    assert len(few) == 9, [q["sql"] for q in few.captured_queries]
    assert len(cached) == 6, [q["sql"] for q in cached.captured_queries]


@pytest.mark.django_db
def test_links_to_calendar_and_map_keep_filters_but_not_the_page(cast: Any) -> None:
    html = Client().get(URL, {"q": "Kaffee", "seite": "1"}).content.decode()
    assert 'href="/heimstadt/angebote/kalender/?q=Kaffee"' in html
    assert 'href="/heimstadt/angebote/karte/?q=Kaffee"' in html


@pytest.mark.django_db
def test_history_restore_gets_the_whole_page(cast: Any) -> None:
    response = Client().get(URL, {"q": "Kaffee"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<h1" in response.content.decode()


@pytest.mark.django_db
def test_form_keeps_the_chosen_filters(cast: Any) -> None:
    spot = place(cast.home_org, "Bücherei <Mitte>", 51.05, 13.74, is_third_place=True)
    params = {"format": "bewegung", "ort": str(spot.pk), "tag": "mi", "kostenlos": "1"}
    html = Client().get(URL, params).content.decode()
    assert 'name="format" value="bewegung" checked' in html
    assert 'name="format" value="musik">' in html
    # The old address with ort=<id> still works: the field shows the place, which resolves back to it.
    assert 'name="adresse" value="Bücherei &lt;Mitte&gt;, Hauptstraße 1"' in html
    assert "Entfernung von Bücherei &lt;Mitte&gt;, im Umkreis von 2 km" in html
    assert 'value="mi" checked' in html
    assert 'id="finder-kostenlos" name="kostenlos" value="1" checked' in html


@pytest.mark.django_db
def test_result_cards_escape_what_providers_typed(cast: Any) -> None:
    """The cards are built in Python (finder/cards.py): every value must be escaped as the template did."""
    from django_scopes import scopes_disabled

    spot = place(cast.home_org, 'Saal "<Nord>"', 51.05, 13.74)
    offer(cast.home_org, "Kaffee <script>alert(1)</script> & Kuchen", summary="<b>fett</b>", places=[spot])
    with scopes_disabled():
        cast.home_org.name = "Verein <i>Nachbarn</i>"
        cast.home_org.save()
    html = Client().get(URL, {"q": "Kaffee"}).content.decode()
    assert "<script>alert(1)</script>" not in html and "<b>fett</b>" not in html and "<i>Nachbarn</i>" not in html
    assert "Kaffee &lt;script&gt;alert(1)&lt;/script&gt; &amp; Kuchen" in html
    assert "&lt;b&gt;fett&lt;/b&gt;" in html and "Verein &lt;i&gt;Nachbarn&lt;/i&gt;" in html
    assert "Saal &quot;&lt;Nord&gt;&quot;" in html
    assert '<li class="finder-badge">kostenlos</li>' in html
