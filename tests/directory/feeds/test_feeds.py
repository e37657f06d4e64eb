"""The finder's feeds: the .ics twin of any finder address, GeoJSON of offers and of public places."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import icalendar
import pytest
import recurring_ical_events
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from nahbar.directory.search import finder_occurrences
from tests import factories
from tests.directory.search.builders import offer, parse, place, term

pytestmark = pytest.mark.django_db


def _get(path: str, **params: Any) -> Any:
    return Client().get(f"/heimstadt/{path}", params)


def _ics(**params: Any) -> icalendar.Calendar:
    response = _get("angebote.ics", **params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def _geojson(path: str, **params: Any) -> dict[str, Any]:
    response = _get(path, **params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    return data


def test_ics_twin_carries_the_same_offers_as_the_finder(cast: Any) -> None:
    offer(cast.home_org, "Erzählcafé am Markt", byday="TU")
    offer(cast.home_org, "Spaziergang im Park", byday="WE")
    offer(cast.other_org, "Erzählcafé anderswo", byday="TU")
    calendar = _ics(q="erzählen")
    summaries = {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
    assert summaries == {"Erzählcafé am Markt"}
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"
    assert str(calendar["X-WR-CALNAME"]) == f"Angebote in {cast.home.name}"


def test_ics_twin_round_trips_to_the_finders_dates(cast: Any) -> None:
    """Expanding the feed with recurring_ical_events gives the calendar view's dates for the same filter."""
    offer(cast.home_org, "Erzählcafé am Markt", byday="TU,TH")
    offer(cast.home_org, "Spaziergang im Park", byday="SA", start_time=dt.time(10, 30))
    offer(cast.home_org, "Schach am Abend", byday="MO", terms={"formats": [term("format", "spiele")]})
    start = timezone.localdate() + dt.timedelta(days=1)
    query, _errors = parse(cast.home, "tag=di&tag=do&tag=sa")
    with scope(municipality=cast.home):
        expected = sorted(occ.start for occ in finder_occurrences(cast.home, query, start=start, days=14))
    calendar = _ics(tag=["di", "do", "sa"])
    begin = dt.datetime.combine(start, dt.time(0, 0), tzinfo=timezone.get_current_timezone())
    found = recurring_ical_events.of(calendar).between(begin, begin + dt.timedelta(days=14))
    assert sorted(event.decoded("dtstart") for event in found) == expected
    assert len(expected) == 6


def test_ics_feed_query_count_does_not_grow_with_hits(cast: Any) -> None:
    for number in range(3):
        offer(cast.home_org, f"Kaffeerunde {number}")
    _ics(q="Kaffeerunde")  # fills the search's cached vocabulary (search/choices.py) once
    with CaptureQueriesContext(connection) as few:
        _ics(q="Kaffeerunde")
    for number in range(3, 12):
        offer(cast.home_org, f"Kaffeerunde {number}")
    with CaptureQueriesContext(connection) as many:
        calendar = _ics(q="Kaffeerunde")
    assert len(calendar.walk("VEVENT")) == 12
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_offer_geojson_geometry_and_properties(cast: Any) -> None:
    market = place(cast.home_org, "Treff am Markt", 51.05, 13.74)
    park = place(cast.home_org, "Parkhaus", 51.06, 13.75)
    offer(cast.home_org, "Erzählcafé am Markt", places=[market], terms={"languages": [term("language", "de")]})
    offer(cast.home_org, "Spaziergang zwischen zwei Orten", places=[market, park])
    offer(cast.home_org, "Telefonkette", byday="FR")
    features = {f["properties"]["title"]: f for f in _geojson("angebote.geojson")["features"]}
    assert set(features) == {"Erzählcafé am Markt", "Spaziergang zwischen zwei Orten", "Telefonkette"}
    cafe = features["Erzählcafé am Markt"]
    assert cafe["geometry"] == {"type": "Point", "coordinates": [13.74, 51.05]}  # longitude first
    assert cafe["properties"]["languages"] == ["de"]
    assert cafe["properties"]["url"].startswith("http://testserver/heimstadt/angebote/")
    assert features["Spaziergang zwischen zwei Orten"]["geometry"]["type"] == "MultiPoint"
    assert features["Telefonkette"]["geometry"] is None  # no place: RFC 7946 allows a null geometry


def test_offer_geojson_applies_the_finder_filters(cast: Any) -> None:
    offer(cast.home_org, "Kostenloses Erzählcafé", is_free=True)
    offer(cast.home_org, "Kochkurs mit Beitrag", is_free=False)
    titles = [f["properties"]["title"] for f in _geojson("angebote.geojson", kostenlos="1")["features"]]
    assert titles == ["Kostenloses Erzählcafé"]


def test_places_geojson_lists_public_places_only(cast: Any) -> None:
    third = place(cast.home_org, "Wärmestube", 51.05, 13.74, is_third_place=True)
    host = place(cast.home_org, "Gemeindesaal", 51.04, 13.73)
    place(cast.home_org, "Büro ohne Angebote", 51.03, 13.72)
    offer(cast.home_org, "Erzählcafé", places=[host])
    place(cast.other_org, "Fremde Wärmestube", 50.0, 12.0, is_third_place=True)
    with scopes_disabled():
        third.accessibility.set([term("accessibility", "stufenlos")])
    features = {f["properties"]["name"]: f for f in _geojson("orte.geojson")["features"]}
    assert set(features) == {"Wärmestube", "Gemeindesaal"}
    assert features["Wärmestube"]["properties"]["third_place"] is True
    assert features["Wärmestube"]["properties"]["accessibility"] == ["stufenlos"]
    assert features["Gemeindesaal"]["geometry"] == {"type": "Point", "coordinates": [13.73, 51.04]}


@pytest.mark.parametrize("path", ["angebote.ics", "angebote.geojson"])
def test_bad_parameters_answer_400_with_the_message_and_no_feed(cast: Any, path: str) -> None:
    offer(cast.home_org, "Erzählcafé")
    response = _get(path, umkreis="-1")
    assert response.status_code == 400
    body = response.content.decode()
    assert body.startswith("Diese Angaben in der Adresse sind ungültig:")
    assert "umkreis:" in body and "Erzählcafé" not in body


def test_unknown_municipality_is_404(cast: Any) -> None:
    assert Client().get("/gibtsnicht/angebote.ics").status_code == 404
    with scopes_disabled():
        factories.offer(cast.home_org, title="x")
    assert Client().get("/gibtsnicht/orte.geojson").status_code == 404


def test_finder_views_link_to_their_feed_twins_with_the_same_filters(cast: Any) -> None:
    for path in ("angebote/", "angebote/kalender/", "angebote/karte/"):
        html = _get(path, q="Kaffee", seite="2").content.decode()
        assert 'href="/heimstadt/angebote.ics?q=Kaffee"' in html, path
        assert 'href="/heimstadt/angebote.geojson?q=Kaffee"' in html, path
