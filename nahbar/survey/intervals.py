"""95 % confidence intervals for weighted shares, as R's ``survey::svyciprop`` computes them.

svy 0.35.0 has a logit interval of its own that does not match R's (it gives 0.23940 where R gives 0.23959
for the validation data), so both methods follow the R package's formulas here:

- ``logit``: a Wald interval for logit(p) with standard error se / (p (1 − p)) and a t quantile with the
  design degrees of freedom, transformed back (``svyciprop(method = "logit")``, which fits an
  intercept-only quasibinomial ``svyglm`` — the same thing).
- ``beta`` (Korn–Graubard 1998): a Clopper–Pearson interval on the effective sample size
  n_eff = p (1 − p) / se², scaled by (t_{n−1} / t_df)² (``svyciprop(method = "beta")``).
"""

from __future__ import annotations

import math
from typing import Literal

from scipy import special, stats

CiMethod = Literal["logit", "beta"]
NAN_PAIR = (math.nan, math.nan)


def logit_interval(p: float, se: float, df: float, level: float = 0.95) -> tuple[float, float]:
    """Undefined (NaN) at p = 0 or 1 and without degrees of freedom, as in R."""
    if not 0 < p < 1 or not df > 0 or not math.isfinite(se):
        return NAN_PAIR
    t = stats.t.ppf(1 - (1 - level) / 2, df)
    centre, half = special.logit(p), t * se / (p * (1 - p))
    return float(special.expit(centre - half)), float(special.expit(centre + half))


def korn_graubard_interval(p: float, se: float, df: float, n_rows: int, level: float = 0.95) -> tuple[float, float]:
    """``n_rows`` is R's ``nrow(design)``: the domain's rows, or all rows of a calibrated design.

    R subsets a raked (calibrated) design by setting weights outside the domain to zero, so ``nrow``
    stays the whole sample there; that quirk is kept so the results agree with R's.
    """
    if not 0 <= p <= 1 or not se > 0 or not df > 0 or n_rows < 2:
        return NAN_PAIR
    alpha = 1 - level
    n_eff = p * (1 - p) / se**2 * (stats.t.ppf(alpha / 2, n_rows - 1) / stats.t.ppf(alpha / 2, df)) ** 2
    low = stats.beta.ppf(alpha / 2, n_eff * p, n_eff * (1 - p) + 1) if p > 0 else 0.0
    high = stats.beta.ppf(1 - alpha / 2, n_eff * p + 1, n_eff * (1 - p)) if p < 1 else 1.0
    return float(low), float(high)


def share_interval(p: float, se: float, *, df: float, n_rows: int, method: CiMethod) -> tuple[float, float]:
    if method == "logit":
        return logit_interval(p, se, df)
    return korn_graubard_interval(p, se, df, n_rows)


def mean_interval(mean: float, se: float, *, df: float) -> tuple[float, float]:
    """t interval for a mean (``confint(svymean(...), df = degf(design))``)."""
    if not df > 0 or not math.isfinite(se):
        return NAN_PAIR
    half = float(stats.t.ppf(0.975, df)) * se
    return mean - half, mean + half
