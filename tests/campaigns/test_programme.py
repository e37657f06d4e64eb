"""The public programme: grouping by day, filters in the address, map markers, tenancy, query count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.campaigns.conftest import make_campaign
from tests.campaigns.programme_world import build

pytestmark = pytest.mark.django_db


def _url(slug: str = "heimstadt", campaign: str = "aktionswoche-test") -> str:
    return reverse("campaign-programme", kwargs={"municipality_slug": slug, "campaign_slug": campaign})


def _titles(response: Any) -> list[list[str]]:
    """Per day, the titles listed (the view's own grouping)."""
    return [[occ.offer.title for occ, _link in items] for _day, items in response.context["days"]]


def test_days_of_the_period_with_published_entries_only(cast: Any) -> None:
    build(cast)
    response = Client().get(_url())
    assert response.status_code == 200
    days = response.context["days"]
    assert [day for day, _items in days] == [dt.date(2026, 9, 14) + dt.timedelta(days=i) for i in range(7)]
    assert _titles(response)[0] == ["Spaziergang Nord", "Erzählcafé Mitte"]  # 10:00 before 15:00
    assert all(titles == ["Spaziergang Nord"] for titles in _titles(response)[1:])
    html = response.content.decode()
    assert "Noch in Prüfung" not in html and "Nicht angemeldet" not in html and "Fremder Spaziergang" not in html
    assert response.context["count"] == 8
    assert html.count("<h1") == 1 and 'href="#inhalt"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"gebiet": "MITTE"}, {"Erzählcafé Mitte"}),
        ({"gebiet": "NORD"}, {"Spaziergang Nord"}),
        ({"format": "bewegung"}, {"Spaziergang Nord"}),
        ({"zielgruppe": "aeltere"}, {"Erzählcafé Mitte"}),
        ({"kostenlos": "1"}, {"Erzählcafé Mitte"}),
        ({"stufenlos": "1"}, {"Erzählcafé Mitte"}),
        ({"format": "bewegung", "kostenlos": "1"}, set()),
        ({}, {"Erzählcafé Mitte", "Spaziergang Nord"}),
    ],
)
def test_filters(cast: Any, query: dict[str, str], expected: set[str]) -> None:
    world = build(cast)
    if "gebiet" in query:
        query = {**query, "gebiet": str((world.mitte if query["gebiet"] == "MITTE" else world.nord).pk)}
    response = Client().get(_url(), query)
    assert response.status_code == 200
    assert {title for titles in _titles(response) for title in titles} == expected
    # The form keeps the choice, so the filtered page can be bookmarked and changed without JavaScript.
    html = response.content.decode()
    assert 'method="get"' in html
    for name, value in query.items():
        assert f'value="{value}" selected' in html or f'name="{name}" value="{value}" checked' in html


@pytest.mark.parametrize("query", [{"format": "gibtsnicht"}, {"gebiet": "999999"}, {"zielgruppe": "<b>"}])
def test_unknown_filter_values_are_named_and_ignored(cast: Any, query: dict[str, str]) -> None:
    build(cast)
    response = Client().get(_url(), query)
    assert response.status_code == 400
    assert response.context["count"] == 8
    assert 'role="alert"' in response.content.decode()
    assert "<b>" not in response.content.decode().split("<main", 1)[1]


def test_map_markers_and_list_alternative(cast: Any) -> None:
    build(cast)
    response = Client().get(_url())
    markers = response.context["markers"]
    assert {m["name"]: m["label"] for m in markers} == {"Gemeindehaus Nord": "7 Termine", "Treff Mitte": "1 Termin"}
    html = response.content.decode()
    assert 'id="karte-orte"' in html and "data-tile-url=" in html
    assert "leaflet.js" not in html.split("data-leaflet-js", 1)[0]  # Leaflet loads only on request


def test_other_municipality_and_unknown_campaign_are_404(cast: Any) -> None:
    world = build(cast)
    assert Client().get(_url("anderswo")).status_code == 200  # its own campaign with the same slug
    assert "Erzählcafé Mitte" not in Client().get(_url("anderswo")).content.decode()
    assert Client().get(_url(campaign="gibt-es-nicht")).status_code == 404
    with scopes_disabled():
        world.other_campaign.slug = "nur-anderswo"
        world.other_campaign.save()
    assert Client().get(_url("heimstadt", "nur-anderswo")).status_code == 404


def _programme_queries(cast: Any) -> int:
    client = Client()
    client.get(_url())  # warm up: sessions, content types
    with CaptureQueriesContext(connection) as captured:
        assert client.get(_url()).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_entries(cast: Any) -> None:
    build(cast, extra_offers=0)
    few = _programme_queries(cast)
    with scopes_disabled():
        from nahbar.campaigns.models import Campaign

        Campaign.objects.all().delete()
        from nahbar.directory.models import Offer

        Offer.objects.all().delete()
        from nahbar.areas.models import Area

        Area.objects.all().delete()
    build(cast, extra_offers=12)
    many = _programme_queries(cast)
    # municipality, campaign, areas, terms, offers + 9 prefetches (schedules, their places' accessibility,
    # places, their accessibility, delivery modes, formats, target groups, accessibility).
    assert few == many == 14


def test_index_lists_current_upcoming_and_past(cast: Any) -> None:
    today = timezone.localdate()
    with scopes_disabled():
        make_campaign(
            cast.home,
            slug="vorbei",
            name="Alte Woche",
            starts_on=today - dt.timedelta(days=40),
            ends_on=today - dt.timedelta(days=34),
            submissions_open_on=today - dt.timedelta(days=80),
            submissions_close_on=today - dt.timedelta(days=50),
        )
        make_campaign(cast.home, slug="bald", name="Neue Woche")
        make_campaign(cast.other, slug="fremd", name="Fremde Woche")
    response = Client().get(reverse("campaign-index", args=["heimstadt"]))
    assert response.status_code == 200
    lists = response.context["lists"]
    assert [c.name for c in lists.upcoming] == ["Neue Woche"] and [c.name for c in lists.past] == ["Alte Woche"]
    assert "Fremde Woche" not in response.content.decode()


def test_start_page_links_the_next_campaign(cast: Any) -> None:
    with scopes_disabled():
        make_campaign(cast.home, slug="bald", name="Neue Woche")
    page = Client().get(reverse("municipality-home", args=["heimstadt"])).content.decode()
    assert 'href="/heimstadt/aktionswoche/bald/"' in page
    assert "aktionswoche/" not in Client().get(reverse("municipality-home", args=["anderswo"])).content.decode()
