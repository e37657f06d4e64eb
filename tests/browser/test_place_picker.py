"""The "Ort oder Adresse" field (suggestions while typing, or resolved on the server without JavaScript)
and the clustered map, in a real browser, by keyboard, with axe-core on every state."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from nahbar.areas.services import addresses_import
from nahbar.directory.services import offer_create, place_create, schedule_add
from tests.browser.scenarios import assert_styled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ADDRESSES = (
    "Straße;Hausnummer;PLZ;Ort;Breitengrad;Längengrad\n"
    "Hauptstraße;5;01067;Heimstadt;51,0500;13,7400\n"
    "Hauptstraße;7;01067;Heimstadt;51,0502;13,7402\n"
    "Hauptstraße;5;01069;Heimstadt;51,1000;13,8000\n"
)
# A 1×1 transparent PNG: the map's tiles, answered by the test instead of a tile server.
TILE = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")


@pytest.fixture
def town(cast: Any, tmp_path: Path) -> Any:
    import datetime as dt

    from django.utils import timezone

    table = tmp_path / "adressen.csv"
    table.write_text(ADDRESSES, encoding="utf-8")
    with scopes_disabled():
        addresses_import(actor=None, municipality=cast.home, path=table)
        # Nine places close together (one cluster at the first zoom) and one far away.
        spots = [(f"Treffpunkt {i}", 51.05 + i * 0.0004, 13.74 + i * 0.0004) for i in range(9)]
        spots.append(("Gartenhaus Nord", 51.2, 13.9))
        for name, lat, lon in spots:
            place = place_create(
                actor=None,
                municipality=cast.home,
                name=name,
                street="Marktplatz 1",
                postcode="01067",
                city="Heimstadt",
                latitude=lat,
                longitude=lon,
                is_third_place=True,
            )
            offer = offer_create(
                actor=None,
                organization=cast.home_org,
                title=f"Kaffeerunde im {name}",
                summary="Kommen Sie vorbei.",
                review_state="published",
                places=[place],
            )
            schedule_add(
                actor=None,
                offer=offer,
                place=place,
                dtstart=timezone.localdate() - dt.timedelta(days=7),
                start_time=dt.time(10),
                duration_minutes=60,
                runs_on_holidays=True,
                rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU",
            )
    return cast


def no_violations(axe: Any, visit: Any, label: str) -> None:
    results = axe(visit, label)
    assert results.violations_count == 0, results.generate_report()


def test_typing_offers_suggestions_usable_by_keyboard(browse: Any, axe: Any, town: Any) -> None:
    visit = browse("/heimstadt/angebote/")
    page = visit.page
    field = page.get_by_label("In der Nähe von: Ort oder Adresse")
    field.focus()
    page.keyboard.type("Hauptstr 5", delay=30)
    suggestions = page.locator("button.finder-suggestion")
    expect(suggestions).to_have_count(2)
    expect(page.locator("#finder-adresse-status")).to_have_text("2 Vorschläge, mit Pfeil nach unten erreichbar.")
    no_violations(axe, visit, "picker-suggestions")
    page.keyboard.press("ArrowDown")
    expect(suggestions.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(suggestions.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")  # the first one: Hauptstraße 5, 01067
    expect(field).to_have_value("Hauptstraße 5, 01067 Heimstadt")
    expect(field).to_be_focused()
    expect(page.get_by_text("Entfernung von Hauptstraße 5, im Umkreis von 2 km")).to_be_visible()
    expect(page).to_have_url(re.compile(r"adresse=Hauptstra%C3%9Fe(\+|%20)5%2C(\+|%20)01067"))
    expect(page.get_by_text("Kaffeerunde im Gartenhaus Nord")).to_have_count(0)
    expect(suggestions).to_have_count(0)
    # Escape closes a list again and leaves the focus in the field.
    field.fill("")
    page.keyboard.type("Treff", delay=30)
    expect(suggestions.first).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    expect(suggestions).to_have_count(0)
    expect(field).to_be_focused()
    assert_styled(visit)


def test_without_javascript_the_server_resolves_and_asks_when_unsure(browse: Any, axe: Any, town: Any) -> None:
    visit = browse("/heimstadt/angebote/", javascript=False)
    page = visit.page
    page.get_by_label("In der Nähe von: Ort oder Adresse").fill("hauptstrasse 5")
    page.get_by_role("button", name="Angebote suchen").click()
    page.wait_for_load_state("load")
    expect(page.get_by_text("Zu „hauptstrasse 5“ passen mehrere Orte oder Adressen. Meinten Sie:")).to_be_visible()
    no_violations(axe, visit, "picker-choices-no-js")
    page.get_by_role("link", name="Hauptstraße 5").first.click()
    page.wait_for_load_state("load")
    expect(page.get_by_text("Entfernung von Hauptstraße 5, im Umkreis von 2 km")).to_be_visible()
    page.get_by_label("In der Nähe von: Ort oder Adresse").fill("Nirgendwostraße 1")
    page.get_by_role("button", name="Angebote suchen").click()
    page.wait_for_load_state("load")
    expect(page.get_by_text("haben wir keinen Ort und keine Adresse gefunden")).to_be_visible()
    no_violations(axe, visit, "picker-not-found-no-js")


def test_map_clusters_zoom_in_with_the_keyboard(
    browse: Any, axe: Any, town: Any, settings: Any, live_server: Any
) -> None:
    settings.NAHBAR_TILE_URL = live_server.url + "/kacheln/{z}/{x}/{y}.png"
    visit = browse("/heimstadt/angebote/karte/")
    page = visit.page
    page.route("**/kacheln/**", lambda route: route.fulfill(status=200, content_type="image/png", body=TILE))
    page.get_by_role("button", name="Karte anzeigen").click()
    clusters = page.locator(".map-cluster")
    expect(clusters).to_have_count(1)
    expect(clusters.first).to_have_attribute("role", "button")
    expect(clusters.first).to_have_attribute("tabindex", "0")
    expect(clusters.first).to_contain_text("9 Orte an dieser Stelle, Eingabetaste vergrößert die Karte")
    no_violations(axe, visit, "map-clustered")
    for _ in range(40):  # Tab through the map's controls to the cluster
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('map-cluster')"):
            break
    else:
        raise AssertionError("Tab never reached the cluster")
    page.keyboard.press("Enter")
    expect(page.locator("#karte-status")).to_contain_text("Karte vergrößert")
    focused = page.evaluate(
        "document.activeElement.classList.contains('map-cluster') || "
        "document.activeElement.classList.contains('leaflet-marker-icon')"
    )
    assert focused, "after zooming in, the focus should be on what was inside the cluster"
    # Zoomed far enough, every place is a marker of its own.
    for _ in range(10):
        if not clusters.count():
            break
        clusters.first.focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)
    expect(page.locator(".leaflet-marker-icon:not(.map-cluster)")).to_have_count(10, timeout=5000)
    no_violations(axe, visit, "map-zoomed")
    # The list stays the accessible alternative.
    expect(page.get_by_role("heading", name="10 Orte mit passenden Angeboten")).to_be_visible()
    assert not visit.third_party_requests()
