"""Köln's Stadtbezirke carry the legacy GeoJSON ``crs`` member naming CRS84, which means WGS84: accepted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

from nahbar.tenancy.models import Municipality
from tests.areas.conftest import KOELN_STADTBEZIRKE, STADTBEZIRK, areas_of, import_areas

pytestmark = pytest.mark.django_db


def test_imports_nine_stadtbezirke_despite_the_legacy_crs(koeln: Municipality) -> None:
    assert json.loads(KOELN_STADTBEZIRKE.read_text())["crs"]["properties"]["name"] == "urn:ogc:def:crs:OGC:1.3:CRS84"

    import_areas(koeln, KOELN_STADTBEZIRKE, **STADTBEZIRK)

    areas = areas_of(koeln)
    assert {a.code: a.name for a in areas} == {
        "1": "Innenstadt", "2": "Rodenkirchen", "3": "Lindenthal", "4": "Ehrenfeld", "5": "Nippes",
        "6": "Chorweiler", "7": "Porz", "8": "Kalk", "9": "Mülheim",
    }  # fmt: skip
    assert all(shape(a.geometry).contains(Point(a.centroid_lon, a.centroid_lat)) for a in areas)


@pytest.mark.parametrize("name", ["EPSG:4326", "urn:ogc:def:crs:EPSG::4326", "urn:ogc:def:crs:OGC:1.3:CRS84"])
def test_other_spellings_of_wgs84_are_accepted(koeln: Municipality, tmp_path: Path, name: str) -> None:
    document = json.loads(KOELN_STADTBEZIRKE.read_text())
    document["crs"]["properties"]["name"] = name
    document["features"] = document["features"][:1]
    path = tmp_path / "one.geojson"
    path.write_text(json.dumps(document))

    import_areas(koeln, path, **STADTBEZIRK)

    assert [a.name for a in areas_of(koeln)] == ["Porz"]
