"""Campaign week pages in a real browser at 360 px: the programme and the providers' submission form.

axe-core finds no WCAG 2.1 A/AA violation and the page frame holds (see scenarios.check_page).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django_scopes import scopes_disabled

from tests.browser.scenarios import Scenario, assert_styled, check_page, frame_problems
from tests.browser.support import Visit
from tests.campaigns.conftest import QUESTIONS, enter, make_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PROGRAMME = "/heimstadt/aktionswoche/aktionswoche-test/"
SUBMIT = "/heimstadt/mitmachen/aktionswoche/aktionswoche-test/"
PROGRAMME_PAGES = [
    Scenario("campaign-programme-360", PROGRAMME, expect_text="Erzählcafé am Nachmittag", offers=True, width=360),
    Scenario(
        "campaign-programme-filtered",
        PROGRAMME + "?kostenlos=1&stufenlos=1",
        expect_text="An diesem Tag passt kein Termin zu Ihrer Auswahl.",
        offers=True,
        width=360,
    ),
    Scenario(
        "campaign-programme-no-js", PROGRAMME, expect_text="Erzählcafé am Nachmittag", offers=True, javascript=False
    ),
    Scenario("campaign-index", "/heimstadt/aktionswoche/", expect_text="Aktionswoche gegen Einsamkeit", width=360),
]


@pytest.fixture
def campaign(cast: Any, week_offers: list[Any]) -> Any:
    with scopes_disabled():
        created = make_campaign(cast.home, questions=QUESTIONS)
        for offer in week_offers:
            enter(created, offer)
    return created


@pytest.mark.parametrize("scenario", PROGRAMME_PAGES, ids=lambda s: s.id)
def test_programme_pages(
    request: pytest.FixtureRequest, browse: Any, axe: Any, campaign: Any, scenario: Scenario
) -> None:
    check_page(request, browse, axe, scenario)


def _logged_in_visit(browser: Any, live_server: Any, user: Any, path: str) -> Visit:
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="de-DE", service_workers="block")
    context.set_default_timeout(10_000)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    visit = Visit(page=page, base_url=live_server.url, javascript=True)
    page.on("request", lambda req: visit.requests.append(req.url))
    page.on("requestfailed", lambda req: visit.failures.append(f"failed {req.url}"))
    visit.response = visit.goto(path)
    return visit


@pytest.mark.parametrize("state", ["form", "errors"])
def test_submission_form_at_360px(
    browser: Any, live_server: Any, axe: Any, cast: Any, campaign: Any, state: str
) -> None:
    from playwright.sync_api import expect

    visit = _logged_in_visit(browser, live_server, cast.users["provider"], SUBMIT)
    assert visit.response.status == 200
    if state == "errors":
        visit.page.get_by_role("button", name="Veranstaltung einreichen").click()
        expect(visit.page.get_by_text("Es wurde nichts gespeichert.").first).to_be_visible()
    else:
        expect(visit.page.get_by_text("Neue Veranstaltung einreichen").first).to_be_visible()
    assert_styled(visit)
    results = axe(visit, f"campaign-submit-{state}")
    problems = [results.generate_report()] if results.violations_count else []
    problems += frame_problems(visit, Scenario(f"campaign-submit-{state}", SUBMIT, expect_text=""))
    # Nothing wider than the 360 px screen: no sideways scrolling.
    width = visit.page.evaluate("document.documentElement.scrollWidth")
    if width > 360:
        problems.append(f"page is {width} px wide at a 360 px viewport")
    visit.page.context.close()
    assert not problems, "\n".join(problems)
