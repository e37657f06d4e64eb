"""Publication rules: primary suppression, the CV flag, and secondary suppression against differencing."""

from __future__ import annotations

import math

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nahbar.survey.disclosure import (
    LooserThanDefaultError,
    PublicationRules,
    PublishedRow,
    Suppression,
    primary_suppression,
    publish,
)
from nahbar.survey.estimator import ALL, Estimate, estimate_table

RULES = PublicationRules()


def share_row(group: str, n: int, positives: int, se: float = 0.02, ci: tuple[float, float] | None = None) -> Estimate:
    p = positives / n
    low, high = ci if ci is not None else (max(p - 0.05, 0.0), min(p + 0.05, 1.0))
    return Estimate(group, n, p, se, low, high, n - 1, positives)


def table(*groups: Estimate) -> list[Estimate]:
    n = sum(row.n for row in groups)
    positives = sum(row.positives or 0 for row in groups)
    return [share_row(ALL, n, positives, se=0.01), *groups]


def reasons(rows: list[PublishedRow]) -> dict[str, Suppression]:
    return {row.group: row.suppression for row in rows}


# --- primary rules -------------------------------------------------------------------------------------


def test_a_group_below_thirty_respondents_is_suppressed() -> None:
    assert primary_suppression(share_row("a", 29, 10), share=True, rules=RULES) is Suppression.SMALL_N
    assert primary_suppression(share_row("a", 30, 10), share=True, rules=RULES) is Suppression.NONE


@pytest.mark.parametrize(("positives", "reason"), [(4, Suppression.SMALL_COUNT), (5, Suppression.NONE),
                                                   (96, Suppression.NONE), (97, Suppression.SMALL_COUNT)])  # fmt: skip
def test_counts_below_five_are_never_shown_either_way(positives: int, reason: Suppression) -> None:
    # 4 of 101 lonely reveals a count of 4; so does 97 of 101 (4 not lonely).
    assert primary_suppression(share_row("a", 101, positives), share=True, rules=RULES) is reason


def test_a_confidence_interval_wider_than_thirty_points_is_suppressed() -> None:
    assert primary_suppression(share_row("a", 40, 20, ci=(0.34, 0.65)), share=True, rules=RULES) is Suppression.WIDE_CI
    assert primary_suppression(share_row("a", 40, 20, ci=(0.35, 0.65)), share=True, rules=RULES) is Suppression.NONE
    nan_ci = share_row("a", 40, 20, ci=(math.nan, math.nan))
    assert primary_suppression(nan_ci, share=True, rules=RULES) is Suppression.WIDE_CI


def test_means_have_no_count_or_width_rule_but_the_n_rule() -> None:
    mean = Estimate("a", 30, 4.5, 0.9, 2.7, 6.3, 29)
    assert primary_suppression(mean, share=False, rules=RULES) is Suppression.NONE
    assert (
        primary_suppression(Estimate("a", 29, 4.5, 0.1, 4.3, 4.7, 28), share=False, rules=RULES) is Suppression.SMALL_N
    )


def test_a_coefficient_of_variation_above_twenty_percent_is_flagged_not_hidden() -> None:
    rows = publish(table(share_row("a", 200, 20, se=0.021), share_row("b", 200, 100, se=0.02)), share=True)
    flagged = {row.group: row.cv_flag for row in rows}
    assert flagged == {ALL: False, "a": True, "b": False}
    assert all(row.published for row in rows)


def test_effective_n_can_be_required() -> None:
    rules = PublicationRules(effective_n=True)
    # p = 0.5, se = 0.1: n_eff = 25 although 100 answered.
    row = share_row("a", 100, 50, se=0.1, ci=(0.4, 0.6))
    assert primary_suppression(row, share=True, rules=rules) is Suppression.SMALL_N
    assert primary_suppression(row, share=True, rules=RULES) is Suppression.NONE


@pytest.mark.parametrize("looser", [{"min_n": 29}, {"min_count": 3}, {"max_ci_width": 0.31}, {"max_cv": 0.25}])
def test_rules_can_be_stricter_never_looser(looser: dict[str, float]) -> None:
    with pytest.raises(LooserThanDefaultError, match=next(iter(looser))):
        PublicationRules(**looser)  # type: ignore[arg-type]
    assert PublicationRules(min_n=50, min_count=10, max_ci_width=0.2, max_cv=0.1).min_n == 50


# --- secondary suppression -----------------------------------------------------------------------------


def test_a_single_suppressed_group_takes_the_smallest_published_group_with_it() -> None:
    rows = publish(
        table(share_row("a", 300, 90), share_row("b", 120, 30), share_row("c", 12, 6), share_row("d", 200, 40)),
        share=True,
    )
    assert reasons(rows) == {ALL: Suppression.NONE, "a": Suppression.NONE, "b": Suppression.SECONDARY,
                             "c": Suppression.SMALL_N, "d": Suppression.NONE}  # fmt: skip


def test_secondary_suppression_grows_until_the_hidden_union_is_safe() -> None:
    # Two tiny groups together are still under 30 and under 5 lonely: a third one must go.
    rows = publish(
        table(share_row("a", 300, 90), share_row("b", 10, 1), share_row("c", 12, 2), share_row("d", 100, 40)),
        share=True,
    )
    assert reasons(rows)["d"] is Suppression.SECONDARY
    assert reasons(rows)["a"] is Suppression.NONE


def test_without_a_published_total_nothing_is_shown() -> None:
    rows = publish(table(share_row("a", 10, 5), share_row("b", 12, 6)), share=True)
    assert not any(row.published for row in rows)


def test_nothing_is_added_when_nothing_is_suppressed() -> None:
    rows = publish(table(share_row("a", 300, 90), share_row("b", 120, 30)), share=True)
    assert all(row.published for row in rows)


estimates = st.builds(
    lambda n, k_share, se: (n, min(n, round(n * k_share)), se),
    st.integers(1, 400),
    st.floats(0, 1),
    st.floats(0.001, 0.2),
)


@given(st.lists(estimates, min_size=1, max_size=12))
def test_differencing_never_isolates_a_suppressed_group(specs: list[tuple[int, int, float]]) -> None:
    groups = [share_row(f"g{i}", n, k, se=se) for i, (n, k, se) in enumerate(specs)]
    rows = publish(table(*groups), share=True)
    by_group = {row.group: row for row in rows}
    if not by_group[ALL].published:
        assert not any(row.published for row in rows)
        return
    hidden = [row.estimate for row in rows if row.group != ALL and not row.published]
    for row in rows:
        if row.published:
            assert row.estimate.n >= 30 and min(row.estimate.positives or 0, row.estimate.negatives or 0) >= 5
    if hidden:  # what the total minus the published groups reveals: the union of the hidden ones
        n = sum(row.n for row in hidden)
        positives = sum(row.positives or 0 for row in hidden)
        assert len(hidden) >= 2 and n >= 30 and min(positives, n - positives) >= 5


# --- the attack on real estimates -----------------------------------------------------------------------


def small_area_sample(scored: pl.DataFrame) -> pl.DataFrame:
    """The validation data with area A08 cut down to 20 respondents: a cell that must not be shown."""
    a08 = scored.filter(pl.col("area_code") == "A08").head(20)
    return pl.concat([scored.filter(pl.col("area_code") != "A08"), a08])


def recovered_by_differencing(rows: list[Estimate], shown: set[str], population: dict[str, float]) -> float:
    """The attacker's estimate for the groups not shown: overall × N minus the shown groups × their N.

    Raking makes every area's weighted total equal its (public) population, so this is exact.
    """
    overall = next(row for row in rows if row.group == ALL)
    known = sum(row.estimate * population[row.group] for row in rows if row.group in shown)
    hidden_population = sum(total for group, total in population.items() if group not in shown)
    return (overall.estimate * sum(population.values()) - known) / hidden_population


def test_the_differencing_attack_works_against_primary_suppression_alone(
    scored: pl.DataFrame, margins: dict[str, dict[str, float]]
) -> None:
    rows = estimate_table(small_area_sample(scored), y="lonely", share=True, margins=margins, by="area_code")
    primary_only = {row.group for row in rows if primary_suppression(row, share=True, rules=RULES) is Suppression.NONE}
    assert primary_only == {row.group for row in rows} - {"A08"}
    a08 = next(row for row in rows if row.group == "A08")
    recovered = recovered_by_differencing(rows, primary_only - {ALL}, margins["area_code"])
    assert recovered == pytest.approx(a08.estimate, rel=1e-9)  # the cell would be disclosed


def test_the_differencing_attack_fails_against_the_published_table(
    scored: pl.DataFrame, margins: dict[str, dict[str, float]]
) -> None:
    rows = estimate_table(small_area_sample(scored), y="lonely", share=True, margins=margins, by="area_code")
    published = publish(rows, share=True)
    shown = {row.group for row in published if row.published and row.group != ALL}
    hidden = [row.estimate for row in published if not row.published]
    assert [row.group for row in hidden] == ["A08", "A12"]  # A12: the smallest other area (n = 313)
    recovered = recovered_by_differencing(rows, shown, margins["area_code"])
    for row in hidden:
        assert abs(recovered - row.estimate) > 0.01  # only the mixture of the two is revealed
    n_revealed = next(row.n for row in rows if row.group == ALL) - sum(
        row.estimate.n for row in published if row.group in shown
    )
    assert n_revealed == sum(row.n for row in hidden) >= 30
