"""Weighted shares and means with Taylor-linearised standard errors that account for raking.

Raking (iterative proportional fitting) runs in svy's Rust kernel (``svy_rs``, svy 0.35.0 pinned) — the
one ``svy.Sample.weighting.rake`` calls, but fed with integer codes directly: svy's Python wrapper spends
several seconds per million rows on per-row bookkeeping. The variance is computed by ``linearization.py``
(R's estimator on aggregates; svy's per-domain Taylor variance costs O(n × groups)). Confidence intervals
follow R's ``svyciprop`` (``intervals.py``; svy's logit interval differs from R's).

Checked against R's survey package (tests/survey/test_reference.py: all 80 numbers of reference.json to
< 1e-8 relative; test_design_reference.py: strata, fpc, weights, raking with beta CIs) and against svy's
public API (test_against_svy.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import polars as pl
from django.utils.translation import gettext as _
from svy_rs._internal import rake as svy_rake_kernel

from nahbar.survey.intervals import CiMethod, mean_interval, share_interval
from nahbar.survey.linearization import codes, domain_means

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

Margins = Mapping[str, Mapping[str, float]]


class RakingError(ValueError):
    """Raking failed; the message is German."""


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
    weight = pl.col(design.weights).cast(pl.Float64) if design.weights else pl.lit(1.0)
    columns = [weight.alias(_WEIGHT), pl.col(y).cast(pl.Float64).alias(_Y)]
    if by is not None:
        columns.append(pl.col(by).cast(pl.String).fill_null(MISSING_GROUP).alias(_GROUP))
    data = frame.with_columns(columns)
    if margins:
        data = data.with_columns(pl.Series(_WEIGHT, raked_weights(data, margins, weights=_WEIGHT)))
    rows = _estimates(data, by=None, share=share, ci=ci, design=design, margins=margins)
    if by is not None:
        rows += _estimates(data, by=_GROUP, share=share, ci=ci, design=design, margins=margins)
    return rows


def raked_weights(frame: pl.DataFrame, margins: Margins, *, weights: str | None = None) -> np.ndarray:
    """The weights after raking ``frame``'s respondents (initial weight 1 or ``weights``) to ``margins``."""
    initial = frame[weights].cast(pl.Float64).to_numpy() if weights else np.ones(frame.height)
    indices, targets = [], []
    for variable, totals in margins.items():
        levels, code = codes(frame[variable])
        missing = [str(level) for level in levels if str(level) not in totals]
        if missing:
            raise RakingError(
                _("Die Stufe „%(level)s“ der Variable „%(variable)s“ fehlt in der Randverteilung.")
                % {"level": missing[0], "variable": variable}
            )
        indices.append(code)
        targets.append(np.array([float(totals[str(level)]) for level in levels]))
    try:
        raked = svy_rake_kernel(
            np.ascontiguousarray(initial.reshape(-1, 1)),
            indices,
            targets,
            None,
            None,
            RAKE_TOLERANCE,
            RAKE_MAX_ITERATIONS,
        )[:, 0]
    except ValueError as exc:  # the kernel's own checks (e.g. a level with zero weight)
        raise RakingError(_("Die Schätzung ist gescheitert: %(error)s") % {"error": exc}) from None
    _check_converged(raked, indices, targets)
    return np.asarray(raked)


def _check_converged(weights: np.ndarray, indices: list[np.ndarray], targets: list[np.ndarray]) -> None:
    for code, target in zip(indices, targets, strict=True):
        achieved = np.bincount(code, weights=weights, minlength=len(target))
        if np.max(np.abs(achieved - target) / target) > RAKE_TOLERANCE * 10:
            raise RakingError(
                _("Die Gewichtung (Raking) ist nach %(iterations)d Durchläufen nicht konvergiert; passen die "
                  "Randverteilungen zu den Antworten?") % {"iterations": RAKE_MAX_ITERATIONS}
            )  # fmt: skip


def _estimates(
    data: pl.DataFrame, *, by: str | None, share: bool, ci: CiMethod, design: SurveyDesign, margins: Margins | None
) -> list[Estimate]:
    means = domain_means(
        data, y=_Y, weight=_WEIGHT, domain=by, strata=design.strata, fpc=design.fpc,
        raking_margins=list(margins or ()),
    )  # fmt: skip
    positives = _positives(data, by) if share else {}
    rows = []
    for index, group in enumerate(means.groups):
        est, se = float(means.estimate[index]), float(means.se[index])
        df, n = int(means.df[index]), int(means.n[index])
        if share:
            # R keeps all rows of a calibrated design in a domain (weights outside set to zero).
            low, high = share_interval(est, se, df=df, n_rows=data.height if margins else n, method=ci)
        else:
            low, high = mean_interval(est, se, df=df)
        label = ALL if by is None else group
        rows.append(Estimate(label, n, est, se, low, high, df, positives.get(label) if share else None))
    return rows


def _positives(data: pl.DataFrame, by: str | None) -> dict[str, int]:
    if by is None:
        return {ALL: int((data[_Y] == 1).sum())}
    counts = data.group_by(by).agg((pl.col(_Y) == 1).sum().alias("k"))
    return {str(group): int(k) for group, k in counts.iter_rows()}
