"""The printed weekly plan of a district: HTML preview and A4 PDF with QR codes."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from weasyprint import HTML

from tests.directory.start.conftest import Town


def _offer_url(offer_id: int) -> str:
    return reverse("offer-detail", kwargs={"municipality_slug": "heimstadt", "offer_id": offer_id})


@pytest.mark.django_db
def test_preview_lists_the_district_week_with_qr_codes_and_phone_offers(town: Town) -> None:
    response = Client().get(f"/heimstadt/wochenplan/?gebiet={town.north.pk}&ab=2027-03-01")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<h1") == 1 and 'href="#inhalt"' in page and '<main id="inhalt"' in page
    assert "Treffen in Nordviertel" in page and "Montag, 1. März" in page and "Sonntag, 7. März 2027" in page
    assert page.count('class="occurrence plan-item"') == 7 + 1  # the daily Nordcafé and Monday's phone chain
    assert "Anger-Treff, Hauptstraße 1, 01067 Heimstadt" in page and "0351 111" in page and "kostenlos" in page
    assert "Südspaziergang" not in page
    assert "Am Telefon und im Internet" in page and "0351 222" in page
    # One QR code per offer (first date only) plus one to the finder, each with its address printed beneath.
    assert page.count("<svg") == 2 + 1 + 1
    assert f"testserver{_offer_url(town.north_offer.pk)}" in page
    assert f"testserver/heimstadt/angebote/?gebiet={town.north.pk}" in page
    assert "Gedruckt am" in page and "Stand:" in page
    assert "http://" not in page.split("<main", 1)[0].replace('xmlns="http://www.w3.org/2000/svg"', "")


@pytest.mark.django_db
def test_pdf_is_an_a4_document_without_network_access(town: Town, monkeypatch: Any) -> None:
    import urllib.request

    def no_network(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the PDF must not fetch anything")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    response = Client().get(f"/heimstadt/wochenplan.pdf?gebiet={town.south.pk}&ab=2027-03-01")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="wochenplan-heimstadt-2027-03-01.pdf"' in response["Content-Disposition"]


@pytest.mark.django_db
def test_pdf_page_count_is_sensible(town: Town) -> None:
    html = Client().get(f"/heimstadt/wochenplan/?gebiet={town.north.pk}&ab=2027-03-01").content.decode()
    pages = HTML(string=html).render().pages
    assert 1 <= len(pages) <= 4
    assert round(pages[0].width) == round(210 / 25.4 * 96)  # A4 in CSS pixels


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["wochenplan/", "wochenplan.pdf"])
@pytest.mark.parametrize("query", ["gebiet=abc", "ab=morgen", "ab=1900-01-01"])
def test_bad_parameters_are_a_clear_400(town: Town, suffix: str, query: str) -> None:
    response = Client().get(f"/heimstadt/{suffix}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "gibt es hier nicht" in page or "kein Datum" in page or "zu weit entfernt" in page


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["wochenplan/", "wochenplan.pdf"])
def test_another_municipalitys_district_is_a_404(town: Town, suffix: str) -> None:
    assert Client().get(f"/heimstadt/{suffix}?gebiet={town.foreign.pk}").status_code == 404
    assert Client().get(f"/heimstadt/{suffix}?gebiet=999999").status_code == 404


@pytest.mark.django_db
def test_whole_municipality_without_district_and_constant_queries(town: Town) -> None:
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/heimstadt/wochenplan/?ab=2027-03-01").content.decode()
    assert all(title in page for title in ("Nordcafé", "Südspaziergang", "Telefonkette"))
    assert "Treffen in Heimstadt" in page
    assert len(queries) <= 8, [q["sql"] for q in queries.captured_queries]


@pytest.mark.django_db
def test_english_preview(town: Town) -> None:
    page = Client().get(f"/en/heimstadt/wochenplan/?gebiet={town.north.pk}").content.decode()
    assert '<html lang="en"' in page and page.count("<h1") == 1 and "Nordcafé" in page


@pytest.mark.django_db
def test_a_long_plan_says_how_many_dates_it_leaves_out(town: Town, monkeypatch: Any) -> None:
    monkeypatch.setattr("nahbar.directory.start.views.MAX_PRINTED_OCCURRENCES", 3)
    page = Client().get("/heimstadt/wochenplan/?ab=2027-03-01").content.decode()
    assert page.count('class="occurrence plan-item"') == 3
    assert "Dieser Plan zeigt die ersten 3 von 15 Terminen." in page
