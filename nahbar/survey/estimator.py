"""Weighted shares and means with Taylor-linearised standard errors, on svy (pinned 0.35.0).

What comes from svy: raking (iterative proportional fitting, Rust core), the point estimates and the
Taylor-linearised variance, which — like R's ``survey::rake`` followed by ``svymean`` — takes the raking
into account (svy records the margins with the raked weight and projects the linearised variable onto
them before computing the variance), strata and the finite population correction, and domain estimation
(``by``) that keeps the whole design. What is computed here: the confidence intervals (see
``intervals.py``: svy's logit interval differs from R's) and the unweighted counts the publication rules
need.

The validation test (tests/survey/test_reference.py) reproduces every number R's survey package wrote to
reference.json to better than 1e-8 relative difference.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl
import svy

from nahbar.survey.intervals import CiMethod, mean_interval, share_interval

#: Group label of the whole sample and of respondents whose group value is missing.
ALL = "all"
MISSING_GROUP = "(fehlend)"

#: Raking stops when every margin is met within this relative error (R's rake() default, epsilon = 1,
#: stops far too early; the reference used epsilon = 1e-10 × the weight sum).
RAKE_TOLERANCE = 1e-10
RAKE_MAX_ITERATIONS = 1000

_WEIGHT = "_nahbar_w0"
_Y = "_nahbar_y"
_GROUP = "_nahbar_group"
_RAKED = "_nahbar_raked"

Margins = Mapping[str, Mapping[str, float]]


@dataclass(frozen=True)
class SurveyDesign:
    """Column names of the design; all optional (no weights: every respondent starts with weight 1)."""

    weights: str | None = None
    strata: str | None = None
    fpc: str | None = None  # population size of the stratum, as R's svydesign(fpc = ) takes it


@dataclass(frozen=True)
class Estimate:
    group: str
    n: int  # unweighted respondents in the group
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    df: int
    positives: int | None = None  # shares only: unweighted respondents meeting the condition

    @property
    def cv(self) -> float:
        return self.se / abs(self.estimate) if self.estimate else math.inf

    @property
    def negatives(self) -> int | None:
        return None if self.positives is None else self.n - self.positives


def estimate_table(
    frame: pl.DataFrame,
    *,
    y: str,
    share: bool,
    design: SurveyDesign = SurveyDesign(),
    margins: Margins | None = None,
    by: str | None = None,
    ci: CiMethod = "logit",
) -> list[Estimate]:
    """The overall estimate (group ``all``) and, with ``by``, one per group, in sorted group order.

    ``frame`` must hold the respondents to estimate from: ``y`` without missing values (0/1 for a
    share), and the design, margin and group columns. Respondents whose group value is missing form
    the group ``(fehlend)`` so that the groups add up to the whole.
    """
    if margins:  # margin levels are strings (from a CSV or a database), so compare the data as strings
        frame = frame.with_columns(pl.col(list(margins)).cast(pl.String))
    sample = _sample(frame, y=y, design=design, by=by)
    if margins:
        sample = rake(sample, margins)
    raked = bool(margins)
    rows = [_estimates(sample, by=None, share=share, ci=ci, raked=raked)[0]]
    if by is not None:
        rows += _estimates(sample, by=_GROUP, share=share, ci=ci, raked=raked)
    return rows


def raked_weights(frame: pl.DataFrame, margins: Margins, design: SurveyDesign = SurveyDesign()) -> pl.Series:
    """The weights after raking ``frame``'s respondents to ``margins``."""
    frame = frame.with_columns(pl.col(list(margins)).cast(pl.String), pl.lit(0.0).alias(_Y))
    return rake(_sample(frame, y=_Y, design=design, by=None), margins).data[_RAKED]


def rake(sample: svy.Sample, margins: Margins) -> svy.Sample:
    controls = {column: {level: float(total) for level, total in levels.items()} for column, levels in margins.items()}
    return sample.weighting.rake(controls=controls, tol=RAKE_TOLERANCE, max_iter=RAKE_MAX_ITERATIONS, wgt_name=_RAKED)


def _sample(frame: pl.DataFrame, *, y: str, design: SurveyDesign, by: str | None) -> svy.Sample:
    weight = pl.col(design.weights).cast(pl.Float64) if design.weights else pl.lit(1.0)
    columns = [weight.alias(_WEIGHT), pl.col(y).cast(pl.Float64).alias(_Y)]
    if by is not None:
        columns.append(pl.col(by).cast(pl.String).fill_null(MISSING_GROUP).alias(_GROUP))
    data = frame.with_columns(columns)
    return svy.Sample(data, svy.Design(wgt=_WEIGHT, stratum=design.strata, pop_size=design.fpc))


def _estimates(sample: svy.Sample, *, by: str | None, share: bool, ci: CiMethod, raked: bool) -> list[Estimate]:
    result = sample.estimation.mean(_Y, by=by)
    table = result.to_polars()  # type: ignore[union-attr]  # one y column gives one result
    positives = _positives(sample.data, by) if share else {}
    n_total = sample.data.height
    rows = []
    for row in table.sort(by or "est").iter_rows(named=True):
        group = ALL if by is None else row[by]
        est, se, df, n = float(row["est"]), float(row["se"]), int(row["df"]), int(row["n"])
        if share:
            # R keeps all rows of a calibrated design in a domain (weights outside set to zero).
            low, high = share_interval(est, se, df=df, n_rows=n_total if raked else n, method=ci)
        else:
            low, high = mean_interval(est, se, df=df)
        rows.append(Estimate(group, n, est, se, low, high, df, positives.get(group) if share else None))
    return rows


def _positives(data: pl.DataFrame, by: str | None) -> dict[str, int]:
    if by is None:
        return {ALL: int((data[_Y] == 1).sum())}
    counts = data.group_by(by).agg((pl.col(_Y) == 1).sum().alias("k"))
    return {str(group): int(k) for group, k in counts.iter_rows()}
