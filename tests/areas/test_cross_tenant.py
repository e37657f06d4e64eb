"""Importing into one municipality never touches another's areas or figures, even with the same codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management.base import CommandError
from django_scopes import scope

from nahbar.areas.models import Area
from nahbar.tenancy.models import Municipality
from tests.areas.conftest import BERLIN, BERLIN_BEZIRKE, areas_of, import_areas, import_stats, statistics_of

pytestmark = pytest.mark.django_db


def test_same_codes_in_two_municipalities_stay_apart(berlin: Municipality, koeln: Municipality, tmp_path: Path) -> None:
    import_areas(koeln, BERLIN_BEZIRKE, **BERLIN)  # the same codes 1–12, in another tenant
    koeln_before = {a.pk: (a.code, a.name, a.geometry) for a in areas_of(koeln)}
    document = json.loads(BERLIN_BEZIRKE.read_text())
    for feature in document["features"]:
        feature["properties"]["name"] = "Bezirk " + feature["properties"]["name"]
    renamed = tmp_path / "renamed.geojson"
    renamed.write_text(json.dumps(document))

    first = import_areas(berlin, renamed, **BERLIN)
    again = import_areas(berlin, renamed, **BERLIN)

    assert "12 neu" in first and "12 unverändert" in again
    assert {a.pk: (a.code, a.name, a.geometry) for a in areas_of(koeln)} == koeln_before
    assert all(a.name.startswith("Bezirk ") for a in areas_of(berlin))
    with scope(municipality=berlin):
        assert Area.objects.count() == 12  # the tenant scope sees only its own areas


def test_statistics_only_reach_the_importing_municipality(
    berlin: Municipality, koeln: Municipality, tmp_path: Path
) -> None:
    import_areas(koeln, BERLIN_BEZIRKE, **BERLIN)
    table = tmp_path / "werte.csv"
    table.write_text("Gebiet;Indikator;Jahr;Wert\n1;einwohner;2024;128.000\n", encoding="utf-8")

    with pytest.raises(CommandError, match=r"Zeile 2, Spalte „Gebiet“ .*„1“ gibt es in Berlin nicht"):
        import_stats(berlin, table)

    assert statistics_of(berlin) == {} and statistics_of(koeln) == {}
    import_stats(koeln, table)
    assert statistics_of(koeln) == {("1", "einwohner", 2024, "", ""): 128000.0}
