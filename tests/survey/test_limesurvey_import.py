"""Importing the real LimeSurvey data into a wave: suggested mapping and recoding, privacy, atomicity,
the report, the audit row and the ``import-limesurvey`` command."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from nahbar.survey.limesurvey.importer import ImportRejected, import_limesurvey
from nahbar.survey.limesurvey.loader import load
from nahbar.survey.limesurvey.mapping import ColumnMapping, from_json, suggest_mapping, to_json
from nahbar.survey.limesurvey.structure import Field, Option
from nahbar.survey.limesurvey.suggest import suggest_codes
from nahbar.survey.limesurvey.targets import targets_for
from nahbar.survey.models import Response, Survey, Wave
from nahbar.tenancy.models import AuditEvent
from tests.survey.limesurvey_support import DERIVED, LSR, LSS, TRACKING_VALUES, course_survey, lsa_bytes, read

pytestmark = pytest.mark.django_db

EXPECTED = {
    "lehrkompetenz_inhalt": ColumnMapping("own.inhalte", {"voll": 6, "zu": 5, "ehrzu": 4, "ehrni": 3, "nicht": 2,
                                                          "garni": 1}),
    "besondersGut": ColumnMapping("own.gut", {}),
    "teilnahme": ColumnMapping("own.tutorium", {"Y": 1, "N": 2}),
    "hilfsmittel_folien": ColumnMapping("own.medien", {"Y": 1}),
    "hilfsmittel_tafel": ColumnMapping("own.medien", {"Y": 2}),
    "hilfsmittel_internet": ColumnMapping("own.medien", {"Y": 3}),
}  # fmt: skip


@pytest.fixture
def wave(cast: Any) -> Wave:
    return course_survey(cast.home)


def test_suggested_mapping_for_the_real_questionnaire(wave: Wave) -> None:
    data = load(read(LSS, LSR))
    with scope(municipality=wave.municipality):
        mapping = suggest_mapping(data, targets_for(wave))
    # The agreement scale is reversed by its texts; no course question is taken for a loneliness item.
    assert mapping == EXPECTED


def test_soep_style_answers_are_reversed_by_their_texts(cast: Any) -> None:
    with scopes_disabled():
        survey = Survey.objects.create(municipality=cast.home, slug="s", title="S", ucla_variant="ucla3_soep5")
        survey.questions.create(municipality=cast.home, position=1, key="ucla.isolated", kind="single", text_de="x")
        wave = Wave.objects.create(municipality=cast.home, survey=survey, slug="w", name="W",
                                   opens_on=dt.date(2025, 1, 1), closes_on=dt.date(2025, 2, 1))  # fmt: skip
        target = next(t for t in targets_for(wave) if t.key == "ucla.isolated")
    soep = ["sehr oft", "oft", "manchmal", "selten", "nie"]  # SOEP's order: 1 = "sehr oft"
    found = Field("G1Q3", qtype="L", texts={"de": "… sozial isoliert?"},
                  options=[Option(f"A{i}", {"de": text}) for i, text in enumerate(soep, start=1)])  # fmt: skip
    assert suggest_codes(found, target, []) == {"A1": 5, "A2": 4, "A3": 3, "A4": 2, "A5": 1}


def test_unmatched_answer_is_paired_in_the_direction_of_the_matched_ones(cast: Any) -> None:
    with scopes_disabled():
        survey = Survey.objects.create(municipality=cast.home, slug="s", title="S")
        survey.questions.create(municipality=cast.home, position=1, key="ucla.left_out", kind="single", text_de="x")
        wave = Wave.objects.create(municipality=cast.home, survey=survey, slug="w", name="W",
                                   opens_on=dt.date(2025, 1, 1), closes_on=dt.date(2025, 2, 1))  # fmt: skip
        target = next(t for t in targets_for(wave) if t.key == "ucla.left_out")
    # "Selten oder nie" matches none of our labels by text; "Oft" and "Manchmal" show the reversed order.
    answers = ["Oft", "Manchmal", "Selten oder nie"]
    found = Field("G1Q2", qtype="L", options=[Option(f"A{i}", {"de": t}) for i, t in enumerate(answers, start=1)])
    assert suggest_codes(found, target, []) == {"A1": 3, "A2": 2, "A3": 1}
    # Nothing matches: same order assumed (and shown for checking).
    found = Field("G1Q2", qtype="L", options=[Option(c, {"de": c}) for c in ("x", "y", "z")])
    assert suggest_codes(found, target, []) == {"x": 1, "y": 2, "z": 3}


def test_import_real_lsr(wave: Wave, cast: Any) -> None:
    data = load(read(LSS, LSR))
    with scope(municipality=cast.home):
        report = import_limesurvey(wave, data, EXPECTED, actor=cast.users["coordinator"], dry_run=False)
        rows = list(Response.objects.filter(wave=wave).order_by("pk"))
    assert (report.rows_read, report.imported, report.skipped_incomplete, report.skipped_empty) == (4, 3, 1, 0)
    assert len(rows) == 3
    first, second, fourth = rows
    assert first.answers == {"own.inhalte": 6, "own.tutorium": 1}  # multimedia only: not one of own.medien
    assert second.answers == {"own.inhalte": 1, "own.gut": "Bla", "own.tutorium": 2}
    assert fourth.answers == {"own.inhalte": 3, "own.tutorium": 2, "own.medien": [1]}
    # Anonymised submit dates (1980-01-01): the import day instead.
    assert {r.received_on for r in rows} == {timezone.localdate()}
    assert {r.channel for r in rows} == {Response.Channel.IMPORT}
    assert len({r.import_label for r in rows}) == 1 and report.import_label == first.import_label
    assert ("besondersGut", "own.gut") in report.mapped
    assert ("verbesserung", "Wo siehst du Verbesserungspotential für diese Lehrveranstaltung?") in report.unmapped
    with scopes_disabled():
        event = AuditEvent.objects.get(action="survey.limesurvey_import")
    assert event.changes["imported"] == 3 and event.object_id == str(wave.pk)


def test_dry_run_writes_nothing(wave: Wave, cast: Any) -> None:
    with scope(municipality=cast.home):
        report = import_limesurvey(wave, load(read(LSS, LSR)), EXPECTED, actor=None, dry_run=True)
        assert report.imported == 3 and not report.written
        assert not Response.objects.exists()
    with scopes_disabled():
        assert not AuditEvent.objects.filter(action="survey.limesurvey_import").exists()


@pytest.mark.parametrize("derived", ["vv1.txt", "vv2.txt", "codes_semicolon.csv", "fulltext_comma.csv"])
def test_identifying_columns_never_reach_the_database(wave: Wave, cast: Any, derived: str) -> None:
    data = load(read(LSS, DERIVED / derived))
    with scope(municipality=cast.home):
        report = import_limesurvey(wave, data, EXPECTED, actor=cast.users["coordinator"], dry_run=False)
        stored = [(r.answers, r.import_label, str(r.received_on)) for r in Response.objects.filter(wave=wave)]
    assert report.imported == 3
    warnings = " ".join(report.warnings)
    for words in ("IP-Adressen", "Verweis-Adressen", "genaue Zeitpunkte", "Zugangsschlüssel"):
        assert words in warnings
    # Real submit dates: the day survives, never the time.
    assert sorted(day for _a, _l, day in stored) == ["2024-05-01", "2024-05-02", "2024-05-04"]
    with scopes_disabled():
        changes = [e.changes for e in AuditEvent.objects.filter(action="survey.limesurvey_import")]
    assert len(changes) == 1 and "ipaddr" in changes[0]["dropped_columns"]  # names only, never values
    audit_text = json.dumps(changes, ensure_ascii=False)
    everything = json.dumps(stored, ensure_ascii=False) + audit_text + json.dumps(report.as_dict())
    for value in TRACKING_VALUES:
        assert value not in everything, value


def test_bad_value_in_the_last_row_imports_nothing(wave: Wave, cast: Any) -> None:
    text = (DERIVED / "vv2.txt").read_text(encoding="utf-8")
    lines = text.rstrip("\n").split("\n")
    header = lines[0].split("\t")
    last = lines[-1].split("\t")
    last[header.index("lehrkompetenz_inhalt")] = "toll"
    bad = "\n".join([*lines[:-1], "\t".join(last)]) + "\n"
    data = load([(LSS.name, LSS.read_bytes()), ("vv2.txt", bad.encode())])
    with scope(municipality=cast.home), pytest.raises(ImportRejected) as caught:
        import_limesurvey(wave, data, EXPECTED, actor=cast.users["coordinator"], dry_run=False)
    assert caught.value.report.errors == [
        "Antwort Nr. 4 (Datenzeile 4), Spalte „lehrkompetenz_inhalt“: Antwort „toll“ hat keine Zuordnung zu einer "
        "Antwort von „own.inhalte“."
    ]
    with scopes_disabled():
        assert not Response.objects.exists()
        assert not AuditEvent.objects.filter(action="survey.limesurvey_import").exists()


def test_mapping_errors(wave: Wave, cast: Any) -> None:
    data = load(read(LSS, LSR))
    mapping = {
        "nope": ColumnMapping("own.gut"),
        "verbesserung": ColumnMapping("own.unbekannt"),
        "besondersGut": ColumnMapping("own.gut"),
        "freitextTutorat": ColumnMapping("own.gut"),
        "teilnahme": ColumnMapping("own.tutorium", {"Y": 7}),
    }
    with scope(municipality=cast.home):
        report = import_limesurvey(wave, data, mapping, actor=None, dry_run=True)
    assert report.errors == [
        "Die Spalte „nope“ gibt es in der Datei nicht.",
        "Spalte „verbesserung“: Die Befragung hat keine Frage „own.unbekannt“.",
        "Die Frage „own.gut“ ist den Spalten „besondersGut“ und „freitextTutorat“ zugeordnet; bitte nur einer.",
        "Spalte „teilnahme“: „7“ ist keine Antwort der Frage „own.tutorium“.",
    ]


def test_mapping_json_round_trip(wave: Wave, cast: Any) -> None:
    data = load(read(LSS, LSR))
    text = to_json(data, EXPECTED)
    entry = json.loads(text)["columns"]["lehrkompetenz_inhalt"]
    assert entry["answers"]["voll"] == "trifft voll zu" and entry["codes"]["voll"] == 6
    assert json.loads(text)["columns"]["verbesserung"]["item"] is None
    assert from_json(text) == EXPECTED


def test_command_dry_run_then_commit_with_edited_mapping(wave: Wave, cast: Any, tmp_path: Path) -> None:
    archive = tmp_path / "survey_archive_293446.lsa"
    archive.write_bytes(lsa_bytes(LSS, LSR))
    args = ["import_limesurvey", str(archive), "--municipality", "heimstadt", "--survey", "kurs", "--wave", "2024"]
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    printed = json.loads(out.getvalue())  # standard output is one JSON document
    assert from_json(out.getvalue()) == EXPECTED
    assert printed["report"]["imported"] == 3 and not printed["report"]["written"]
    assert "Probelauf" in err.getvalue()
    with scopes_disabled():
        assert not Response.objects.exists()
    printed["mapping"]["columns"]["besondersGut"]["item"] = None
    mapping_file = tmp_path / "mapping.json"
    mapping_file.write_text(json.dumps(printed), encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command(*args, "--mapping", str(mapping_file), "--commit", stdout=out, stderr=err)
    assert "3 Antwortbögen gespeichert." in err.getvalue()
    assert json.loads(out.getvalue())["report"]["written"]
    with scopes_disabled():
        assert not any("own.gut" in r.answers for r in Response.objects.all())
        assert Response.objects.count() == 3


def test_command_reports_errors_and_writes_nothing(wave: Wave, cast: Any, tmp_path: Path) -> None:
    mapping_file = tmp_path / "mapping.json"
    mapping_file.write_text(json.dumps({"columns": {"teilnahme": {"item": "own.tutorium", "codes": {"Y": 1}}}}))
    err = StringIO()
    with pytest.raises(CommandError, match="Nichts wurde gespeichert"):
        call_command(
            *("import_limesurvey", str(LSS), str(LSR), "--municipality", "heimstadt", "--survey", "kurs"),
            *("--wave", "2024", "--mapping", str(mapping_file), "--commit"),
            stdout=StringIO(),
            stderr=err,
        )
    expected = "Fehler: Antwort Nr. 2 (Datenzeile 2), Spalte „teilnahme“: Antwort „N“ hat keine Zuordnung"
    assert expected in err.getvalue()
    with scopes_disabled():
        assert not Response.objects.exists()


def test_command_errors(wave: Wave, cast: Any, tmp_path: Path) -> None:
    bad = tmp_path / "x.lsr"
    bad.write_text("kaputt", encoding="utf-8")
    with pytest.raises(CommandError, match="keine lesbare LimeSurvey-XML-Datei"):
        call_command("import_limesurvey", str(bad), "--municipality", "heimstadt", "--survey", "kurs", "--wave",
                     "2024", stdout=StringIO())  # fmt: skip
    with pytest.raises(CommandError, match="keine Welle „2099“"):
        call_command("import_limesurvey", str(LSR), "--municipality", "heimstadt", "--survey", "kurs", "--wave",
                     "2099", stdout=StringIO())  # fmt: skip
