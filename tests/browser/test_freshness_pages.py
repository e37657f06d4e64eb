"""The freshness loop's pages in a real browser: the reminder link pages in all their states and the
coordinators' overview pass axe-core and keep the page frame (one <h1>, skip link, footer links)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django_scopes import scopes_disabled

from nahbar.freshness import links
from nahbar.freshness.models import Reminder
from tests.browser.scenarios import Scenario, assert_styled, frame_problems
from tests.conftest import PASSWORD
from tests.freshness.helpers import aged_offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DASHBOARD = "/heimstadt/intern/aktualitaet/"


def _check(visit: Any, axe: Any, scenario: Scenario) -> list[str]:
    from playwright.sync_api import expect

    expect(visit.page.get_by_text(scenario.expect_text).first).to_be_visible()
    assert_styled(visit)
    results = axe(visit, scenario.id)
    problems = [results.generate_report()] if results.violations_count else []
    return [f"{scenario.id}: {p}" for p in problems + frame_problems(visit, scenario)]


def _reminder(cast: Any, title: str, months: int = 7) -> Reminder:
    offer = aged_offer(cast.home_org, title, months=months, contact_email="treff@example.org")
    with scopes_disabled():
        return Reminder.objects.create(
            municipality=cast.home, offer=offer, basis=offer.assured_at, recipients=["treff@example.org"]
        )


def _link(reminder: Reminder, action: str) -> str:
    return f"/heimstadt/mitmachen/noch-aktuell/{links.make_token(reminder.pk, action)}/"


def test_link_pages(cast: Any, browse: Any, axe: Any) -> None:
    first = _reminder(cast, "Erzählcafé im Stadtteiltreff")
    second = _reminder(cast, "Spieleabend")
    problems: list[str] = []

    confirm = browse(_link(first, "confirm"))
    problems += _check(confirm, axe, Scenario("link-confirm", "", expect_text="Ja, das Angebot läuft weiter"))
    confirm.page.get_by_role("button", name="Ja, das Angebot läuft weiter").click()
    confirm.page.wait_for_load_state("load")
    problems += _check(confirm, axe, Scenario("link-done", "", expect_text="ist als laufend bestätigt"))

    used = browse(_link(first, "end"))
    assert used.response.status == 409
    problems += _check(used, axe, Scenario("link-used", "", expect_text="schon eine Antwort angekommen", status=409))

    pause = browse(_link(second, "pause"))
    problems += _check(pause, axe, Scenario("link-pause", "", expect_text="Das Angebot läuft wieder ab"))
    pause.page.get_by_role("button", name="Pause eintragen").click()
    pause.page.wait_for_load_state("load")
    problems += _check(pause, axe, Scenario("link-pause-error", "", expect_text="Bitte prüfen Sie das Datum."))

    end = browse(_link(second, "end"), javascript=False, width=320)
    problems += _check(end, axe, Scenario("link-end-320px-no-js", "", expect_text="Ja, das Angebot ist beendet"))

    broken = browse("/heimstadt/mitmachen/noch-aktuell/kaputt/")
    assert broken.response.status == 400
    problems += _check(broken, axe, Scenario("link-invalid", "", expect_text="unvollständig oder ungültig"))

    english = browse("/en" + _link(second, "confirm"))
    problems += _check(english, axe, Scenario("link-confirm-en", "", expect_text="Spieleabend", lang="en"))
    assert not problems, "\n".join(problems)


def test_dashboard(cast: Any, browse: Any, axe: Any) -> None:
    _reminder(cast, "Erzählcafé im Stadtteiltreff")
    aged_offer(cast.home_org, "Spieleabend", months=7)
    aged_offer(cast.home_org_b, "Lesekreis", months=11)
    visit = browse(f"/admin/login/?next={DASHBOARD}")
    page = visit.page
    page.get_by_label("Benutzername").fill("coordinator")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state("load")
    problems = _check(visit, axe, Scenario("freshness-dashboard", DASHBOARD, expect_text="Aus dem Finder genommen"))
    page.get_by_role("button", name=re.compile(r"läuft weiter\W+Lesekreis")).click()
    page.wait_for_load_state("load")
    problems += _check(visit, axe, Scenario("freshness-dashboard-done", DASHBOARD, expect_text="als laufend bestätigt"))
    assert not problems, "\n".join(problems)
