"""Scoring of the loneliness instruments, exactly as docs/statistics.md states them.

Answers come in as integer codes (``None`` for a missing answer); every function checks that the codes
belong to the instrument variant it scores, so the 3-point and the 5-point UCLA variant can never be
mixed by accident. Scores that the rules declare missing are returned as ``None``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

Answer = int | None


class ScoringError(ValueError):
    """An answer code that does not belong to the instrument."""


# --- UCLA 3-item loneliness scale (Hughes et al. 2004) ---------------------------------------------------


class UclaThreePoint(IntEnum):
    """Original answers; higher means lonelier."""

    HARDLY_EVER = 1
    SOME_OF_THE_TIME = 2
    OFTEN = 3


class UclaFivePoint(IntEnum):
    """SOEP-style answers (sehr oft / oft / manchmal / selten / nie), coded so that higher means lonelier.

    SOEP's raw files code "sehr oft" as 1; recode before scoring (``5 - raw + 1``).
    """

    NEVER = 1
    RARELY = 2
    SOMETIMES = 3
    OFTEN = 4
    VERY_OFTEN = 5


UCLA_ITEMS = ("companionship", "left_out", "isolated")
#: Common cut-off for the 3-point sum (Campaign to End Loneliness); a setting, shown with every result.
UCLA3_DEFAULT_CUTOFF = 6


def _check_codes(answers: Sequence[Answer], allowed: range, instrument: str) -> None:
    for position, answer in enumerate(answers, start=1):
        if answer is not None and answer not in allowed:
            raise ScoringError(
                f"{instrument}: item {position} has code {answer!r}, allowed are "
                f"{allowed.start}–{allowed.stop - 1} or missing"
            )


def _three_answers(answers: Sequence[Answer], instrument: str) -> None:
    if len(answers) != 3:
        raise ScoringError(f"{instrument}: expected 3 answers, got {len(answers)}")


def ucla3_score(answers: Sequence[Answer]) -> int | None:
    """Sum of the three 3-point items (3–9); missing if any item is missing."""
    _three_answers(answers, "UCLA-3 (3-point)")
    _check_codes(answers, range(1, 4), "UCLA-3 (3-point)")
    if any(answer is None for answer in answers):
        return None
    return sum(answer for answer in answers if answer is not None)


def ucla3_lonely(answers: Sequence[Answer], *, cutoff: int = UCLA3_DEFAULT_CUTOFF) -> bool | None:
    """Lonely if the 3-point sum reaches the cut-off (default 6, i.e. 6–9); missing if the score is."""
    if not 3 <= cutoff <= 9:
        raise ScoringError(f"UCLA-3 (3-point): cut-off {cutoff} outside the score range 3–9")
    score = ucla3_score(answers)
    return None if score is None else score >= cutoff


def ucla3_soep_sum(answers: Sequence[Answer]) -> int | None:
    """Sum of the three 5-point items (3–15); missing if any item is missing."""
    _three_answers(answers, "UCLA-3 (5-point)")
    _check_codes(answers, range(1, 6), "UCLA-3 (5-point)")
    if any(answer is None for answer in answers):
        return None
    return sum(answer for answer in answers if answer is not None)


def ucla3_soep_mean(answers: Sequence[Answer]) -> float | None:
    """Mean of the three 5-point items (1–5), the figure SOEP reports; missing if any item is missing."""
    total = ucla3_soep_sum(answers)
    return None if total is None else total / 3


# --- De Jong Gierveld 6-item scale (De Jong Gierveld & Van Tilburg 2006) ------------------------------


class DjgAnswer(IntEnum):
    YES = 1
    MORE_OR_LESS = 2
    NO = 3


#: Item order of the scale: three emotional (negatively worded) items, then three social (positive) ones.
DJG_EMOTIONAL_ITEMS = ("emptiness", "miss_people", "rejected")
DJG_SOCIAL_ITEMS = ("lean_on", "trust", "close_to")


class DjgCategory(IntEnum):
    NOT_LONELY = 0
    MODERATELY_LONELY = 1
    SEVERELY_LONELY = 2


@dataclass(frozen=True)
class DjgScore:
    total: int | None  # 0–6
    emotional: int | None  # 0–3
    social: int | None  # 0–3

    @property
    def category(self) -> DjgCategory | None:
        """0–1 not lonely, 2–4 moderately, 5–6 severely lonely."""
        if self.total is None:
            return None
        if self.total <= 1:
            return DjgCategory.NOT_LONELY
        return DjgCategory.MODERATELY_LONELY if self.total <= 4 else DjgCategory.SEVERELY_LONELY

    @property
    def emotionally_lonely(self) -> bool | None:
        return None if self.emotional is None else self.emotional >= 1

    @property
    def socially_lonely(self) -> bool | None:
        return None if self.social is None else self.social >= 1


def _emotional_point(answer: Answer) -> int | None:
    # Negative wording: "yes" and "more or less" both indicate loneliness.
    return None if answer is None else int(answer in (DjgAnswer.YES, DjgAnswer.MORE_OR_LESS))


def _social_point(answer: Answer) -> int | None:
    # Positive wording: "no" and "more or less" indicate loneliness.
    return None if answer is None else int(answer in (DjgAnswer.NO, DjgAnswer.MORE_OR_LESS))


def _subscale(points: list[int | None]) -> int | None:
    return None if any(point is None for point in points) else sum(p for p in points if p is not None)


def djg6_score(answers: Sequence[Answer]) -> DjgScore:
    """Score the six items in the order emotional ×3, social ×3.

    A subscale is missing if any of its items is; the total is missing if more than one item is. With
    exactly one missing item the total counts the loneliness-indicating answers among the five given
    (the missing item adds no point), so it can differ from the sum of the subscales.
    """
    if len(answers) != 6:
        raise ScoringError(f"De Jong Gierveld 6: expected 6 answers, got {len(answers)}")
    _check_codes(answers, range(1, 4), "De Jong Gierveld 6")
    emotional = [_emotional_point(answer) for answer in answers[:3]]
    social = [_social_point(answer) for answer in answers[3:]]
    points = emotional + social
    missing = sum(point is None for point in points)
    total = None if missing > 1 else sum(point for point in points if point is not None)
    return DjgScore(total=total, emotional=_subscale(emotional), social=_subscale(social))


# --- Direct question (ONS) -------------------------------------------------------------------------------


class DirectLonely(IntEnum):
    """ "How often do you feel lonely?" coded so that higher means more often."""

    NEVER = 1
    HARDLY_EVER = 2
    OCCASIONALLY = 3
    SOME_OF_THE_TIME = 4
    OFTEN_OR_ALWAYS = 5


def direct_lonely_often(answer: Answer) -> bool | None:
    """Burdened by loneliness: "often/always", i.e. more often than "some of the time"; missing stays missing."""
    _check_codes([answer], range(1, 6), "direct question")
    return None if answer is None else answer == DirectLonely.OFTEN_OR_ALWAYS
