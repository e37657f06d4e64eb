"""The anonymous survey form in a real browser at 360 px, with and without JavaScript: every page passes
axe-core (WCAG 2.1 A/AA) and the page frame, the questionnaire can be filled in to the end, and the only
cookie is the session cookie. Also the English and Leichte-Sprache versions, the not-open page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from nahbar.survey.models import Response, Wave
from tests.browser.scenarios import Scenario, assert_styled, frame_problems
from tests.survey.collect_support import survey_with_wave

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
FORM = "/heimstadt/befragung/viertel/"


@pytest.fixture
def survey(cast: Any, settings: Any) -> Any:
    settings.NAHBAR_SURVEY_MIN_SECONDS = 0  # the browser is quicker than any person
    return survey_with_wave(cast.home)[0]


def _check(visit: Any, axe: Any, label: str, lang: str = "de") -> None:
    assert_styled(visit)
    results = axe(visit, label)
    problems = [results.generate_report()] if results.violations_count else []
    problems += frame_problems(visit, Scenario(label, visit.page.url, expect_text="", lang=lang))
    assert not problems, f"{label}:\n" + "\n".join(problems)


def _answer_first_options(page: Any) -> None:
    for fieldset in page.locator("fieldset.survey-question").all():
        fieldset.locator("input").first.check()


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_fill_in_the_whole_form_at_360px(browse: Any, axe: Any, survey: Any, javascript: bool) -> None:
    visit = browse(FORM, javascript=javascript, width=360, height=740)
    page = visit.page
    seen = []
    for _ in range(10):
        progress = page.locator("#survey-progress").inner_text()
        seen.append(progress)
        _check(visit, axe, f"survey {progress} ({'js' if javascript else 'no-js'})")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, f"{progress} scrolls sideways"
        _answer_first_options(page)
        if page.locator("#einwilligung").count():
            page.locator("#einwilligung").check()
            page.get_by_role("button", name="Weiter zu den freiwilligen Fragen").click()
        elif page.get_by_role("button", name="Bogen absenden").count():
            page.get_by_role("button", name="Bogen absenden").click()
            break
        else:
            page.get_by_role("button", name="Weiter", exact=True).click()
        page.wait_for_load_state("load")
    page.wait_for_url("**/danke/")
    assert seen[:2] == ["Schritt 1 von 5", "Schritt 2 von 5"]
    assert seen[-1] == "Schritt 6 von 6", "consent adds the page of voluntary questions"
    _check(visit, axe, f"survey thanks ({'js' if javascript else 'no-js'})")
    with scopes_disabled():
        (response,) = Response.objects.all()
    assert response.answers["ucla.companionship"] == 3  # the first option listed is "oft"
    assert response.answers["demo.migration"] == 1
    assert [c["name"] for c in page.context.cookies()] == ["sessionid"]


@pytest.mark.parametrize(
    ("path", "lang", "text"),
    [
        (FORM + "?sprache=leicht", "de", "Die anderen lassen mich nicht mitmachen."),
        ("/en" + FORM + "?sprache=standard", "en", "How often do you feel left out?"),
    ],
    ids=["leichte-sprache", "english"],
)
def test_language_versions(browse: Any, axe: Any, survey: Any, path: str, lang: str, text: str) -> None:
    visit = browse(path, javascript=False, width=360)
    assert visit.page.get_by_text(text).first.is_visible()
    _check(visit, axe, f"survey {lang} {path.rsplit('=', 1)[-1]}", lang=lang)


def test_error_state_and_not_open_page(browse: Any, axe: Any, survey: Any, cast: Any) -> None:
    from nahbar.survey.models import Question

    with scopes_disabled():
        Question.objects.filter(key="ucla.companionship").update(required=True)
    visit = browse(FORM, javascript=False, width=360)
    visit.page.get_by_role("button", name="Weiter").click()
    visit.page.wait_for_load_state("load")
    assert visit.page.get_by_text("Bitte beantworten Sie diese Frage.").first.is_visible()
    _check(visit, axe, "survey error")
    today = timezone.localdate()
    with scopes_disabled():
        Wave.objects.update(opens_on=today + dt.timedelta(days=5), closes_on=today + dt.timedelta(days=9))
    closed = browse(FORM, javascript=False, width=360)
    assert closed.page.get_by_text("Diese Befragung ist im Moment nicht geöffnet.").is_visible()
    _check(closed, axe, "survey not open")
