"""``nahbar stats estimate``: output on the real files, and bad input → German message, exit 1, no traceback."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command, load_command_class

from tests.survey.conftest import POPULATION, RESPONSES


def run(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    load_command_class("nahbar.survey", "stats").run_from_argv(["nahbar", "stats", "estimate", *argv])


def fails(argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        run(argv, monkeypatch)
    assert exit_info.value.code != 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert captured.out == ""
    return captured.err


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def margins_long(tmp_path: Path) -> Path:
    """population_margins.csv (area × age band × sex) as the long variable,level,total table."""
    totals: dict[tuple[str, str], int] = {}
    with POPULATION.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for variable in ("area_code", "age_band", "sex"):
                key = (variable, row[variable])
                totals[key] = totals.get(key, 0) + int(row["persons"])
    lines = ["variable,level,total"] + [f"{variable},{level},{total}" for (variable, level), total in totals.items()]
    return write(tmp_path / "margins.csv", "\n".join(lines) + "\n")


def table(output: str) -> dict[str, dict[str, str]]:
    return {row["group"]: row for row in csv.DictReader(io.StringIO(output))}


# --- output --------------------------------------------------------------------------------------------


def test_a_raked_share_by_area_on_the_real_files(
    margins_long: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run(["--responses", str(RESPONSES), "--rake-margins", str(margins_long), "--share", "direct_lonely >= 5",
         "--by", "area_code"], monkeypatch)  # fmt: skip
    captured = capsys.readouterr()
    rows = table(captured.out)
    assert list(rows) == ["all"] + [f"A{i:02d}" for i in range(1, 13)]
    assert list(rows["all"]) == ["group", "n", "estimate", "se", "ci_low", "ci_high", "cv", "published",
                                 "suppression", "cv_flag"]  # fmt: skip
    assert rows["all"]["n"] == "6000"
    low, estimate, high = (float(rows["all"][key]) for key in ("ci_low", "estimate", "ci_high"))
    assert 0.05 < low < estimate < high < 0.12
    assert "6000 Antworten ausgewertet, 0 ohne Wert" in captured.err


def test_rows_without_a_value_are_left_out_and_counted(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run(["--responses", str(RESPONSES), "--mean", "ucla_isolated"], monkeypatch)
    captured = capsys.readouterr()
    assert table(captured.out)["all"]["n"] == "5940"
    assert "5940 Antworten ausgewertet, 60 ohne Wert nicht berücksichtigt" in captured.err


def test_a_small_group_is_blanked_and_another_goes_with_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ["g;y"] + ["a;1"] * 40 + ["a;0"] * 40 + ["b;1"] * 50 + ["b;0"] * 50 + ["c;1"] * 3 + ["c;0"] * 7
    path = write(tmp_path / "semikolon.csv", "\n".join(lines) + "\n")
    out = tmp_path / "out.csv"
    call_command("stats", "estimate", "--responses", str(path), "--share", "y == 1", "--by", "g", "--out", str(out))
    rows = table(out.read_text(encoding="utf-8"))
    assert rows["all"]["published"] == "1" and rows["b"]["published"] == "1"
    assert (rows["c"]["suppression"], rows["a"]["suppression"]) == ("n_below_min", "secondary")
    assert rows["c"]["n"] == rows["c"]["estimate"] == rows["a"]["n"] == rows["a"]["se"] == ""


def test_decimal_commas_in_a_semicolon_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ["y;w"] + [f"{i % 7},5;{1 + i % 3},0" for i in range(60)]
    run(["--responses", str(write(tmp_path / "d.csv", "\n".join(lines))), "--mean", "y", "--weights", "w"], monkeypatch)
    assert 3 < float(table(capsys.readouterr().out)["all"]["estimate"]) < 4


# --- bad input -----------------------------------------------------------------------------------------


def test_a_missing_column_is_named(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    err = fails(["--responses", str(RESPONSES), "--mean", "ucla_isolated", "--by", "bezirk"], monkeypatch, capsys)
    assert "Die Spalte „bezirk“ fehlt" in err and "area_code" in err


@pytest.mark.parametrize(
    "condition", ["direct_lonely = 5", "direct_lonely => 5", "direct_lonely 5", "direct_lonely =="]
)
def test_a_bad_operator_is_explained(
    condition: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    err = fails(["--responses", str(RESPONSES), "--share", condition], monkeypatch, capsys)
    assert "keine gültige Bedingung" in err or "fehlt der Wert" in err


def test_a_non_numeric_value_names_column_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "r.csv", "score,area\n4,A\n5,A\noft,B\n")
    err = fails(["--responses", str(path), "--mean", "score"], monkeypatch, capsys)
    assert "Spalte „score“, Zeile 4: „oft“ ist keine Zahl" in err


def test_comparing_text_with_less_than_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    err = fails(["--responses", str(RESPONSES), "--share", "sex < w"], monkeypatch, capsys)
    assert "Operator < braucht Zahlen" in err and "„sex“" in err


def test_a_text_value_for_a_numeric_column_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    err = fails(["--responses", str(RESPONSES), "--share", "direct_lonely == oft"], monkeypatch, capsys)
    assert "„oft“ in der Bedingung ist aber keine" in err


@pytest.mark.parametrize(("text", "message"), [("", "ist leer"), ("a,b\n", "keine Datenzeilen")])
def test_an_empty_file_is_named(
    text: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    err = fails(["--responses", str(write(tmp_path / "leer.csv", text)), "--mean", "a"], monkeypatch, capsys)
    assert message in err


def test_a_missing_file_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    err = fails(["--responses", str(tmp_path / "nix.csv"), "--mean", "a"], monkeypatch, capsys)
    assert "nix.csv" in err and "lässt sich nicht lesen" in err


def test_a_level_missing_from_the_margins_is_named(
    margins_long: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [line for line in margins_long.read_text().splitlines() if not line.startswith("area_code,A07,")]
    write(margins_long, "\n".join(lines))
    err = fails(["--responses", str(RESPONSES), "--rake-margins", str(margins_long), "--mean", "direct_lonely"],
                monkeypatch, capsys)  # fmt: skip
    assert "Stufe „A07“ der Variable „area_code“ kommt in den Antworten vor, fehlt aber" in err


def test_a_margin_level_without_respondents_is_named(
    margins_long: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(margins_long, margins_long.read_text() + "sex,d,0\n".replace(",0", ",10"))
    err = fails(["--responses", str(RESPONSES), "--rake-margins", str(margins_long), "--mean", "direct_lonely"],
                monkeypatch, capsys)  # fmt: skip
    assert "Stufe „d“ der Variable „sex“ steht in der Randverteilung" in err


def test_margins_of_different_populations_are_refused(
    margins_long: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = margins_long.read_text()
    write(margins_long, text.replace("sex,w,", "sex,w,1"))  # a digit more women
    err = fails(["--responses", str(RESPONSES), "--rake-margins", str(margins_long), "--mean", "direct_lonely"],
                monkeypatch, capsys)  # fmt: skip
    assert "nicht dieselbe Bevölkerung" in err


def test_bad_margin_rows_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    margins = write(tmp_path / "m.csv", "variable,level,total\nsex,w,100\nsex,w,200\n")
    err = fails(
        ["--responses", str(RESPONSES), "--rake-margins", str(margins), "--mean", "direct_lonely"], monkeypatch, capsys
    )
    assert "Zeile 3" in err and "doppelt" in err
    write(margins, "variable,level,total\nsex,w,viele\n")
    err = fails(
        ["--responses", str(RESPONSES), "--rake-margins", str(margins), "--mean", "direct_lonely"], monkeypatch, capsys
    )
    assert "Spalte „total“, Zeile 2: „viele“ ist keine Zahl" in err
    write(margins, "variable,stufe,total\nsex,w,1\n")
    err = fails(
        ["--responses", str(RESPONSES), "--rake-margins", str(margins), "--mean", "direct_lonely"], monkeypatch, capsys
    )
    assert "Die Spalte „level“ fehlt" in err


def test_weights_must_be_positive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "r.csv", "y,w\n1,2\n0,0\n")
    err = fails(["--responses", str(path), "--mean", "y", "--weights", "w"], monkeypatch, capsys)
    assert "Spalte „w“, Zeile 3: der Wert muss größer als 0 sein" in err


def test_fpc_below_the_sample_size_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "r.csv", "y,s,N\n1,a,2\n0,a,2\n1,a,2\n0,b,50\n1,b,50\n")
    err = fails(["--responses", str(path), "--mean", "y", "--strata", "s", "--fpc", "N"], monkeypatch, capsys)
    assert "Bevölkerungsgröße 2 ist kleiner als die 3 Antworten" in err


def test_a_stratum_with_one_respondent_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "r.csv", "y,s\n1,a\n0,a\n1,b\n")
    err = fails(["--responses", str(path), "--mean", "y", "--strata", "s"], monkeypatch, capsys)
    assert "Schicht „b“" in err


def test_a_file_that_is_not_utf8_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("größe\n1\n".encode("latin-1"))
    err = fails(["--responses", str(path), "--mean", "größe"], monkeypatch, capsys)
    assert "nicht in UTF-8" in err
