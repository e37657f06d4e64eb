"""Bad values become a translated message per parameter; the valid rest still filters; never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.directory.search.builders import offer, parse, term


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query_string", "parameter"),
    [
        ("gebiet=999999", "gebiet"),
        ("gebiet=abc", "gebiet"),
        ("ort=abc", "ort"),
        ("ort=99999", "ort"),
        ("ort=99999999999999999999999", "ort"),
        ("ort=-1", "ort"),
        ("lat=91&lon=13", "lat"),
        ("lat=52", "lat"),
        ("lat=nan&lon=13", "lat"),
        ("umkreis=-1", "umkreis"),
        ("umkreis=1e9", "umkreis"),
        ("format=gibtsnicht", "format"),
        ("sprache=klingonisch", "sprache"),
        ("tag=montag", "tag"),
        ("tageszeit=nachts", "tageszeit"),
        ("von=2024-13-01", "von"),
        ("bis=morgen", "bis"),
        ("von=2999-01-01", "von"),
        ("kostenlos=vielleicht", "kostenlos"),
        ("sortierung=zufall", "sortierung"),
        ("sortierung=entfernung", "sortierung"),
        ("sortierung=relevanz", "sortierung"),
        ("seite=0", "seite"),
        ("seite=x", "seite"),
    ],
)
def test_error_per_parameter(cast: Any, query_string: str, parameter: str) -> None:
    _query, errors = parse(cast.home, query_string)
    assert list(errors) == [parameter]
    response = Client().get(f"/heimstadt/angebote/?{query_string}")
    assert response.status_code == 200
    assert 'class="kern-alert kern-alert--danger"' in response.content.decode()


@pytest.mark.django_db
def test_valid_rest_still_applies(cast: Any) -> None:
    offer(cast.home_org, "Spaziergang", terms={"formats": [term("format", "bewegung")]})
    offer(cast.home_org, "Chor", terms={"formats": [term("format", "musik")]})
    html = Client().get("/heimstadt/angebote/?format=bewegung&format=quatsch&tag=xx").content.decode()
    assert "Spaziergang" in html and "Chor" not in html
    assert "„quatsch“ ist hier kein bekannter Wert." in html


@pytest.mark.django_db
def test_garbage_never_breaks_the_page(cast: Any) -> None:
    offer(cast.home_org, "Treff")
    client = Client()
    for q in ['"', "*", "NEAR(", "a OR b", "-", "ä" * 500, "'; DROP TABLE x; --", "\x00", "AND", ":*|&!"]:
        assert client.get("/heimstadt/angebote/", {"q": q}).status_code == 200
