"""The LimeSurvey import screen in a real browser without JavaScript: the upload form and the mapping page
with its warnings and preview pass axe-core and keep the page frame (one <h1>, skip link, footer links)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.scenarios import Scenario, frame_problems
from tests.conftest import PASSWORD
from tests.survey.limesurvey_support import DERIVED, LSS, course_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

UPLOAD = "/heimstadt/intern/befragungen/import/"


def _check(visit: Any, axe: Any, scenario: Scenario) -> list[str]:
    from playwright.sync_api import expect

    expect(visit.page.get_by_text(scenario.expect_text).first).to_be_visible()
    results = axe(visit, scenario.id)
    problems = [results.generate_report()] if results.violations_count else []
    return problems + frame_problems(visit, scenario)


def test_import_screens(cast: Any, browse: Any, axe: Any, settings: Any, tmp_path: Path) -> None:
    settings.NAHBAR_IMPORT_DIR = tmp_path / "imports"
    course_survey(cast.home)
    visit = browse(f"/admin/login/?next={UPLOAD}", javascript=False)
    page = visit.page
    page.get_by_label("Benutzername").fill("coordinator")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state("load")
    problems = _check(visit, axe, Scenario("limesurvey-upload", UPLOAD, expect_text="Hochladen und Zuordnung"))
    page.get_by_label("Befragung und Welle").select_option(label="Kursbefragung – Welle 2024")
    page.get_by_label("Datei aus LimeSurvey").set_input_files(str(LSS))
    page.get_by_label("Zweite Datei").set_input_files(str(DERIVED / "vv1.txt"))
    page.get_by_role("button", name="Hochladen und Zuordnung vorschlagen").click()
    page.wait_for_load_state("load")
    problems += _check(visit, axe, Scenario("limesurvey-mapping", UPLOAD, expect_text="Die Datei enthält IP-Adressen"))
    page.get_by_role("button", name="Importieren").click()
    page.wait_for_load_state("load")
    problems += _check(visit, axe, Scenario("limesurvey-done", UPLOAD, expect_text="3 Antwortbögen"))
    assert not problems, "\n".join(problems)
