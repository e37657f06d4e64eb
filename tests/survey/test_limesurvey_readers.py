"""Reading LimeSurvey's files: the real .lss/.lsr/.txt, a real .lsa (ZIP of them), VV 1 and 2 and CSV
exports derived from the real data — all must yield the same answers — and the archive limits."""

from __future__ import annotations

import io
import zipfile

import pytest

from nahbar.survey.limesurvey.loader import MAX_COMPRESSION_RATIO, load
from nahbar.survey.limesurvey.lss import read_lss
from nahbar.survey.limesurvey.responses import read_csv, read_lsr, read_vv
from nahbar.survey.limesurvey.structure import LimeSurveyError
from nahbar.survey.limesurvey.structure_txt import read_structure_txt
from tests.survey.limesurvey_support import DERIVED, FIXTURES, LSI, LSR, LSS, lsa_bytes, read

AGREEMENT_CODES = ["voll", "zu", "ehrzu", "ehrni", "nicht", "garni"]


def test_lss_questions_subquestions_options_and_texts() -> None:
    structure = read_lss(LSS.read_bytes(), LSS.name)
    assert structure.survey_id == "293446"
    assert structure.languages == ["de-informal"]
    keys = [f.key for f in structure.fields]
    assert len(keys) == 61
    assert keys[:2] == ["engagementArt_anwesenheit", "engagementArt_mitschreiben"]
    inhalt = next(f for f in structure.fields if f.key == "lehrkompetenz_inhalt")
    assert inhalt.sgqa == "293446X21X248inhalt"
    assert inhalt.qtype == "F"
    assert inhalt.option_codes() == AGREEMENT_CODES  # in LimeSurvey's sort order
    assert inhalt.options[0].text() == "trifft voll zu"
    assert inhalt.text() == "Die Dozentin/ der Dozent ... – ...kann die Inhalte verständlich darstellen."
    # HTML is stripped from texts; list answers keep their codes; yes/no questions get Y/N.
    zeit = next(f for f in structure.fields if f.key == "investierteZeit")
    assert "<strong>" not in zeit.text() and "bis jetzt" in zeit.text()
    assert zeit.option_codes() == ["A7", "A2", "A3", "A4", "A5", "A6"]
    assert next(f for f in structure.fields if f.key == "teilnahme").option_codes() == ["Y", "N"]
    # "Other" of a multiple-choice question is a column of its own.
    assert "hilfsmittel_other" in keys


def test_english_lss_and_the_same_questionnaire_as_tab_separated_text() -> None:
    lss = read_lss((FIXTURES / "a_rather_interesting_questionnaire_for_testing.lss").read_bytes(), "a.lss")
    txt = read_structure_txt((FIXTURES / "same_questionnaire_different_fileformat.txt").read_bytes(), "a.txt")
    for structure in (lss, txt):
        assert structure.survey_id == "772267"
        assert [f.key for f in structure.fields] == ["cob", "yob", "fcol", "fcol_other"]
        fcol = structure.fields[2]
        assert fcol.texts == {"en": "What is your favourite colour?"}
        assert [o.text("en") for o in fcol.options] == ["Red", "Green", "Blue", "Yellow", "Orange"]


def test_quexml_is_refused_with_a_reason() -> None:
    with pytest.raises(LimeSurveyError, match="queXML"):
        load(read(FIXTURES / "same_questionnaire_different_fileformat.xml", LSR))


def test_lsr_rows_null_and_incomplete() -> None:
    responses = read_lsr(LSR.read_bytes(), LSR.name)
    assert [row.response_id for row in responses.rows] == ["1", "2", "3", "4"]
    assert [row.complete for row in responses.rows] == [True, True, False, True]
    # Anonymised survey: 1980-01-01 is not a real day, so no day survives.
    assert [row.day for row in responses.rows] == [None, None, None, None]
    assert not responses.dropped.exact_times
    first = responses.rows[0].values
    assert first["293446X21X248inhalt"] == "voll"
    assert first["293446X20X245mitschreiben"] == ""  # present but empty
    assert responses.rows[2].values["293446X21X248inhalt"] is None  # missing element = NULL
    assert "submitdate" not in first and "lastpage" not in first and "id" not in first


def _answers(files: list[tuple[str, bytes]]) -> list[dict[str, str | None]]:
    data = load(files)
    # CSV cannot tell NULL from empty: compare with both read as "".
    return [{k: v or "" for k, v in row.values.items()} for row in data.rows]


@pytest.mark.parametrize("derived", ["vv1.txt", "vv2.txt", "codes_semicolon.csv", "fulltext_comma.csv"])
def test_vv_and_csv_exports_give_the_same_answers_as_the_lsr(derived: str) -> None:
    expected = _answers(read(LSS, LSR))
    assert _answers(read(LSS, DERIVED / derived)) == expected
    data = load(read(LSS, DERIVED / derived))
    assert data.unknown_columns == []
    assert [row.complete for row in data.rows] == [True, True, False, True]


def test_vv1_reads_texts_and_sgqa_without_structure() -> None:
    responses = read_vv((DERIVED / "vv1.txt").read_bytes(), "vv1.txt")
    assert responses.headings[0] == "293446X20X245anwesenheit"
    assert responses.texts["293446X20X245anwesenheit"].endswith("[regelmäßige Anwesenheit]")
    assert responses.rows[2].values["293446X21X248inhalt"] is None  # {question_not_shown}


def test_vv_escapes_and_single_heading_line() -> None:
    text = "id\tsubmitdate\tq1\tq2\n7\t2024-03-05 10:11:12\ta{tab}b{newline}c\t{lbrace}x}{quote}\n"
    responses = read_vv(text.encode(), "mini.txt")
    row = responses.rows[0]
    assert row.values == {"q1": "a\tb\nc", "q2": '{x}"'}
    assert row.response_id == "7" and str(row.day) == "2024-03-05"
    assert responses.dropped.exact_times


def test_csv_without_structure_normalises_bracket_codes() -> None:
    data = load(read(DERIVED / "codes_semicolon.csv"))
    assert data.fields[0].key == "engagementArt_anwesenheit"
    assert data.fields[0].options == []


def test_csv_with_bom_comma_and_german_full_text_privacy_headings() -> None:
    content = (
        '\ufeff"Antwort ID","Datum Abgeschickt","IP-Adresse","Zugangsschlüssel","Frage"\r\n'
        '"3","03.05.2024 09:15","198.51.100.7","abc","2"\r\n'
    )
    responses = read_csv(content.encode("utf-8"), "t.csv")
    assert responses.headings == ["Frage"]
    row = responses.rows[0]
    assert row.values == {"Frage": "2"} and row.response_id == "3" and str(row.day) == "2024-05-03"
    assert responses.dropped.ip == ["IP-Adresse"] and responses.dropped.token == ["Zugangsschlüssel"]


def test_real_lsa_archive() -> None:
    archive = lsa_bytes(LSS, LSR, LSI)
    data = load([("survey_archive_293446.lsa", archive)])
    assert len(data.fields) == 61 and len(data.rows) == 4
    assert data.survey_id == "293446"
    assert data.dropped.ignored_files == ["survey_293446_timings.lsi"]
    assert _answers([("s.lsa", archive)]) == _answers(read(LSS, LSR))


def test_lsa_token_list_is_never_read() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(LSS, LSS.name)
        archive.write(LSR, LSR.name)
        archive.writestr("survey_293446_tokens.lst", "<document>Erika Mustermann erika@example.org</document>")
    data = load([("s.lsa", buffer.getvalue())])
    assert data.dropped.ignored_files == ["survey_293446_tokens.lst"]
    assert "Mustermann" not in repr(data)


def test_lsa_zip_bomb_and_member_paths() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("../../etc/survey_1.lss", b"<" + b"a" * (MAX_COMPRESSION_RATIO * 2000))
    with pytest.raises(LimeSurveyError, match="entpackt zu groß") as caught:
        load([("bomb.lsa", buffer.getvalue())])
    assert "../" not in str(caught.value)  # only the member's base name is ever used


def test_not_a_zip_and_no_responses() -> None:
    with pytest.raises(LimeSurveyError, match="kein gültiges LimeSurvey-Archiv"):
        load([("x.lsa", b"not a zip")])
    with pytest.raises(LimeSurveyError, match="keine mit Antworten"):
        load(read(LSS))
    with pytest.raises(LimeSurveyError, match="keine lesbare LimeSurvey-XML-Datei"):
        load([("x.lsr", b"<document><unclosed>")])


def test_xml_entities_are_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]>'
        b"<document><LimeSurveyDocType>&a;</LimeSurveyDocType></document>"
    )
    with pytest.raises(LimeSurveyError):
        load([("evil.lsr", bomb)])


def test_lss_of_limesurvey_4_with_l10n_tables_reads_the_same() -> None:
    old = read_lss(LSS.read_bytes(), LSS.name)
    new = read_lss((DERIVED / "survey_293446_l10n.lss").read_bytes(), "survey_293446_l10n.lss")
    assert new.fields == old.fields
    assert (new.survey_id, new.languages) == (old.survey_id, old.languages)
    assert _answers(read(DERIVED / "survey_293446_l10n.lss", LSR)) == _answers(read(LSS, LSR))
