"""The finder and everything built on it: the badge after N months, gone after N + 3, back when confirmed."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from nahbar.directory.models import Offer
from nahbar.directory.offer_pages.links import offer_url
from nahbar.directory.search import parse_finder_query
from nahbar.directory.search.engine import finder_occurrences, finder_places
from nahbar.directory.selectors import week_occurrences
from nahbar.directory.services import offer_confirm
from nahbar.opendata import ids
from tests.directory.search.builders import place, titles
from tests.freshness.helpers import aged_offer

BADGE = "möglicherweise nicht mehr aktuell"


@pytest.fixture
def trio(cast: Any) -> dict[str, Any]:
    here = place(cast.home_org, "Stadtteiltreff", 51.05, 13.74)
    return {
        "fresh": aged_offer(cast.home_org, "Treff frisch", months=1, places=[here]),
        "due": aged_offer(cast.home_org, "Treff fällig", months=7, places=[here]),
        "gone": aged_offer(cast.home_org, "Treff vergessen", months=10, places=[here]),
        "never": aged_offer(cast.home_org, "Treff nie bestätigt", created_months=10, places=[here]),
        "place": here,
    }


def _page(path: str) -> str:
    response = Client().get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.django_db
def test_search_leaves_out_what_nobody_confirmed_for_n_plus_three_months(cast: Any, trio: dict[str, Any]) -> None:
    assert set(titles(cast.home, "q=Treff")) == {"Treff fällig", "Treff frisch"}
    assert set(titles(cast.home, "tag=mo")) == {"Treff fällig", "Treff frisch"}  # the occurrence filter
    here = trio["place"]
    assert set(titles(cast.home, f"ort={here.pk}&umkreis=1")) == {"Treff fällig", "Treff frisch"}  # by distance


@pytest.mark.django_db
def test_the_badge_on_cards_only_for_due_offers(cast: Any, trio: dict[str, Any]) -> None:
    html = _page("/heimstadt/angebote/?q=Treff")
    cards = {card.split("</a>")[0].rsplit(">", 1)[1]: card for card in html.split('<li class="finder-hit">')[1:]}
    assert set(cards) == {"Treff fällig", "Treff frisch"}
    assert BADGE in cards["Treff fällig"]
    assert BADGE not in cards["Treff frisch"]


@pytest.mark.django_db
def test_map_calendar_week_and_feeds_leave_it_out(cast: Any, trio: dict[str, Any]) -> None:
    with scope(municipality=cast.home):
        query, _ = parse_finder_query(QueryDict(""), municipality=cast.home)
        [(_spot, count)] = finder_places(cast.home, query)
        assert count == 2
        week = finder_occurrences(cast.home, query, start=timezone.localdate())
        assert {o.offer.title for o in week} == {"Treff fällig", "Treff frisch"}
        assert {o.offer.title for o in week_occurrences(cast.home, start=timezone.localdate())} == {
            "Treff fällig",
            "Treff frisch",
        }
    for path in ["/heimstadt/", "/heimstadt/angebote/kalender/", "/heimstadt/angebote/karte/"]:
        html = _page(path)
        assert "Treff vergessen" not in html and "Treff nie bestätigt" not in html, path
    for name in ("finder-ics", "finder-geojson"):
        feed = _page(reverse(name, args=["heimstadt"]))
        assert "Treff frisch" in feed and "Treff vergessen" not in feed, name


@pytest.mark.django_db
def test_the_hsds_api_leaves_it_out(cast: Any, trio: dict[str, Any]) -> None:
    listing = _page(reverse("hsds:hsds-services", kwargs={"municipality_slug": "heimstadt"}))
    assert "Treff frisch" in listing and "Treff fällig" in listing
    assert "Treff vergessen" not in listing and "Treff nie bestätigt" not in listing

    def single(offer: Offer) -> int:
        public_id = ids.encode(ids.municipality_tag(cast.home), ids.Kind.SERVICE, offer.pk)
        path = reverse("hsds:hsds-service", kwargs={"municipality_slug": "heimstadt", "id": public_id})
        return Client().get(path).status_code

    assert single(trio["due"]) == 200
    assert single(trio["gone"]) == 404


@pytest.mark.django_db
def test_the_offer_page_stays_with_a_notice(cast: Any, trio: dict[str, Any]) -> None:
    def page(offer: Offer) -> str:
        return _page(offer_url(offer, "heimstadt"))

    assert BADGE not in page(trio["fresh"])
    assert BADGE in page(trio["due"])
    gone = page(trio["gone"])
    assert "erscheint deshalb nicht mehr in der Suche" in gone
    # The place page lists only offers the finder shows.
    spot = trio["place"]
    place_html = _page(reverse("place-detail", kwargs={"municipality_slug": "heimstadt", "place_id": spot.pk}))
    assert "Treff frisch" in place_html and "Treff vergessen" not in place_html


@pytest.mark.django_db
def test_confirming_brings_it_back_and_n_is_per_municipality(cast: Any, trio: dict[str, Any]) -> None:
    with scopes_disabled():
        offer_confirm(actor=None, offer=trio["gone"])
    assert "Treff vergessen" in titles(cast.home, "q=Treff")
    html = _page("/heimstadt/angebote/?q=vergessen")
    assert "Treff vergessen" in html and BADGE not in html
    # A municipality asking only every 12 months: ten months is due, not gone.
    with scopes_disabled():
        cast.home.freshness_months = 12
        cast.home.save(update_fields=["freshness_months"])
    assert set(titles(cast.home, "q=Treff")) == {
        "Treff fällig",
        "Treff frisch",
        "Treff nie bestätigt",
        "Treff vergessen",
    }
    html = _page("/heimstadt/angebote/?q=bestätigt")
    assert "Treff nie bestätigt" in html and BADGE not in html  # ten months < twelve
