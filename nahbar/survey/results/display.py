"""What the pages, the PDF and the CSV show of published tables: labels, formatted numbers, reasons.

Only ``PublishedRow.published`` rows carry numbers out of here; a suppressed row carries its reason, never
its n or estimate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from nahbar.areas.models import Area
from nahbar.survey.disclosure import PublishedRow, Suppression
from nahbar.survey.estimator import ALL, MISSING_GROUP
from nahbar.survey.models import Question, Response, Survey
from nahbar.survey.results.estimates import Outcome, Table, WaveEstimates
from nahbar.survey.results.population import band_bounds

SHARE_DECIMALS = 1
MEAN_DECIMALS = 2


def suppression_reason(reason: Suppression) -> str:
    return {
        Suppression.NONE: "",
        Suppression.SMALL_N: _("zu wenige Antworten"),
        Suppression.SMALL_COUNT: _("zu wenige Antworten in einer Antwortgruppe (unter 5)"),
        Suppression.WIDE_CI: _("zu ungenau (Vertrauensbereich breiter als erlaubt)"),
        Suppression.SECONDARY: _("nicht ausgewiesen, damit andere Werte nicht zurückgerechnet werden können"),
    }[reason]


@dataclass(frozen=True)
class Cell:
    """One row as shown: ``value`` etc. only when published."""

    group: str  # the raw group value (area code, age band, …)
    label: str
    published: bool
    reason: str
    suppression: str  # machine-readable reason for the CSV
    cv_flag: bool
    n: int | None = None
    estimate: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    se: float | None = None
    text: str = ""  # formatted estimate
    ci_text: str = ""


def format_value(value: float, *, share: bool) -> str:
    if share:
        return number_format(value * 100, SHARE_DECIMALS) + " %"
    return number_format(value, MEAN_DECIMALS)


def cell(row: PublishedRow, label: str, *, share: bool) -> Cell:
    suppression = str(row.suppression)
    if not row.published:
        return Cell(
            row.group, label, published=False, reason=suppression_reason(row.suppression), suppression=suppression,
            cv_flag=False,
        )  # fmt: skip
    est = row.estimate
    low, high = format_value(est.ci_low, share=share), format_value(est.ci_high, share=share)
    return Cell(
        row.group,
        label,
        suppression=suppression,
        cv_flag=row.cv_flag,
        published=True,
        reason="",
        n=est.n,
        estimate=est.estimate,
        ci_low=est.ci_low,
        ci_high=est.ci_high,
        se=est.se,
        text=format_value(est.estimate, share=share),
        ci_text=f"{low} – {high}",
    )


class GroupLabels:
    """German labels of groupings and of their values; built with two queries per wave."""

    def __init__(self, survey: Survey, area_codes: set[str]) -> None:
        # Every area at the level(s) the respondents' areas are on, so areas without answers are listed too.
        levels = Area.objects.filter(municipality_id=survey.municipality_id, code__in=area_codes).values("level")
        self.areas = dict(
            Area.objects.filter(municipality_id=survey.municipality_id, level__in=levels)
            .order_by("name")
            .values_list("code", "name")
        )
        self.questions = {q.key: q for q in Question.objects.filter(survey=survey, key__startswith="demo.")}

    def grouping(self, grouping: str) -> str:
        fixed = {
            "area": _("Gebiet"),
            "age_band": _("Altersgruppe"),
            "sex": _("Geschlecht"),
            "lives_alone": _("Wohnsituation"),
        }
        if grouping in fixed:
            return fixed[grouping]
        question = self.questions.get(grouping)
        return question.text_de if question else grouping.removeprefix("demo.")

    def value(self, grouping: str, group: str) -> str:
        if group == ALL:
            return _("alle Befragten")
        if group == MISSING_GROUP:
            return _("ohne Angabe")
        if grouping == "area":
            return self.areas.get(group, group)
        if grouping == "sex":
            return str(dict(Response.Sex.choices).get(group, group))
        if grouping == "lives_alone":
            return _("lebt allein") if group == "ja" else _("lebt mit anderen")
        question = self.questions.get(grouping)
        if question:
            for option in question.options or []:
                if str(option.get("code")) == group:
                    return str(option.get("de", group))
        return group

    def order(self, grouping: str, cells: list[Cell]) -> list[Cell]:
        def key(c: Cell) -> Any:
            missing = c.group == MISSING_GROUP
            if grouping == "age_band":
                return (missing, band_bounds(c.group), c.group)
            if grouping == "area":
                return (missing, c.label)
            return (missing, c.group)

        return sorted(cells, key=key)


def table_cells(table: Table, outcome: Outcome, labels: GroupLabels) -> list[Cell]:
    """The groups of ``table`` (without the whole) as cells, in display order."""
    cells = [cell(row, labels.value(table.grouping, row.group), share=outcome.share) for row in table.groups]
    return labels.order(table.grouping, cells)


def suppressed_summary(estimates: WaveEstimates, labels: GroupLabels) -> list[dict[str, Any]]:
    """Per outcome and grouping: which groups are not shown and why (for the methods note)."""
    summary = []
    for outcome in estimates.outcomes():
        for grouping in estimates.groupings:
            table = estimates.table(outcome.key, grouping)
            if table is None:
                continue
            hidden = [
                (labels.value(grouping, row.group), suppression_reason(row.suppression))
                for row in table.rows
                if not row.published
            ]
            if hidden or table.error:
                summary.append(
                    {
                        "outcome": outcome.label(),
                        "grouping": labels.grouping(grouping),
                        "error": table.error,
                        "hidden": hidden,
                    }
                )
    return summary
