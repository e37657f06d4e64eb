"""The file readers on their own (no database): KML variants and the number formats of spreadsheets."""

from __future__ import annotations

from pathlib import Path

import pytest

from nahbar.areas.importers import AreaImportError, prepare_features, read_features
from nahbar.areas.importers.numbers import parse_number, parse_year
from nahbar.areas.importers.tables import sniff_delimiter

KML_WITHOUT_NAMESPACE = """<?xml version="1.0" encoding="utf-8"?>
<kml><Document>
  <Placemark>
    <name>Nordviertel</name>
    <ExtendedData><Data name="nr"><value>N1</value></Data></ExtendedData>
    <MultiGeometry>
      <Polygon>
        <outerBoundaryIs><LinearRing><coordinates>
          7.0,51.0,0 7.1,51.0,0 7.1,51.1,0 7.0,51.1,0 7.0,51.0,0
        </coordinates></LinearRing></outerBoundaryIs>
        <innerBoundaryIs><LinearRing><coordinates>
          7.04,51.04 7.06,51.04 7.06,51.06 7.04,51.06 7.04,51.04
        </coordinates></LinearRing></innerBoundaryIs>
      </Polygon>
      <Polygon><outerBoundaryIs><LinearRing><coordinates>
        7.2,51.0 7.3,51.0 7.3,51.1 7.2,51.0
      </coordinates></LinearRing></outerBoundaryIs></Polygon>
    </MultiGeometry>
  </Placemark>
  <Placemark><name>Nur ein Punkt</name><Point><coordinates>7.0,51.0</coordinates></Point></Placemark>
</Document></kml>
"""


@pytest.fixture
def kml(tmp_path: Path) -> Path:
    path = tmp_path / "viertel.kml"
    path.write_text(KML_WITHOUT_NAMESPACE, encoding="utf-8")
    return path


def test_kml_data_fields_names_multigeometry_and_holes(kml: Path) -> None:
    first, second = read_features(kml)
    assert first.properties == {"nr": "N1", "name": "Nordviertel"}
    assert first.geometry is not None and first.geometry["type"] == "MultiPolygon"
    outer_and_hole, triangle = first.geometry["coordinates"]
    assert len(outer_and_hole) == 2 and outer_and_hole[1][0] == [7.04, 51.04]
    assert outer_and_hole[0][0] == [7.0, 51.0, 0.0]  # the altitude is dropped later, by prepare_geometry
    assert len(triangle[0]) == 4
    assert second.geometry is None


def test_a_placemark_without_polygon_is_named(kml: Path) -> None:
    with pytest.raises(AreaImportError, match=r"Objekt 2 \(Kennziffer „Nur ein Punkt“\), Feld „geometry“"):
        prepare_features(read_features(kml), code_field="name", name_field="name")


@pytest.mark.parametrize(
    ("text", "decimal_comma", "expected"),
    [
        ("1.234,5", True, 1234.5),
        ("1234.5", False, 1234.5),
        ("1,234.5", False, 1234.5),
        ("1.234", True, 1234.0),  # German thousands in a semicolon file
        ("1.234", False, 1.234),  # a decimal in a comma file
        ("0,35", False, 0.35),
        ("0.35", True, 0.35),
        ("12 345", True, 12345.0),
        ("−2,5", True, -2.5),
        (7, True, 7.0),
        (0.25, True, 0.25),
    ],
)
def test_numbers_in_german_and_english_notation(text: object, decimal_comma: bool, expected: float) -> None:
    assert parse_number(text, decimal_comma=decimal_comma) == expected


@pytest.mark.parametrize("text", ["k. A.", "", "1,2,3", "1.2.3", "nan", "inf", True])
def test_what_is_not_a_number(text: object) -> None:
    with pytest.raises(ValueError):
        parse_number(text, decimal_comma=True)


def test_years() -> None:
    assert parse_year("2024") == 2024 and parse_year(2024.0) == 2024
    for bad in ("24", "2024/25", 1800, 2024.5, True):
        with pytest.raises(ValueError):
            parse_year(bad)


def test_delimiter_is_taken_from_the_header() -> None:
    assert sniff_delimiter("Gebiet;Indikator;Jahr;Wert") == ";"
    assert sniff_delimiter("area_code,indicator,year,value") == ","
    assert sniff_delimiter('"Einwohner, weiblich";Gebiet;Jahr') == ";"
    assert sniff_delimiter("Gebiet\tJahr\teinwohner") == "\t"
    assert sniff_delimiter("einwohner") == ","
