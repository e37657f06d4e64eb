"""The finder, its map and calendar views, the Leichte Sprache page and the printable weekly plan in a real
browser: axe-core and the page frame (see check_page), with JavaScript on and off."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.scenarios import Scenario, check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Erzählcafé am Nachmittag"

FINDER_PAGES = [
    Scenario("finder", "/heimstadt/angebote/", expect_text=TITLE, offers=True),
    Scenario("finder-text", "/heimstadt/angebote/?q=erz%C3%A4hlen", expect_text=TITLE, offers=True),
    Scenario("finder-en", "/en/heimstadt/angebote/", expect_text=TITLE, lang="en", offers=True),
    Scenario(
        "finder-no-js", "/heimstadt/angebote/?q=Erz%C3%A4hlcaf%C3%A9", expect_text=TITLE, offers=True, javascript=False
    ),
    Scenario("finder-320px", "/heimstadt/angebote/", expect_text=TITLE, offers=True, width=320),
    Scenario("finder-empty", "/heimstadt/angebote/?q=Zeppelinrundflug", expect_text="0 Angebote gefunden", offers=True),
    Scenario(
        "finder-errors",
        "/heimstadt/angebote/?tag=nie&von=gestern",
        expect_text="Einige Angaben konnten wir nicht verwenden",
        offers=True,
    ),
    Scenario("finder-calendar", "/heimstadt/angebote/kalender/", expect_text=TITLE, offers=True),
    Scenario("finder-map", "/heimstadt/angebote/karte/", expect_text="Angebote auf der Karte", offers=True),
    Scenario(
        "finder-map-no-js",
        "/heimstadt/angebote/karte/",
        expect_text="Angebote auf der Karte",
        offers=True,
        javascript=False,
    ),
    Scenario("easy-language", "/heimstadt/leichte-sprache/", expect_text="Treffen in Heimstadt", offers=True),
    Scenario("weekly-plan", "/heimstadt/wochenplan/", expect_text=TITLE, offers=True, kern=False),
]


@pytest.mark.parametrize("scenario", FINDER_PAGES, ids=lambda s: s.id)
def test_finder_page(request: pytest.FixtureRequest, browse: Any, axe: Any, scenario: Scenario) -> None:
    check_page(request, browse, axe, scenario)
