"""The spreadsheet commands: export, then a dry run shows every row unchanged; --commit writes; bad files fail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled

from nahbar.directory.models import Organization
from tests import factories

pytestmark = pytest.mark.django_db


def test_export_and_dry_run_then_commit(cast: Any, tmp_path: Path, capsys: Any) -> None:
    with scopes_disabled():
        factories.offer(cast.home_org, title="Erzählcafé")
    target = tmp_path / "angebote.xlsx"
    call_command("export_spreadsheet", municipality="heimstadt", sheet="angebote", output=target)
    call_command("import_spreadsheet", str(target), municipality="heimstadt", sheet="angebote")
    assert "0 neu, 0 geändert, 1 unverändert, 0 mit Fehlern. Probelauf" in capsys.readouterr().out
    new = tmp_path / "vereine.csv"
    new.write_text("Name;Art\nTafel e.V.;Verein\n", encoding="utf-8")
    call_command("import_spreadsheet", str(new), municipality="heimstadt", sheet="organisationen")
    with scopes_disabled():
        assert not Organization.objects.filter(name="Tafel e.V.").exists()
    call_command("import_spreadsheet", str(new), municipality="heimstadt", sheet="organisationen", commit=True)
    with scopes_disabled():
        assert Organization.objects.filter(name="Tafel e.V.", municipality=cast.home).count() == 1


def test_rejected_rows_fail_the_command_and_name_the_cell(cast: Any, tmp_path: Path, capsys: Any) -> None:
    bad = tmp_path / "vereine.csv"
    bad.write_text("Name;Art\nA;Verein\nB;Kegelclub\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"1 mit Fehlern\. Nichts wurde gespeichert\."):
        call_command("import_spreadsheet", str(bad), municipality="heimstadt", sheet="organisationen", commit=True)
    assert "Zeile 3, „Art“ (Spalte B): „Kegelclub“ ist nicht erlaubt" in capsys.readouterr().err
    with scopes_disabled():
        assert not Organization.objects.filter(name="A").exists()
    with pytest.raises(CommandError, match=r"Endung \.csv oder \.xlsx"):
        call_command("export_spreadsheet", municipality="heimstadt", sheet="orte", output=tmp_path / "x.ods")
