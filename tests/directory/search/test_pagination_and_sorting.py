"""Pages keep the filters; sort by next date (default) and by relevance."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from tests.directory.search.builders import offer, search, titles


@pytest.mark.django_db
def test_pages(cast: Any) -> None:
    for i in range(7):
        offer(cast.home_org, f"Runde {i}", summary="Kaffee")
    first = search(cast.home, "q=Kaffee", per_page=3)
    assert (first.total, first.page, first.num_pages) == (7, 1, 3)
    assert [h.offer.title for h in first.hits] == ["Runde 0", "Runde 1", "Runde 2"]
    last = search(cast.home, "q=Kaffee&seite=3", per_page=3)
    assert [h.offer.title for h in last.hits] == ["Runde 6"]
    beyond = search(cast.home, "q=Kaffee&seite=9", per_page=3)
    assert beyond.page == 3


@pytest.mark.django_db
def test_page_links_keep_filters(cast: Any) -> None:
    for i in range(21):
        offer(cast.home_org, f"Runde {i:02d}", summary="Kaffee")
    html = Client().get("/heimstadt/angebote/", {"q": "Kaffee", "kostenlos": "1"}).content.decode()
    assert 'href="?q=Kaffee&amp;kostenlos=1&amp;seite=2"' in html
    html = Client().get("/heimstadt/angebote/", {"q": "Kaffee", "kostenlos": "1", "seite": "2"}).content.decode()
    assert "Runde 20" in html and 'rel="prev"' in html


@pytest.mark.django_db
def test_sort_by_next_date_then_offers_without_dates(cast: Any) -> None:
    offer(cast.home_org, "A ohne Termin", byday=None)
    offer(cast.home_org, "B täglich spät", byday="MO,TU,WE,TH,FR,SA,SU", start_time=dt.time(23, 59))
    offer(cast.home_org, "C täglich früh", byday="MO,TU,WE,TH,FR,SA,SU", start_time=dt.time(0, 1))
    found = titles(cast.home, "")
    assert found[-1] == "A ohne Termin"
    assert set(found[:2]) == {"B täglich spät", "C täglich früh"}


@pytest.mark.django_db
def test_sort_by_relevance_prefers_title(cast: Any) -> None:
    offer(cast.home_org, "Zeitung lesen", summary="Wir lesen zusammen, mit Kaffee.")
    offer(cast.home_org, "Kaffeetafel", summary="Kuchen und Gespräche.")
    assert titles(cast.home, "q=Kaffee&sortierung=relevanz") == ["Kaffeetafel", "Zeitung lesen"]
