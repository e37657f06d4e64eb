"""Computed results per wave, cached: a page view does not re-rake.

The cache key carries the wave's response count and largest response id, the same for the
municipality's population figures, the survey's cut-off and interval method and the language, so a new,
deleted or imported response (or new statistics, or a changed setting) leads to a
new key; stale entries simply expire. Responses are not edited in place (they are anonymous questionnaires;
a correction is a delete and a new row), so count and largest id identify the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils.translation import get_language

from nahbar.areas.models import AreaStatistic
from nahbar.survey.intervals import CiMethod
from nahbar.survey.models import Response, Survey, Wave
from nahbar.survey.results.estimates import WaveEstimates, wave_estimates
from nahbar.survey.results.frame import wave_frame
from nahbar.survey.results.population import POPULATION_INDICATOR, population_cells
from nahbar.survey.results.themes import ThemeSummary, find_themes

CACHE_VERSION = 1
CACHE_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class WaveResults:
    wave_id: int
    estimates: WaveEstimates
    themes: ThemeSummary


def results_for_waves(waves: Sequence[Wave]) -> dict[int, WaveResults]:
    """Results of several waves of one municipality: two queries when all are cached."""
    if not waves:
        return {}
    municipality = waves[0].municipality
    responses = {
        row["wave"]: (row["n"], row["last"])
        for row in Response.objects.filter(wave__in=waves).values("wave").annotate(n=Count("id"), last=Max("id"))
    }
    statistics = AreaStatistic.objects.filter(municipality=municipality, indicator=POPULATION_INDICATOR).aggregate(
        n=Count("id"), last=Max("id")
    )
    found = {}
    for wave in waves:
        n, last = responses.get(wave.pk, (0, None))
        # The language too: weighting notes and error texts are translated when they are computed.
        key = (
            f"nahbar:survey-results:v{CACHE_VERSION}:{get_language()}:{wave.pk}:{n}:{last}:"
            f"{statistics['n']}:{statistics['last']}:{wave.survey.ucla_cutoff}:{wave.survey.ci_method}"
        )
        results = cache.get(key)
        if results is None:
            results = compute_wave_results(wave)
            cache.set(key, results, CACHE_SECONDS)
        found[wave.pk] = results
    return found


def wave_results(wave: Wave) -> WaveResults:
    return results_for_waves([wave])[wave.pk]


def compute_wave_results(wave: Wave) -> WaveResults:
    survey = wave.survey
    frame = wave_frame(wave, cutoff=survey.ucla_cutoff)
    codes = set(frame.data["area"].drop_nulls().to_list())
    population = population_cells(wave.municipality, codes)
    ci: CiMethod = "beta" if survey.ci_method == Survey.CiMethod.BETA else "logit"
    estimates = wave_estimates(frame, population, cutoff=survey.ucla_cutoff, ci=ci)
    return WaveResults(wave.pk, estimates, find_themes(frame.texts, estimates.rules))
