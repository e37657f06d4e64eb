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
        polygon = shape(area.geometry)
        assert area.geometry["type"] == "MultiPolygon"
        assert polygon.is_valid
        assert polygon.contains(Point(area.centroid_lon, area.centroid_lat)), area.name
        west, south, east, north = area.bbox
        assert box(west, south, east, north).contains(polygon), area.name
        assert 13.0 < west < east < 13.8 and 52.3 < south < north < 52.7  # Berlin, in WGS84


def test_mitte_label_point_is_near_alexanderplatz(berlin: Municipality) -> None:
    import_areas(berlin, BERLIN_BEZIRKE, **BERLIN)
    mitte = next(a for a in areas_of(berlin) if a.name == "Mitte")
    # Alexanderplatz is about 2.5 km from the middle of the Bezirk Mitte.
    assert abs(mitte.centroid_lat - 52.5219) < 0.03 and abs(mitte.centroid_lon - 13.4132) < 0.05


def test_coordinates_are_rounded_to_seven_decimals(berlin: Municipality) -> None:
    import_areas(berlin, BERLIN_BEZIRKE, **BERLIN)
    ring = areas_of(berlin)[0].geometry["coordinates"][0][0]
    assert all(round(v, 7) == v for point in ring for v in point)


def test_writes_one_audit_row(berlin: Municipality) -> None:
    import_areas(berlin, BERLIN_BEZIRKE, **BERLIN)
    with scopes_disabled():
        events = list(AuditEvent.objects.filter(municipality=berlin, action="area.import"))
    assert len(events) == 1
    assert events[0].changes["created"] == 12 and events[0].changes["level"] == "Bezirk"
