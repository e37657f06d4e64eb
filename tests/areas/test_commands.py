"""The commands: a summary on stdout, errors on stderr with a non-zero exit, a progress bar only when asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import load_command_class
from django.core.management.base import CommandError

from nahbar.areas.services import areas_import
from nahbar.tenancy.models import Municipality
from tests.areas.conftest import BERLIN, BERLIN_BEZIRKE, area_count, import_areas, import_stats

pytestmark = pytest.mark.django_db


def run_from_command_line(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # run_from_argv closes the database connections at the end, which would end the test's transaction.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    load_command_class("nahbar.areas", argv[1]).run_from_argv(argv)


def test_a_bad_file_exits_non_zero_with_the_message_on_stderr(
    berlin: Municipality, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kaputt.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [')
    argv = ["nahbar", "import_areas", str(path), "--municipality", "berlin", "--level", "Bezirk",
            "--code-field", "cartodb_id", "--name-field", "name"]  # fmt: skip

    with pytest.raises(SystemExit) as exit_info:
        run_from_command_line(argv, monkeypatch)

    assert exit_info.value.code == 1
    captured = capsys.readouterr()
    assert "kein gültiges JSON" in captured.err and "Zeile 1" in captured.err
    assert captured.out == ""
    assert area_count(berlin) == 0


def test_the_summary_names_counts_and_places(berlin: Municipality) -> None:
    output = import_areas(berlin, BERLIN_BEZIRKE, **BERLIN)
    assert "Ebene „Bezirk“ (Rang 1): 12 neu, 0 geändert, 0 unverändert." in output
    assert "Orte neu zugeordnet: 0" in output


def test_an_unknown_municipality_is_named(berlin: Municipality) -> None:
    with pytest.raises(CommandError, match="Kürzel „hamburg“"):
        import_areas(Municipality(slug="hamburg"), BERLIN_BEZIRKE, **BERLIN)
    with pytest.raises(CommandError, match="Kürzel „hamburg“"):
        import_stats(Municipality(slug="hamburg"), BERLIN_BEZIRKE)


def test_the_progress_bar_goes_to_stderr(berlin: Municipality, capsys: pytest.CaptureFixture[str]) -> None:
    areas_import(actor=None, municipality=berlin, path=BERLIN_BEZIRKE, progress=True, **BERLIN)
    captured = capsys.readouterr()
    assert "Gebiete prüfen" in captured.err and "/12" in captured.err
    assert captured.out == ""
