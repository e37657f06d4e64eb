"""The public pages and page states the browser tests visit, and what every one of them must pass."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from tests.browser.support import Visit, focus_is_visible

FEEDBACK_MESSAGE = "Der Kontrast der Schaltfläche ist für mich zu schwach."


def submit_feedback_empty(page: Any) -> None:
    page.get_by_role("button", name="Meldung absenden").click()
    page.wait_for_load_state("load")


def submit_feedback(page: Any) -> None:
    page.get_by_label("Was hat nicht funktioniert?").fill(FEEDBACK_MESSAGE)
    page.get_by_role("button", name="Meldung absenden").click()
    page.wait_for_load_state("load")


@dataclass(frozen=True)
class Scenario:
    id: str
    path: str
    expect_text: str  # visible text that proves the page is in the state under test
    lang: str = "de"
    offers: bool = False  # needs the week_offers fixture
    status: int = 200
    javascript: bool = True
    width: int = 1280
    then: Callable[[Any], None] | None = None  # what the visitor does after the page has loaded
    kern: bool = True  # styled by KERN UX (the admin has Django's own styles)
    skip_target: str = "inhalt"  # id of the <main> the skip link leads to
    footer_links: str = "footer a[href]"  # where the links to the statement and the feedback form are


WEEK_PAGE = [
    Scenario("week", "/heimstadt/", expect_text="Erzählcafé am Nachmittag", offers=True),
    Scenario("week-en", "/en/heimstadt/", expect_text="Erzählcafé am Nachmittag", lang="en", offers=True),
    Scenario("week-empty", "/anderswo/", expect_text="In dieser Woche sind keine Termine eingetragen."),
    Scenario("week-bad-date", "/heimstadt/?ab=kaputt", expect_text="ist kein Datum im Format", offers=True, status=400),
    Scenario("week-320px", "/heimstadt/", expect_text="Erzählcafé am Nachmittag", offers=True, width=320),
    Scenario("week-no-js", "/heimstadt/", expect_text="Erzählcafé am Nachmittag", offers=True, javascript=False),
]

# Django's login page with nahbar's overrides (nahbar/templates/admin/): Django's skip link and <main>.
ADMIN_LOGIN = Scenario(
    "admin-login",
    "/admin/login/",
    expect_text="nahbar – Verwaltung",
    kern=False,
    skip_target="content-start",
    footer_links=".admin-footer a[href]",
)
OTHER_PAGES = [
    Scenario("start", "/", expect_text="Heimstadt"),
    Scenario("start-en", "/en/", expect_text="Heimstadt", lang="en"),
    Scenario("accessibility", "/barrierefreiheit/", expect_text="Barriere melden"),
    Scenario(
        "feedback-errors",
        "/barrierefreiheit/",
        expect_text="Bitte prüfen Sie die markierten Angaben.",
        then=submit_feedback_empty,
    ),
    Scenario(
        "feedback-sent", "/barrierefreiheit/", expect_text="Danke! Ihre Meldung ist angekommen.", then=submit_feedback
    ),
    ADMIN_LOGIN,
]


def open_scenario(request: Any, browse: Callable[..., Any], scenario: Scenario) -> Any:
    """Set up the data the scenario needs, open its page, act, and check the page is in the intended state."""
    from playwright.sync_api import expect

    request.getfixturevalue("cast")
    if scenario.offers:
        request.getfixturevalue("week_offers")
    visit = browse(scenario.path, javascript=scenario.javascript, width=scenario.width)
    assert visit.response is not None
    assert visit.response.status == scenario.status, f"{scenario.path}: HTTP {visit.response.status}"
    if scenario.then:
        scenario.then(visit.page)
    expect(visit.page.get_by_text(scenario.expect_text).first).to_be_visible()
    assert_styled(visit, kern=scenario.kern)
    return visit


def assert_styled(visit: Any, *, kern: bool = True) -> None:
    """Nothing came from elsewhere and every stylesheet arrived: the colour-contrast rule checks the real design."""
    assert not visit.third_party_requests(), f"requests leave {visit.server}: {visit.third_party_requests()}"
    assert not visit.failures, f"sub-resources failed to load: {visit.failures}"
    sheets = visit.page.evaluate(
        "[...document.querySelectorAll('link[rel=stylesheet], style')]"
        ".map(el => [el.href || 'inline <style>', el.sheet ? el.sheet.cssRules.length : 0])"
    )
    assert sheets, "the page links no stylesheet"
    assert all(rules for _href, rules in sheets), f"stylesheets missing or empty: {sheets}"
    if kern:
        font = visit.page.evaluate("getComputedStyle(document.body).fontFamily")
        assert "Fira Sans" in font, f"KERN UX CSS did not apply (body font-family: {font})"


FIRST_TABBABLE_HREF = """() => {
  const candidates = document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]');
  const tabbable = [...candidates].filter(el => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length);
  return tabbable.length ? tabbable[0].getAttribute('href') : null;
}"""


def frame_problems(visit: Visit, scenario: Scenario) -> list[str]:
    page = visit.page
    problems: list[str] = []

    h1s = page.locator("h1").all_inner_texts()
    if len(h1s) != 1:
        problems.append(f"expected exactly one <h1>, found {h1s}")
    lang = page.get_attribute("html", "lang")
    if lang != scenario.lang:
        problems.append(f'<html lang="{lang}">, expected "{scenario.lang}"')
    if page.locator("main").count() != 1 or page.locator(f"main#{scenario.skip_target}").count() != 1:
        problems.append(f'expected one <main id="{scenario.skip_target}">, the skip link target')

    statement = "/en/barrierefreiheit/" if scenario.lang == "en" else "/barrierefreiheit/"
    links = page.eval_on_selector_all(scenario.footer_links, "links => links.map(a => a.getAttribute('href'))")
    hrefs = [urlsplit(href) for href in links]
    if not any(href.path == statement and not href.fragment for href in hrefs):
        problems.append(f"no footer link to the accessibility statement {statement}: {links}")
    if not any(href.path == statement and href.fragment == "melden" for href in hrefs):
        problems.append(f"no footer link to the barrier feedback form {statement}…#melden: {links}")

    # Keyboard last: it changes the page state.
    skip_href = f"#{scenario.skip_target}"
    fragment = urlsplit(page.url).fragment
    if fragment:
        # The form states open at #melden (the form); the first Tab rightly continues from there.
        page.keyboard.press("Tab")
        if not visit.focus_info()["inMain"]:
            problems.append(f"the first Tab after #{fragment} leaves <main>: {visit.focus_info()}")
        first = page.evaluate(FIRST_TABBABLE_HREF)
        if first != skip_href:
            problems.append(f"the skip link is not first in the focus order (first: {first!r})")
        # Reached from further down the page (as with Shift+Tab), it must show up as well.
        if page.locator(f"a[href='{skip_href}']").count():
            page.focus(f"a[href='{skip_href}']")
    else:
        page.keyboard.press("Tab")
    focused = visit.focus_info()
    if focused["href"] != skip_href:
        problems.append(f"the skip link to {skip_href} is not first in the focus order; focused: {focused}")
        return problems
    if not focus_is_visible(focused):
        problems.append(f"the focused skip link is not visible: {focused}")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{skip_href}")
    focused = page.evaluate(f"document.activeElement.closest('main#{scenario.skip_target}') !== null")
    if not focused:
        problems.append(f"after the skip link the focus is outside <main>: {visit.focus_info()}")
    return problems


def check_page(request: Any, browse: Callable[..., Any], axe: Callable[..., Any], scenario: Scenario) -> None:
    """axe-core finds no WCAG 2.1 A/AA violation, and the page frame holds: one <h1>, the page language, a skip
    link that comes first and leads into <main>, footer links to the accessibility statement and the barrier
    feedback form, no request to anyone but our server. All problems found are reported together."""
    # open_scenario() checks that all stylesheets loaded: colour contrast is checked on the real design.
    visit = open_scenario(request, browse, scenario)
    results = axe(visit, scenario.id)
    problems = [results.generate_report()] if results.violations_count else []
    problems += frame_problems(visit, scenario)
    assert not problems, f"{scenario.path} ({scenario.id}):\n" + "\n".join(problems)


def admin_state(name: str, path: str, text: str) -> Scenario:
    """A state of an admin screen (not KERN-styled; the admin's own skip link and footer links)."""
    return Scenario(
        name,
        path,
        expect_text=text,
        kern=False,
        skip_target=ADMIN_LOGIN.skip_target,
        footer_links=ADMIN_LOGIN.footer_links,
    )


def admin_state_problems(visit: Visit, axe: Callable[..., Any], scenario: Scenario) -> list[str]:
    """axe-core and the page frame for an admin screen in the state ``scenario`` names (its text is visible)."""
    from playwright.sync_api import expect

    expect(visit.page.get_by_text(scenario.expect_text).first).to_be_visible()
    results = axe(visit, scenario.id)
    problems = [results.generate_report()] if results.violations_count else []
    return problems + frame_problems(visit, scenario)
