"""The survey results page in a real browser: axe-core and the page frame with JavaScript on and off, at
320 px, and the choropleth map (with its hatched "not shown" areas) once opened."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.browser.scenarios import Scenario, assert_styled, check_page
from tests.survey.results_fixtures import small_wave

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PATH = "/heimstadt/ergebnisse/wie-geht-es/welle-1/"
TILE = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")

RESULT_PAGES = [
    Scenario("results", PATH, expect_text="Einsam (UCLA-3) nach Gebiet"),
    Scenario("results-no-js", PATH, expect_text="Einsam (UCLA-3) nach Gebiet", javascript=False),
    Scenario("results-320px", PATH, expect_text="Einsam (UCLA-3) nach Gebiet", width=320),
    Scenario("results-direct", PATH + "?merkmal=direct_often", expect_text="Oft oder immer einsam"),
    Scenario("results-index", "/heimstadt/ergebnisse/", expect_text="Welle 1"),
]


@pytest.fixture
def wave(cast: Any) -> Any:
    made = small_wave(cast.home)
    # Compute once before the browser asks: the first computation (and the imports of scikit-learn and
    # matplotlib) can take longer than the browser's page timeout on a busy machine.
    assert Client().get(PATH).status_code == 200
    return made


@pytest.mark.parametrize("scenario", RESULT_PAGES, ids=lambda s: s.id)
def test_results_page(request: pytest.FixtureRequest, browse: Any, axe: Any, wave: Any, scenario: Scenario) -> None:
    check_page(request, browse, axe, scenario)


def test_map_shows_classes_labels_and_hatched_areas(
    browse: Any, axe: Any, wave: Any, settings: Any, live_server: Any
) -> None:
    settings.NAHBAR_TILE_URL = live_server.url + "/kacheln/{z}/{x}/{y}.png"
    visit = browse(PATH)
    page = visit.page
    page.route("**/kacheln/**", lambda route: route.fulfill(status=200, content_type="image/png", body=TILE))
    page.get_by_role("button", name="Karte anzeigen").click()
    shapes = page.locator("#karte path.leaflet-interactive")
    expect(shapes).to_have_count(3)
    fills = sorted(shapes.evaluate_all("paths => paths.map(p => p.getAttribute('fill'))"))
    assert fills.count("url(#nahbar-hatch)") == 2, fills  # B (secondary) and C (too few answers)
    assert page.locator("#nahbar-hatch").count() == 1
    labels = page.locator(".results-map-label").all_inner_texts()
    assert sum(label.endswith("%") for label in labels) == 1 and labels.count("–") == 2, labels
    assert_styled(visit)
    results = axe(visit, "results-map-open")
    assert results.violations_count == 0, results.generate_report()
