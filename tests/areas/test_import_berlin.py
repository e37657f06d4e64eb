"""Berlin's 12 Bezirke (MultiPolygons, numeric code property) import with names, inner label points and bboxes."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled
from shapely.geometry import Point, box, shape

from nahbar.tenancy.models import AuditEvent, Municipality
from tests.areas.conftest import BERLIN, BERLIN_BEZIRKE, areas_of, import_areas

pytestmark = pytest.mark.django_db

BEZIRKE = {
    "1": "Mitte", "2": "Friedrichshain-Kreuzberg", "3": "Pankow", "4": "Charlottenburg-Wilmersdorf",
    "5": "Spandau", "6": "Steglitz-Zehlendorf", "7": "Tempelhof-Schöneberg", "8": "Neukölln",
    "9": "Treptow-Köpenick", "10": "Marzahn-Hellersdorf", "11": "Lichtenberg", "12": "Reinickendorf",
}  # fmt: skip


def test_imports_the_twelve_bezirke_with_their_names(berlin: Municipality) -> None:
    output = import_areas(berlin, BERLIN_BEZIRKE, **BERLIN)

    areas = areas_of(berlin)
    assert {a.code: a.name for a in areas} == BEZIRKE
    assert {a.level for a in areas} == {"Bezirk"}
    assert {a.level_rank for a in areas} == {1}  # the first level of a municipality is the coarsest
    assert all(a.parent is None and a.repair_note == "" for a in areas)
    assert "12 neu" in output


def test_label_point_and_bbox_belong_to_the_area(berlin: Municipality) -> None:
    import_areas(berlin, BERLIN_BEZIRKE, **BERLIN)

    for area in areas_of(berlin):
        assert area.geometry is not None and area.bbox is not None
        polygon = shape(area.geometry)
        assert area.geometry["type"] == "MultiPolygon"
        assert polygon.is_valid
        assert polygon.contains(Point(area.centroid_lon, area.centroid_lat)), area.name
        west, south, east, north = area.bbox
        assert box(west, south, east, north).contains(polygon), area.name
        assert 13.0 < west < east < 13.8 and 52.3 < south < north < 52.7  # Berlin, in WGS84


def test_mitte_label_point_is_near_the_hauptbahnhof(berlin: Municipality) -> None:
    import_areas(berlin, BERLIN_BEZIRKE, **BERLIN)
    mitte = next(a for a in areas_of(berlin) if a.name == "Mitte")
    # Bezirk Mitte includes Wedding and Moabit, so its middle lies north-west of the old centre,
    # about a kilometre from the Hauptbahnhof (52.5250 N, 13.3694 E).
    assert mitte.centroid_lat is not None and mitte.centroid_lon is not None
    assert abs(mitte.centroid_lat - 52.5250) < 0.015 and abs(mitte.centroid_lon - 13.3694) < 0.02


def test_coordinates_are_rounded_to_seven_decimals(berlin: Municipality) -> None:
    import_areas(berlin, BERLIN_BEZIRKE, **BERLIN)
    geometry = areas_of(berlin)[0].geometry
    assert geometry is not None
    ring = geometry["coordinates"][0][0]
    assert all(round(v, 7) == v for point in ring for v in point)


def test_writes_one_audit_row(berlin: Municipality) -> None:
    import_areas(berlin, BERLIN_BEZIRKE, **BERLIN)
    with scopes_disabled():
        events = list(AuditEvent.objects.filter(municipality=berlin, action="area.import"))
    assert len(events) == 1
    assert events[0].changes["created"] == 12 and events[0].changes["level"] == "Bezirk"
