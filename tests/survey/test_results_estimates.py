"""The wave's published tables equal a direct call of the estimator and of publish() on the same data."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from django_scopes import scopes_disabled

from nahbar.survey.disclosure import Suppression, publish
from nahbar.survey.estimator import estimate_table
from nahbar.survey.margins import margins_from_cells
from nahbar.survey.results.frame import frame_from_rows
from nahbar.survey.results.population import PopulationCells, band_bounds, raking_setup
from nahbar.survey.results.selectors import compute_wave_results
from nahbar.survey.scoring import ucla3_score
from tests.survey.results_fixtures import AGE_BANDS, POPULATION, small_wave

pytestmark = pytest.mark.django_db


def _expected_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    scores = [
        ucla3_score([r["answers"][k] for k in ("ucla.companionship", "ucla.left_out", "ucla.isolated")]) for r in rows
    ]
    return pl.DataFrame(
        {
            "area": [r["area"] for r in rows],
            "age_band": [r["age_band"] for r in rows],
            "sex": [r["sex"] for r in rows],
            "lives_alone": ["ja" if r["lives_alone"] else "nein" for r in rows],
            "lonely": [int(score >= 6) for score in scores],
            "direct": [int(r["answers"]["direct.lonely"] == 5) for r in rows],
        }
    )


def _adult_margins() -> dict[str, dict[str, float]]:
    cells = pl.DataFrame(
        [(a, b, s, v) for (a, b, s), v in POPULATION.items() if b in AGE_BANDS],
        schema=["area", "age_band", "sex", "persons"],
        orient="row",
    )
    return margins_from_cells(cells, ["area", "age_band", "sex"], "persons")


@pytest.mark.parametrize(("outcome", "column"), [("ucla_lonely", "lonely"), ("direct_often", "direct")])
@pytest.mark.parametrize("grouping", ["area", "age_band", "sex", "lives_alone"])
def test_tables_equal_a_direct_estimator_call(cast: Any, outcome: str, column: str, grouping: str) -> None:
    made = small_wave(cast.home)
    with scopes_disabled():
        results = compute_wave_results(made.wave)
    table = results.estimates.table(outcome, grouping)
    expected = publish(
        estimate_table(_expected_frame(made.rows), y=column, share=True, margins=_adult_margins(), by=grouping),
        share=True,
    )
    assert table is not None and len(table.rows) == len(expected)
    for got, want in zip(table.rows, expected, strict=True):
        assert (got.group, got.suppression, got.cv_flag) == (want.group, want.suppression, want.cv_flag)
        assert got.estimate.n == want.estimate.n
        assert got.estimate.estimate == pytest.approx(want.estimate.estimate, rel=1e-12)
        assert got.estimate.se == pytest.approx(want.estimate.se, rel=1e-9)
        assert got.estimate.ci_low == pytest.approx(want.estimate.ci_low, rel=1e-9)


def test_small_area_is_suppressed_and_the_next_smallest_secondarily(cast: Any) -> None:
    made = small_wave(cast.home)
    with scopes_disabled():
        table = compute_wave_results(made.wave).estimates.table("ucla_lonely", "area")
    assert table is not None
    reasons = {row.group: row.suppression for row in table.rows}
    assert reasons == {"all": Suppression.NONE, "A": Suppression.NONE, "B": Suppression.SECONDARY,
                       "C": Suppression.SMALL_N}  # fmt: skip


def _setup(values: dict[str, list[Any]], cells: list[tuple[str, str, str, float]]) -> Any:
    frame = pl.DataFrame(values, schema={"area": pl.String, "age_band": pl.String, "sex": pl.String})
    population = PopulationCells(
        pl.DataFrame(cells, schema=["area", "age_band", "sex", "persons"], orient="row"), year=2024
    )
    return raking_setup(frame, population)


def test_levels_with_too_few_respondents_are_merged_for_weighting() -> None:
    cells = [(a, b, "f", 100.0) for a in ("X", "Y", "Z") for b in ("18-29", "30-64", "65+")]
    # Z has 3 respondents, 65+ none: Z joins Y (its neighbour), 65+ joins 30-64.
    values = {
        "area": ["X"] * 12 + ["Y"] * 12 + ["Z"] * 3,
        "age_band": (["18-29", "30-64"] * 6) * 2 + ["30-64"] * 3,
        "sex": ["f"] * 27,
    }
    setup = _setup(values, cells)
    assert setup.margins["rake_area"] == {"X": 300.0, "Y + Z": 600.0}
    assert setup.margins["rake_age_band"] == {"18-29": 300.0, "30-64 + 65+": 600.0}
    assert setup.data["rake_area"].to_list()[-3:] == ["Y + Z"] * 3
    assert any("Y + Z" in note for note in setup.notes)


def test_missing_or_unknown_values_get_their_sample_share_of_the_margin() -> None:
    cells = [("X", b, s, 100.0) for b in ("0-17", "18-64", "65+") for s in ("f", "m")]
    values = {
        "area": ["X"] * 40,
        "age_band": ["18-64", "65+"] * 20,
        "sex": ["f", "m"] * 19 + ["d", None],  # "d" has no population figure, None is missing
    }
    setup = _setup(values, cells)
    total = 400.0  # the 0-17 band is not part of the surveyed population
    assert sum(setup.margins["rake_age_band"].values()) == pytest.approx(total)
    assert setup.margins["rake_sex"] == pytest.approx({"f": 190.0, "m": 190.0, "(fehlend)": 20.0})
    assert setup.data["rake_sex"].to_list()[-2:] == ["(fehlend)", "(fehlend)"]
    assert any("unter 18" in note for note in setup.notes)


def test_no_population_figures_means_unweighted() -> None:
    empty = PopulationCells(pl.DataFrame(schema={"area": pl.String, "age_band": pl.String, "sex": pl.String,
                                                 "persons": pl.Float64}), None)  # fmt: skip
    setup = raking_setup(pl.DataFrame({"area": ["X"], "age_band": ["18-29"], "sex": ["f"]}), empty)
    assert setup.margins == {} and "ungewichtet" in setup.notes[0]


@pytest.mark.parametrize(
    ("band", "bounds"),
    [("18-29", (18, 29)), ("80+", (80, 200)), ("0-17", (0, 17)), ("unter 18", (0, 17)), ("x", (999, 999))],
)
def test_band_bounds(band: str, bounds: tuple[int, int]) -> None:
    assert band_bounds(band) == bounds


def test_scoring_in_the_frame_follows_the_instruments() -> None:
    rows = [
        (1, "A", "18-29", "f", True, {"ucla.companionship": 2, "ucla.left_out": 2, "ucla.isolated": 2,
                                       "direct.lonely": 5, "demo.bildung": 3}),
        (2, "A", "18-29", "m", None, {"ucla.companionship": 3, "ucla.left_out": None, "ucla.isolated": 3,
                                       **{f"djg.{k}": 1 for k in ("emptiness", "miss_people", "rejected")},
                                       **{f"djg.{k}": 3 for k in ("lean_on", "trust", "close_to")}}),
        (3, None, "", "", False, {"ucla.companionship": 7, "wishes.text": "Mehr Bänke"}),
    ]  # fmt: skip
    frame = frame_from_rows(rows, variant="ucla3")
    data = frame.data
    assert data["ucla_lonely"].to_list() == [1, None, None]  # 6 ≥ 6; a missing item; an invalid code
    assert data["ucla_score"].to_list() == [6.0, None, None]
    assert data["djg_total"].to_list() == [None, 6.0, None]
    assert data["djg_severe"].to_list() == [None, 1, None]
    assert data["direct_often"].to_list() == [1, None, None]
    assert data["lives_alone"].to_list() == ["ja", None, "nein"]
    assert data["area"].to_list() == ["A", "A", None]
    assert frame.invalid == {"ucla": 1}
    assert frame.demographics == ["demo.bildung"]
    assert frame.texts == ["Mehr Bänke"]


def test_demographic_answers_become_groupings_labelled_by_the_question(cast: Any) -> None:
    from django.test import Client

    from nahbar.survey.models import Question, Response

    made = small_wave(cast.home)
    with scopes_disabled():
        Question.objects.create(
            municipality=cast.home, survey=made.survey, position=20, key="demo.bildung", kind=Question.Kind.SINGLE,
            text_de="Höchster Schulabschluss",
            options=[{"code": 1, "de": "Hauptschule"}, {"code": 2, "de": "Abitur"}],
        )  # fmt: skip
        responses = list(Response.objects.filter(wave=made.wave).order_by("pk"))
        for index, response in enumerate(responses):
            response.answers = {**response.answers, "demo.bildung": 1 + index % 2}
        Response.objects.bulk_update(responses, ["answers"])
        results = compute_wave_results(made.wave)
    table = results.estimates.table("ucla_lonely", "demo.bildung")
    assert table is not None and {row.group for row in table.groups} == {"1", "2"}
    html = Client().get(f"/heimstadt/ergebnisse/wie-geht-es/{made.wave.slug}/").content.decode()
    assert "<caption>Höchster Schulabschluss</caption>" in html
    assert '<th scope="row">Hauptschule</th>' in html and '<th scope="row">Abitur</th>' in html
