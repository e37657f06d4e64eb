"""Spreadsheet import: a verdict per row with row and column named, nothing written unless every row is fine."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django_scopes import scope, scopes_disabled

from nahbar.directory.models import Offer, Organization, Place, Schedule
from nahbar.directory.spreadsheets import export
from nahbar.directory.spreadsheets.columns import OFFERS, ORGANIZATIONS, PLACES, Sheet
from nahbar.directory.spreadsheets.importer import (
    ImportPlan,
    PlanNotApplicable,
    SpreadsheetError,
    apply_plan,
    plan_file,
)
from nahbar.tenancy.models import AuditEvent
from tests import factories
from tests.directory.search.builders import term, titles

pytestmark = pytest.mark.django_db


def csv_file(tmp_path: Path, lines: list[str], name: str = "tabelle.csv", encoding: str = "utf-8-sig") -> Path:
    path = tmp_path / name
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


def plan(cast: Any, sheet: Sheet, path: Path) -> ImportPlan:
    with scope(municipality=cast.home):
        return plan_file(sheet, cast.home, path)


def errors(result: ImportPlan) -> list[tuple[int, str, str]]:
    return [(row.number, where, message) for row in result.rows for where, message in row.errors]


def test_new_offers_are_planned_then_written_with_audit_and_index(cast: Any, tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        [
            "Titel;Organisation;Kurzbeschreibung;Format;Kostenlos;Prüfstatus;Erster Termin;Wochentage;Beginn",
            f"Spieletreff;{cast.home_org.name};Brettspiele für alle;Spiele;ja;veröffentlicht;02.03.2026;Mi;16:00",
            f'"Kochabend";{cast.home_org.name};Gemeinsam kochen;"Essen, Kochen, Backen";nein;;;;',
        ],
    )
    result = plan(cast, OFFERS, path)
    assert errors(result) == []
    assert result.counts == {"new": 2, "changed": 0, "unchanged": 0, "rejected": 0}
    with scopes_disabled():
        assert not Offer.objects.filter(title="Spieletreff").exists()  # planning writes nothing
    with scope(municipality=cast.home):
        apply_plan(result, actor=cast.users["coordinator"], file_name="tabelle.csv")
    with scopes_disabled():
        games = Offer.objects.get(title="Spieletreff")
        cooking = Offer.objects.get(title="Kochabend")
        assert games.review_state == "published" and games.is_free
        assert cooking.review_state == "draft" and not cooking.is_free  # no state given: a draft
        assert [t.code for t in cooking.formats.all()] == ["essen"]
        schedule = games.schedules.get()
        assert (schedule.rrule, schedule.dtstart, schedule.start_time) == (
            "FREQ=WEEKLY;BYDAY=WE",
            dt.date(2026, 3, 2),
            dt.time(16, 0),
        )
        assert AuditEvent.objects.filter(action="spreadsheet.import", municipality=cast.home).count() == 1
        assert AuditEvent.objects.filter(action="offer.create", object_id=str(games.pk)).exists()
    assert titles(cast.home, "q=Brettspiele") == ["Spieletreff"]


def test_every_bad_cell_is_named_by_row_and_column(cast: Any, tmp_path: Path) -> None:
    with scopes_disabled():
        foreign = factories.offer(cast.other_org, title="Fremd")
    path = csv_file(
        tmp_path,
        [
            "Nr.;Titel;Organisation;Kurzbeschreibung;Kostenlos;Format;E-Mail;Gültig ab;Wochentage;Regel (RRULE)",
            f"{foreign.pk};Fremd;{cast.home_org.name};x;ja;;;;;",
            ";Ok;Gibt es nicht;x;vielleicht;Origami;keine-mail;31.02.2026;;",
            f";{'T' * 201};{cast.home_org.name};x;ja;;;;Mo;FREQ=WEEKLY",
            f";Ohne Kurzbeschreibung;{cast.home_org.name};;ja;;;;Fr, Funtag;",
        ],
    )
    found = errors(plan(cast, OFFERS, path))
    by_row: dict[int, list[str]] = {}
    for number, where, message in found:
        by_row.setdefault(number, []).append(f"{where}: {message}")
    assert by_row[2] == [
        f"„Nr.“ (Spalte A): Einen Eintrag mit der Nr. {foreign.pk} gibt es in dieser Kommune nicht; "
        "für neue Einträge die Nr. leer lassen."
    ]
    assert "„Organisation“ (Spalte C): Eine Organisation „Gibt es nicht“ gibt es in dieser Kommune nicht." in by_row[3]
    assert "„Kostenlos“ (Spalte E): „vielleicht“ ist weder „ja“ noch „nein“." in by_row[3]
    assert any(line.startswith("„Format“ (Spalte F): „Origami“ ist kein Begriff") for line in by_row[3])
    assert "„Gültig ab“ (Spalte H): „31.02.2026“ ist kein gültiges Datum (erwartet z. B. 31.12.2026)." in by_row[3]
    assert any(line.startswith("„E-Mail“ (Spalte G): ") for line in by_row[3]), by_row[3]
    assert any(
        line.startswith("„Titel“ (Spalte B): Bitte sicherstellen, dass der Wert aus höchstens 200")
        for line in by_row[4]
    )
    assert "„Erster Termin“: Für eine Terminregel ist der erste Termin nötig." in by_row[4]
    assert "„Regel (RRULE)“ (Spalte J): Bitte entweder Wochentage oder eine Regel angeben, nicht beides." in by_row[4]
    assert "„Kurzbeschreibung“ (Spalte D): Für neue Einträge ist diese Angabe nötig." in by_row[5]
    assert any(line.startswith("„Wochentage“ (Spalte I): „Funtag“ ist kein Wochentag") for line in by_row[5])


def test_one_bad_row_means_nothing_is_written(cast: Any, tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        ["Name;Art;E-Mail", "Neuer Verein;Verein;info@verein.de", "Zweiter Verein;Sportclub;"],
    )
    result = plan(cast, ORGANIZATIONS, path)
    assert result.counts["rejected"] == 1 and not result.can_apply
    with scope(municipality=cast.home), pytest.raises(PlanNotApplicable):
        apply_plan(result, actor=cast.users["coordinator"])
    with scopes_disabled():
        assert not Organization.objects.filter(name="Neuer Verein").exists()


def test_export_then_import_is_unchanged_and_a_partial_sheet_changes_only_its_columns(
    cast: Any, tmp_path: Path
) -> None:
    with scopes_disabled():
        place = factories.place(cast.home_org, name="Wärmestube", latitude=51.05, longitude=13.74, is_third_place=True)
        place.accessibility.set([term("accessibility", "stufenlos")])
        offer = factories.offer(cast.home_org, title="Erzählcafé", valid_from=dt.date(2026, 1, 1))
        offer.places.set([place])
        offer.formats.set([term("format", "essen"), term("format", "erzaehlcafe")])
        factories.weekly_schedule(offer, byday="TU,TH", rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH")
        monthly = factories.offer(cast.home_org, title="Monatstreff")
        factories.weekly_schedule(monthly, rrule="FREQ=MONTHLY;BYDAY=2TU")
    for sheet in (ORGANIZATIONS, PLACES, OFFERS):
        for fmt in ("csv", "xlsx"):
            with scope(municipality=cast.home):
                objects = export.prefetched(sheet, sheet.model.objects.filter(municipality=cast.home))
                content = export.write(fmt, sheet, objects, cast.home)
            path = tmp_path / f"{sheet.slug}.{fmt}"
            path.write_bytes(content)
            result = plan(cast, sheet, path)
            assert errors(result) == [], (sheet.slug, fmt)
            assert {row.action for row in result.rows} == {"unchanged"}, [(r.label, r.changes) for r in result.rows]
    path = csv_file(tmp_path, ["Nr.;Titel", f"{offer.pk};Erzählcafé am Markt"])
    result = plan(cast, OFFERS, path)
    assert [(row.action, row.changes) for row in result.rows] == [
        ("changed", [("Titel", "Erzählcafé", "Erzählcafé am Markt")])
    ]
    with scope(municipality=cast.home):
        apply_plan(result, actor=cast.users["coordinator"])
    with scopes_disabled():
        offer.refresh_from_db()
        assert offer.title == "Erzählcafé am Markt"
        assert offer.formats.count() == 2 and offer.schedules.count() == 1  # untouched: not in the sheet
        event = AuditEvent.objects.get(action="offer.update", object_id=str(offer.pk))
        assert event.changes == {"title": ["Erzählcafé", "Erzählcafé am Markt"]}


def test_schedule_columns_update_the_single_rule_and_refuse_offers_with_several(cast: Any, tmp_path: Path) -> None:
    with scopes_disabled():
        single = factories.offer(cast.home_org, title="Einzeln")
        schedule = factories.weekly_schedule(single, byday="MO", exdates=["2026-03-02"])
        double = factories.offer(cast.home_org, title="Doppelt")
        factories.weekly_schedule(double, byday="MO")
        factories.weekly_schedule(double, byday="FR")
    header = "Nr.;Erster Termin;Wochentage;Alle … Wochen;Beginn;Dauer (Minuten)"
    result = plan(cast, OFFERS, csv_file(tmp_path, [header, f"{single.pk};05.01.2026;Di, Do;2;10:30;90"]))
    assert errors(result) == []
    with scope(municipality=cast.home):
        apply_plan(result, actor=cast.users["coordinator"])
    with scopes_disabled():
        schedule = Schedule.objects.get(pk=schedule.pk)
    assert schedule.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH"
    assert (schedule.start_time, schedule.duration_minutes) == (dt.time(10, 30), 90)
    assert schedule.exdates == ["2026-03-02"]  # cancellations are not in the sheet, so they stay
    result = plan(cast, OFFERS, csv_file(tmp_path, [header, f"{double.pk};05.01.2026;Di;;;"], "b.csv"))
    assert [m for _n, _w, m in errors(result)] == [
        "Dieses Angebot hat mehrere Terminregeln; bitte in nahbar bearbeiten."
    ]


def test_places_read_german_numbers_and_excel_postcodes(cast: Any, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Organisation", "PLZ", "Breitengrad", "Längengrad", "Dritter Ort", "Barrierefreiheit"])
    sheet.append(["Bibliothek Süd", cast.home_org.name, 1067, "51,0504", 13.7373, "ja", "stufenlos, Sitzgelegenheiten"])
    path = tmp_path / "orte.xlsx"
    workbook.save(path)
    result = plan(cast, PLACES, path)
    assert errors(result) == []
    with scope(municipality=cast.home):
        apply_plan(result, actor=cast.users["coordinator"])
    with scopes_disabled():
        created = Place.objects.get(name="Bibliothek Süd")
        assert (created.postcode, created.latitude, created.is_third_place) == ("01067", 51.0504, True)
        assert sorted(t.code for t in created.accessibility.all()) == ["sitzgelegenheiten", "stufenlos"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: csv_file(p, ["Name;Farbe", "Verein;blau"]), "Zeile 1, Spalte B: Die Überschrift „Farbe“"),
        (lambda p: csv_file(p, ["Name;Name", "a;b"]), "Zeile 1, Spalte B: Die Spalte „Name“ steht zweimal"),
        (lambda p: csv_file(p, ["Name;Art", "Kürbisverein;Verein"], encoding="latin-1"), "nicht UTF-8-kodiert"),
        (lambda p: _write(p / "x.xlsx", b"PK\x03\x04 kaputt"), "keine gültige XLSX-Datei"),
        (lambda p: _write(p / "x.ods", b"irgendwas"), "wird nicht unterstützt"),
        (lambda p: _merged_header(p), "verbundene Zellen"),
        (lambda p: _write(p / "riesig.csv", b"Name\n" + b"x" * (11 * 1024 * 1024)), "höchstens 10 MB"),
    ],
)
def test_malformed_files_get_a_clear_message_and_change_nothing(
    cast: Any, tmp_path: Path, make: Any, message: str
) -> None:
    path = make(tmp_path)
    with scopes_disabled():
        before = Organization.objects.count()
    with pytest.raises(SpreadsheetError) as caught:
        plan(cast, ORGANIZATIONS, path)
    assert message in str(caught.value)
    with scopes_disabled():
        assert Organization.objects.count() == before


def test_bom_and_semicolons_from_german_excel_are_read(cast: Any, tmp_path: Path) -> None:
    path = csv_file(tmp_path, ["Name;Art;Telefon", "Seniorentreff e.V.;Verein;0351 123"])
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    result = plan(cast, ORGANIZATIONS, path)
    assert errors(result) == [] and result.rows[0].fields["name"] == "Seniorentreff e.V."


def _write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def _merged_header(tmp_path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Art"])
    sheet.append(["Verein", "Verein"])
    sheet.merge_cells("A1:B1")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _write(tmp_path / "merged.xlsx", buffer.getvalue())
