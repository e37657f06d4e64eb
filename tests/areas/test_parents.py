"""With --parent-level every Stadtteil gets the Stadtbezirk containing it as parent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management.base import CommandError
from shapely.geometry import shape

from nahbar.tenancy.models import Municipality
from tests.areas.conftest import (
    KOELN_STADTBEZIRKE,
    KOELN_STADTTEILE_GEOJSON,
    KOELN_STADTTEILE_KML,
    STADTBEZIRK,
    STADTTEIL,
    area_count,
    areas_of,
    excerpt,
    import_areas,
)

pytestmark = pytest.mark.django_db


def test_every_stadtteil_gets_its_stadtbezirk(koeln: Municipality) -> None:
    import_areas(koeln, KOELN_STADTBEZIRKE, **STADTBEZIRK)
    import_areas(koeln, KOELN_STADTTEILE_KML, parent_level="Stadtbezirk", **STADTTEIL)

    stadtteile = areas_of(koeln, "Stadtteil")
    assert len(stadtteile) == 86
    assert all(a.parent is not None and a.parent.level == "Stadtbezirk" for a in stadtteile)
    assert {a.level_rank for a in stadtteile} == {2}
    # Köln numbers its Stadtteile by Stadtbezirk: 101–105 lie in 1 Innenstadt, 909 in 9 Mülheim.
    assert all(a.parent is not None and a.parent.code == a.code[0] for a in stadtteile)
    altstadt_sued = next(a for a in stadtteile if a.code == "101")
    assert (altstadt_sued.name, altstadt_sued.parent and altstadt_sued.parent.name) == ("Altstadt/Süd", "Innenstadt")


def test_the_parent_is_the_stadtbezirk_sharing_most_of_the_area(koeln: Municipality, tmp_path: Path) -> None:
    """Checked against the geometry itself, not only the numbering."""
    bezirke = {f["properties"]["STB_NR"]: shape(f["geometry"])
               for f in json.loads(KOELN_STADTBEZIRKE.read_text())["features"]}  # fmt: skip
    teil = next(f for f in json.loads(KOELN_STADTTEILE_GEOJSON.read_text())["features"]
                if f["properties"]["STT_NR"] == "101")  # fmt: skip
    overlap = {code: shape(teil["geometry"]).intersection(b).area for code, b in bezirke.items()}
    expected = max(overlap, key=lambda code: overlap[code])

    import_areas(koeln, KOELN_STADTBEZIRKE, **STADTBEZIRK)
    only_101 = excerpt(KOELN_STADTTEILE_GEOJSON, tmp_path / "101.geojson", field="STT_NR", codes={"101"})
    import_areas(koeln, only_101, parent_level="Stadtbezirk", **STADTTEIL)

    altstadt_sued = next(a for a in areas_of(koeln, "Stadtteil") if a.code == "101")
    assert altstadt_sued.parent is not None and altstadt_sued.parent.code == expected == "1"


@pytest.fixture
def small_koeln(tmp_path: Path) -> tuple[Path, Path]:
    """Two Stadtbezirke and three of their Stadtteile."""
    stadtbezirke = excerpt(KOELN_STADTBEZIRKE, tmp_path / "stb.geojson", field="STB_NR", codes={"1", "9"})
    stadtteile = excerpt(
        KOELN_STADTTEILE_GEOJSON, tmp_path / "stt.geojson", field="STT_NR", codes={"101", "105", "909"}
    )
    return stadtbezirke, stadtteile


def test_without_parent_level_no_parent_is_guessed(koeln: Municipality, small_koeln: tuple[Path, Path]) -> None:
    stadtbezirke, stadtteile = small_koeln
    import_areas(koeln, stadtbezirke, **STADTBEZIRK)
    import_areas(koeln, stadtteile, **STADTTEIL)
    assert len(areas_of(koeln)) == 5
    assert all(a.parent is None for a in areas_of(koeln))


def test_a_parent_level_without_areas_is_refused(koeln: Municipality, small_koeln: tuple[Path, Path]) -> None:
    with pytest.raises(CommandError, match="übergeordnete Ebene „Stadtbezirk“"):
        import_areas(koeln, small_koeln[1], parent_level="Stadtbezirk", **STADTTEIL)
    assert area_count(koeln) == 0


def test_a_parent_level_finer_than_the_level_is_refused(koeln: Municipality, small_koeln: tuple[Path, Path]) -> None:
    stadtbezirke, stadtteile = small_koeln
    import_areas(koeln, stadtbezirke, level_rank=3, **STADTBEZIRK)
    with pytest.raises(CommandError, match="muss gröber sein"):
        import_areas(koeln, stadtteile, parent_level="Stadtbezirk", level_rank=2, **STADTTEIL)
    assert area_count(koeln) == 2
