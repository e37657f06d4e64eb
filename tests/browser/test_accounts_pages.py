"""Sign-in, registration and account pages on a 360 px phone screen, in a real browser: axe-core (WCAG 2.1 AA)
and the page frame (see check_page)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.scenarios import Scenario, assert_styled, check_page, frame_problems
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = 360


def submit_registration_empty(page: Any) -> None:
    page.get_by_role("button", name="Anmeldung abschicken").click()
    page.wait_for_load_state("load")


def submit_wrong_password(page: Any) -> None:
    page.get_by_label("E-Mail-Adresse oder Benutzername").fill("provider")
    page.get_by_label("Passwort").fill("falsch")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state("load")


ACCOUNT_PAGES = [
    Scenario("sign-in-360px", "/anmelden/", expect_text="E-Mail-Adresse oder Benutzername", width=PHONE),
    Scenario(
        "sign-in-error-360px",
        "/anmelden/",
        expect_text="Passwort stimmt nicht",
        width=PHONE,
        then=submit_wrong_password,
    ),
    Scenario("register-360px", "/heimstadt/mitmachen/registrieren/", expect_text="Ihre Organisation", width=PHONE),
    Scenario(
        "register-errors-360px",
        "/heimstadt/mitmachen/registrieren/",
        expect_text="Bitte prüfen Sie die markierten Angaben.",
        width=PHONE,
        status=200,
        then=submit_registration_empty,
    ),
    Scenario("sign-in-no-js", "/anmelden/", expect_text="E-Mail-Adresse oder Benutzername", javascript=False),
]


@pytest.mark.parametrize("scenario", ACCOUNT_PAGES, ids=lambda s: s.id)
def test_page(request: pytest.FixtureRequest, browse: Any, axe: Any, scenario: Scenario) -> None:
    check_page(request, browse, axe, scenario)


def test_account_page_with_the_qr_code(request: pytest.FixtureRequest, cast: Any, browse: Any, axe: Any) -> None:
    """Signed in on a phone: set up the second factor; the page shows the QR code and the secret as text."""
    from playwright.sync_api import expect

    visit = browse("/anmelden/?next=/konto/", width=PHONE)
    page = visit.page
    page.get_by_label("E-Mail-Adresse oder Benutzername").fill("provider")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", name="Ihr Konto", level=1)).to_be_visible()
    page.get_by_role("button", name="Jetzt einrichten").click()
    page.wait_for_load_state("load")
    expect(page.locator("figure svg")).to_be_visible()
    expect(page.get_by_text("Schlüssel zum Abtippen:")).to_be_visible()
    assert_styled(visit)
    scenario = Scenario("account-qr-360px", "/konto/", expect_text="Schlüssel zum Abtippen:", width=PHONE)
    results = axe(visit, scenario.id)
    problems = [results.generate_report()] if results.violations_count else []
    # Nothing may stick out sideways on a phone (WCAG 1.4.10 reflow).
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        problems.append(f"the page is {overflow}px wider than the screen")
    problems += frame_problems(visit, scenario)
    assert not problems, "\n".join(problems)


def test_coordinators_account_screen(request: pytest.FixtureRequest, cast: Any, browse: Any, axe: Any) -> None:
    """The coordinators' screen with a registration to decide, after an invitation that left errors."""
    from django_scopes import scope
    from playwright.sync_api import expect

    from nahbar.accounts import services

    with scope(municipality=cast.home):
        registration = services.registration_submit(
            actor=None,
            municipality=cast.home,
            name="Helga Brandt",
            email="helga@example.org",
            password="Lindenblüte-im-Hof-42",
            organization=None,
            new_organization_name="Boule-Freunde",
            new_organization_kind="club",
            note="Wir spielen dienstags im Park.",
        )
        services.registration_confirm(registration=registration)
    visit = browse("/anmelden/?next=/heimstadt/intern/konten/", width=PHONE)
    page = visit.page
    page.get_by_label("E-Mail-Adresse oder Benutzername").fill("coordinator")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Einladung verschicken").click()
    page.wait_for_load_state("load")
    expect(page.get_by_text("Bitte wählen Sie mindestens eine Organisation.").first).to_be_visible()
    expect(page.get_by_role("heading", name="Helga Brandt")).to_be_visible()
    assert_styled(visit)
    scenario = Scenario("account-screen-360px", "/heimstadt/intern/konten/", expect_text="Helga Brandt", width=PHONE)
    results = axe(visit, scenario.id)
    problems = [results.generate_report()] if results.violations_count else []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        problems.append(f"the page is {overflow}px wider than the screen")
    problems += frame_problems(visit, scenario)
    assert not problems, "\n".join(problems)
