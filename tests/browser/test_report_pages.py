"""Head-count form (from the signed reminder link, on a 360 px phone), the campaign report and the
coordinator's tally screen in a real browser: axe-core and the page frame (see check_page)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from nahbar.campaigns.attendance_links import make_token
from tests.browser.scenarios import Scenario, assert_styled, frame_problems
from tests.campaigns.report_setup import make_campaign
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _problems(visit: Any, axe: Any, scenario: Scenario) -> list[str]:
    from playwright.sync_api import expect

    expect(visit.page.get_by_text(scenario.expect_text).first).to_be_visible()
    assert_styled(visit)
    results = axe(visit, scenario.id)
    return ([results.generate_report()] if results.violations_count else []) + frame_problems(visit, scenario)


def _no_sideways_scrolling(visit: Any, width: int) -> list[str]:
    scroll = visit.page.evaluate("document.documentElement.scrollWidth")
    return [] if scroll <= width else [f"the page scrolls sideways at {width} px (scrollWidth {scroll})"]


def test_attendance_form_from_the_reminder_link_at_360px(cast: Any, browse: Any, axe: Any) -> None:
    made = make_campaign(cast, with_counts=False)
    path = reverse(
        "attendance-link", kwargs={"municipality_slug": "heimstadt", "token": make_token(made.campaign, made.a)}
    )
    visit = browse(path, width=360)
    page = visit.page
    problems = _problems(visit, axe, Scenario("attendance-form", path, expect_text="Wie viele waren da?"))
    problems += _no_sideways_scrolling(visit, 360)
    # A wrong number: the error state, nothing saved.
    visit.goto(path)
    page.get_by_label("Teilnehmende").first.fill("-4")
    page.get_by_role("button", name="Zahlen speichern").click()
    page.wait_for_load_state("load")
    problems += _problems(visit, axe, Scenario("attendance-errors", path, expect_text="nicht negativ"))
    # Corrected: saved, with the thank-you.
    page.get_by_label("Teilnehmende").first.fill("12")
    page.get_by_role("button", name="Zahlen speichern").click()
    page.wait_for_load_state("load")
    problems += _problems(visit, axe, Scenario("attendance-saved", path, expect_text="Die Zahlen sind gespeichert"))
    assert not problems, "\n".join(problems)
    with scopes_disabled():
        assert made.a.attendances.get().participants == 12


def test_released_report_page(cast: Any, browse: Any, axe: Any) -> None:
    made = make_campaign(cast)
    with scopes_disabled():
        made.campaign.report_released_at = timezone.now()
        made.campaign.save()
    path = reverse("campaign-report", kwargs={"municipality_slug": "heimstadt", "campaign_slug": made.campaign.slug})
    visit = browse(path)
    problems = _problems(visit, axe, Scenario("report", path, expect_text="3 Angebote, 33 Teilnehmende an 7 Tagen"))
    narrow = browse(path, width=360)
    problems += _problems(narrow, axe, Scenario("report-360px", path, expect_text="Teilnehmende je Tag"))
    problems += _no_sideways_scrolling(narrow, 360)
    assert not problems, "\n".join(problems)


def test_tally_screen_for_the_coordinator(cast: Any, browse: Any, axe: Any) -> None:
    made = make_campaign(cast)
    path = reverse("campaign-tally", kwargs={"municipality_slug": "heimstadt", "campaign_slug": made.campaign.slug})
    visit = browse(f"/admin/login/?next={path}%3Ftag%3D2026-05-06")
    page = visit.page
    page.get_by_label("Benutzername").fill("coordinator")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state("load")
    problems = _problems(visit, axe, Scenario("tally", path, expect_text="2 Termine, davon 2 mit Zahlen"))
    # The coordinator's view of the unreleased report, with the release button and the missing counts.
    report = reverse("campaign-report", kwargs={"municipality_slug": "heimstadt", "campaign_slug": made.campaign.slug})
    visit.goto(report)
    problems += _problems(visit, axe, Scenario("report-coordinator", report, expect_text="Bericht veröffentlichen"))
    assert not problems, "\n".join(problems)
