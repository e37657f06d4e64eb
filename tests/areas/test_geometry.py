"""prepare_geometry: validation, repair with a report, a label point inside, rounding (no database)."""

from __future__ import annotations

from typing import Any

import pytest
from shapely.geometry import Point, shape

from nahbar.areas.geometry import GeometryError, prepare_geometry


def polygon(*rings: list[list[Any]]) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": list(rings)}


SQUARE = [[13.0, 52.0], [13.1, 52.0], [13.1, 52.1], [13.0, 52.1], [13.0, 52.0]]
BOWTIE = [[13.0, 52.0], [13.1, 52.1], [13.1, 52.0], [13.0, 52.1], [13.0, 52.0]]
# A "U": its centroid lies in the gap between the arms, outside the area.
U_SHAPE = [[0.0, 0.0], [3.0, 0.0], [3.0, 3.0], [2.0, 3.0], [2.0, 1.0], [1.0, 1.0], [1.0, 3.0], [0.0, 3.0], [0.0, 0.0]]


def test_a_valid_square_passes_unchanged_apart_from_orientation() -> None:
    prepared = prepare_geometry(polygon(SQUARE))
    assert prepared.repair_note == ""
    assert prepared.geometry["type"] == "Polygon"
    assert shape(prepared.geometry).equals(shape(polygon(SQUARE)))
    assert prepared.bbox == [13.0, 52.0, 13.1, 52.1]
    assert (prepared.centroid_lat, prepared.centroid_lon) == pytest.approx((52.05, 13.05))


def test_the_exterior_ring_runs_counter_clockwise_as_rfc_7946_asks() -> None:
    clockwise = list(reversed(SQUARE))
    prepared = prepare_geometry(polygon(clockwise))
    assert shape(prepared.geometry).exterior.is_ccw


def test_a_self_intersection_is_repaired_and_reported() -> None:
    prepared = prepare_geometry(polygon(BOWTIE))
    assert prepared.repair_note == "Selbstüberschneidung bei 13.0500000, 52.0500000 (Länge, Breite) repariert."
    repaired = shape(prepared.geometry)
    assert repaired.is_valid and repaired.geom_type == "MultiPolygon"
    assert repaired.area == pytest.approx(0.005)


def test_the_label_point_is_inside_even_when_the_centroid_is_not() -> None:
    prepared = prepare_geometry(polygon(U_SHAPE))
    area = shape(prepared.geometry)
    assert not area.contains(area.centroid)
    assert area.contains(Point(prepared.centroid_lon, prepared.centroid_lat))


def test_coordinates_are_rounded_to_seven_decimals_and_altitude_dropped() -> None:
    ring = [[13.123456789, 52.0, 35.0], [13.2, 52.0, 35.0], [13.2, 52.1, 35.0], [13.123456789, 52.0, 35.0]]
    prepared = prepare_geometry(polygon(ring))
    points = prepared.geometry["coordinates"][0]
    assert all(len(point) == 2 for point in points)
    assert [13.1234568, 52.0] in points


def test_multipolygons_stay_multipolygons() -> None:
    prepared = prepare_geometry({"type": "MultiPolygon", "coordinates": [[SQUARE]]})
    assert prepared.geometry["type"] == "MultiPolygon"


@pytest.mark.parametrize(
    ("geometry", "fragment"),
    [
        (None, "fehlt"),
        ({"type": "Point", "coordinates": [13.0, 52.0]}, "„Point“ wird nicht unterstützt"),
        (
            polygon([[356000.0, 5645000.0], [357000.0, 5645000.0], [357000.0, 5646000.0], [356000.0, 5645000.0]]),
            "projiziert",
        ),
        (polygon([[13.0, 52.0], [200.0, 52.0], [13.1, 52.1], [13.0, 52.0]]), "außerhalb von WGS84"),
        (polygon([[13.0, 52.0], [13.1, 52.0], [13.1, 52.1], [13.0, 52.2]]), "nicht geschlossen"),
        (polygon([[13.0, 52.0], [13.1, 52.0], [13.0, 52.0]]), "mindestens vier Punkte"),
        (polygon([[13.0, 52.0], [13.1, "52.0"], [13.1, 52.1], [13.0, 52.0]]), "Ungültige Koordinate"),
        (polygon([[13.0, 52.0], [13.1, float("nan")], [13.1, 52.1], [13.0, 52.0]]), "Ungültige Koordinate"),
        ({"type": "Polygon", "coordinates": []}, "keine Ringe"),
        ({"type": "MultiPolygon", "coordinates": []}, "keine Koordinaten"),
    ],
)
def test_unusable_geometries_are_refused_with_a_reason(geometry: Any, fragment: str) -> None:
    with pytest.raises(GeometryError, match=fragment):
        prepare_geometry(geometry)
