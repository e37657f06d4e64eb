"""The admin's HSDS import in a real browser: the form, a preview with rejected records and a preview ready
to confirm pass axe-core and keep the page frame."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.browser.scenarios import Scenario, admin_state, admin_state_problems
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

IMPORT_PATH = "/admin/opendata/importsource/hsds-import/"
EXAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "hsds" / "examples" / "service_full.json"


def _state(name: str, text: str) -> Scenario:
    return admin_state(name, IMPORT_PATH, text)


def _check(visit: Any, axe: Any, scenario: Scenario) -> list[str]:
    return admin_state_problems(visit, axe, scenario)


def _upload(visit: Any, path: Path) -> None:
    page = visit.page
    visit.goto(IMPORT_PATH)
    page.get_by_label("Datei (.json oder .zip)").set_input_files(str(path))
    page.get_by_role("button", name="Vorschau anzeigen").click()
    page.wait_for_load_state("load")


def test_hsds_import_screens(cast: Any, browse: Any, axe: Any, tmp_path: Path) -> None:
    visit = browse(f"/admin/login/?next={IMPORT_PATH}")
    page = visit.page
    page.get_by_label("Benutzername").fill("coordinator")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state("load")
    problems = _check(visit, axe, _state("hsds-import-form", "oder Adresse einer HSDS-Schnittstelle"))
    _upload(visit, EXAMPLE)  # the official example's latitude 100 gets its place rejected
    problems += _check(visit, axe, _state("hsds-import-rejected", "Abgelehnte Einträge"))
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["service_at_locations"][0]["location"]["latitude"] = 51.05
    good = tmp_path / "dienst.json"
    good.write_text(json.dumps(data), encoding="utf-8")
    _upload(visit, good)
    problems += _check(visit, axe, _state("hsds-import-ready", "Noch ist nichts gespeichert."))
    page.get_by_role("button", name="Import bestätigen").click()
    page.wait_for_load_state("load")
    assert "HSDS-Import abgeschlossen" in page.content()
    assert not problems, "\n".join(problems)
