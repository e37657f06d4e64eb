"""Publication rules (docs/statistics.md), applied to every table of estimates before anyone sees it.

A table is the overall row (``all``) and the rows of disjoint groups that together make up the whole (the
estimator puts respondents with a missing group value into their own group for that reason). Primary
rules decide per row; secondary suppression then makes sure that the suppressed groups cannot be recovered
by differencing: the overall row minus the published groups only ever reveals the *union* of at least two
suppressed groups, and that union itself passes the disclosure rules (n and counts). The published
weighted estimates do not help either, even when the group sizes in the population are known (raking
margins): one equation for two or more unknown shares.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from nahbar.survey.estimator import ALL, Estimate


class Suppression(StrEnum):
    """Why a row is not shown (machine-readable, in CSV output)."""

    NONE = ""
    SMALL_N = "n_below_min"
    SMALL_COUNT = "count_below_min"
    WIDE_CI = "ci_too_wide"
    SECONDARY = "secondary"


DEFAULT_MIN_N = 30
DEFAULT_MIN_COUNT = 5
DEFAULT_MAX_CI_WIDTH = 0.30
DEFAULT_MAX_CV = 0.20


class LooserThanDefaultError(ValueError):
    """Coordinators may make the rules stricter, never looser."""


@dataclass(frozen=True)
class PublicationRules:
    min_n: int = DEFAULT_MIN_N  # unweighted respondents in the row
    min_count: int = DEFAULT_MIN_COUNT  # respondents with and without the attribute of a share
    max_ci_width: float = DEFAULT_MAX_CI_WIDTH  # shares: width of the 95 % CI (0.30 = 30 percentage points)
    max_cv: float = DEFAULT_MAX_CV  # above: shown, but flagged as imprecise
    effective_n: bool = False  # shares: require p(1 − p)/se² ≥ min_n as well

    def __post_init__(self) -> None:
        looser = [
            name
            for name, value, default, stricter_is_larger in (
                ("min_n", self.min_n, DEFAULT_MIN_N, True),
                ("min_count", self.min_count, DEFAULT_MIN_COUNT, True),
                ("max_ci_width", self.max_ci_width, DEFAULT_MAX_CI_WIDTH, False),
                ("max_cv", self.max_cv, DEFAULT_MAX_CV, False),
            )
            if (value < default if stricter_is_larger else value > default)
        ]
        if looser:
            raise LooserThanDefaultError(f"publication rules looser than the defaults: {', '.join(looser)}")


@dataclass(frozen=True)
class PublishedRow:
    """A row as it may be shown: the numbers only when ``published``."""

    estimate: Estimate
    suppression: Suppression
    cv_flag: bool

    @property
    def published(self) -> bool:
        return self.suppression is Suppression.NONE

    @property
    def group(self) -> str:
        return self.estimate.group


def primary_suppression(row: Estimate, *, share: bool, rules: PublicationRules) -> Suppression:
    if row.n < rules.min_n:
        return Suppression.SMALL_N
    if share and min(row.positives or 0, row.negatives or 0) < rules.min_count:
        return Suppression.SMALL_COUNT
    if share and rules.effective_n and _effective_n(row) < rules.min_n:
        return Suppression.SMALL_N
    # A NaN interval fails as well; the epsilon keeps 0.65 − 0.35 (= 0.30000000000000004) at 30 points.
    if share and not (row.ci_high - row.ci_low <= rules.max_ci_width + 1e-12):
        return Suppression.WIDE_CI
    if not math.isfinite(row.se):
        return Suppression.SMALL_N  # no variance estimate (e.g. a single respondent)
    return Suppression.NONE


def _effective_n(row: Estimate) -> float:
    p = row.estimate
    return p * (1 - p) / row.se**2 if row.se > 0 else 0.0


def publish(rows: Sequence[Estimate], *, share: bool, rules: PublicationRules | None = None) -> list[PublishedRow]:
    """Apply the primary rules to every row and secondary suppression to the groups."""
    rules = rules or PublicationRules()
    reasons = {row.group: primary_suppression(row, share=share, rules=rules) for row in rows}
    total = next((row for row in rows if row.group == ALL), None)
    groups = [row for row in rows if row.group != ALL]
    if total is None or reasons[ALL] is not Suppression.NONE:
        # Without a published total there is nothing to difference against — but neither is there a
        # reason to show groups of a table whose whole fails the rules.
        reasons = {
            group: Suppression.SECONDARY if reason is Suppression.NONE else reason for group, reason in reasons.items()
        }
    else:
        for group in _secondary(groups, reasons, share=share, rules=rules):
            reasons[group] = Suppression.SECONDARY
    return [PublishedRow(row, reasons[row.group], cv_flag=row.cv > rules.max_cv) for row in rows]


def _secondary(
    groups: Sequence[Estimate], reasons: dict[str, Suppression], *, share: bool, rules: PublicationRules
) -> list[str]:
    """Groups to suppress in addition until the suppressed union is safe to reveal by differencing."""
    hidden = [row for row in groups if reasons[row.group] is not Suppression.NONE]
    shown = sorted(
        (row for row in groups if reasons[row.group] is Suppression.NONE), key=lambda row: (row.n, row.group)
    )
    added: list[str] = []
    while hidden and shown and not _union_is_safe(hidden, share=share, rules=rules):
        smallest = shown.pop(0)  # the least informative published group goes first
        hidden.append(smallest)
        added.append(smallest.group)
    return added


def _union_is_safe(hidden: Sequence[Estimate], *, share: bool, rules: PublicationRules) -> bool:
    if len(hidden) < 2:
        return False
    n = sum(row.n for row in hidden)
    if n < rules.min_n:
        return False
    if share:
        positives = sum(row.positives or 0 for row in hidden)
        return min(positives, n - positives) >= rules.min_count
    return True
