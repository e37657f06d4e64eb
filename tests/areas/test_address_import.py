"""``nahbar import-addresses``: the finder's offline address list, from CSV (German or OSM headers) or XLSX."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_scopes import scopes_disabled

from nahbar.areas.models import Address
from nahbar.tenancy.models import AuditEvent, Municipality
from tests.areas.conftest import write_csv

pytestmark = pytest.mark.django_db

GERMAN = (
    "Straße;Hausnummer;Zusatz;PLZ;Ort;Breitengrad;Längengrad\n"
    "Hauptstraße;5;;50667;Köln;50,9051;6,9051\n"
    "Hauptstraße;5;a;50667;Köln;50,9052;6,9052\n"
    "Müllerstr.;12;;50667;Köln;50,9153;6,9153\n"
)


def run(municipality: Municipality, path: Path, **options: object) -> str:
    out = io.StringIO()
    call_command("import_addresses", str(path), municipality=municipality.slug, quiet=True, stdout=out, **options)
    return out.getvalue()


def addresses_of(municipality: Municipality) -> dict[str, tuple[float, float, str | None]]:
    with scopes_disabled():
        return {
            a.label: (a.latitude, a.longitude, a.area.code if a.area else None)
            for a in Address.objects.filter(municipality=municipality).select_related("area")
        }


def test_a_german_csv_with_bom_and_decimal_commas_is_imported_with_areas(
    sozialraeume: Municipality, tmp_path: Path
) -> None:
    output = run(sozialraeume, write_csv(tmp_path / "adressen.csv", GERMAN, bom=True))
    assert "3 neu" in output
    found = addresses_of(sozialraeume)
    assert found == {
        "Hauptstraße 5, 50667 Köln": (50.9051, 6.9051, "A01"),
        "Hauptstraße 5a, 50667 Köln": (50.9052, 6.9052, "A01"),
        "Müllerstr. 12, 50667 Köln": (50.9153, 6.9153, None),  # north of every Sozialraum
    }
    with scopes_disabled():
        address = Address.objects.get(house_number="12")
        assert (address.street_key, address.number_key) == ("mullerstrasse", "12")
        assert AuditEvent.objects.filter(action="address.import", municipality=sozialraeume).count() == 1


def test_an_osm_export_with_commas_and_dots_is_imported(koeln: Municipality, tmp_path: Path) -> None:
    text = (
        "@id,addr:street,addr:housenumber,addr:postcode,addr:city,@lat,@lon,amenity\n"
        "1,Breite Straße,100,50667,Köln,50.938,6.948,\n"
    )
    output = run(koeln, write_csv(tmp_path / "osm.csv", text))
    assert addresses_of(koeln) == {"Breite Straße 100, 50667 Köln": (50.938, 6.948, None)}
    assert "Nicht verwendete Spalten: @id, amenity" in output


def test_reimport_updates_and_replace_removes(sozialraeume: Municipality, tmp_path: Path) -> None:
    run(sozialraeume, write_csv(tmp_path / "a.csv", GERMAN))
    changed = GERMAN.replace("50,9051;6,9051", "50,9059;6,9059").replace(
        "Müllerstr.;12;;50667;Köln;50,9153;6,9153\n", ""
    )
    output = run(sozialraeume, write_csv(tmp_path / "b.csv", changed))
    assert "0 neu, 1 geändert, 1 unverändert" in output
    assert "1 Adressen fehlen in der Datei" in output
    assert len(addresses_of(sozialraeume)) == 3
    output = run(sozialraeume, write_csv(tmp_path / "b.csv", changed), replace=True)
    assert "1 entfernt" in output
    assert addresses_of(sozialraeume)["Hauptstraße 5, 50667 Köln"][:2] == (50.9059, 6.9059)
    assert len(addresses_of(sozialraeume)) == 2


@pytest.mark.parametrize(
    ("line", "pattern"),
    [
        (";7;;50667;Köln;50,9;6,9", r"Zeile 5, Spalte „Straße“ \(Spalte A\): Die Straße fehlt"),
        ("Ring;;;50667;Köln;50,9;6,9", r"Zeile 5, Spalte „Hausnummer“ \(Spalte B\): Die Hausnummer fehlt"),
        ("Ring;1;;5066;Köln;50,9;6,9", r"Zeile 5, Spalte „PLZ“ \(Spalte D\): „5066“ ist keine fünfstellige"),
        ("Ring;1;;50667;Köln;fünfzig;6,9", r"Zeile 5, Spalte „Breitengrad“ \(Spalte F\): „fünfzig“ ist keine Zahl"),
        ("Ring;1;;50667;Köln;50,9;", r"Zeile 5, Spalte „Längengrad“ \(Spalte G\): Die Koordinate fehlt"),
        ("Ring;1;;50667;Köln;5690000;6,9", r"Zeile 5, Spalte „Breitengrad“ \(Spalte F\): .*UTM bitte vorher umrechnen"),
        ("Hauptstr.;5;;50667;Köln;50,9;6,9", r"Zeile 5: Die Adresse „Hauptstr. 5“ steht schon in Zeile 2"),
    ],
)
def test_a_bad_row_changes_nothing_and_names_row_and_column(
    sozialraeume: Municipality, tmp_path: Path, line: str, pattern: str
) -> None:
    run(sozialraeume, write_csv(tmp_path / "gut.csv", GERMAN))
    before = addresses_of(sozialraeume)
    bad = GERMAN.replace("50,9051;6,9051", "50,1;6,1") + line + "\n"
    with pytest.raises(CommandError, match=pattern):
        run(sozialraeume, write_csv(tmp_path / "schlecht.csv", bad))
    assert addresses_of(sozialraeume) == before


def test_missing_columns_are_named(koeln: Municipality, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"es fehlt „Breitengrad“. Gefunden: Straße, Hausnummer, x, y"):
        run(koeln, write_csv(tmp_path / "utm.csv", "Straße;Hausnummer;x;y\nRing;1;356000;5645000\n"))


def test_an_xlsx_table_with_numbers_as_numbers(koeln: Municipality, tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Straße", "Hausnummer", "PLZ", "Breite", "Länge"])
    sheet.append(["Ring", 3, 50667, 50.93, 6.95])
    path = tmp_path / "adressen.xlsx"
    workbook.save(path)
    run(koeln, path)
    assert addresses_of(koeln) == {"Ring 3, 50667": (50.93, 6.95, None)}
