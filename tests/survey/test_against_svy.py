"""nahbar's raking and aggregated linearisation against svy's public API (svy 0.35.0) on the real data."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
import svy

from nahbar.survey.estimator import SurveyDesign, estimate_table, raked_weights


def controls(margins: dict[str, dict[str, float]]) -> dict[str, dict[str | int | float | bool, int | float]]:
    result: dict[str, dict[str | int | float | bool, int | float]] = {}
    for variable, levels in margins.items():
        typed: dict[str | int | float | bool, int | float] = {}
        typed.update(levels)
        result[variable] = typed
    return result


def svy_by(sample: svy.Sample, y: str, by: str) -> dict[str, tuple[float, float, int]]:
    table = sample.estimation.mean(y, by=by).to_polars()  # type: ignore[union-attr]
    return {str(row[by]): (row["est"], row["se"], row["df"]) for row in table.iter_rows(named=True)}


def test_raked_weights_equal_svys(scored: pl.DataFrame, margins: dict[str, dict[str, float]]) -> None:
    sample = svy.Sample(scored.with_columns(pl.lit(1.0).alias("w0")), svy.Design(wgt="w0"))
    raked = sample.weighting.rake(controls=controls(margins), tol=1e-12, max_iter=1000).data
    assert isinstance(raked, pl.DataFrame)
    theirs = raked["rk_wgt"].to_numpy()
    np.testing.assert_allclose(raked_weights(scored, margins), theirs, rtol=1e-9)


@pytest.mark.parametrize(
    ("design", "rake", "by"),
    [
        (SurveyDesign(), True, "area_code"),
        (SurveyDesign(), True, "living_alone"),  # a group that is not a raking margin
        (SurveyDesign(strata="area_code"), True, "age_band"),
        (SurveyDesign(strata="sex"), False, "area_code"),
    ],
)
def test_domain_estimates_equal_svys(
    scored: pl.DataFrame, margins: dict[str, dict[str, float]], design: SurveyDesign, rake: bool, by: str
) -> None:
    data = scored.with_columns(pl.lit(1.0).alias("w0"), pl.col(by).cast(pl.String))
    sample = svy.Sample(data, svy.Design(wgt="w0", stratum=design.strata))
    if rake:
        sample = sample.weighting.rake(controls=controls(margins), tol=1e-12, max_iter=1000)
    theirs = svy_by(sample, "ucla_score", by)
    ours = estimate_table(data, y="ucla_score", share=False, design=design, margins=margins if rake else None, by=by)
    assert [row.group for row in ours[1:]] == sorted(theirs)
    for row in ours[1:]:
        est, se, df = theirs[row.group]
        assert (row.estimate, row.se, row.df) == (pytest.approx(est, rel=1e-9), pytest.approx(se, rel=1e-8), df)
