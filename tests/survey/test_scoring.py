"""Scoring of the instruments, item by item, as docs/statistics.md states the rules."""

from __future__ import annotations

import pytest

from nahbar.survey.scoring import (
    DirectLonely,
    DjgAnswer,
    DjgCategory,
    ScoringError,
    UclaFivePoint,
    UclaThreePoint,
    direct_lonely_often,
    djg6_score,
    ucla3_lonely,
    ucla3_score,
    ucla3_soep_mean,
    ucla3_soep_sum,
)

YES, MORE_OR_LESS, NO = DjgAnswer.YES, DjgAnswer.MORE_OR_LESS, DjgAnswer.NO


# --- UCLA-3, 3-point -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "score"),
    [((1, 1, 1), 3), ((2, 1, 1), 4), ((1, 2, 1), 4), ((1, 1, 2), 4), ((3, 1, 1), 5), ((1, 3, 1), 5),
     ((1, 1, 3), 5), ((2, 2, 2), 6), ((3, 3, 3), 9), ((3, 2, 1), 6)],
)  # fmt: skip
def test_ucla3_sums_the_items(answers: tuple[int, int, int], score: int) -> None:
    assert ucla3_score(answers) == score


@pytest.mark.parametrize("position", [0, 1, 2])
def test_ucla3_any_missing_item_makes_the_score_missing(position: int) -> None:
    answers: list[int | None] = [3, 3, 3]
    answers[position] = None
    assert ucla3_score(answers) is None
    assert ucla3_lonely(answers) is None


def test_ucla3_answer_codes_are_the_original_ones() -> None:
    assert [UclaThreePoint.HARDLY_EVER, UclaThreePoint.SOME_OF_THE_TIME, UclaThreePoint.OFTEN] == [1, 2, 3]


@pytest.mark.parametrize(("answers", "lonely"), [((2, 2, 1), False), ((2, 2, 2), True), ((3, 3, 3), True)])
def test_ucla3_default_cutoff_is_six(answers: tuple[int, int, int], lonely: bool) -> None:
    assert ucla3_lonely(answers) is lonely


def test_ucla3_cutoff_is_a_setting() -> None:
    assert ucla3_lonely((2, 1, 1), cutoff=4) is True
    assert ucla3_lonely((1, 1, 1), cutoff=4) is False
    with pytest.raises(ScoringError, match="cut-off 10"):
        ucla3_lonely((1, 1, 1), cutoff=10)


@pytest.mark.parametrize("bad", [0, 4, 5])
def test_ucla3_refuses_codes_of_the_five_point_variant(bad: int) -> None:
    with pytest.raises(ScoringError, match=f"item 2 has code {bad}"):
        ucla3_score((1, bad, 1))


def test_ucla3_needs_three_answers() -> None:
    with pytest.raises(ScoringError, match="expected 3 answers, got 2"):
        ucla3_score((1, 2))


# --- UCLA-3, SOEP-style 5-point ------------------------------------------------------------------------


def test_soep_codes_run_from_never_to_very_often() -> None:
    assert [UclaFivePoint.NEVER, UclaFivePoint.RARELY, UclaFivePoint.SOMETIMES, UclaFivePoint.OFTEN,
            UclaFivePoint.VERY_OFTEN] == [1, 2, 3, 4, 5]  # fmt: skip


@pytest.mark.parametrize(
    ("answers", "total", "mean"),
    [((1, 1, 1), 3, 1.0), ((5, 5, 5), 15, 5.0), ((5, 1, 3), 9, 3.0), ((4, 2, 2), 8, 8 / 3), ((1, 2, 2), 5, 5 / 3)],
)
def test_soep_sum_and_mean(answers: tuple[int, int, int], total: int, mean: float) -> None:
    assert ucla3_soep_sum(answers) == total
    assert ucla3_soep_mean(answers) == pytest.approx(mean)


@pytest.mark.parametrize("position", [0, 1, 2])
def test_soep_any_missing_item_makes_the_score_missing(position: int) -> None:
    answers: list[int | None] = [5, 5, 5]
    answers[position] = None
    assert ucla3_soep_sum(answers) is None
    assert ucla3_soep_mean(answers) is None


def test_soep_refuses_codes_outside_one_to_five() -> None:
    with pytest.raises(ScoringError, match=r"5-point.*item 3 has code 6"):
        ucla3_soep_mean((1, 1, 6))


# --- De Jong Gierveld 6 --------------------------------------------------------------------------------


@pytest.mark.parametrize(("answer", "point"), [(YES, 1), (MORE_OR_LESS, 1), (NO, 0)])
@pytest.mark.parametrize("position", [0, 1, 2])
def test_djg_emotional_items_score_yes_and_more_or_less(position: int, answer: DjgAnswer, point: int) -> None:
    answers = [NO, NO, NO, YES, YES, YES]  # nothing lonely
    answers[position] = answer
    score = djg6_score(answers)
    assert (score.total, score.emotional, score.social) == (point, point, 0)


@pytest.mark.parametrize(("answer", "point"), [(YES, 0), (MORE_OR_LESS, 1), (NO, 1)])
@pytest.mark.parametrize("position", [3, 4, 5])
def test_djg_social_items_score_no_and_more_or_less(position: int, answer: DjgAnswer, point: int) -> None:
    answers = [NO, NO, NO, YES, YES, YES]
    answers[position] = answer
    score = djg6_score(answers)
    assert (score.total, score.emotional, score.social) == (point, 0, point)


def test_djg_all_lonely_answers_give_six() -> None:
    score = djg6_score([YES, MORE_OR_LESS, YES, NO, MORE_OR_LESS, NO])
    assert (score.total, score.emotional, score.social) == (6, 3, 3)
    assert score.category is DjgCategory.SEVERELY_LONELY
    assert score.emotionally_lonely and score.socially_lonely


@pytest.mark.parametrize(
    ("total", "category"),
    [(0, DjgCategory.NOT_LONELY), (1, DjgCategory.NOT_LONELY), (2, DjgCategory.MODERATELY_LONELY),
     (3, DjgCategory.MODERATELY_LONELY), (4, DjgCategory.MODERATELY_LONELY), (5, DjgCategory.SEVERELY_LONELY),
     (6, DjgCategory.SEVERELY_LONELY)],
)  # fmt: skip
def test_djg_categories(total: int, category: DjgCategory) -> None:
    # Turn the first `total` items (emotional first) to their lonely answer.
    answers = [YES if i < total else NO for i in range(3)] + [NO if i + 3 < total else YES for i in range(3)]
    score = djg6_score(answers)
    assert score.total == total
    assert score.category is category


def test_djg_subscale_zero_is_not_lonely_and_one_is_lonely() -> None:
    score = djg6_score([MORE_OR_LESS, NO, NO, YES, YES, YES])
    assert score.emotionally_lonely is True and score.socially_lonely is False


@pytest.mark.parametrize("position", range(6))
def test_djg_one_missing_item_keeps_the_total_but_not_its_subscale(position: int) -> None:
    answers: list[int | None] = [YES, YES, YES, NO, NO, NO]  # 6 points
    answers[position] = None
    score = djg6_score(answers)
    assert score.total == 5  # the missing item adds no point
    emotional_missing = position < 3
    assert (score.emotional is None) is emotional_missing
    assert (score.social is None) is not emotional_missing
    assert score.category is DjgCategory.SEVERELY_LONELY


@pytest.mark.parametrize(("first", "second"), [(0, 1), (0, 3), (4, 5)])
def test_djg_two_missing_items_make_the_total_missing(first: int, second: int) -> None:
    answers: list[int | None] = [YES, YES, YES, NO, NO, NO]
    answers[first] = answers[second] = None
    score = djg6_score(answers)
    assert score.total is None and score.category is None


def test_djg_refuses_foreign_codes_and_lengths() -> None:
    with pytest.raises(ScoringError, match="item 6 has code 4"):
        djg6_score([1, 1, 1, 1, 1, 4])
    with pytest.raises(ScoringError, match="expected 6 answers"):
        djg6_score([1, 1, 1])


# --- Direct question -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "often"),
    [(DirectLonely.NEVER, False), (DirectLonely.HARDLY_EVER, False), (DirectLonely.OCCASIONALLY, False),
     (DirectLonely.SOME_OF_THE_TIME, False), (DirectLonely.OFTEN_OR_ALWAYS, True), (None, None)],
)  # fmt: skip
def test_direct_question_counts_only_often_or_always(answer: int | None, often: bool | None) -> None:
    assert direct_lonely_often(answer) is often


def test_direct_question_refuses_foreign_codes() -> None:
    with pytest.raises(ScoringError, match="code 6"):
        direct_lonely_often(6)
