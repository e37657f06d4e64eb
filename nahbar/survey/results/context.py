"""The context of the results page, shared by the page, the PDF and (for the tables) the CSV."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from nahbar.survey.disclosure import PublicationRules
from nahbar.survey.estimator import MISSING_GROUP
from nahbar.survey.models import Survey, Wave
from nahbar.survey.results.chart import CLASS_COLOURS, TrendPoint, cached_trend_svg, class_breaks, class_of
from nahbar.survey.results.display import (
    Cell,
    GroupLabels,
    cell,
    format_value,
    suppressed_summary,
    table_cells,
)
from nahbar.survey.results.estimates import OUTCOME_BY_KEY, Outcome
from nahbar.survey.results.selectors import WaveResults, results_for_waves

#: The first of these that the wave has is the page's main outcome.
MAIN_OUTCOMES = ("ucla_lonely", "direct_often", "djg_lonely", "ucla_score", "djg_total", "djg_severe")


@dataclass(frozen=True)
class MapArea:
    code: str
    name: str
    cell: Cell | None  # None: no answers from this area
    colour_class: int | None  # index into CLASS_COLOURS, None when not shown

    @property
    def reason(self) -> str:
        return self.cell.reason if self.cell else _("keine Antworten")


def main_outcome(results: WaveResults, requested: str | None) -> Outcome | None:
    available = [o.key for o in results.estimates.outcomes()]
    if requested in available:
        return OUTCOME_BY_KEY[requested]
    key = next((k for k in MAIN_OUTCOMES if k in available), None)
    return OUTCOME_BY_KEY[key] if key else None


def map_areas(
    results: WaveResults, outcome: Outcome, labels: GroupLabels
) -> tuple[list[MapArea], list[dict[str, str]]]:
    """Every area (also those without answers) with its published cell and colour class, and the legend."""
    table = results.estimates.table(outcome.key, "area")
    cells = {c.group: c for c in table_cells(table, outcome, labels)} if table else {}
    values = [c.estimate for c in cells.values() if c.published and c.estimate is not None]
    breaks = class_breaks(values)
    steps = max(1, len(breaks) - 1)
    colour_index = {i: round(i * (len(CLASS_COLOURS) - 1) / steps) for i in range(len(breaks))}
    areas = []
    for code, name in sorted(labels.areas.items(), key=lambda item: item[1]):
        found = cells.get(code)
        shown = found is not None and found.published and found.estimate is not None
        colour = colour_index[class_of(found.estimate, breaks)] if shown else None  # type: ignore[union-attr,arg-type]
        areas.append(MapArea(code, name, found, colour))
    if MISSING_GROUP in cells:  # respondents without an area: a row in the table, no shape on the map
        areas.append(MapArea(MISSING_GROUP, cells[MISSING_GROUP].label, cells[MISSING_GROUP], None))
    lower = min(values) if values else 0.0
    legend = []
    for i, bound in enumerate(breaks):
        low = lower if i == 0 else breaks[i - 1]
        legend.append(
            {
                "colour": CLASS_COLOURS[colour_index[i]],
                "label": _("%(low)s bis %(high)s")
                % {"low": format_value(low, share=outcome.share), "high": format_value(bound, share=outcome.share)},
            }
        )
    return areas, legend


def trend(survey: Survey, wave: Wave, outcome: Outcome) -> dict[str, Any]:
    """The overall estimate of ``outcome`` in every published wave of the survey, oldest first."""
    waves = list(Wave.objects.filter(survey=survey, results_published=True).select_related("survey", "municipality"))
    results = results_for_waves(waves)
    rows, points = [], []
    for other in waves:
        table = results[other.pk].estimates.table(outcome.key, "area")
        total = table.total if table else None
        shown = cell(total, other.name, share=outcome.share) if total else None
        reason = (table.error or _("nicht erhoben")) if table else _("nicht erhoben")
        rows.append({"wave": other, "cell": shown, "current": other.pk == wave.pk, "reason": reason})
        published = shown is not None and shown.published
        points.append(
            TrendPoint(other.name, shown.estimate, shown.ci_low, shown.ci_high)
            if published and shown
            else TrendPoint(other.name, None)
        )
    svg = None
    if sum(p.estimate is not None for p in points) >= 2:
        svg = cached_trend_svg(
            points,
            title=_("%(outcome)s nach Befragungswelle") % {"outcome": outcome.label()},
            share=outcome.share,
            description=_("Schätzwerte mit 95-%-Vertrauensbereich; die Tabelle daneben nennt die Zahlen."),
        )
    return {"rows": rows, "svg": svg}


def results_context(survey: Survey, wave: Wave, results: WaveResults, requested: str | None) -> dict[str, Any]:
    estimates = results.estimates
    labels = GroupLabels(survey, area_codes(results))
    outcome = main_outcome(results, requested)
    headline = []
    for other in estimates.outcomes():
        table = estimates.table(other.key, "area")
        if table and table.total:
            headline.append({"outcome": other, "cell": cell(table.total, other.label(), share=other.share)})
        elif table:
            headline.append({"outcome": other, "cell": None, "error": table.error})
    context: dict[str, Any] = {
        "survey": survey,
        "wave": wave,
        # Only cells, never the raw estimates, reach the templates: a suppressed row has no numbers there.
        "outcome": outcome,
        "outcomes": estimates.outcomes(),
        "headline": headline,
        "themes": results.themes,
        "methods": methods(survey, results, labels),
    }
    if outcome is not None:
        areas, legend = map_areas(results, outcome, labels)
        context |= {
            "areas": areas,
            "legend": legend,
            "class_colours": CLASS_COLOURS,
            "groups": [
                {"title": labels.grouping(grouping), "cells": table_cells(table, outcome, labels)}
                for grouping in estimates.groupings
                if grouping != "area" and (table := estimates.table(outcome.key, grouping)) and table.rows
            ],
            "trend": trend(survey, wave, outcome),
        }
    return context


def area_codes(results: WaveResults) -> set[str]:
    return {
        row.group for table in results.estimates.tables.values() if table.grouping == "area" for row in table.groups
    }


def methods(survey: Survey, results: WaveResults, labels: GroupLabels) -> dict[str, Any]:
    estimates = results.estimates
    rules: PublicationRules = estimates.rules
    return {
        "variant": survey.get_ucla_variant_display(),
        "five_point": survey.ucla_variant == Survey.UclaVariant.FIVE_POINT,
        "cutoff": estimates.cutoff,
        "respondents": estimates.respondents,
        "used": [{"outcome": OUTCOME_BY_KEY[key], "n": n} for key, n in estimates.used.items()],
        "population_year": estimates.population_year,
        "weighting_notes": estimates.notes,
        "ci": estimates.ci,
        "rules": rules,
        "max_ci_points": round(rules.max_ci_width * 100),
        "max_cv_percent": round(rules.max_cv * 100),
        "suppressed": suppressed_summary(estimates, labels),
        "invalid": estimates.invalid,
    }
