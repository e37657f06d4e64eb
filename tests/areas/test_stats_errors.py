"""A bad statistics table changes nothing, and the message names the row (as a spreadsheet counts) and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management.base import CommandError
from django_scopes import scopes_disabled

from nahbar.areas.importers import AreaImportError
from nahbar.areas.models import Area
from nahbar.areas.services import area_statistics_import
from nahbar.tenancy.models import Municipality
from tests.areas.conftest import import_stats, statistics_of, write_csv

pytestmark = pytest.mark.django_db

GOOD = "Gebiet;Indikator;Jahr;Wert\nA01;einwohner;2024;100\nA02;einwohner;2024;200\n"


@pytest.fixture
def with_figures(sozialraeume: Municipality, tmp_path: Path) -> Municipality:
    import_stats(sozialraeume, write_csv(tmp_path / "gut.csv", GOOD))
    return sozialraeume


def assert_refused(municipality: Municipality, path: Path, pattern: str, **options: object) -> None:
    before = statistics_of(municipality)
    with pytest.raises(CommandError, match=pattern):
        import_stats(municipality, path, **options)
    assert statistics_of(municipality) == before


def test_an_unknown_area_code_names_row_and_column(with_figures: Municipality, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "neu.csv", GOOD.replace("200", "201") + "X99;einwohner;2024;300\n")
    assert_refused(with_figures, path, r"Zeile 4, Spalte „Gebiet“ \(Spalte A\): .*„X99“ gibt es in Köln nicht")


def test_a_file_not_in_utf8_is_refused_with_the_spot(with_figures: Municipality, tmp_path: Path) -> None:
    text = "Gebiet;Indikator;Jahr;Wert;Quelle\nA01;einwohner;2024;1;Stadt\nA02;einwohner;2024;2;Stadt Mülheim\n"
    path = write_csv(tmp_path / "ansi.csv", text, encoding="cp1252")
    assert_refused(with_figures, path, r"nicht UTF-8-kodiert \(Zeile 3, Byte 90 der Datei\).*UTF-8")


def test_text_where_a_number_belongs_names_row_and_column(with_figures: Municipality, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "text.csv", "Gebiet;Indikator;Jahr;Wert\nA01;einwohner;2024;101\nA02;einwohner;2024;k. A.\n"
    )
    assert_refused(with_figures, path, r"Zeile 3, Spalte „Wert“ \(Spalte D\): „k. A.“ ist keine Zahl")


def test_a_bad_year_names_row_and_column(with_figures: Municipality, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "jahr.csv", "Gebiet;Indikator;Jahr;Wert\nA01;einwohner;24/25;1\n")
    assert_refused(with_figures, path, r"Zeile 2, Spalte „Jahr“ \(Spalte C\): „24/25“ ist keine Jahreszahl")


def test_an_unknown_sex_names_row_and_column(with_figures: Municipality, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "sex.csv", "Gebiet;Indikator;Jahr;Geschlecht;Wert\nA01;einwohner;2024;q;1\n")
    assert_refused(with_figures, path, r"Zeile 2, Spalte „Geschlecht“ \(Spalte D\): „q“ ist kein Geschlecht")


def test_the_same_cell_twice_names_both_rows(with_figures: Municipality, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "doppelt.csv", GOOD + "A01;einwohner;2024;101\n")
    assert_refused(with_figures, path, r"Zeile 4, Spalte „Wert“ \(Spalte D\): .*steht schon in Zeile 2")


def test_an_unknown_column_in_long_format_is_named(with_figures: Municipality, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "spalte.csv", "Gebiet;Indikator;Jahr;Wert;Einheit\nA01;einwohner;2024;1;Personen\n")
    assert_refused(with_figures, path, r"Spalte „Einheit“ \(Spalte E\) ist im Langformat unbekannt")


def test_a_table_without_area_column_is_refused(with_figures: Municipality, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ohne.csv", "Stadtteil;Jahr;einwohner\nAltstadt;2024;1\n")
    assert_refused(with_figures, path, "Spalte mit der Gebietskennziffer")


def test_an_ambiguous_code_asks_for_the_level(with_figures: Municipality, tmp_path: Path) -> None:
    with scopes_disabled():
        Area.objects.create(municipality=with_figures, level="Stadtbezirk", code="A01", name="Bezirk A01")
    path = write_csv(tmp_path / "mehrdeutig.csv", "Gebiet;Indikator;Jahr;Wert\nA01;einwohner;2025;7\n")
    assert_refused(with_figures, path, r"Zeile 2, .*mehreren Ebenen \(Sozialraum, Stadtbezirk\).*--level")

    import_stats(with_figures, path, level="Stadtbezirk")
    assert statistics_of(with_figures)[("A01", "einwohner", 2025, "", "")] == 7.0


def test_the_service_raises_a_validation_error_subclass(sozialraeume: Municipality, tmp_path: Path) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(AreaImportError) as caught:
        area_statistics_import(actor=None, municipality=sozialraeume, path=tmp_path / "fehlt.csv")
    assert isinstance(caught.value, ValidationError)
    assert str(caught.value).startswith("Die Datei „") and "gibt es nicht" in str(caught.value)
