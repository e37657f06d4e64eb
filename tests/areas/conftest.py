"""Shared pieces for the area tests: the real files, two municipalities, and shortcuts to run the imports."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from nahbar.areas.models import Area, AreaStatistic
from nahbar.tenancy.models import Municipality
from nahbar.tenancy.services import municipality_create

GEO = Path(__file__).resolve().parent.parent / "fixtures" / "geo"
STATS = Path(__file__).resolve().parent.parent / "fixtures" / "stats"
BERLIN_BEZIRKE = GEO / "berlin_bezirke.geojson"
KOELN_STADTBEZIRKE = GEO / "koeln" / "stadtbezirke.geojson"
KOELN_STADTTEILE_KML = GEO / "koeln" / "stadtteile.kml"
KOELN_STADTTEILE_GEOJSON = GEO / "koeln" / "stadtteile_derived.geojson"

# The options each real file is imported with.
BERLIN: dict[str, Any] = {"level": "Bezirk", "code_field": "cartodb_id", "name_field": "name"}
STADTBEZIRK: dict[str, Any] = {"level": "Stadtbezirk", "code_field": "STB_NR", "name_field": "STB_NAME"}
STADTTEIL: dict[str, Any] = {"level": "Stadtteil", "code_field": "STT_NR", "name_field": "STT_NAME"}


@pytest.fixture
def koeln(db: Any) -> Municipality:
    return municipality_create(actor=None, name="Köln", slug="koeln", ags="05315000", land="NW")


@pytest.fixture
def berlin(db: Any) -> Municipality:
    return municipality_create(actor=None, name="Berlin", slug="berlin", ags="11000000", land="BE")


def import_areas(municipality: Municipality, path: Path, **options: Any) -> str:
    """Run ``nahbar import-areas`` and return what it printed."""
    out = io.StringIO()
    call_command("import_areas", str(path), municipality=municipality.slug, quiet=True, stdout=out, **options)
    return out.getvalue()


def import_stats(municipality: Municipality, path: Path, **options: Any) -> str:
    out = io.StringIO()
    call_command("import_area_stats", str(path), municipality=municipality.slug, quiet=True, stdout=out, **options)
    return out.getvalue()


def areas_of(municipality: Municipality, level: str | None = None) -> list[Area]:
    with scopes_disabled():
        areas = Area.objects.filter(municipality=municipality).select_related("parent")
        return list(areas.filter(level=level) if level else areas)


def area_count(municipality: Municipality) -> int:
    with scopes_disabled():
        return Area.objects.filter(municipality=municipality).count()


def statistics_of(municipality: Municipality) -> dict[tuple[str, str, int, str, str], float]:
    """(area code, indicator, year, age band, sex) → value."""
    with scopes_disabled():
        rows = AreaStatistic.objects.filter(municipality=municipality).select_related("area")
        return {(s.area.code, s.indicator, s.year, s.age_band, s.sex): s.value for s in rows}


@pytest.fixture
def sozialraeume(koeln: Municipality) -> Municipality:
    """Köln with twelve small areas A01–A12 (the codes of the synthetic population table) and 1–3."""
    with scopes_disabled():
        for index, code in enumerate([f"A{n:02d}" for n in range(1, 13)] + ["1", "2", "3"]):
            lon = 6.9 + index * 0.01
            ring = [[lon, 50.9], [lon + 0.01, 50.9], [lon + 0.01, 50.91], [lon, 50.91], [lon, 50.9]]
            Area.objects.create(
                municipality=koeln,
                level="Sozialraum",
                code=code,
                name=f"Sozialraum {code}",
                geometry={"type": "Polygon", "coordinates": [ring]},
            )
    return koeln


def write_csv(path: Path, text: str, *, bom: bool = False, encoding: str = "utf-8") -> Path:
    path.write_bytes(("\ufeff" if bom else "").encode(encoding) + text.encode(encoding))
    return path


def excerpt(source: Path, target: Path, *, field: str, codes: set[str]) -> Path:
    """A GeoJSON file with only the features whose ``field`` is one of ``codes``: quick where the whole city
    is not the point of the test."""
    document = json.loads(source.read_text(encoding="utf-8"))
    document["features"] = [f for f in document["features"] if str(f["properties"][field]) in codes]
    target.write_text(json.dumps(document), encoding="utf-8")
    return target
