"""Wide tables: one row per area, one column per indicator (``indicator[:age_band[:sex]]``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management.base import CommandError

from nahbar.tenancy.models import Municipality
from tests.areas.conftest import STATS, import_stats, statistics_of, write_csv

pytestmark = pytest.mark.django_db


def test_commas_and_indicator_columns(sozialraeume: Municipality, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "breit.csv",
        "area_code,name,year,population:65-79:f,population:80+:m,single_households_share\n"
        "A01,Altstadt,2024,1234.5,310,0.41\n"
        "A02,Neustadt,2024,980,,0.38\n",  # the empty cell: no figure, not zero
    )

    output = import_stats(sozialraeume, path)

    assert statistics_of(sozialraeume) == {
        ("A01", "population", 2024, "65-79", "f"): 1234.5,
        ("A01", "population", 2024, "80+", "m"): 310.0,
        ("A01", "single_households_share", 2024, "", ""): 0.41,
        ("A02", "population", 2024, "65-79", "f"): 980.0,
        ("A02", "single_households_share", 2024, "", ""): 0.38,
    }
    assert "Breitformat: 5 Werte neu" in output


def test_population_by_age_band_and_sex_rows_with_year_option(sozialraeume: Municipality) -> None:
    """The synthetic survey's population table: age band and sex are row columns, ``persons`` the indicator."""
    import_stats(sozialraeume, STATS / "population_margins.csv", year=2024, source="synthetisch")

    figures = statistics_of(sozialraeume)
    assert len(figures) == 120  # 12 areas × 5 age bands × 2 sexes
    assert figures[("A01", "persons", 2024, "18-29", "f")] == 26165.0
    assert {key[4] for key in figures} == {"f", "m"}
    assert {key[3] for key in figures} == {"18-29", "30-44", "45-64", "65-79", "80+"}


def test_without_year_column_the_year_must_be_given(sozialraeume: Municipality) -> None:
    with pytest.raises(CommandError, match=r"keine Spalte „Jahr“.*--year"):
        import_stats(sozialraeume, STATS / "population_margins.csv")
    assert statistics_of(sozialraeume) == {}


def test_a_year_column_and_a_year_option_together_are_refused(sozialraeume: Municipality, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "breit.csv", "Gebiet;Jahr;einwohner\nA01;2024;5\n")
    with pytest.raises(CommandError, match="Spalte „Jahr“"):
        import_stats(sozialraeume, path, year=2023)


def test_a_bad_column_header_is_named(sozialraeume: Municipality, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "breit.csv", "Gebiet;Jahr;einwohner:80+:x\nA01;2024;5\n")
    with pytest.raises(CommandError, match=r"Zeile 1, Spalte „einwohner:80\+:x“ \(Spalte C\).*„x“"):
        import_stats(sozialraeume, path)
