"""After an import every place of the municipality sits in the finest area containing it."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from nahbar.directory.models import Place
from nahbar.tenancy.models import Municipality
from tests.areas.conftest import (
    KOELN_STADTBEZIRKE,
    KOELN_STADTTEILE_KML,
    STADTBEZIRK,
    STADTTEIL,
    import_areas,
)

pytestmark = pytest.mark.django_db

DOM = (50.9413, 6.9583)  # Kölner Dom, in Altstadt/Nord (103), Stadtbezirk Innenstadt (1)
MUELHEIM = (50.9650, 7.0100)  # Stadtteil Mülheim (901), Stadtbezirk Mülheim (9)
BONN = (50.7374, 7.0982)  # outside Köln


def place(municipality: Municipality, name: str, at: tuple[float, float] | None) -> Place:
    lat, lon = at if at else (None, None)
    with scopes_disabled():
        return Place.objects.create(municipality=municipality, name=name, latitude=lat, longitude=lon)


def area_of(place: Place) -> tuple[str, str] | None:
    with scopes_disabled():
        place = Place.objects.select_related("area").get(pk=place.pk)
    return (place.area.level, place.area.code) if place.area else None


def test_places_move_to_the_finest_area_on_each_import(koeln: Municipality) -> None:
    dom, muelheim, bonn, nowhere = (place(koeln, "Dom", DOM), place(koeln, "Mülheim", MUELHEIM),
                                    place(koeln, "Bonn", BONN), place(koeln, "ohne Koordinaten", None))  # fmt: skip

    first = import_areas(koeln, KOELN_STADTBEZIRKE, **STADTBEZIRK)
    assert area_of(dom) == ("Stadtbezirk", "1")
    assert area_of(muelheim) == ("Stadtbezirk", "9")
    assert "Orte neu zugeordnet: 2" in first

    import_areas(koeln, KOELN_STADTTEILE_KML, **STADTTEIL)
    assert area_of(dom) == ("Stadtteil", "103")
    assert area_of(muelheim) == ("Stadtteil", "901")
    assert area_of(bonn) is None and area_of(nowhere) is None


def test_places_of_other_municipalities_are_left_alone(koeln: Municipality, berlin: Municipality) -> None:
    foreign = place(berlin, "Kölner Dom, in Berlin eingetragen", DOM)
    import_areas(koeln, KOELN_STADTBEZIRKE, **STADTBEZIRK)
    assert area_of(foreign) is None
