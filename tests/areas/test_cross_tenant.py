"""Importing into one municipality never touches another's areas or figures, even with the same codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management.base import CommandError
from django_scopes import scope

from nahbar.areas.models import Area
from tests.areas.conftest import KOELN_STADTBEZIRKE, STADTBEZIRK, areas_of, import_areas, import_stats, statistics_of
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def test_same_codes_in_two_municipalities_stay_apart(cast: Cast, tmp_path: Path) -> None:
    import_areas(cast.other, KOELN_STADTBEZIRKE, **STADTBEZIRK)
    other_before = {a.pk: (a.code, a.name, a.geometry) for a in areas_of(cast.other)}
    document = json.loads(KOELN_STADTBEZIRKE.read_text())
    for feature in document["features"]:
        feature["properties"]["STB_NAME"] = "Heimstadt " + feature["properties"]["STB_NAME"]
    renamed = tmp_path / "renamed.geojson"
    renamed.write_text(json.dumps(document))

    first = import_areas(cast.home, renamed, **STADTBEZIRK)
    again = import_areas(cast.home, renamed, **STADTBEZIRK)

    assert "9 neu" in first and "9 unverändert" in again
    assert {a.pk: (a.code, a.name, a.geometry) for a in areas_of(cast.other)} == other_before
    assert all(a.name.startswith("Heimstadt ") for a in areas_of(cast.home))
    with scope(municipality=cast.home):
        assert Area.objects.count() == 9  # the tenant scope sees only its own areas


def test_statistics_only_reach_the_importing_municipality(cast: Cast, tmp_path: Path) -> None:
    import_areas(cast.other, KOELN_STADTBEZIRKE, **STADTBEZIRK)
    table = tmp_path / "werte.csv"
    table.write_text("Gebiet;Indikator;Jahr;Wert\n1;einwohner;2024;128.000\n", encoding="utf-8")

    with pytest.raises(CommandError, match="Zeile 2, Spalte „Gebiet“ .*„1“ gibt es in Heimstadt nicht"):
        import_stats(cast.home, table)

    assert statistics_of(cast.home) == {} and statistics_of(cast.other) == {}
    import_stats(cast.other, table)
    assert statistics_of(cast.other) == {("1", "einwohner", 2024, "", ""): 128000.0}
