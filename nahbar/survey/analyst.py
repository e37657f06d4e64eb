"""``nahbar stats estimate`` without the command line: CSV in, published estimate table out.

Works on any survey, not only nahbar's own: the analyst names the columns.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.utils.translation import gettext as _

from nahbar.survey import csvinput
from nahbar.survey.csvinput import InputError, ShareCondition
from nahbar.survey.disclosure import PublicationRules, PublishedRow, publish
from nahbar.survey.estimator import SurveyDesign, estimate_table
from nahbar.survey.intervals import CiMethod
from nahbar.survey.margins import check_margins

OUTPUT_COLUMNS = ["group", "n", "estimate", "se", "ci_low", "ci_high", "cv", "published", "suppression", "cv_flag"]
_OUTCOME = "_nahbar_outcome"


@dataclass(frozen=True)
class EstimateRequest:
    responses: Path
    mean: str | None = None
    share: ShareCondition | None = None
    design: SurveyDesign = SurveyDesign()  # noqa: RUF009 - frozen, immutable
    rake_margins: Path | None = None
    by: str | None = None
    ci: CiMethod = "logit"


@dataclass(frozen=True)
class EstimateResult:
    rows: list[PublishedRow]
    used: int  # respondents in the estimate
    left_out: int  # respondents without a value in the outcome column


def run(request: EstimateRequest, rules: PublicationRules | None = None) -> EstimateResult:
    frame = csvinput.read_table(request.responses)
    margins = csvinput.read_margins(request.rake_margins) if request.rake_margins else None
    outcome = request.mean or (request.share.column if request.share else None)
    assert outcome is not None  # noqa: S101 - the command line requires --mean or --share
    design = request.design
    named = [outcome, design.weights, design.strata, design.fpc, request.by, *(margins or {})]
    csvinput.require_columns(frame, [column for column in named if column], request.responses)
    frame = _prepare_design(frame, design)
    if request.mean:
        frame = csvinput.numeric(frame, request.mean).with_columns(pl.col(request.mean).alias(_OUTCOME))
    else:
        assert request.share is not None  # noqa: S101
        frame = csvinput.share_indicator(frame, request.share, _OUTCOME)
    complete = frame.filter(pl.col(_OUTCOME).is_not_null())
    if complete.height == 0:
        raise InputError(_("Keine Antwort hat einen Wert in der Spalte „%(column)s“.") % {"column": outcome})
    if margins:
        check_margins(complete, margins)
    if design.fpc:
        csvinput.check_fpc(complete, design.fpc, design.strata)
    rows = estimate_table(
        complete, y=_OUTCOME, share=request.share is not None, design=design, margins=margins, by=request.by,
        ci=request.ci,
    )  # fmt: skip
    published = publish(rows, share=request.share is not None, rules=rules)
    return EstimateResult(published, used=complete.height, left_out=frame.height - complete.height)


def _prepare_design(frame: pl.DataFrame, design: SurveyDesign) -> pl.DataFrame:
    if design.weights:
        frame = csvinput.numeric(frame, design.weights, required=True, positive=True)
    if design.fpc:
        frame = csvinput.numeric(frame, design.fpc, required=True, positive=True)
    if design.strata:
        csvinput.no_missing(frame, design.strata)
        sizes = frame.group_by(design.strata).len()
        singles = sizes.filter(pl.col("len") < 2)
        if singles.height:
            stratum = singles[design.strata][0]
            raise InputError(
                _("Die Schicht „%(stratum)s“ (Spalte „%(column)s“) hat nur eine Antwort; für eine Varianzschätzung "
                  "braucht jede Schicht mindestens zwei.") % {"stratum": stratum, "column": design.strata}
            )  # fmt: skip
    return frame


def write_csv(rows: list[PublishedRow], out: io.TextIOBase) -> None:
    """One row per group; the numbers of a suppressed row stay empty."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(OUTPUT_COLUMNS)
    for row in rows:
        estimate = row.estimate
        numbers = (
            [
                estimate.n,
                *map(_number, (estimate.estimate, estimate.se, estimate.ci_low, estimate.ci_high, estimate.cv)),
            ]
            if row.published
            else [""] * 6
        )
        writer.writerow([row.group, *numbers, int(row.published), row.suppression.value, int(row.cv_flag)])


def _number(value: float) -> str:
    return repr(float(value)) if math.isfinite(value) else ""
