"""The printed programme booklet: A5 and A4 PDFs with a cover, the days, QR codes and a district index."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django_scopes import scope

from nahbar.campaigns.public_views import booklet_html
from tests.campaigns.programme_world import build

pytestmark = pytest.mark.django_db


def _url(slug: str = "heimstadt") -> str:
    return reverse("campaign-booklet", kwargs={"municipality_slug": slug, "campaign_slug": "aktionswoche-test"})


def _html(cast: Any, world: Any, paper: str) -> str:
    request = RequestFactory().get(_url())
    request.municipality = cast.home  # type: ignore[attr-defined]
    with scope(municipality=cast.home):
        return booklet_html(request, "heimstadt", world.campaign, paper)


@pytest.mark.parametrize("paper", ["a5", "a4"])
def test_pdf_is_generated(cast: Any, paper: str) -> None:
    build(cast)
    response = Client().get(_url(), {"format": paper})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and len(response.content) > 5000
    assert f"programmheft-aktionswoche-test-{paper}.pdf" in response["Content-Disposition"]


def test_layout_has_cover_days_and_index_pages(cast: Any) -> None:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    world = build(cast)
    html = _html(cast, world, "A5")
    fetcher = URLFetcher(allowed_protocols={"data"}, timeout=1)
    document = HTML(string=html, url_fetcher=fetcher).render()
    # Cover, seven days (each starts a page), the district index.
    assert len(document.pages) >= 9
    assert "size: A5" in html
    # The index names each district with its dates, linking to the date's entry (page numbers via target-counter).
    index = html.split('id="stadtteile"', 1)[1]
    assert index.index("Mitte") < index.index("Nord")
    assert index.count('href="#t-') == 8
    assert "target-counter(attr(href), page)" in html
    # One QR code per offer (at its first date), so a daily offer does not fill the booklet with codes.
    assert html.count("<svg") == 2 + 1  # two offers and the cover's code for the programme page
    assert "Noch in Prüfung" not in html


def test_bad_format_is_400_and_other_municipality_404(cast: Any) -> None:
    build(cast)
    response = Client().get(_url(), {"format": "a3"})
    assert response.status_code == 400 and "A5 oder A4" in response.content.decode()
    assert Client().get(reverse("campaign-booklet", args=["heimstadt", "fehlt"])).status_code == 404
