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
