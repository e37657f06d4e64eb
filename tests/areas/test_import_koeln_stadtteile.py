"""Köln's 86 Stadtteile, as GeoJSON (with the self-intersecting ring of 202 Marienburg) and as KML."""

from __future__ import annotations

import json

import pytest
from shapely.geometry import Point, shape

from nahbar.areas.importers import SourceFeature, read_features
from nahbar.tenancy.models import Municipality
from tests.areas.conftest import (
    KOELN_STADTTEILE_GEOJSON,
    KOELN_STADTTEILE_KML,
    STADTTEIL,
    areas_of,
    import_areas,
)


@pytest.fixture(scope="module")
def kml_features() -> list[SourceFeature]:
    return read_features(KOELN_STADTTEILE_KML)


@pytest.fixture(scope="module")
def geojson_features() -> list[SourceFeature]:
    return read_features(KOELN_STADTTEILE_GEOJSON)


@pytest.mark.django_db
def test_geojson_imports_86_stadtteile_and_reports_the_repair_of_marienburg(koeln: Municipality) -> None:
    output = import_areas(koeln, KOELN_STADTTEILE_GEOJSON, **STADTTEIL)

    areas = {a.code: a for a in areas_of(koeln)}
    assert len(areas) == 86
    marienburg = areas["202"]
    assert marienburg.name == "Marienburg"
    assert "Selbstüberschneidung" in marienburg.repair_note and "repariert" in marienburg.repair_note
    assert [a.code for a in areas.values() if a.repair_note] == ["202"]
    assert "Kennziffer „202“" in output and "Selbstüberschneidung" in output
    for area in areas.values():
        polygon = shape(area.geometry)
        assert polygon.is_valid, area.code
        assert polygon.contains(Point(area.centroid_lon, area.centroid_lat)), area.code


@pytest.mark.django_db
def test_the_repair_keeps_marienburg_as_drawn(koeln: Municipality) -> None:
    import_areas(koeln, KOELN_STADTTEILE_GEOJSON, **STADTTEIL)
    source = next(f for f in json.loads(KOELN_STADTTEILE_GEOJSON.read_text())["features"]
                  if f["properties"]["STT_NR"] == "202")  # fmt: skip
    original = shape(source["geometry"])
    stored = shape(next(a for a in areas_of(koeln) if a.code == "202").geometry)
    assert not original.is_valid
    # The self-intersection is a sliver: the repaired area covers what the source meant, up to the 7-decimal grid.
    assert stored.area == pytest.approx(original.buffer(0).area, rel=1e-4)
    assert stored.symmetric_difference(original.buffer(0)).area < 1e-5 * stored.area


@pytest.mark.django_db
def test_kml_imports_the_same_86_stadtteile(koeln: Municipality) -> None:
    output = import_areas(koeln, KOELN_STADTTEILE_KML, **STADTTEIL)

    areas = areas_of(koeln)
    assert len(areas) == 86
    assert next(a.name for a in areas if a.code == "909") == "Flittard"
    assert "86 neu" in output


def test_kml_and_geojson_give_the_same_codes_and_names(
    kml_features: list[SourceFeature], geojson_features: list[SourceFeature]
) -> None:
    def codes(features: list[SourceFeature]) -> dict[str, str]:
        return {f.properties["STT_NR"]: f.properties["STT_NAME"] for f in features}

    assert len(kml_features) == 86
    assert codes(kml_features) == codes(geojson_features)


def test_kml_fields_come_from_extended_data(kml_features: list[SourceFeature]) -> None:
    first = kml_features[0]
    assert first.number == 1
    assert first.properties["STT_NR"] == "909" and first.properties["STT_NAME"] == "Flittard"
    assert first.geometry is not None and first.geometry["type"] == "Polygon"
