"""Parsing submitted values into answer codes (shared by the online form and paper data entry)."""

from __future__ import annotations

import pytest

from nahbar.survey.answers import TEXT_MAX_LENGTH, AnswerError, as_form_values, clean_answers, parse_answer
from nahbar.survey.collection import demographic_columns, with_derived
from nahbar.survey.models import Question

SINGLE = Question(key="direct.lonely", kind="single", options=[{"code": c, "de": str(c)} for c in range(1, 6)])
MULTIPLE = Question(key="wishes.choices", kind="multiple", options=[{"code": c, "de": str(c)} for c in range(1, 11)])
TEXT = Question(key="wishes.text", kind="text")
NUMBER = Question(key="own.alter", kind="number")


@pytest.mark.parametrize(
    ("question", "values", "expected"),
    [
        (SINGLE, ["3"], 3),
        (SINGLE, [" 5 "], 5),
        (SINGLE, [""], None),
        (SINGLE, [], None),
        (MULTIPLE, ["3", "1"], [1, 3]),
        (MULTIPLE, ["1 3,8;10"], [1, 3, 8, 10]),
        (MULTIPLE, ["3 3"], [3]),
        (TEXT, ["  Mehr Bänke  "], "Mehr Bänke"),
        (NUMBER, ["0"], 0),
        (NUMBER, ["999"], 999),
    ],
)
def test_valid_values(question: Question, values: list[str], expected: object) -> None:
    assert parse_answer(question, values) == expected


@pytest.mark.parametrize(
    ("question", "values", "message"),
    [
        (SINGLE, ["6"], "6 ist hier keine Antwort; möglich sind 1, 2, 3, 4, 5."),
        (SINGLE, ["0"], "0 ist hier keine Antwort"),
        (SINGLE, ["2", "3"], "Bitte geben Sie nur eine Antwort."),
        (SINGLE, ["zwei"], "„zwei“ ist keine Antwortnummer."),
        (MULTIPLE, ["1 11"], "11 ist hier keine Antwort"),
        (NUMBER, ["1000"], "1000 ist hier keine Antwort"),
        (NUMBER, ["-1"], "-1 ist hier keine Antwort"),
        (TEXT, ["x" * (TEXT_MAX_LENGTH + 1)], "höchstens 2000 Zeichen"),
    ],
)
def test_invalid_values(question: Question, values: list[str], message: str) -> None:
    with pytest.raises(AnswerError, match=message):
        parse_answer(question, values)


def test_consent_and_required() -> None:
    sensitive = Question(key="demo.migration", kind="single", needs_consent=True, options=[{"code": 1, "de": "ja"}])
    required = Question(key="own.x", kind="text", required=True)
    data = {"demo.migration": ["1"]}
    assert clean_answers([sensitive], data, consent=False).answers == {}
    assert clean_answers([sensitive], data, consent=True).answers == {"demo.migration": 1}
    assert clean_answers([required], {}, consent=False).errors == {"own.x": "Bitte beantworten Sie diese Frage."}
    assert clean_answers([required], {}, consent=False, check_required=False).ok


def test_round_trip_and_derived_living_alone() -> None:
    assert as_form_values([1, 3]) == ["1", "3"] and as_form_values(4) == ["4"] and as_form_values(None) == []
    assert with_derived({"demo.household_size": 1})["demo.lives_alone"] == 1
    assert with_derived({"demo.household_size": 5})["demo.lives_alone"] == 2
    assert with_derived({"demo.household_size": 1, "demo.lives_alone": 2})["demo.lives_alone"] == 2
    assert "demo.lives_alone" not in with_derived({})
    sex = Question(key="demo.sex", kind="single", options=[{"code": 4, "de": "keine Angabe", "sex": ""}])
    columns = demographic_columns([sex], {"demo.sex": 4})
    assert columns == {"age_band": "", "sex": "", "area": None, "lives_alone": None}
