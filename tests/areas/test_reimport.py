"""Importing the same file again changes nothing; a changed file updates the areas it names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nahbar.areas.services import areas_import
from nahbar.tenancy.models import Municipality
from tests.areas.conftest import (
    KOELN_STADTBEZIRKE,
    KOELN_STADTTEILE_GEOJSON,
    STADTBEZIRK,
    STADTTEIL,
    areas_of,
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


def test_changed_names_are_updated_in_place(koeln: Municipality, tmp_path: Path) -> None:
    import_areas(koeln, KOELN_STADTBEZIRKE, **STADTBEZIRK)
    ids = {a.code: a.pk for a in areas_of(koeln)}
    document = json.loads(KOELN_STADTBEZIRKE.read_text())
    document["features"][0]["properties"]["STB_NAME"] = "Porz am Rhein"
    changed = tmp_path / "stadtbezirke.geojson"
    changed.write_text(json.dumps(document))

    output = import_areas(koeln, changed, **STADTBEZIRK)

    assert "0 neu, 1 geändert, 8 unverändert" in output
    areas = {a.code: a for a in areas_of(koeln)}
    assert areas["7"].name == "Porz am Rhein"
    assert {code: a.pk for code, a in areas.items()} == ids


def test_areas_missing_from_a_new_file_are_kept_and_counted(koeln: Municipality, tmp_path: Path) -> None:
    import_areas(koeln, KOELN_STADTBEZIRKE, **STADTBEZIRK)
    document = json.loads(KOELN_STADTBEZIRKE.read_text())
    document["features"] = document["features"][:3]
    fewer = tmp_path / "three.geojson"
    fewer.write_text(json.dumps(document))

    output = import_areas(koeln, fewer, **STADTBEZIRK)

    assert len(areas_of(koeln)) == 9
    assert "6 Gebiete dieser Ebene fehlen in der Datei" in output


def test_level_rank_is_kept_or_set_one_finer(koeln: Municipality) -> None:
    import_areas(koeln, KOELN_STADTBEZIRKE, **STADTBEZIRK)
    report = areas_import(actor=None, municipality=koeln, path=KOELN_STADTTEILE_GEOJSON, **STADTTEIL)
    assert report.level_rank == 2
    again = areas_import(actor=None, municipality=koeln, path=KOELN_STADTBEZIRKE, **STADTBEZIRK)
    assert again.level_rank == 1


def test_an_explicit_level_rank_applies_to_the_whole_level(koeln: Municipality, tmp_path: Path) -> None:
    import_areas(koeln, KOELN_STADTBEZIRKE, **STADTBEZIRK)
    document = json.loads(KOELN_STADTBEZIRKE.read_text())
    document["features"] = document["features"][:1]
    one = tmp_path / "one.geojson"
    one.write_text(json.dumps(document))

    import_areas(koeln, one, level_rank=4, **STADTBEZIRK)

    assert {a.level_rank for a in areas_of(koeln)} == {4}
