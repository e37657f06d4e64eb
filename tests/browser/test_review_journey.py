"""The review workflow end to end in a real browser, the provider on a 360 px wide phone screen.

The provider creates and submits an offer; the coordinator asks for a change; the provider fixes it and
submits again; the coordinator publishes. axe-core finds no WCAG 2.1 A/AA violation on any page on the way.
Logging in is done by handing the browser a session cookie (``force_login``), as the sign-in pages are
another part of the system.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django_scopes import scope, scopes_disabled
from playwright.sync_api import expect

from nahbar.directory.models import Offer
from nahbar.directory.services import offer_create, place_create
from nahbar.providers import services
from nahbar.providers.place_proposal import place_proposal
from nahbar.providers.proposal import offer_proposal
from tests.browser.support import Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Spieleabend im Nachbarschaftstreff"
FIRST_SUMMARY = "Brettspiele für alle."
FIXED_SUMMARY = "Brettspiele für alle, auch zum ersten Mal. Treffpunkt: Eingang am Markt."
REQUEST = "Bitte schreiben Sie dazu, wo genau man sich trifft."


@pytest.fixture
def signed_in(browser: Any, live_server: Any) -> Iterator[Callable[..., Visit]]:
    """``signed_in(user, width)`` opens a fresh browser context that is logged in as ``user``."""
    contexts: list[Any] = []

    def open_as(user: Any, *, width: int = 1280) -> Visit:
        client = Client()
        client.force_login(user)
        context = browser.new_context(viewport={"width": width, "height": 800}, locale="de-DE", service_workers="block")
        context.set_default_timeout(10_000)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
        contexts.append(context)
        visit = Visit(page=context.new_page(), base_url=live_server.url, javascript=True)
        visit.page.on("request", lambda req: visit.requests.append(req.url))
        return visit

    yield open_as
    for context in contexts:
        context.close()


def _checked(visit: Visit, axe: Callable[..., Any], label: str) -> None:
    """One <h1>, nothing loaded from elsewhere, no horizontal scrolling, no axe violations."""
    page = visit.page
    assert page.locator("h1").count() == 1, f"{label}: expected one <h1>"
    assert not visit.third_party_requests(), f"{label}: {visit.third_party_requests()}"
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{label}: the page scrolls sideways by {overflow}px"
    results = axe(visit, label)
    assert not results.violations_count, f"{label}:\n{results.generate_report()}"


def test_submit_request_changes_fix_and_publish(signed_in: Any, axe: Any, cast: Any) -> None:
    with scopes_disabled():
        for role in ("provider", "coordinator"):
            cast.users[role].email = f"{role}@example.org"
            cast.users[role].save()

    # The provider, on a phone: a new offer, submitted straight away.
    provider = signed_in(cast.users["provider"], width=360)
    page = provider.page
    provider.goto("/heimstadt/mitmachen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Angebote")
    _checked(provider, axe, "provider-dashboard")
    page.get_by_role("link", name="Neues Angebot").click()
    page.wait_for_load_state("load")
    _checked(provider, axe, "provider-offer-new")
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Kurzbeschreibung").fill(FIRST_SUMMARY)
    page.get_by_label("Erster Termin").fill("2026-03-05")
    page.get_by_label("Beginn").fill("18:00")
    page.get_by_label("jede Woche").check()
    page.get_by_label("Spiele", exact=True).check()
    page.get_by_role("button", name="Speichern und zur Prüfung einreichen").click()
    page.wait_for_load_state("load")
    expect(page.get_by_text("Ihr Angebot ist eingereicht")).to_be_visible()
    expect(page.get_by_text("eingereicht", exact=True)).to_be_visible()
    _checked(provider, axe, "provider-submitted")
    assert [m.to for m in mail.outbox] == [["coordinator@example.org"]]

    # The coordinator asks for a change.
    coordinator = signed_in(cast.users["coordinator"])
    desk = coordinator.page
    coordinator.goto("/heimstadt/intern/pruefen/")
    _checked(coordinator, axe, "review-queue")
    desk.get_by_role("link", name=TITLE).click()
    desk.wait_for_load_state("load")
    _checked(coordinator, axe, "review-offer")
    desk.get_by_role("button", name="Änderungen erbitten").click()
    desk.wait_for_load_state("load")
    expect(desk.get_by_text("Bitte schreiben Sie dazu, was geändert werden soll.").first).to_be_visible()
    _checked(coordinator, axe, "review-offer-error")
    desk.get_by_label("Was soll geändert werden?").fill(REQUEST)
    desk.get_by_role("button", name="Änderungen erbitten").click()
    desk.wait_for_load_state("load")
    expect(desk.get_by_text("Die Bitte um Änderungen ist verschickt.")).to_be_visible()
    expect(desk.get_by_text("Nichts zu prüfen. Alles erledigt!")).to_be_visible()
    assert REQUEST in mail.outbox[-1].body and mail.outbox[-1].to == ["provider@example.org"]

    # The provider sees the request, fixes the offer and submits again.
    provider.goto("/heimstadt/mitmachen/")
    expect(page.get_by_text(REQUEST)).to_be_visible()
    _checked(provider, axe, "provider-changes-requested")
    page.get_by_role("link", name=re.compile(rf"^Bearbeiten\W+{TITLE}$")).click()
    page.wait_for_load_state("load")
    expect(page.get_by_text(REQUEST)).to_be_visible()
    _checked(provider, axe, "provider-offer-edit")
    page.get_by_label("Kurzbeschreibung").fill(FIXED_SUMMARY)
    page.get_by_role("button", name="Speichern und zur Prüfung einreichen").click()
    page.wait_for_load_state("load")
    expect(page.get_by_text("Ihr Angebot ist eingereicht")).to_be_visible()

    # The coordinator publishes.
    coordinator.goto("/heimstadt/intern/pruefen/")
    desk.get_by_role("link", name=TITLE).click()
    desk.wait_for_load_state("load")
    expect(desk.get_by_text(FIXED_SUMMARY)).to_be_visible()
    desk.get_by_role("button", name="Veröffentlichen").click()
    desk.wait_for_load_state("load")
    expect(desk.get_by_text("Veröffentlicht. Der Anbieter bekommt eine E-Mail.")).to_be_visible()
    _checked(coordinator, axe, "review-queue-done")
    assert mail.outbox[-1].subject == f"Veröffentlicht: „{TITLE}“"

    with scopes_disabled():
        offer = Offer.objects.get(title=TITLE)
    assert offer.is_public() and offer.summary == FIXED_SUMMARY
    provider.goto(f"/heimstadt/angebote/{offer.pk}/")
    expect(page.get_by_text(FIXED_SUMMARY).first).to_be_visible()


def test_change_review_pages_on_a_phone(signed_in: Any, axe: Any, cast: Any) -> None:
    """The pages the journey above does not pass: a change's diff, the place form and a place change."""
    with scope(municipality=cast.home):
        place = place_create(
            actor=None, municipality=cast.home, organization=cast.home_org, name="Warme Stube", is_third_place=True
        )
        offer = offer_create(
            actor=None, organization=cast.home_org, title="Erzählcafé", summary="Alt.", review_state="published"
        )
        proposal = offer_proposal(offer)
        proposal["fields"]["summary"] = "Neu, mit einem sehr langen Satz, der auf dem Telefon umbrechen muss."
        revision = services.revision_save(actor=None, offer=offer, proposal=proposal, submit=True)
        change = place_proposal(place)
        change["fields"]["opening_hours"] = [{"days": [0], "opens": "10:00", "closes": "16:00"}]
        place_revision = services.place_revision_save(actor=None, place=place, proposal=change)

    coordinator = signed_in(cast.users["coordinator"], width=360)
    for label, path in [
        ("review-change-360", f"/heimstadt/intern/pruefen/aenderungen/{revision.pk}/"),
        ("review-place-360", f"/heimstadt/intern/pruefen/orte/{place_revision.pk}/"),
    ]:
        coordinator.goto(path)
        expect(coordinator.page.get_by_role("button", name="Veröffentlichen")).to_be_visible()
        _checked(coordinator, axe, label)
    provider = signed_in(cast.users["provider"], width=360)
    provider.goto(f"/heimstadt/mitmachen/orte/{place.pk}/")
    expect(provider.page.get_by_text("Dieser Ort ist öffentlich zu sehen.")).to_be_visible()
    _checked(provider, axe, "provider-place-360")
