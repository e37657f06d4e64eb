"""Long tables: one figure per row; semicolons, BOM and German numbers as German Excel writes them."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management.base import CommandError
from django_scopes import scopes_disabled

from nahbar.areas.models import AreaStatistic
from nahbar.areas.services import area_statistics_import
from nahbar.tenancy.models import Municipality
from tests.areas.conftest import import_stats, statistics_of, write_csv

pytestmark = pytest.mark.django_db

GERMAN_EXCEL = (
    "Gebiet;Indikator;Jahr;Altersgruppe;Geschlecht;Wert;Quelle\r\n"
    "A01;einwohner;2024;65–79;w;1.234;Melderegister\r\n"
    "A01;einwohner;2024;65-79;männlich;1.100;Melderegister\r\n"
    "A01;einwohner;2024;;insgesamt;12.345;\r\n"
    "A02;anteil_einpersonenhaushalte;2023;;;0,35;\r\n"
    "A02;sgb2_quote;2023;;;7,5;\r\n"
)


def test_semicolons_bom_and_german_numbers(sozialraeume: Municipality, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "strukturdaten.csv", GERMAN_EXCEL, bom=True)

    output = import_stats(sozialraeume, path, source="Statistikstelle")

    assert statistics_of(sozialraeume) == {
        ("A01", "einwohner", 2024, "65-79", "f"): 1234.0,
        ("A01", "einwohner", 2024, "65-79", "m"): 1100.0,
        ("A01", "einwohner", 2024, "", ""): 12345.0,
        ("A02", "anteil_einpersonenhaushalte", 2023, "", ""): 0.35,
        ("A02", "sgb2_quote", 2023, "", ""): 7.5,
    }
    assert "Langformat: 5 Werte neu" in output


def test_a_row_without_source_gets_the_default_source(sozialraeume: Municipality, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "strukturdaten.csv", GERMAN_EXCEL, bom=True)
    import_stats(sozialraeume, path, source="Statistikstelle")
    with scopes_disabled():
        sources = {(s.area.code, s.sex): s.source for s in AreaStatistic.objects.filter(indicator="einwohner")}
    assert sources == {("A01", "f"): "Melderegister", ("A01", "m"): "Melderegister", ("A01", ""): "Statistikstelle"}


def test_english_headers_commas_and_plain_numbers(sozialraeume: Municipality, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "stats.csv",
        'area_code,indicator,year,age_band,sex,value\nA03,population,2024,80+,f,"1,234.5"\nA03,population,2024,80+,d,3\n',
    )
    import_stats(sozialraeume, path)
    assert statistics_of(sozialraeume) == {
        ("A03", "population", 2024, "80+", "f"): 1234.5,
        ("A03", "population", 2024, "80+", "d"): 3.0,
    }


def test_reimport_updates_changed_values_only(sozialraeume: Municipality, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "strukturdaten.csv", GERMAN_EXCEL)
    area_statistics_import(actor=None, municipality=sozialraeume, path=path)
    write_csv(path, GERMAN_EXCEL.replace("0,35", "0,36"))

    report = area_statistics_import(actor=None, municipality=sozialraeume, path=path)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 4)
    assert statistics_of(sozialraeume)[("A02", "anteil_einpersonenhaushalte", 2023, "", "")] == 0.36


def test_an_empty_value_is_an_error_in_long_format(sozialraeume: Municipality, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "leer.csv", "Gebiet;Indikator;Jahr;Wert\nA01;einwohner;2024;5\nA02;einwohner;2024;\n")
    with pytest.raises(CommandError, match=r"Zeile 3, Spalte „Wert“ \(Spalte D\): Die Zelle ist leer"):
        import_stats(sozialraeume, path)
    assert statistics_of(sozialraeume) == {}
