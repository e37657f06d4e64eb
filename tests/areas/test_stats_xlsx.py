"""XLSX tables: the first sheet, numbers as numbers or as German text; merged cells are refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management.base import CommandError

from nahbar.tenancy.models import Municipality
from tests.areas.conftest import import_stats, statistics_of

pytestmark = pytest.mark.django_db


def workbook(path: Path, rows: list[list[Any]], merge: str | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Strukturdaten"
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    book.create_sheet("Notizen").append(["nur der erste Reiter zählt"])
    book.save(path)
    return path


def test_wide_xlsx_with_numeric_codes_and_text_numbers(sozialraeume: Municipality, tmp_path: Path) -> None:
    path = workbook(tmp_path / "strukturdaten.xlsx", [
        ["Gebiet", "Jahr", "einwohner:65-79:w", "einwohner:80+", "anteil_alleinlebend:insgesamt"],
        [1, 2024, 1234, "1.250", None],
        [2, 2024.0, 980.5, 410, "0,5"],
        [None, None, None, None, None],  # blank rows in between are fine
        ["3", 2023, None, 12, None],
    ])  # fmt: skip

    output = import_stats(sozialraeume, path, source="Melderegister")

    assert statistics_of(sozialraeume) == {
        ("1", "einwohner", 2024, "65-79", "f"): 1234.0,
        ("1", "einwohner", 2024, "80+", ""): 1250.0,
        ("2", "einwohner", 2024, "65-79", "f"): 980.5,
        ("2", "einwohner", 2024, "80+", ""): 410.0,
        ("2", "anteil_alleinlebend", 2024, "", ""): 0.5,
        ("3", "einwohner", 2023, "80+", ""): 12.0,
    }
    assert "Breitformat: 6 Werte neu" in output


def test_long_xlsx(sozialraeume: Municipality, tmp_path: Path) -> None:
    path = workbook(tmp_path / "lang.xlsx", [
        ["Kennziffer", "Indikator", "Jahr", "Geschlecht", "Wert"],
        ["A05", "einwohner", 2024, "weiblich", 501],
        ["A05", "einwohner", 2024, "divers", 2],
    ])  # fmt: skip
    import_stats(sozialraeume, path)
    assert statistics_of(sozialraeume) == {
        ("A05", "einwohner", 2024, "", "f"): 501.0,
        ("A05", "einwohner", 2024, "", "d"): 2.0,
    }


def test_merged_header_cells_are_refused(sozialraeume: Municipality, tmp_path: Path) -> None:
    path = workbook(tmp_path / "verbunden.xlsx", [
        ["Gebiet", "Jahr", "Einwohner 65–79", None],
        ["A01", 2024, 500, 520],
    ], merge="C1:D1")  # fmt: skip
    with pytest.raises(CommandError, match=r"Kopfzeile enthält verbundene Zellen \(C1:D1\)"):
        import_stats(sozialraeume, path)
    assert statistics_of(sozialraeume) == {}


def test_merged_cells_below_the_header_are_refused_too(sozialraeume: Municipality, tmp_path: Path) -> None:
    path = workbook(tmp_path / "verbunden.xlsx", [
        ["Gebiet", "Jahr", "einwohner"],
        ["A01", 2024, 500],
        ["A02", 2024, 520],
    ], merge="A2:A3")  # fmt: skip
    with pytest.raises(CommandError, match=r"verbundene Zellen \(A2:A3\)"):
        import_stats(sozialraeume, path)


def test_a_file_that_is_not_xlsx_is_refused(sozialraeume: Municipality, tmp_path: Path) -> None:
    path = tmp_path / "kaputt.xlsx"
    path.write_bytes(b"Gebiet;Jahr\n")
    with pytest.raises(CommandError, match="keine gültige XLSX-Datei"):
        import_stats(sozialraeume, path)
