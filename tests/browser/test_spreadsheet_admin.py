"""The admin's spreadsheet import in a real browser: the upload form, a preview with errors and a preview
ready to confirm all pass axe-core and keep the page frame (one <h1>, skip link, footer links)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.scenarios import Scenario, admin_state, admin_state_problems
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

IMPORT_PATH = "/admin/directory/organization/tabelle/"


def _state(name: str, text: str) -> Scenario:
    return admin_state(name, IMPORT_PATH, text)


def _check(visit: Any, axe: Any, scenario: Scenario) -> list[str]:
    return admin_state_problems(visit, axe, scenario)


def _upload(visit: Any, path: Path) -> None:
    page = visit.page
    visit.goto(IMPORT_PATH)
    page.get_by_label("Tabelle (.csv oder .xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Vorschau anzeigen").click()
    page.wait_for_load_state("load")


def test_import_screens(cast: Any, browse: Any, axe: Any, tmp_path: Path) -> None:
    visit = browse(f"/admin/login/?next={IMPORT_PATH}")
    page = visit.page
    page.get_by_label("Benutzername").fill("coordinator")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state("load")
    problems = _check(visit, axe, _state("import-upload", "Vorlage als Excel-Datei (mit Hinweisen)"))
    bad = tmp_path / "fehler.csv"
    bad.write_text("Name;Art\nLesepaten;Verein\nSchachfreunde;Schachclub\n", encoding="utf-8")
    _upload(visit, bad)
    problems += _check(visit, axe, _state("import-errors", "1 neu, 0 geändert, 0 unverändert, 1 mit Fehlern."))
    good = tmp_path / "gut.csv"
    good.write_text("Name;Art\nLesepaten;Verein\n", encoding="utf-8")
    _upload(visit, good)
    problems += _check(visit, axe, _state("import-ready", "Import bestätigen"))
    assert not problems, "\n".join(problems)
