"""The Leichte-Sprache version of the start page."""

from __future__ import annotations

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from tests.directory.start.conftest import Town


@pytest.mark.django_db
def test_easy_language_page_explains_and_lists_offers_with_easy_summaries(town: Town) -> None:
    with scopes_disabled():
        town.north_offer.easy_language_summary = "Wir trinken Kaffee.\nWir reden."
        town.north_offer.save()
    response = Client().get("/heimstadt/leichte-sprache/")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<h1") == 1 and 'href="#inhalt"' in page
    assert '<div class="easy" lang="de">' in page
    assert "Diese Seite ist in Leichter Sprache." in page
    assert "Dann fragen Sie im Rathaus." in page and "#melden" in page
    assert "Nordcafé" in page and "Wir trinken Kaffee." in page and "Um 15:00 Uhr." in page
    assert "Südspaziergang" not in page  # no easy-language summary: not listed here
    assert page.count('data-need="') == 8
    assert "/heimstadt/angebote/?merkmal=allein-willkommen" in page


@pytest.mark.django_db
def test_easy_language_page_without_summaries_points_to_all_offers(town: Town) -> None:
    page = Client().get("/heimstadt/leichte-sprache/").content.decode()
    assert "Alle Treffen finden Sie hier." in page


@pytest.mark.django_db
def test_easy_language_stays_german_under_english_ui(town: Town) -> None:
    with scopes_disabled():
        town.north_offer.easy_language_summary = "Wir singen."
        town.north_offer.save()
    page = Client().get("/en/heimstadt/leichte-sprache/").content.decode()
    assert '<html lang="en"' in page and '<div class="easy" lang="de">' in page
    assert "Treffen in Heimstadt" in page and "Wir singen." in page
    # Dates inside the German block are German too.
    assert any(day in page for day in ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"))
