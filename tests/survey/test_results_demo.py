"""The demo responses: two published waves, about 1,500 responses from the population cells, seeded."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django_scopes import scopes_disabled

from nahbar.demo.survey_responses import LOW_RESPONSE_AREA, RESPONSES_PER_WAVE, SURVEY_SLUG, create_demo_responses
from nahbar.survey.disclosure import Suppression
from nahbar.survey.models import Response, Survey, Wave
from nahbar.survey.results.selectors import compute_wave_results
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 21)


def _town(municipality: Any) -> None:
    with scopes_disabled():
        for code in ("10", "11", LOW_RESPONSE_AREA):
            area = factories.area(municipality, code=code, name=f"Bezirk {code}")
            for band in ("0-17", "18-29", "30-49", "50-64", "65-79", "80+"):
                for sex in ("f", "m"):
                    factories.area_statistic(area, age_band=band, sex=sex, value=20_000.0)


def test_two_published_waves_of_plausible_responses(cast: Any) -> None:
    _town(cast.home)
    made = create_demo_responses(municipality=cast.home, seed=2026, today=TODAY)
    assert made == 2 * RESPONSES_PER_WAVE
    with scopes_disabled():
        survey = Survey.objects.get(municipality=cast.home, slug=SURVEY_SLUG)
        waves = list(Wave.objects.filter(survey=survey).order_by("opens_on"))
        assert [w.results_published for w in waves] == [True, True]
        assert [w.opens_on.year for w in waves] == [2025, 2026]
        responses = Response.objects.filter(wave__survey=survey)
        assert not responses.filter(age_band="0-17").exists()  # adults only
        assert responses.filter(area__code=LOW_RESPONSE_AREA).count() < 0.1 * responses.count() / 3
        texts = [r.answers["wishes.text"] for r in responses if "wishes.text" in r.answers]
        assert 0.2 < len(texts) / responses.count() < 0.4
        results = compute_wave_results(waves[-1])
    table = results.estimates.table("ucla_lonely", "area")
    assert table is not None and table.total is not None and table.total.published
    low = next(row for row in table.rows if row.group == LOW_RESPONSE_AREA)
    assert low.suppression is not Suppression.NONE
    assert results.themes.themes, "the demo wishes should give themes"


def _snapshot() -> list[str]:
    rows = Response.objects.select_related("wave", "area")
    return sorted(repr((r.wave.slug, r.area_id and r.area.code, r.age_band, r.sex, r.answers)) for r in rows)


def test_deterministic_and_reuses_an_existing_survey(cast: Any) -> None:
    _town(cast.home)
    with scopes_disabled():
        Survey.objects.create(municipality=cast.home, slug=SURVEY_SLUG, title="Vom Fragebogen-Modul")
    create_demo_responses(municipality=cast.home, seed=7, today=TODAY)
    with scopes_disabled():
        first = _snapshot()
        assert Survey.objects.filter(municipality=cast.home).count() == 1
        Response.objects.all().delete()
    create_demo_responses(municipality=cast.home, seed=7, today=TODAY)
    with scopes_disabled():
        second = _snapshot()
        assert Wave.objects.filter(survey__municipality=cast.home).count() == 2  # the waves are reused
    assert first == second
