"""Near a point: radius filter, distance shown, sort by distance; place picker or coordinates."""

from __future__ import annotations

from typing import Any

import pytest

from nahbar.directory.search import haversine_km
from nahbar.directory.search.geo import Points
from tests.directory.search.builders import offer, place, search, titles

# Dresden Altmarkt and points roughly 0.7, 1.5 and 4 km to the east
ORIGIN = (51.0500, 13.7373)


def test_haversine_known_distance() -> None:
    # Dresden Hauptbahnhof – Berlin Hauptbahnhof: about 165 km as the crow flies
    assert 160 < haversine_km(51.0403, 13.7320, 52.5251, 13.3694) < 170
    assert haversine_km(*ORIGIN, *ORIGIN) == 0


def test_places_within_a_radius_are_exactly_those_the_haversine_puts_there() -> None:
    import random

    rng = random.Random(5)
    rows = [(51.05 + rng.uniform(-0.2, 0.2), 13.74 + rng.uniform(-0.3, 0.3), pk) for pk in range(2000)]
    points = Points(list(rows))
    for radius in (0.5, 2.0, 5.0, 25.0):
        expected = {pk: haversine_km(*ORIGIN, lat, lon) for lat, lon, pk in rows}
        expected = {pk: km for pk, km in expected.items() if km <= radius}
        assert points.within(*ORIGIN, radius) == expected
    assert Points([]).within(*ORIGIN, 5.0) == {}


@pytest.fixture
def spread(cast: Any) -> Any:
    here = place(cast.home_org, "Altmarkt", *ORIGIN)
    near = place(cast.home_org, "Nah", 51.0500, 13.7473)
    middle = place(cast.home_org, "Mittel", 51.0500, 13.7587)
    far = place(cast.home_org, "Fern", 51.0500, 13.7943)
    offer(cast.home_org, "Am Platz", places=[here])
    offer(cast.home_org, "Nah dran", places=[near], byday="SU")
    offer(cast.home_org, "Mittendrin", places=[middle], byday="MO")
    offer(cast.home_org, "Weit weg", places=[far])
    offer(cast.home_org, "Zwei Orte", places=[far, near], byday="TU")
    offer(cast.home_org, "Am Telefon")
    cast.here = here
    return cast


@pytest.mark.django_db
def test_radius_filters_and_nearest_place_counts(spread: Any) -> None:
    found = titles(spread.home, f"ort={spread.here.pk}&umkreis=1&sortierung=entfernung")
    assert found == ["Am Platz", "Nah dran", "Zwei Orte"]
    found = titles(spread.home, f"ort={spread.here.pk}&umkreis=2&sortierung=entfernung")
    assert found == ["Am Platz", "Nah dran", "Zwei Orte", "Mittendrin"]
    assert len(titles(spread.home, f"ort={spread.here.pk}&umkreis=5")) == 5


@pytest.mark.django_db
def test_default_radius_is_two_km_and_coordinates_work(spread: Any) -> None:
    page = search(spread.home, f"lat={ORIGIN[0]}&lon={ORIGIN[1]}&sortierung=entfernung")
    assert [hit.offer.title for hit in page.hits] == ["Am Platz", "Nah dran", "Zwei Orte", "Mittendrin"]
    distances = [hit.distance_km for hit in page.hits]
    assert distances[0] == pytest.approx(0, abs=0.01)
    assert distances[1] == pytest.approx(0.70, abs=0.02)
    assert distances[3] == pytest.approx(1.50, abs=0.03)
    assert distances == sorted(d for d in distances if d is not None)


@pytest.mark.django_db
def test_without_point_no_distance(spread: Any) -> None:
    assert all(hit.distance_km is None for hit in search(spread.home, "").hits)


@pytest.mark.django_db
def test_page_shows_distance(spread: Any) -> None:
    from django.test import Client

    html = Client().get("/heimstadt/angebote/", {"ort": spread.here.pk, "sortierung": "entfernung"}).content.decode()
    assert "0,7 km entfernt" in html
