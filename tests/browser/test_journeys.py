"""Whole journeys as visitors make them: by keyboard alone, and without JavaScript."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from nahbar.pages.models import BarrierFeedback
from tests.browser.scenarios import FEEDBACK_MESSAGE, assert_styled
from tests.browser.support import focus_is_visible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def tab_to(visit: Any, text: str, *, limit: int = 25) -> dict[str, Any]:
    """Press Tab until the focused element's text is ``text``; return what is focused then."""
    seen = []
    for _ in range(limit):
        visit.page.keyboard.press("Tab")
        focused = visit.focus_info()
        if focused["text"] == text:
            return focused
        seen.append(focused["text"] or focused["tag"])
    raise AssertionError(f"{limit}× Tab did not reach {text!r}; focus went through {seen}")


def test_keyboard_journey_from_start_page_to_next_week(browse: Any, cast: Any, week_offers: Any) -> None:
    visit = browse("/")
    page = visit.page

    focused = tab_to(visit, "Heimstadt")
    assert focus_is_visible(focused), f"no visible focus indicator on the municipality link: {focused}"
    page.keyboard.press("Enter")
    page.wait_for_url(visit.url("/heimstadt/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Was ist los in Heimstadt?")

    focused = tab_to(visit, "Nächste Woche")
    assert focus_is_visible(focused), f"no visible focus indicator on „Nächste Woche“: {focused}"
    page.keyboard.press("Enter")
    next_week = timezone.localdate() + dt.timedelta(days=7)
    page.wait_for_url(re.compile(r"/heimstadt/\?ab=\d{4}-\d{2}-\d{2}$"))
    assert page.url.endswith(f"?ab={next_week:%Y-%m-%d}")
    expect(page.get_by_text("Erzählcafé am Nachmittag").first).to_be_visible()


def test_barrier_feedback_without_javascript(browse: Any, cast: Any) -> None:
    visit = browse("/heimstadt/", javascript=False)
    page = visit.page

    # The footer link opens the form and fills in the page the visitor came from.
    page.get_by_role("contentinfo").get_by_role("link", name="Barriere melden").click()
    page.wait_for_url(re.compile(r"/barrierefreiheit/\?seite=(/|%2F)heimstadt(/|%2F)#melden$"))
    expect(page.get_by_label("Auf welcher Seite?")).to_have_value("/heimstadt/")
    expect(page.locator("#melden")).to_be_in_viewport()

    page.get_by_label("Was hat nicht funktioniert?").fill(FEEDBACK_MESSAGE)
    page.get_by_role("button", name="Meldung absenden").click()
    page.wait_for_load_state("load")

    success = page.get_by_text("Danke! Ihre Meldung ist angekommen.")
    expect(success).to_be_visible()
    # The page opens at the form (#melden): the confirmation must be there, not scrolled out of sight above.
    expect(success).to_be_in_viewport()
    assert_styled(visit)
    with scopes_disabled():
        feedback = BarrierFeedback.objects.get()
    assert feedback.message == FEEDBACK_MESSAGE
    assert feedback.page == "/heimstadt/"
    assert feedback.municipality_id == cast.home.pk
    assert not visit.third_party_requests()


def test_barrier_feedback_errors_without_javascript(browse: Any, cast: Any) -> None:
    visit = browse("/barrierefreiheit/", javascript=False)
    page = visit.page
    page.get_by_role("button", name="Meldung absenden").click()
    page.wait_for_load_state("load")

    message = page.get_by_label("Was hat nicht funktioniert?")
    expect(message).to_have_attribute("aria-invalid", "true")
    error_id = message.get_attribute("aria-describedby")
    assert error_id, "the error message is not tied to the field"
    expect(page.locator(f"#{error_id}")).to_be_visible()
    expect(page.get_by_text("Bitte prüfen Sie die markierten Angaben.")).to_be_in_viewport()
    with scopes_disabled():
        assert not BarrierFeedback.objects.exists()
