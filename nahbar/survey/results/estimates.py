"""Per-wave estimates: every outcome overall, per area and per group, each table through ``publish``.

Nothing leaves this module unpublished: a table is a list of ``PublishedRow`` (numbers only where the
rules allow them), and the pages, the PDF, the CSV and the API read only these tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl
from django.utils.translation import gettext as _

from nahbar.survey.disclosure import PublicationRules, PublishedRow, publish
from nahbar.survey.estimator import ALL, RakingError, estimate_table
from nahbar.survey.intervals import CiMethod
from nahbar.survey.results.frame import WaveFrame
from nahbar.survey.results.population import PopulationCells, raking_setup
from nahbar.survey.scoring import UCLA3_DEFAULT_CUTOFF


@dataclass(frozen=True)
class Outcome:
    key: str  # also the frame column
    share: bool
    label: Callable[[], str]  # German, translated when called
    definition: Callable[[], str]


OUTCOMES = (
    Outcome(
        "ucla_lonely",
        share=True,
        label=lambda: _("Einsam (UCLA-3)"),
        definition=lambda: _("Anteil mit einem Summenwert der UCLA-3-Skala (3–9) ab dem Grenzwert"),
    ),
    Outcome(
        "direct_often",
        share=True,
        label=lambda: _("Oft oder immer einsam (direkte Frage)"),
        definition=lambda: _("Anteil, der sich „oft oder immer“ einsam fühlt (häufiger als „manchmal“)"),
    ),
    Outcome(
        "djg_lonely",
        share=True,
        label=lambda: _("Einsam (De-Jong-Gierveld-Skala)"),
        definition=lambda: _("Anteil mit 2–6 Punkten der 6-Punkte-Skala: mäßig oder stark einsam"),
    ),
    Outcome(
        "djg_severe",
        share=True,
        label=lambda: _("Stark einsam (De-Jong-Gierveld-Skala)"),
        definition=lambda: _("Anteil mit 5–6 Punkten der 6-Punkte-Skala"),
    ),
    Outcome(
        "ucla_score",
        share=False,
        label=lambda: _("Mittelwert UCLA-3"),
        definition=lambda: _("Mittlerer Wert der UCLA-3-Skala (höher = einsamer)"),
    ),
    Outcome(
        "djg_total",
        share=False,
        label=lambda: _("Mittelwert De-Jong-Gierveld-Skala"),
        definition=lambda: _("Mittlere Punktzahl der 6-Punkte-Skala (0–6)"),
    ),
)
OUTCOME_BY_KEY = {outcome.key: outcome for outcome in OUTCOMES}
#: Fixed groupings; the ``demo.*`` answers of the wave are added as further groupings.
GROUPINGS = ("area", "age_band", "sex", "lives_alone")


@dataclass(frozen=True)
class Table:
    """One outcome by one grouping, published; ``rows[0]`` is the whole (``all``)."""

    outcome: str
    grouping: str
    rows: list[PublishedRow]
    error: str = ""  # German; set when nothing could be estimated

    @property
    def total(self) -> PublishedRow | None:
        return next((row for row in self.rows if row.group == ALL), None)

    @property
    def groups(self) -> list[PublishedRow]:
        return [row for row in self.rows if row.group != ALL]


@dataclass
class WaveEstimates:
    respondents: int
    cutoff: int
    ci: CiMethod
    rules: PublicationRules
    population_year: int | None
    tables: dict[tuple[str, str], Table] = field(default_factory=dict)
    used: dict[str, int] = field(default_factory=dict)  # outcome → respondents with a value
    notes: list[str] = field(default_factory=list)  # weighting notes (German), deduplicated
    invalid: dict[str, int] = field(default_factory=dict)
    groupings: list[str] = field(default_factory=list)

    def outcomes(self) -> list[Outcome]:
        return [outcome for outcome in OUTCOMES if outcome.key in self.used]

    def table(self, outcome: str, grouping: str) -> Table | None:
        return self.tables.get((outcome, grouping))


def wave_estimates(
    frame: WaveFrame,
    population: PopulationCells,
    *,
    cutoff: int = UCLA3_DEFAULT_CUTOFF,
    ci: CiMethod = "logit",
    rules: PublicationRules | None = None,
) -> WaveEstimates:
    """All published tables of one wave (outcomes that nobody answered are left out)."""
    rules = rules or PublicationRules()
    groupings = [*GROUPINGS, *frame.demographics]
    result = WaveEstimates(
        respondents=frame.data.height,
        cutoff=cutoff,
        ci=ci,
        rules=rules,
        population_year=population.year,
        invalid=dict(frame.invalid),
        groupings=groupings,
    )
    for outcome in OUTCOMES:
        subset = frame.data.filter(pl.col(outcome.key).is_not_null())
        if subset.height == 0:
            continue
        result.used[outcome.key] = subset.height
        setup = raking_setup(subset, population)
        result.notes += [note for note in setup.notes if note not in result.notes]
        for grouping in groupings:
            result.tables[outcome.key, grouping] = outcome_table(
                setup.data, outcome, grouping, margins=setup.margins, ci=ci, rules=rules
            )
    return result


def outcome_table(
    data: pl.DataFrame,
    outcome: Outcome,
    grouping: str,
    *,
    margins: dict[str, dict[str, float]],
    ci: CiMethod,
    rules: PublicationRules,
) -> Table:
    if data.height < rules.min_n:
        return Table(outcome.key, grouping, [], error=_("zu wenige Antworten für eine Auswertung"))
    try:
        rows = estimate_table(data, y=outcome.key, share=outcome.share, margins=margins or None, by=grouping, ci=ci)
    except RakingError as exc:
        return Table(outcome.key, grouping, [], error=str(exc))
    return Table(outcome.key, grouping, publish(rows, share=outcome.share, rules=rules))
