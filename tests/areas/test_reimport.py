"""Importing the same file again changes nothing; a changed file updates the areas it names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nahbar.areas.services import areas_import
from nahbar.tenancy.models import Municipality
from tests.areas.conftest import (
    BERLIN,
    BERLIN_BEZIRKE,
    KOELN_STADTBEZIRKE,
    KOELN_STADTTEILE_GEOJSON,
    STADTBEZIRK,
    STADTTEIL,
    areas_of,
    excerpt,
    import_areas,
)

pytestmark = pytest.mark.django_db


def test_second_import_of_the_same_file_creates_and_changes_nothing(koeln: Municipality) -> None:
    first = areas_import(actor=None, municipality=koeln, path=KOELN_STADTTEILE_GEOJSON, **STADTTEIL)
    ids = {a.code: a.pk for a in areas_of(koeln)}

    second = areas_import(actor=None, municipality=koeln, path=KOELN_STADTTEILE_GEOJSON, **STADTTEIL)

    assert (first.created, first.updated, first.unchanged) == (86, 0, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 86)
    assert {a.code: a.pk for a in areas_of(koeln)} == ids
    assert [code for _number, code, _note in second.repaired] == ["202"]  # still reported


def test_changed_names_are_updated_in_place(berlin: Municipality, tmp_path: Path) -> None:
    import_areas(berlin, BERLIN_BEZIRKE, **BERLIN)
    ids = {a.code: a.pk for a in areas_of(berlin)}
    document = json.loads(BERLIN_BEZIRKE.read_text())
    document["features"][0]["properties"]["name"] = "Berlin-Mitte"
    changed = tmp_path / "bezirke.geojson"
    changed.write_text(json.dumps(document))

    output = import_areas(berlin, changed, **BERLIN)

    assert "0 neu, 1 geändert, 11 unverändert" in output
    areas = {a.code: a for a in areas_of(berlin)}
    assert areas["1"].name == "Berlin-Mitte"
    assert {code: a.pk for code, a in areas.items()} == ids


def test_areas_missing_from_a_new_file_are_kept_and_counted(berlin: Municipality, tmp_path: Path) -> None:
    import_areas(berlin, BERLIN_BEZIRKE, **BERLIN)
    fewer = excerpt(BERLIN_BEZIRKE, tmp_path / "three.geojson", field="cartodb_id", codes={"1", "2", "3"})

    output = import_areas(berlin, fewer, **BERLIN)

    assert len(areas_of(berlin)) == 12
    assert "9 Gebiete dieser Ebene fehlen in der Datei" in output


def test_level_rank_is_kept_or_set_one_finer(koeln: Municipality, tmp_path: Path) -> None:
    stadtbezirk = excerpt(KOELN_STADTBEZIRKE, tmp_path / "stb.geojson", field="STB_NR", codes={"1"})
    stadtteile = excerpt(KOELN_STADTTEILE_GEOJSON, tmp_path / "stt.geojson", field="STT_NR", codes={"101", "102"})
    import_areas(koeln, stadtbezirk, **STADTBEZIRK)
    report = areas_import(actor=None, municipality=koeln, path=stadtteile, **STADTTEIL)
    assert report.level_rank == 2
    again = areas_import(actor=None, municipality=koeln, path=stadtbezirk, **STADTBEZIRK)
    assert again.level_rank == 1


def test_an_explicit_level_rank_applies_to_the_whole_level(berlin: Municipality, tmp_path: Path) -> None:
    import_areas(berlin, BERLIN_BEZIRKE, **BERLIN)
    one = excerpt(BERLIN_BEZIRKE, tmp_path / "one.geojson", field="cartodb_id", codes={"5"})

    import_areas(berlin, one, level_rank=4, **BERLIN)

    assert {a.level_rank for a in areas_of(berlin)} == {4}
