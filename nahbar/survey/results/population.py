"""Raking margins per area, age band and sex from AreaStatistic, fitted to the respondents at hand.

The estimator rakes to three margins (area; age band; sex), each the sum of the population cells
area × age band × sex. Three things need deciding before a wave can be raked (docs/survey-results.md):

1. Age bands entirely under 18 are not part of the surveyed population (adults) and leave the cells.
2. A margin level without respondents cannot be met by any weight, and one with very few gives those few
   huge weights (one respondent standing for a whole district inflates every standard error they touch):
   a level with fewer than ``MIN_LEVEL_RESPONDENTS`` is merged with its neighbour in the level order (age
   bands by their lower bound, areas and sexes by code), repeatedly, until every level has enough.
   Merged levels are only used for weighting; results stay per original area.
3. Respondents whose value is missing, or has no population figure (e.g. sex "divers" when the statistics
   only count f/m), form the level ``(fehlend)`` of that margin with the population share equal to their
   share of the respondents; the known levels shrink by the same factor. They are then weighted by the
   other margins only, and the margin still describes the same population total.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import polars as pl
from django.db.models import Max
from django.utils.translation import gettext as _

from nahbar.areas.models import AreaStatistic
from nahbar.survey.estimator import MISSING_GROUP
from nahbar.tenancy.models import Municipality

POPULATION_INDICATOR = "population"
ADULT_AGE = 18
MIN_LEVEL_RESPONDENTS = 10
RAKING_VARIABLES = ("area", "age_band", "sex")
RAKE_COLUMN = {variable: f"rake_{variable}" for variable in RAKING_VARIABLES}
_MERGE_SEPARATOR = " + "


@dataclass(frozen=True)
class PopulationCells:
    """Persons per area code × age band × sex, of one year; empty if the municipality has none."""

    cells: pl.DataFrame  # columns area, age_band, sex, persons
    year: int | None

    @property
    def empty(self) -> bool:
        return self.cells.height == 0


@dataclass
class RakingSetup:
    data: pl.DataFrame  # the respondents with one rake_* column per margin used
    margins: dict[str, dict[str, float]]
    notes: list[str] = field(default_factory=list)  # German, for the methods note


def population_cells(municipality: Municipality, area_codes: set[str]) -> PopulationCells:
    """The latest year's population cells of the areas whose codes the respondents use (two queries)."""
    rows = (
        AreaStatistic.objects.filter(
            municipality=municipality, indicator=POPULATION_INDICATOR, area__code__in=area_codes
        )
        .exclude(age_band="")
        .exclude(sex="")
    )
    year = rows.aggregate(latest=Max("year"))["latest"]
    if year is None:
        return PopulationCells(_empty_cells(), None)
    values = list(rows.filter(year=year).values_list("area__code", "age_band", "sex", "value"))
    cells = pl.DataFrame(
        values, schema={"area": pl.String, "age_band": pl.String, "sex": pl.String, "persons": pl.Float64}, orient="row"
    )
    return PopulationCells(cells.group_by("area", "age_band", "sex").agg(pl.col("persons").sum()), year)


def _empty_cells() -> pl.DataFrame:
    return pl.DataFrame(schema={"area": pl.String, "age_band": pl.String, "sex": pl.String, "persons": pl.Float64})


def band_bounds(band: str) -> tuple[int, int]:
    """(lower, upper) years of an age band such as "18-29", "80+" or "unter 18"; unknown → (999, 999)."""
    numbers = [int(number) for number in re.findall(r"\d+", band)]
    if not numbers:
        return (999, 999)
    if band.strip().lower().startswith(("unter", "<")):
        return (0, numbers[0] - 1)
    if "+" in band or len(numbers) == 1:
        return (numbers[0], 200)
    return (numbers[0], numbers[1])


def _level_order(variable: str, levels: list[str]) -> list[str]:
    if variable == "age_band":
        return sorted(levels, key=lambda band: (band_bounds(band), band))
    return sorted(levels)


def raking_setup(frame: pl.DataFrame, population: PopulationCells) -> RakingSetup:
    """Margins for ``frame``'s respondents and the rake_* columns that match them."""
    if population.empty:
        return RakingSetup(frame, {}, [_("Für diese Gebiete gibt es keine Bevölkerungszahlen: ungewichtet.")])
    cells = population.cells
    notes: list[str] = []
    minors = sorted({band for band in cells["age_band"].to_list() if band_bounds(band)[1] < ADULT_AGE})
    if minors:
        cells = cells.filter(~pl.col("age_band").is_in(minors))
        notes.append(
            _("Altersgruppen unter 18 Jahren (%(bands)s) gehören nicht zur befragten Bevölkerung.")
            % {"bands": ", ".join(minors)}
        )
    total = float(cells["persons"].sum())
    data, margins = frame, {}
    for variable in RAKING_VARIABLES:
        column, margin, variable_notes = _margin(data, cells, variable, total)
        notes += variable_notes
        if margin:
            data = data.with_columns(column.alias(RAKE_COLUMN[variable]))
            margins[RAKE_COLUMN[variable]] = margin
    return RakingSetup(data, margins, notes)


def _margin(
    frame: pl.DataFrame, cells: pl.DataFrame, variable: str, total: float
) -> tuple[pl.Series, dict[str, float], list[str]]:
    persons = dict(cells.group_by(variable).agg(pl.col("persons").sum()).iter_rows())
    values = frame[variable].to_list()
    known = [value if value in persons else None for value in values]
    n_known = sum(value is not None for value in known)
    label = VARIABLE_LABELS[variable]()
    if n_known == 0:
        return pl.Series([], dtype=pl.String), {}, [_("Nach „%(variable)s“ ist nicht gewichtet: keine Angaben.") % {
            "variable": label}]  # fmt: skip
    counts = Counter(value for value in known if value is not None)
    merged, notes = _merge_small_levels(variable, persons, counts)
    margin: dict[str, float] = {}
    for level, people in persons.items():
        margin[merged[level]] = margin.get(merged[level], 0.0) + people
    column = [MISSING_GROUP if value is None else merged[value] for value in known]
    n_missing = len(values) - n_known
    if n_missing:
        factor = n_known / len(values)
        margin = {level: people * factor for level, people in margin.items()}
        margin[MISSING_GROUP] = total * (1 - factor)
        notes.append(
            _("%(count)d Antworten ohne verwendbare Angabe zu „%(variable)s“ sind nur nach den übrigen Merkmalen "
              "gewichtet.") % {"count": n_missing, "variable": label}
        )  # fmt: skip
    return pl.Series(column, dtype=pl.String), margin, notes


def _merge_small_levels(
    variable: str, persons: dict[str, float], counts: Counter[str]
) -> tuple[dict[str, str], list[str]]:
    """Level → merged level label, merging every level with too few respondents into its neighbour."""
    groups = [[level] for level in _level_order(variable, list(persons))]
    while len(groups) > 1:
        sizes = [sum(counts[level] for level in group) for group in groups]
        small = next((i for i, size in enumerate(sizes) if size < MIN_LEVEL_RESPONDENTS), None)
        if small is None:
            break
        neighbour = small + 1 if small + 1 < len(groups) else small - 1
        low, high = sorted((small, neighbour))
        groups[low : high + 1] = [groups[low] + groups[high]]
    mapping = {level: _MERGE_SEPARATOR.join(group) for group in groups for level in group}
    notes = [
        _("Für die Gewichtung zusammengefasst (%(variable)s, zu wenige Antworten in einer der Stufen): %(levels)s.")
        % {"variable": VARIABLE_LABELS[variable](), "levels": _MERGE_SEPARATOR.join(group)}
        for group in groups
        if len(group) > 1
    ]
    return mapping, notes


VARIABLE_LABELS = {
    "area": lambda: _("Gebiet"),
    "age_band": lambda: _("Altersgruppe"),
    "sex": lambda: _("Geschlecht"),
}
