"""The start page: this week near a chosen district, and entry points for common needs."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from tests import factories
from tests.directory.start.conftest import Town


def _need_links(page: str) -> dict[str, str]:
    links = {}
    for chunk in page.split('data-need="')[1:]:
        key, rest = chunk.split('"', 1)
        links[key] = rest.split('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    return links


@pytest.mark.django_db
def test_district_shows_its_own_and_sub_district_offers_and_phone_offers(town: Town) -> None:
    page = Client().get(f"/heimstadt/?gebiet={town.north.pk}").content.decode()
    assert "Nordcafé" in page  # held in a sub-district of Nordviertel
    assert "Telefonkette" in page  # phone offers reach every district
    assert "Südspaziergang" not in page
    assert "Diese Woche in Nordviertel" in page
    south = Client().get(f"/heimstadt/?gebiet={town.south.pk}").content.decode()
    assert "Südspaziergang" in south and "Telefonkette" in south and "Nordcafé" not in south
    everything = Client().get("/heimstadt/").content.decode()
    assert all(title in everything for title in ("Nordcafé", "Südspaziergang", "Telefonkette"))


@pytest.mark.django_db
def test_district_choice_is_a_plain_form_and_kept_when_paging_weeks(town: Town) -> None:
    page = Client().get(f"/heimstadt/?gebiet={town.north.pk}&ab=2027-03-01").content.decode()
    assert '<form method="get"' in page and 'name="gebiet"' in page
    assert f'<option value="{town.north.pk}" selected>' in page
    assert f'<option value="{town.north_child.pk}">– Am Anger</option>' in page
    assert f"?ab=2027-03-08&amp;gebiet={town.north.pk}" in page
    assert "Fremdbezirk" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "999999", "-1"])
def test_unknown_or_foreign_district_is_a_clear_400(town: Town, value: str) -> None:
    response = Client().get(f"/heimstadt/?gebiet={value}")
    assert response.status_code == 400
    assert "Dieses Gebiet gibt es hier nicht" in response.content.decode()
    foreign = Client().get(f"/heimstadt/?gebiet={town.foreign.pk}")
    assert foreign.status_code == 400
    assert "Fremdbezirk" not in foreign.content.decode()


@pytest.mark.django_db
def test_entry_links_point_at_the_finder_with_the_right_parameters(town: Town) -> None:
    links = _need_links(Client().get("/heimstadt/").content.decode())
    finder = reverse("finder", kwargs={"municipality_slug": "heimstadt"})
    expected = {
        "allein": [("merkmal", "allein-willkommen")],
        "kostenlos": [("kostenlos", "1")],
        "stufenlos": [("barrierefrei", "stufenlos")],
        "telefon": [("form", "telefonisch")],
        "aeltere": [("zielgruppe", "aeltere")],
        "eltern": [("zielgruppe", "familien")],
        "dritte-orte": [("dritte-orte", "1")],
    }
    for key, params in expected.items():
        url = urlsplit(links[key])
        assert url.path == finder
        assert parse_qsl(url.query) == params
    languages = [value for name, value in parse_qsl(urlsplit(links["sprachen"]).query) if name == "sprache"]
    assert {"tr", "ar", "uk", "ru"} <= set(languages) and "de" not in languages


@pytest.mark.django_db
def test_entry_links_are_accepted_by_the_finder(town: Town) -> None:
    for url in _need_links(Client().get("/heimstadt/").content.decode()).values():
        assert Client().get(url).status_code == 200, url


@pytest.mark.django_db
def test_occurrences_link_to_offer_pages_and_easy_language_is_linked(town: Town) -> None:
    page = Client().get("/heimstadt/").content.decode()
    offer_url = reverse("offer-detail", kwargs={"municipality_slug": "heimstadt", "offer_id": town.north_offer.pk})
    assert f'href="{offer_url}"' in page
    assert f'href="{reverse("easy-language-home", kwargs={"municipality_slug": "heimstadt"})}"' in page
    assert "Heute, " in page


@pytest.mark.django_db
def test_query_count_is_constant_with_a_district(cast: Any, town: Town) -> None:
    url = f"/heimstadt/?gebiet={town.north.pk}"
    client = Client()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    with scopes_disabled():
        for i in range(10):
            area = factories.area(cast.home, f"1{i}", parent=town.north)
            place = factories.place(cast.home_org, area=area)
            offer = factories.offer(cast.home_org, title=f"Treff {i}")
            offer.places.set([place])
            factories.weekly_schedule(offer, place_=place)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "Treff 9" in page
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


@pytest.mark.django_db
def test_english_start_page(town: Town) -> None:
    page = Client().get(f"/en/heimstadt/?gebiet={town.north.pk}").content.decode()
    assert '<html lang="en"' in page and page.count("<h1") == 1
    assert "What is on in Heimstadt?" in page and "Nordcafé" in page
