"""The finder form's cached choices: per municipality and language, and fresh after an edit."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django_scopes import scope, scopes_disabled

from nahbar.directory.models import Term, Vocabulary
from nahbar.directory.search import form_choices
from tests.directory.search.builders import place

URL = "/heimstadt/angebote/"
SUGGESTIONS = "/heimstadt/angebote/ort-vorschlaege/"


def _suggested(text: str) -> str:
    return Client().get(SUGGESTIONS, {"adresse": text}).content.decode()


@pytest.mark.django_db
def test_place_edits_show_up_and_municipalities_stay_apart(cast: Any) -> None:
    spot = place(cast.home_org, "Alte Bücherei", 51.05, 13.74, is_third_place=True)
    place(cast.other_org, "Treff Anderswo", 51.05, 13.74, is_third_place=True)
    # The place picker is now the "Ort oder Adresse" field: its suggestions read the places directly.
    assert "Alte Bücherei" in _suggested("Büch")
    with scopes_disabled():
        spot.name = "Neue Bücherei"
        spot.save()
    html = _suggested("Büch")
    assert "Neue Bücherei" in html
    assert "Alte Bücherei" not in html
    assert "Treff Anderswo" not in _suggested("Treff")
    with scopes_disabled():
        spot.delete()
    assert "Neue Bücherei" not in _suggested("Büch")


@pytest.mark.django_db
def test_term_labels_per_language_and_new_terms(cast: Any) -> None:
    with scopes_disabled():
        Term.objects.create(
            vocabulary=Vocabulary.FORMAT, code="kegeln", label_de="Kegeln", label_en="Bowling", municipality=cast.home
        )

    def labels(language: str) -> list[str]:
        with translation.override(language), scope(municipality=cast.home):
            return [label for _code, label, _pk in form_choices(cast.home)["terms"][Vocabulary.FORMAT]]

    assert "Kegeln" in labels("de")
    assert "Bowling" in labels("en")
    assert "Kegeln" in labels("de")
    with translation.override("de"), scope(municipality=cast.other):
        assert all(code != "kegeln" for code, _label, _pk in form_choices(cast.other)["terms"][Vocabulary.FORMAT])
    with scopes_disabled():
        Term.objects.create(
            vocabulary=Vocabulary.FORMAT, code="boule", label_de="Boule", label_en="Boules", municipality=None
        )
    assert "Boule" in labels("de")
    html = Client().get(URL, {"format": "boule"}).content.decode()
    assert 'name="format" value="boule" checked' in html


@pytest.mark.django_db
def test_the_memoised_form_follows_terms_areas_filters_and_language(cast: Any) -> None:
    """The rendered form is kept per state (finder/form_cache.py); every input of that state is in its key."""
    from tests import factories

    def page(params: dict[str, str] | None = None, prefix: str = "") -> str:
        return Client().get(prefix + URL, params or {}).content.decode()

    first = page()
    assert "Kegeln" not in first and "Nordviertel" not in first
    with scopes_disabled():
        Term.objects.create(
            vocabulary=Vocabulary.FORMAT, code="kegeln", label_de="Kegeln", label_en="Bowling", municipality=cast.home
        )
        area = factories.area(cast.home, name="Nordviertel")
    again = page()
    assert "Kegeln" in again and "Nordviertel" in again
    assert 'value="kegeln" checked' in page({"format": "kegeln"})
    assert 'value="kegeln" checked' not in page()
    assert f'<option value="{area.pk}" selected>' in page({"gebiet": str(area.pk)})
    assert "Bowling" in page(prefix="/en")
    with scopes_disabled():
        area.name = "Nordstadt"
        area.save()
    assert "Nordstadt" in page() and "Nordviertel" not in page()


def test_offer_addresses_built_once_per_page_equal_reverse() -> None:
    from types import SimpleNamespace

    from nahbar.directory.offer_pages.links import OfferUrls, offer_url

    urls = OfferUrls("heimstadt")
    for pk, title in [(1, "Erzählcafé am Markt"), (987654321, "Spaziergang"), (42, "!!!"), (7, "Ä" * 90)]:
        offer: Any = SimpleNamespace(pk=pk, title=title)
        assert urls.url(offer) == offer_url(offer, "heimstadt")
    with translation.override("en"):
        offer = SimpleNamespace(pk=3, title="Singkreis")
        assert OfferUrls("heimstadt").url(offer) == offer_url(offer, "heimstadt")  # type: ignore[arg-type]


@pytest.mark.django_db
def test_area_list_follows_area_edits_and_the_bulk_area_import(cast: Any) -> None:
    from nahbar.areas.models import Area
    from nahbar.areas.services import areas_import
    from tests.areas.conftest import BERLIN, BERLIN_BEZIRKE

    def area_options() -> str:
        html = Client().get(URL).content.decode()
        return html[html.index('id="finder-gebiet"') : html.index("</select>", html.index('id="finder-gebiet"'))]

    assert "Pankow" not in area_options()  # and now cached
    areas_import(actor=None, municipality=cast.home, path=BERLIN_BEZIRKE, **BERLIN)  # bulk writes, no signals
    assert "Pankow" in area_options()
    with scopes_disabled():
        pankow = Area.objects.get(municipality=cast.home, name="Pankow")
        pankow.name = "Pankow-Nord"
        pankow.save()
    assert "Pankow-Nord" in area_options()
