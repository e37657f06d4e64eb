"""Confidence intervals at the edges, and the estimator's handling of missing group values."""

from __future__ import annotations

import math

import polars as pl
import pytest

from nahbar.survey.estimator import MISSING_GROUP, estimate_table
from nahbar.survey.intervals import korn_graubard_interval, logit_interval, mean_interval


@pytest.mark.parametrize("p", [0.0, 1.0])
def test_logit_interval_is_undefined_at_zero_and_one(p: float) -> None:
    assert all(math.isnan(bound) for bound in logit_interval(p, 0.0, 100))


def test_intervals_need_degrees_of_freedom() -> None:
    assert all(math.isnan(bound) for bound in logit_interval(0.3, 0.05, 0))
    assert all(math.isnan(bound) for bound in korn_graubard_interval(0.3, 0.05, 0, 10))
    assert all(math.isnan(bound) for bound in mean_interval(4.0, 0.1, df=0))


def test_korn_graubard_is_clopper_pearson_for_a_simple_random_sample() -> None:
    # 30 of 100 with se² = p(1 − p)/(n − 1): n_eff = 99 (the t ratio is 1), close to the exact
    # Clopper–Pearson interval for 30 of 100, (0.2124, 0.3998).
    p, n = 0.3, 100
    se = math.sqrt(p * (1 - p) / (n - 1))
    low, high = korn_graubard_interval(p, se, n - 1, n)
    assert (low, high) == (pytest.approx(0.2127, abs=1e-3), pytest.approx(0.3996, abs=1e-3))


def test_missing_group_values_form_their_own_group() -> None:
    frame = pl.DataFrame({"y": [1, 0, 1, 0, 1, 1], "g": ["a", "a", None, None, "b", "b"]})
    rows = estimate_table(frame, y="y", share=True, by="g")
    assert [row.group for row in rows] == ["all", MISSING_GROUP, "a", "b"]
    assert sum(row.n for row in rows[1:]) == rows[0].n
