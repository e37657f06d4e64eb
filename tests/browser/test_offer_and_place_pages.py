"""Offer page (German, English, 320 px), place page, print view and the "Angaben veraltet?" form in its states,
in a real browser: axe-core and the page frame (see check_page)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.scenarios import Scenario, check_page
from tests.directory.offer_pages.conftest import build_offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _send_empty(page: Any) -> None:
    page.get_by_role("button", name="Hinweis absenden").click()
    page.wait_for_load_state("load")


def _send(page: Any) -> None:
    page.get_by_label("Was stimmt nicht mehr?").fill("Das Café ist jetzt mittwochs.")
    page.get_by_role("button", name="Hinweis absenden").click()
    page.wait_for_load_state("load")


def _scenario(which: str, offer: int, place: int) -> Scenario:
    detail = f"/heimstadt/angebote/{offer}-erzaehlcafe-am-markt/"
    feedback = f"/heimstadt/angebote/{offer}/hinweis/"
    return {
        "offer": Scenario("offer", detail, expect_text="In Leichter Sprache"),
        "offer-en": Scenario("offer-en", f"/en{detail}", expect_text="In Leichter Sprache", lang="en"),
        "offer-320px": Scenario("offer-320px", detail, expect_text="In Leichter Sprache", width=320),
        "offer-no-js": Scenario("offer-no-js", detail, expect_text="In Leichter Sprache", javascript=False),
        "place": Scenario("place", f"/heimstadt/orte/{place}/", expect_text="Ein Dritter Ort"),
        "offer-feedback": Scenario("offer-feedback", feedback, expect_text="Hinweis absenden"),
        "offer-feedback-errors": Scenario(
            "offer-feedback-errors", feedback, expect_text="Bitte schreiben Sie kurz", then=_send_empty
        ),
        "offer-feedback-sent": Scenario("offer-feedback-sent", feedback, expect_text="Danke! Ihr Hinweis", then=_send),
        "offer-print": Scenario(
            "offer-print",
            f"/heimstadt/angebote/{offer}/drucken/",
            expect_text="Mehr im Internet",
            kern=False,  # the print sheet deliberately loads only the fonts and its own large-print styles
            footer_links=".print-sheet__footer a[href]",
        ),
    }[which]


SCENARIOS = [
    "offer",
    "offer-en",
    "offer-320px",
    "offer-no-js",
    "place",
    "offer-feedback",
    "offer-feedback-errors",
    "offer-feedback-sent",
    "offer-print",
]


@pytest.mark.parametrize("which", SCENARIOS)
def test_page(request: pytest.FixtureRequest, browse: Any, axe: Any, cast: Any, which: str) -> None:
    world = build_offer(cast)
    check_page(request, browse, axe, _scenario(which, world.offer.pk, world.place.pk))
