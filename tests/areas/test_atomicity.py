"""A bad area file changes nothing, and the message names the feature and the field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management.base import CommandError
from django_scopes import scopes_disabled

from nahbar.areas import services
from nahbar.areas.importers import AreaImportError
from nahbar.tenancy.models import AuditEvent, Municipality
from tests.areas.conftest import (
    BERLIN,
    BERLIN_BEZIRKE,
    STADTTEIL,
    areas_of,
    import_areas,
)

pytestmark = pytest.mark.django_db

UTM_SQUARE = [[[356000.0, 5645000.0], [357000.0, 5645000.0], [357000.0, 5646000.0], [356000.0, 5645000.0]]]


@pytest.fixture
def berlin_with_areas(berlin: Municipality) -> Municipality:
    import_areas(berlin, BERLIN_BEZIRKE, **BERLIN)
    return berlin


def bezirke_with(tmp_path: Path, change: Any) -> Path:
    """The real Berlin file with one thing changed, so the bad spot sits among good features."""
    document = json.loads(BERLIN_BEZIRKE.read_text())
    change(document)
    path = tmp_path / "bezirke.geojson"
    path.write_text(json.dumps(document))
    return path


def assert_refused(municipality: Municipality, path: Path, *fragments: str, **options: Any) -> None:
    names_before = {a.code: (a.name, a.geometry) for a in areas_of(municipality)}
    with pytest.raises(CommandError) as caught:
        import_areas(municipality, path, **(options or BERLIN))
    for fragment in fragments:
        assert fragment in str(caught.value)
    assert {a.code: (a.name, a.geometry) for a in areas_of(municipality)} == names_before


def test_broken_json_names_line_and_column(berlin_with_areas: Municipality, tmp_path: Path) -> None:
    path = tmp_path / "broken.geojson"
    path.write_text('{"type": "FeatureCollection",\n "features": [\n  {"type": "Feature",, }\n]}')
    assert_refused(berlin_with_areas, path, "kein gültiges JSON", "Zeile 3", "Spalte 22")


def test_a_feature_missing_the_code_field_is_named(berlin_with_areas: Municipality, tmp_path: Path) -> None:
    def drop_code(document: dict[str, Any]) -> None:
        document["features"][2]["properties"].pop("cartodb_id")
        for feature in document["features"]:
            feature["properties"]["name"] += " (neu)"  # would change every area if anything were written

    path = bezirke_with(tmp_path, drop_code)
    assert_refused(
        berlin_with_areas,
        path,
        "Objekt 3",
        "„cartodb_id“ fehlt",
        "Vorhandene Felder: created_at, description, name, updated_at",
    )


def test_a_misspelt_name_field_lists_the_available_fields(berlin_with_areas: Municipality) -> None:
    assert_refused(berlin_with_areas, BERLIN_BEZIRKE, "Objekt 1", "„Name“ fehlt", "cartodb_id, created_at",
                   level="Bezirk", code_field="cartodb_id", name_field="Name")  # fmt: skip


def test_projected_coordinates_are_refused(berlin_with_areas: Municipality, tmp_path: Path) -> None:
    def to_utm(document: dict[str, Any]) -> None:
        document["features"][4]["geometry"] = {"type": "Polygon", "coordinates": UTM_SQUARE}

    path = bezirke_with(tmp_path, to_utm)
    assert_refused(berlin_with_areas, path, "Objekt 5", "„geometry“", "projiziert", "WGS84")


def test_a_foreign_crs_is_refused(berlin_with_areas: Municipality, tmp_path: Path) -> None:
    def etrs89_utm(document: dict[str, Any]) -> None:
        document["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25832"}}

    path = bezirke_with(tmp_path, etrs89_utm)
    assert_refused(berlin_with_areas, path, "„urn:ogc:def:crs:EPSG::25832“", "nicht unterstützt", "WGS84")


def test_duplicate_codes_name_both_features(berlin_with_areas: Municipality, tmp_path: Path) -> None:
    def duplicate(document: dict[str, Any]) -> None:
        document["features"][6]["properties"]["cartodb_id"] = document["features"][1]["properties"]["cartodb_id"]

    path = bezirke_with(tmp_path, duplicate)
    assert_refused(berlin_with_areas, path, "Objekt 2 und Objekt 7", "dieselbe Kennziffer")


def test_a_point_instead_of_a_polygon_is_refused(berlin_with_areas: Municipality, tmp_path: Path) -> None:
    def point(document: dict[str, Any]) -> None:
        document["features"][8]["geometry"] = {"type": "Point", "coordinates": [6.95, 50.94]}

    path = bezirke_with(tmp_path, point)
    assert_refused(berlin_with_areas, path, "Objekt 9", "„Point“", "Polygon oder MultiPolygon")


def test_kml_with_a_doctype_is_refused_before_parsing(berlin_with_areas: Municipality, tmp_path: Path) -> None:
    path = tmp_path / "laughs.kml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>&b;</name></Placemark>'
        "</Document></kml>"
    )
    assert_refused(berlin_with_areas, path, "DOCTYPE", level="Stadtteil", code_field="STT_NR", name_field="name")


def test_kml_in_utf16_is_refused_so_no_declaration_can_hide(berlin_with_areas: Municipality, tmp_path: Path) -> None:
    path = tmp_path / "utf16.kml"
    path.write_bytes('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE kml [<!ENTITY a "a">]><kml/>'.encode("utf-16"))
    assert_refused(berlin_with_areas, path, "nicht UTF-8", **STADTTEIL)


def test_broken_xml_names_line_and_column(berlin_with_areas: Municipality, tmp_path: Path) -> None:
    path = tmp_path / "broken.kml"
    path.write_text('<?xml version="1.0"?>\n<kml><Document>\n<Placemark></Document></kml>')
    assert_refused(berlin_with_areas, path, "kein gültiges XML", "Zeile 3", **STADTTEIL)


def test_an_unknown_file_type_is_refused(berlin_with_areas: Municipality, tmp_path: Path) -> None:
    path = tmp_path / "bezirke.shp"
    path.write_bytes(b"\x00\x00\x27\x0a")
    assert_refused(berlin_with_areas, path, "„.shp“", ".geojson")


def test_a_failure_while_writing_rolls_everything_back(
    berlin_with_areas: Municipality, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even an error after the areas were written (here: re-deriving the places) leaves no trace."""

    def rename(document: dict[str, Any]) -> None:
        for feature in document["features"]:
            feature["properties"]["name"] += " (neu)"

    def fail(municipality: Municipality) -> int:
        raise AreaImportError("simulated failure")

    monkeypatch.setattr(services, "_relocate_places", fail)
    assert_refused(berlin_with_areas, bezirke_with(tmp_path, rename), "simulated failure")
    with scopes_disabled():
        assert AuditEvent.objects.filter(municipality=berlin_with_areas, action="area.import").count() == 1
